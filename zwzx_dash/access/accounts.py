"""Who may sign in: named accounts, each a person with a role and a passcode hash.

The accounts live in one JSON file the admin manages with `zwzx-dash user add/remove/list`
(ZWZX_ACCOUNTS_FILE, else accounts.json in the data folder), written atomically and
readable by its owner only. A single shared passcode hash (ZWZX_STAFF_PASSCODE_HASH or
staff_passcode_hash in secrets, the earlier setting) still works as the staff account
工作人员.
"""

from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from zwzx_dash.access import passcodes
from zwzx_dash.store.location import data_dir, local_folder
from zwzx_dash.store.objects import Location

Role = Literal["staff", "viewer"]
ROLES: tuple[Role, ...] = ("staff", "viewer")
ROLE_NAMES: dict[str, str] = {"staff": "工作人员", "viewer": "查看"}
ACCOUNTS_ENV = "ZWZX_ACCOUNTS_FILE"
SHARED_ACCOUNT = "工作人员"  # the name of the account a shared passcode hash stands for
MAX_NAME_LENGTH = 32


class AccountError(ValueError):
    """A Chinese message for the admin: a bad name, an unknown account, a damaged file."""


@dataclass(frozen=True)
class Account:
    name: str
    role: Role
    passcode_hash: str

    @property
    def is_staff(self) -> bool:
        return self.role == "staff"


def accounts_file(root: Location | None = None) -> Path:
    """ZWZX_ACCOUNTS_FILE, else accounts.json in the data folder (in <project>/data when
    the snapshots are in object storage: accounts stay on the machine that serves)."""
    env = os.environ.get(ACCOUNTS_ENV)
    return Path(env) if env else local_folder(root or data_dir()) / "accounts.json"


def check_name(name: str) -> str:
    """The account name, trimmed; refused when empty, too long or holding control or
    formatting characters (a name is shown to others and written into manifests)."""
    name = name.strip()
    if not name:
        raise AccountError("账号名不能为空")
    if len(name) > MAX_NAME_LENGTH:
        raise AccountError(f"账号名最多 {MAX_NAME_LENGTH} 个字符")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise AccountError("账号名不能含控制字符或不可见字符")
    return name


def read_accounts(path: Path) -> dict[str, Account]:
    """The accounts in the file, by name; none when there is no file."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as err:
        raise AccountError(f"账号文件 {path} 无法读取：{err}") from err
    accounts: dict[str, Account] = {}
    for entry in raw.get("accounts", []) if isinstance(raw, dict) else []:
        try:
            name, role, encoded = entry["name"], entry["role"], entry["passcode_hash"]
        except (KeyError, TypeError):
            raise AccountError(f"账号文件 {path} 格式不正确") from None
        if role not in ROLES or not isinstance(name, str) or not isinstance(encoded, str):
            raise AccountError(f"账号文件 {path} 中的账号 {name!r} 格式不正确")
        accounts[name] = Account(name, role, encoded)
    return accounts


def _write_accounts(path: Path, accounts: Mapping[str, Account]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "accounts": [
            {"name": a.name, "role": a.role, "passcode_hash": a.passcode_hash}
            for a in sorted(accounts.values(), key=lambda a: a.name)
        ]
    }
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".accounts-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(body, f, ensure_ascii=False, indent=2)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_account(path: Path, name: str, passcode: str, role: Role = "staff") -> Account:
    """Adds the account, or gives an existing one a new passcode and role."""
    if role not in ROLES:
        raise AccountError(f"角色只能是 {'、'.join(ROLES)}")
    try:
        encoded = passcodes.hash_passcode(passcode)
    except ValueError as err:
        raise AccountError(str(err)) from err
    accounts = read_accounts(path)
    account = Account(check_name(name), role, encoded)
    accounts[account.name] = account
    _write_accounts(path, accounts)
    return account


def remove_account(path: Path, name: str) -> None:
    accounts = read_accounts(path)
    if name not in accounts:
        raise AccountError(f"没有名为 {name} 的账号")
    del accounts[name]
    _write_accounts(path, accounts)


def configured_accounts(secrets: Mapping[str, object] | None = None) -> dict[str, Account]:
    """Every account that may sign in: the file's, and the shared staff passcode if set."""
    accounts = read_accounts(accounts_file())
    shared = passcodes.configured_hash(secrets)
    if shared and SHARED_ACCOUNT not in accounts:
        accounts[SHARED_ACCOUNT] = Account(SHARED_ACCOUNT, "staff", shared)
    return accounts

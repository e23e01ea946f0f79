"""The account commands: `zwzx-dash user add/remove/list` and `hash-passcode`. Passcodes
are read from standard input (typed twice, unseen, at a terminal) and never printed."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from zwzx_dash.access import accounts, passcodes
from zwzx_dash.store.objects import Location
from zwzx_dash.store.snapshots import SnapshotError

EXIT_OK = 0


def read_passcode(prompt: str) -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("再输入一次：") != first:
            raise SnapshotError("两次输入的口令不一致")
        return first
    return sys.stdin.readline().rstrip("\n")


def cmd_hash_passcode(args: argparse.Namespace, root: Location) -> int:
    try:
        encoded = passcodes.hash_passcode(read_passcode("工作人员口令："))
    except ValueError as err:
        raise SnapshotError(str(err)) from None
    print(encoded)
    print(
        f"把上面一行设为环境变量 {passcodes.ENV_VAR}，或写入 .streamlit/secrets.toml："
        f'{passcodes.SECRETS_ENTRY} = "…"（不要提交到 git）。'
        "每人一个账号更好：zwzx-dash user add 姓名",
        file=sys.stderr,
    )
    return EXIT_OK


def _file(args: argparse.Namespace, root: Location) -> Path:
    return Path(args.file) if args.file else accounts.accounts_file(root)


def cmd_user_add(args: argparse.Namespace, root: Location) -> int:
    path = _file(args, root)
    try:
        name = accounts.check_name(args.name)
        existed = name in accounts.read_accounts(path)
        account = accounts.add_account(path, name, read_passcode(f"{name} 的口令："), args.role)
    except accounts.AccountError as err:
        raise SnapshotError(str(err)) from None
    done = "已更新" if existed else "已添加"
    role = accounts.ROLE_NAMES[account.role]
    print(f"{done}账号 {account.name}（{role}），账号文件：{path}", file=sys.stderr)
    return EXIT_OK


def cmd_user_remove(args: argparse.Namespace, root: Location) -> int:
    path = _file(args, root)
    try:
        accounts.remove_account(path, args.name)
    except accounts.AccountError as err:
        raise SnapshotError(str(err)) from None
    # The server checks the account on every page run, so its browsers are signed out.
    print(f"已删除账号 {args.name}；正在使用的页面在下一次操作时退出登录。", file=sys.stderr)
    return EXIT_OK


def cmd_user_list(args: argparse.Namespace, root: Location) -> int:
    path = _file(args, root)
    try:
        found = accounts.read_accounts(path)
    except accounts.AccountError as err:
        raise SnapshotError(str(err)) from None
    if not found:
        print(f"还没有账号（{path}）。添加：zwzx-dash user add 姓名", file=sys.stderr)
    for account in sorted(found.values(), key=lambda a: a.name):
        print(f"{account.name}\t{accounts.ROLE_NAMES[account.role]}")
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("hash-passcode", help="为一个共用的工作人员口令生成哈希（旧做法）")
    p.set_defaults(func=cmd_hash_passcode)

    user = sub.add_parser("user", help="管理登录账号：add 添加或改口令、remove 删除、list 列出")
    user.add_argument(
        "--file", help="账号文件（默认取 ZWZX_ACCOUNTS_FILE 或数据目录下 accounts.json）"
    )
    actions = user.add_subparsers(dest="action", required=True)
    p = actions.add_parser("add", help="添加账号，或为已有账号设新口令（口令从标准输入读）")
    p.add_argument("name", help="姓名或账号名，记入发布记录")
    p.add_argument(
        "--role",
        choices=accounts.ROLES,
        default="staff",
        help="staff 工作人员（可发布、回退）；viewer 只能查看（站点要求登录查看时）",
    )
    p.set_defaults(func=cmd_user_add)
    p = actions.add_parser("remove", help="删除账号")
    p.add_argument("name")
    p.set_defaults(func=cmd_user_remove)
    p = actions.add_parser("list", help="列出账号和角色（不显示口令哈希）")
    p.set_defaults(func=cmd_user_list)

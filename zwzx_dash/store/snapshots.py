"""Immutable Parquet snapshots and the CURRENT pointer.

Layout under the data folder (ZWZX_DATA_DIR, default <project>/data):

    snapshots/<id>/   *.parquet + manifest.json, never changed once in place
    staging/          where a publish writes before it renames into snapshots/
    CURRENT           one line: the id of the live snapshot
    .lock             taken by every writer (publish, rollback, prune)

A reader sees the old snapshot or the new one, never a mix: a snapshot folder appears
by one rename of a complete, fsynced folder, and CURRENT is replaced by os.replace.
"""

from __future__ import annotations

import getpass
import json
import os
import pwd
import re
import secrets
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from zwzx_dash.model import schema
from zwzx_dash.store import format1
from zwzx_dash.store.durable import fsync_dir, sha256_file, write_durably, writer_lock

MANIFEST = "manifest.json"
FORMAT_VERSION = 2  # 2: sections per org-year, sources with org and year
ID_PATTERN = re.compile(r"\d{8}T\d{12}Z-[0-9a-f]{8}")


class SnapshotError(Exception):
    """A snapshot is missing, incomplete or does not match its manifest."""


class CurrentMoved(SnapshotError):
    """CURRENT moved after the caller read the live data it merged its tables onto."""


@dataclass(frozen=True)
class Base:
    """The snapshot a publish's tables were merged onto; None when nothing was live."""

    snapshot_id: str | None


@dataclass(frozen=True)
class Manifest:
    id: str
    created_at: str  # ISO 8601, UTC
    input_name: str
    input_sha256: str
    rows: dict[str, int]
    files: dict[str, str]  # file name -> sha256
    note: str
    publisher: str
    format_version: int = FORMAT_VERSION

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


# ---------------------------------------------------------------- paths


# Tables are written ordered by org and year in row groups of this many rows, so that a
# query for one org and year reads a few row groups, not the whole file (min/max stats).
ROW_GROUP_ROWS = 65_536
_CLUSTER_KEYS = ("org", "year", "seq")


def clustered(table: pa.Table) -> pa.Table:
    keys = [(k, "ascending") for k in _CLUSTER_KEYS if k in table.column_names]
    return table.sort_by(keys) if keys and table.num_rows > 1 else table


def check_id(snapshot_id: str) -> str:
    """Snapshot ids go into paths and SQL identifiers, so only the exact format passes."""
    if not ID_PATTERN.fullmatch(snapshot_id):
        raise SnapshotError(f"快照编号格式不对：{snapshot_id}")
    return snapshot_id


def snapshot_path(root: Path, snapshot_id: str) -> Path:
    return root / "snapshots" / check_id(snapshot_id)


def _new_id() -> str:
    now = datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%S%f") + "Z-" + secrets.token_hex(4)


# ---------------------------------------------------------------- reading


def current_id(root: Path) -> str | None:
    try:
        text = (root / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return text or None


def load_manifest(root: Path, snapshot_id: str) -> Manifest:
    path = snapshot_path(root, snapshot_id) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotError(f"快照 {snapshot_id} 不存在或不完整") from None
    return Manifest(**data)


def list_snapshots(root: Path) -> list[Manifest]:
    """Complete snapshots, oldest first."""
    folder = root / "snapshots"
    if not folder.is_dir():
        return []
    out = []
    for entry in folder.iterdir():
        if not ID_PATTERN.fullmatch(entry.name):
            continue
        try:
            out.append(load_manifest(root, entry.name))
        except (SnapshotError, ValueError, TypeError):
            continue
    return sorted(out, key=lambda m: (m.created_at, m.id))


def table_path(root: Path, snapshot_id: str, table: str) -> Path:
    """Where a table's file is stored in a snapshot (format-1 snapshots lack some tables
    and hold others in their old form: read them through read_table or query_path)."""
    if table not in schema.TABLES:
        raise SnapshotError(f"没有这个表：{table}")
    return snapshot_path(root, snapshot_id) / f"{table}.parquet"


def verify(root: Path, snapshot_id: str) -> Manifest:
    """Check that a snapshot is complete: every file present with the recorded hash,
    every table with its declared schema and row count."""
    try:
        manifest = load_manifest(root, snapshot_id)
    except (ValueError, TypeError) as err:  # not JSON, or not a manifest's fields
        raise SnapshotError(f"快照 {snapshot_id} 的清单无法读取") from err
    if manifest.id != snapshot_id:
        raise SnapshotError(f"快照 {snapshot_id} 的清单记录的编号是 {manifest.id}")
    for name, declared in format1.stored_schemas(manifest.format_version).items():
        path = table_path(root, snapshot_id, name)
        try:
            if sha256_file(path) != manifest.files.get(path.name):
                raise SnapshotError(f"快照 {snapshot_id} 的 {path.name} 与清单不符")
            parquet = pq.ParquetFile(path)
        except (OSError, pa.ArrowException) as err:
            raise SnapshotError(f"快照 {snapshot_id} 的 {path.name} 无法读取") from err
        if not parquet.schema_arrow.equals(declared, check_metadata=False):
            raise SnapshotError(f"快照 {snapshot_id} 的 {name} 表结构与声明不符")
        if parquet.metadata.num_rows != manifest.rows.get(name):
            raise SnapshotError(f"快照 {snapshot_id} 的 {name} 行数与清单不符")
    return manifest


# ---------------------------------------------------------------- writing


def _replace_current(root: Path, snapshot_id: str) -> None:
    tmp = root / f".CURRENT.{os.getpid()}.tmp"
    try:
        write_durably(tmp, (snapshot_id + "\n").encode())
        os.replace(tmp, root / "CURRENT")
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(root)


def _clear_leftovers(root: Path) -> None:
    """Remove what killed writers left behind. Only called under the writer lock, so no
    live writer owns any of it."""
    staging = root / "staging"
    if staging.is_dir():
        for entry in staging.iterdir():
            shutil.rmtree(entry, ignore_errors=True)
    for tmp in root.glob(".CURRENT.*.tmp"):
        tmp.unlink(missing_ok=True)


def publish(
    root: Path,
    tables: dict[str, pa.Table],
    *,
    input_name: str,
    input_sha256: str,
    note: str = "",
    publisher: str | None = None,
    onto: Base | None = None,
) -> Manifest:
    """Write the tables as a new snapshot and make it current. On any failure nothing
    changes: CURRENT stays as it was and no snapshot folder is added.

    `onto` names the snapshot the tables were merged onto; when CURRENT has moved since
    (another publish or a rollback), nothing is written and CurrentMoved is raised, so
    that one publisher's merge never silently drops what another just published."""
    with writer_lock(root):
        if onto is not None:
            current = current_id(root)
            if current != onto.snapshot_id:
                raise CurrentMoved(
                    f"发布前数据已被他人更新（合并时的快照为 {onto.snapshot_id or '无'}，"
                    f"现在为 {current or '无'}）；没有发布任何内容，请在最新数据上重新发布"
                )
        return _publish_locked(root, tables, input_name, input_sha256, note, publisher)


def _publish_locked(
    root: Path,
    tables: dict[str, pa.Table],
    input_name: str,
    input_sha256: str,
    note: str,
    publisher: str | None,
) -> Manifest:
    for name in schema.TABLES:
        if name not in tables:
            raise ValueError(f"missing table {name!r}")
        schema.check_schema(name, tables[name])
    _clear_leftovers(root)
    snapshot_id = _new_id()
    staging = root / "staging" / snapshot_id
    final = snapshot_path(root, snapshot_id)
    staging.mkdir(parents=True)
    final.parent.mkdir(parents=True, exist_ok=True)
    moved = False
    try:
        files = {}
        for name in schema.TABLES:
            path = staging / f"{name}.parquet"
            pq.write_table(
                clustered(tables[name]),
                path,
                compression="zstd",
                row_group_size=ROW_GROUP_ROWS,
            )
            with open(path, "rb+") as fh:
                os.fsync(fh.fileno())
            files[path.name] = sha256_file(path)
        manifest = Manifest(
            id=snapshot_id,
            created_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
            input_name=input_name,
            input_sha256=input_sha256,
            rows={name: tables[name].num_rows for name in schema.TABLES},
            files=files,
            note=note,
            publisher=publisher or _default_publisher(),
        )
        body = json.dumps(asdict(manifest), ensure_ascii=False, indent=2).encode()
        write_durably(staging / MANIFEST, body)
        fsync_dir(staging)
        os.rename(staging, final)
        moved = True
        fsync_dir(final.parent)
        _replace_current(root, snapshot_id)
        return manifest
    except BaseException:
        shutil.rmtree(final if moved else staging, ignore_errors=True)
        raise


def _default_publisher() -> str:
    """Who publishes from the command line: ZWZX_PUBLISHER, else the OS account's real
    name (the history names a person, not `root`), else its login name."""
    if os.environ.get("ZWZX_PUBLISHER"):
        return os.environ["ZWZX_PUBLISHER"]
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        return "未知"
    try:
        real = pwd.getpwnam(login).pw_gecos.split(",")[0].strip()
    except KeyError:
        real = ""
    if real and real != login:
        return real
    return "系统管理员" if login == "root" else login


def rollback(root: Path, snapshot_id: str | None = None) -> Manifest:
    """Point CURRENT at snapshot_id, or at the snapshot published before the current one."""
    with writer_lock(root):
        if snapshot_id is None:
            snapshot_id = _previous_id(root)
        manifest = verify(root, snapshot_id)
        _replace_current(root, snapshot_id)
        return manifest


def _previous_id(root: Path) -> str:
    ids = [m.id for m in list_snapshots(root)]
    current = current_id(root)
    if current not in ids:
        raise SnapshotError("当前没有可回退的快照")
    position = ids.index(current)
    if position == 0:
        raise SnapshotError("当前快照已是最早的一个，无法再回退")
    return ids[position - 1]


def prune(root: Path, keep: int) -> list[str]:
    """Delete all but the newest `keep` snapshots; the current one is always kept."""
    if keep < 1:
        raise SnapshotError("保留个数至少为 1")
    with writer_lock(root):
        snapshots = list_snapshots(root)
        current = current_id(root)
        keep_ids = {m.id for m in snapshots[-keep:]} | {current}
        removed = []
        for m in snapshots:
            if m.id in keep_ids:
                continue
            # Move out of snapshots/ first so a listing never shows a half-deleted folder.
            trash = root / "staging" / f"pruned-{m.id}"
            trash.parent.mkdir(parents=True, exist_ok=True)
            os.rename(snapshot_path(root, m.id), trash)
            shutil.rmtree(trash)
            removed.append(m.id)
        return removed


class Publishable(Protocol):
    """Validated tables and the input they came from (what ingest hands to publish)."""

    tables: dict[str, pa.Table]
    name: str
    sha256: str


def ensure_current(root: Path, load_default: Callable[[], Publishable]) -> str:
    """The live snapshot id; on first use, publish what load_default returns (the caller
    reads and validates the default source data: the store knows no input format)."""
    existing = current_id(root)
    if existing:
        return existing
    with writer_lock(root):
        existing = current_id(root)
        if existing:
            return existing
        data = load_default()
        manifest = _publish_locked(
            root, data.tables, data.name, data.sha256, "默认数据（首次使用时自动生成）", None
        )
        return manifest.id

"""Immutable Parquet snapshots and the CURRENT pointer, wherever they are kept
(store/objects.py: a folder on disk, or S3-compatible object storage).

Layout under the data location (ZWZX_DATA_DIR, default <project>/data):

    snapshots/<id>/   *.parquet + manifest.json, never changed once in place
    photos/           <sha256>.<jpg|png|webp>, shared: the manifest's `photos` maps the
                      file name a caption's photo cell gives to one of them (store/photos.py)
    staging/          (disk) where a publish writes before it renames into snapshots/
    CURRENT           one line: the id of the live snapshot
    .lock             (disk) taken by every writer (publish, rollback, prune)

A reader sees the old snapshot or the new one, never a mix: a snapshot appears whole (on
disk by one rename of a complete, fsynced folder; on object storage its manifest is
uploaded last), and only then is CURRENT replaced (os.replace under the writer lock, or a
conditional write on object storage).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import pwd
import secrets
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from zwzx_dash.model import schema
from zwzx_dash.store import format1, photos
from zwzx_dash.store.durable import sha256_stream
from zwzx_dash.store.objects import (
    ID_PATTERN,
    MANIFEST,
    CurrentMoved,
    Location,
    Objects,
    Pointer,
    SnapshotError,
    at,
    check_id,
)

FORMAT_VERSION = 2  # 2: sections per org-year, sources with org and year

# The snapshot a publish's tables were merged onto (None when nothing was live), and the
# version of CURRENT it was read at.
Base = Pointer


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
    # Photo file name as captions.photo gives it -> stored name (<sha256>.<suffix>). A
    # manifest written before photos were stored has none: it reads as an empty mapping.
    photos: dict[str, str] = field(default_factory=dict)

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


def snapshot_path(root: Path, snapshot_id: str) -> Path:
    """A snapshot's folder in a data folder on disk."""
    return Path(root) / "snapshots" / check_id(snapshot_id)


def _new_id() -> str:
    now = datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%S%f") + "Z-" + secrets.token_hex(4)


def _made_at(snapshot_id: str) -> datetime:
    """When a snapshot was made, read from its id (the publisher's clock, in UTC)."""
    return datetime.strptime(snapshot_id[:21], "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)


# ---------------------------------------------------------------- reading


def current_id(root: Location) -> str | None:
    return at(root).current().snapshot_id


def current(root: Location) -> Pointer:
    """What CURRENT names now, with the version a publish merged onto it names (Base)."""
    return at(root).current()


def load_manifest(root: Location, snapshot_id: str) -> Manifest:
    try:
        data = json.loads(at(root).read(check_id(snapshot_id), MANIFEST).decode("utf-8"))
    except FileNotFoundError:
        raise SnapshotError(f"快照 {snapshot_id} 不存在或不完整") from None
    return Manifest(**data)


def list_snapshots(root: Location) -> list[Manifest]:
    """Complete snapshots (those with a manifest), oldest first."""
    out = []
    for name in at(root).snapshot_ids():
        if not ID_PATTERN.fullmatch(name):
            continue
        try:
            out.append(load_manifest(root, name))
        except (SnapshotError, ValueError, TypeError):
            continue
    return sorted(out, key=lambda m: (m.created_at, m.id))


def table_path(root: Path, snapshot_id: str, table: str) -> Path:
    """Where a table's file is stored in a snapshot on disk (format-1 snapshots lack some
    tables and hold others in their old form: read them through reading.read_table or
    reading.query_path)."""
    return snapshot_path(root, snapshot_id) / table_file(table)


def table_file(table: str) -> str:
    if table not in schema.TABLES:
        raise SnapshotError(f"没有这个表：{table}")
    return f"{table}.parquet"


def verify(root: Location, snapshot_id: str) -> Manifest:
    """Check that a snapshot is complete: every file present with the recorded hash,
    every table with its declared schema and row count."""
    store = at(root)
    try:
        manifest = load_manifest(store, snapshot_id)
    except (ValueError, TypeError) as err:  # not JSON, or not a manifest's fields
        raise SnapshotError(f"快照 {snapshot_id} 的清单无法读取") from err
    if manifest.id != snapshot_id:
        raise SnapshotError(f"快照 {snapshot_id} 的清单记录的编号是 {manifest.id}")
    for name, declared in format1.stored_schemas(manifest.format_version).items():
        file = table_file(name)
        try:
            with store.open(snapshot_id, file) as fh:
                if sha256_stream(fh) != manifest.files.get(file):
                    raise SnapshotError(f"快照 {snapshot_id} 的 {file} 与清单不符")
                fh.seek(0)
                parquet = pq.ParquetFile(fh)
                stored, rows = parquet.schema_arrow, parquet.metadata.num_rows
        except (OSError, pa.ArrowException) as err:
            raise SnapshotError(f"快照 {snapshot_id} 的 {file} 无法读取") from err
        if not stored.equals(declared, check_metadata=False):
            raise SnapshotError(f"快照 {snapshot_id} 的 {name} 表结构与声明不符")
        if rows != manifest.rows.get(name):
            raise SnapshotError(f"快照 {snapshot_id} 的 {name} 行数与清单不符")
    photos.verify_photos(store, snapshot_id, manifest.photos)
    return manifest


# ---------------------------------------------------------------- writing


def _moved(onto: Base, now: str | None) -> CurrentMoved:
    return CurrentMoved(
        f"发布前数据已被他人更新（合并时的快照为 {onto.snapshot_id or '无'}，"
        f"现在为 {now or '无'}）；没有发布任何内容，请在最新数据上重新发布"
    )


def publish(
    root: Location,
    tables: dict[str, pa.Table],
    *,
    input_name: str,
    input_sha256: str,
    note: str = "",
    publisher: str | None = None,
    onto: Base | None = None,
    new_photos: Mapping[str, bytes] | None = None,
) -> Manifest:
    """Write the tables as a new snapshot and make it current. On any failure nothing
    changes: CURRENT stays as it was and no snapshot is added. `new_photos` (file name ->
    bytes) join the photos of the `onto` snapshot its captions still name.

    `onto` names the snapshot the tables were merged onto; when CURRENT has moved since
    (another publish or a rollback), nothing is published and CurrentMoved is raised, so
    that one publisher's merge never silently drops what another just published."""
    store = at(root)
    with store.writing():
        now = store.current()
        if onto is not None and now.snapshot_id != onto.snapshot_id:
            raise _moved(onto, now.snapshot_id)
        # On object storage the swap is checked against the version read before the merge.
        expected = onto if onto is not None and onto.tag else now
        carried = load_manifest(store, onto.snapshot_id).photos if onto and onto.snapshot_id else {}
        stored = photos.store_photos(store, new_photos or {}, carried, tables["captions"])
        published = _publish_locked(
            store, tables, input_name, input_sha256, note, publisher, stored
        )
        if not _swap_or_withdraw(store, published.id, expected):
            raise _moved(onto or now, store.current().snapshot_id)
        return published


def _swap_or_withdraw(store: Objects, snapshot_id: str, expected: Pointer) -> bool:
    """Make the stored snapshot current; when that fails or loses, delete it again."""
    try:
        won = store.swap_current(snapshot_id, expected)
    except BaseException:
        with contextlib.suppress(Exception):
            store.delete(snapshot_id)
        raise
    if not won:
        store.delete(snapshot_id)
    return won


def _publish_locked(
    store: Objects,
    tables: dict[str, pa.Table],
    input_name: str,
    input_sha256: str,
    note: str,
    publisher: str | None,
    stored_photos: dict[str, str] | None = None,
) -> Manifest:
    """Store the tables as a new snapshot (not yet current): the caller swaps CURRENT and
    has stored the photos it names."""
    for name in schema.TABLES:
        if name not in tables:
            raise ValueError(f"missing table {name!r}")
        schema.check_schema(name, tables[name])
    snapshot_id = _new_id()
    with store.new_snapshot(snapshot_id) as folder:
        files = {}
        for name in schema.TABLES:
            path = folder / table_file(name)
            pq.write_table(
                clustered(tables[name]),
                path,
                compression="zstd",
                row_group_size=ROW_GROUP_ROWS,
            )
            with open(path, "rb") as fh:
                files[path.name] = sha256_stream(fh)
        manifest = Manifest(
            id=snapshot_id,
            created_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
            input_name=input_name,
            input_sha256=input_sha256,
            rows={name: tables[name].num_rows for name in schema.TABLES},
            files=files,
            note=note,
            publisher=publisher or _default_publisher(),
            photos=stored_photos or {},
        )
        body = json.dumps(asdict(manifest), ensure_ascii=False, indent=2).encode()
        (folder / MANIFEST).write_bytes(body)
    return manifest


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


def rollback(root: Location, snapshot_id: str | None = None) -> Manifest:
    """Point CURRENT at snapshot_id, or at the snapshot published before the current one."""
    store = at(root)
    with store.writing():
        now = store.current()
        if snapshot_id is None:
            snapshot_id = _previous_id(store, now.snapshot_id)
        manifest = verify(store, snapshot_id)
        if not store.swap_current(check_id(snapshot_id), now):
            raise CurrentMoved(
                f"回退前数据已被他人更新（当时的快照为 {now.snapshot_id or '无'}）；"
                "没有回退，请查看最新快照后重试"
            )
        return manifest


def _previous_id(store: Objects, current: str | None) -> str:
    ids = [m.id for m in list_snapshots(store)]
    if current not in ids:
        raise SnapshotError("当前没有可回退的快照")
    position = ids.index(current)
    if position == 0:
        raise SnapshotError("当前快照已是最早的一个，无法再回退")
    return ids[position - 1]


def prune(root: Location, keep: int) -> list[str]:
    """Delete all but the newest `keep` snapshots. Never the current one; on object storage
    never one younger than the grace period (ZWZX_PRUNE_GRACE_MINUTES), nor the one CURRENT
    named until less than that ago: other servers may still be reading them. Uploads that
    never finished (no manifest) go too, once older than the grace period; so do stored
    photos no kept snapshot names (store/photos.py)."""
    if keep < 1:
        raise SnapshotError("保留个数至少为 1")
    store = at(root)
    with store.writing():
        grace = store.prune_grace
        listed = list_snapshots(store)
        keep_ids = {m.id for m in listed[-keep:]}
        keep_ids |= {store.current().snapshot_id, store.recently_replaced(grace)}
        candidates = [m.id for m in listed] + _unfinished(store, {m.id for m in listed})
        removed = []
        for snapshot_id in candidates:
            if snapshot_id in keep_ids or _younger_than(snapshot_id, grace):
                continue
            store.delete(snapshot_id)
            removed.append(snapshot_id)
        kept = [m.photos for m in listed if m.id not in removed]
        photos.prune_photos(store, kept, grace)
        return removed


def _unfinished(store: Objects, complete: set[str]) -> list[str]:
    """Snapshots whose upload stopped before their manifest (one that is there but does not
    read is damaged, not unfinished: prune leaves it for someone to look at)."""
    found = []
    for snapshot_id in store.snapshot_ids():
        if ID_PATTERN.fullmatch(snapshot_id) and snapshot_id not in complete:
            try:
                store.read(snapshot_id, MANIFEST)
            except FileNotFoundError:
                found.append(snapshot_id)
    return sorted(found)


def _younger_than(snapshot_id: str, grace: timedelta) -> bool:
    return grace > timedelta(0) and datetime.now(UTC) - _made_at(snapshot_id) < grace


class Publishable(Protocol):
    """Validated tables and the input they came from (what ingest hands to publish)."""

    tables: dict[str, pa.Table]
    name: str
    sha256: str


def ensure_current(root: Location, load_default: Callable[[], Publishable]) -> str:
    """The live snapshot id; on first use, publish what load_default returns (the caller
    reads and validates the default source data: the store knows no input format)."""
    store = at(root)
    existing = store.current().snapshot_id
    if existing:
        return existing
    with store.writing():
        now = store.current()
        if now.snapshot_id:
            return now.snapshot_id
        data = load_default()
        note = "默认数据（首次使用时自动生成）"
        manifest = _publish_locked(store, data.tables, data.name, data.sha256, note, None)
        if _swap_or_withdraw(store, manifest.id, now):
            return manifest.id
        made = store.current().snapshot_id  # another server made the first one meanwhile
        if made is None:
            raise SnapshotError("首个快照未能建立，请重试")
        return made

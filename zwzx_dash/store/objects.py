"""Where a data folder's snapshots are kept: a folder on this machine (`Disk`) or a prefix
in S3-compatible object storage (`store/s3.py`). Both hold the same layout:

    snapshots/<id>/   *.parquet + manifest.json, never changed once stored
    photos/           <sha256>.<jpg|png|webp>: photos named by their content, shared by
                      every snapshot whose manifest names them
    CURRENT           one line: the id of the live snapshot

The store asks them for only the operations below; what a snapshot is, what it must hold
and when it may be deleted is decided in store/snapshots.py, the same for both.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol, runtime_checkable

from zwzx_dash.store.durable import fsync_dir, write_durably, writer_lock

if TYPE_CHECKING:
    import duckdb

MANIFEST = "manifest.json"
CURRENT = "CURRENT"
ID_PATTERN = re.compile(r"\d{8}T\d{12}Z-[0-9a-f]{8}")
# A stored photo: named by the sha256 of its bytes (files staff copied into photos/ by
# hand under other names are never touched by the store).
PHOTO_PATTERN = re.compile(r"[0-9a-f]{64}\.(jpg|png|webp)")
PHOTOS = "photos"


class SnapshotError(Exception):
    """A snapshot is missing, incomplete or does not match its manifest."""


class CurrentMoved(SnapshotError):
    """CURRENT moved after the caller read the live data it merged its tables onto."""


def check_id(snapshot_id: str) -> str:
    """Snapshot ids go into paths, object keys and SQL, so only the exact format passes."""
    if not ID_PATTERN.fullmatch(snapshot_id):
        raise SnapshotError(f"快照编号格式不对：{snapshot_id}")
    return snapshot_id


def check_photo_name(name: str) -> str:
    """Stored photo names go into paths and object keys: only <sha256>.<suffix> passes."""
    if not PHOTO_PATTERN.fullmatch(name):
        raise SnapshotError(f"图片存储名格式不对：{name}")
    return name


@dataclass(frozen=True)
class Pointer:
    """What CURRENT named when it was read (None: nothing published yet), and the version
    of CURRENT a conditional swap is checked against: its ETag on object storage; None on
    disk, where the writer lock serialises writers instead."""

    snapshot_id: str | None
    tag: str | None = None


@runtime_checkable
class Objects(Protocol):
    """The few operations the store needs from where it keeps snapshots."""

    def current(self) -> Pointer:
        """What CURRENT names now (its id is not checked here: callers check it)."""

    def read(self, snapshot_id: str, name: str) -> bytes:
        """A stored snapshot's file; FileNotFoundError when it is not there."""

    def open(self, snapshot_id: str, name: str) -> contextlib.AbstractContextManager[BinaryIO]:
        """A stored snapshot's file to read in parts (hashing, Parquet footers)."""

    def snapshot_ids(self) -> list[str]:
        """Every folder (or prefix) under snapshots/, complete or not."""

    def writing(self) -> contextlib.AbstractContextManager[None]:
        """Held by every writer: the writer lock on disk; on object storage nothing, the
        conditional swap of CURRENT decides between writers."""

    def new_snapshot(self, snapshot_id: str) -> contextlib.AbstractContextManager[Path]:
        """A local folder to write a new snapshot's files into. On a clean exit they are
        stored under snapshots/<id>/, the manifest last; on an error nothing is left."""

    def swap_current(self, snapshot_id: str, expected: Pointer) -> bool:
        """Point CURRENT at snapshot_id if it still is as `expected` was read; False when
        another writer changed it meanwhile (and then nothing is written)."""

    def delete(self, snapshot_id: str) -> None:
        """Remove a snapshot; its manifest goes first, so it is never listed half gone."""

    def recently_replaced(self, grace: timedelta) -> str | None:
        """The id CURRENT named before its last swap, if that swap is younger than grace."""

    def query_url(self, snapshot_id: str, name: str) -> str:
        """Where DuckDB reads a stored snapshot's file (see attach)."""

    def attach(self, con: duckdb.DuckDBPyConnection) -> None:
        """Make query_url readable on a DuckDB connection."""

    @property
    def prune_grace(self) -> timedelta:
        """How long a snapshot is kept from prune after it was made or stopped being current."""

    def photo_names(self) -> dict[str, datetime]:
        """Every stored photo (<sha256>.<suffix> under photos/) and when it was last stored."""

    def read_photo(self, name: str) -> bytes:
        """A stored photo's bytes; FileNotFoundError when it is not there."""

    def put_photo(self, name: str, data: bytes) -> None:
        """Store a photo under its content name unless it is there already (then only its
        time is renewed, so that prune's grace period counts from this publish)."""

    def delete_photo(self, name: str) -> None:
        """Remove a stored photo (nothing happens when it is already gone)."""


@dataclass(frozen=True)
class Disk:
    """Snapshots in a folder on this machine: files fsynced, a new snapshot renamed into
    place whole, CURRENT replaced by os.replace, writers serialised by a file lock."""

    root: Path

    def __str__(self) -> str:
        return str(self.root)

    def _folder(self, snapshot_id: str) -> Path:
        return self.root / "snapshots" / check_id(snapshot_id)

    def current(self) -> Pointer:
        try:
            text = (self.root / CURRENT).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return Pointer(None)
        return Pointer(text or None)

    def read(self, snapshot_id: str, name: str) -> bytes:
        return (self._folder(snapshot_id) / name).read_bytes()

    def open(self, snapshot_id: str, name: str) -> contextlib.AbstractContextManager[BinaryIO]:
        return open(self._folder(snapshot_id) / name, "rb")

    def snapshot_ids(self) -> list[str]:
        folder = self.root / "snapshots"
        return [entry.name for entry in folder.iterdir()] if folder.is_dir() else []

    def writing(self) -> contextlib.AbstractContextManager[None]:
        return writer_lock(self.root)

    @contextlib.contextmanager
    def new_snapshot(self, snapshot_id: str) -> Iterator[Path]:
        self._clear_leftovers()
        staging = self.root / "staging" / check_id(snapshot_id)
        final = self._folder(snapshot_id)
        staging.mkdir(parents=True)
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            yield staging
            for path in staging.iterdir():
                with open(path, "rb+") as fh:
                    os.fsync(fh.fileno())
            fsync_dir(staging)
            os.rename(staging, final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        fsync_dir(final.parent)

    def _clear_leftovers(self) -> None:
        """Remove what killed writers left behind. Only called under the writer lock, so
        no live writer owns any of it."""
        staging = self.root / "staging"
        if staging.is_dir():
            for entry in staging.iterdir():
                shutil.rmtree(entry, ignore_errors=True)
        for tmp in self.root.glob(".CURRENT.*.tmp"):
            tmp.unlink(missing_ok=True)

    def swap_current(self, snapshot_id: str, expected: Pointer) -> bool:
        if self.current().snapshot_id != expected.snapshot_id:
            return False
        tmp = self.root / f".CURRENT.{os.getpid()}.tmp"
        try:
            write_durably(tmp, (check_id(snapshot_id) + "\n").encode())
            os.replace(tmp, self.root / CURRENT)
        finally:
            tmp.unlink(missing_ok=True)
        fsync_dir(self.root)
        return True

    def delete(self, snapshot_id: str) -> None:
        # Move out of snapshots/ first so a listing never shows a half-deleted folder.
        trash = self.root / "staging" / f"pruned-{check_id(snapshot_id)}"
        trash.parent.mkdir(parents=True, exist_ok=True)
        os.rename(self._folder(snapshot_id), trash)
        shutil.rmtree(trash)

    def recently_replaced(self, grace: timedelta) -> str | None:
        return None  # CURRENT on disk records no history; prune_grace is zero here anyway

    def query_url(self, snapshot_id: str, name: str) -> str:
        return str(self._folder(snapshot_id) / name)

    def attach(self, con: duckdb.DuckDBPyConnection) -> None:
        return None

    @property
    def prune_grace(self) -> timedelta:
        # Prune on disk removes at once, as it always has: readers here are this machine's.
        return timedelta(0)

    def photo_names(self) -> dict[str, datetime]:
        folder = self.root / PHOTOS
        if not folder.is_dir():
            return {}
        return {
            p.name: datetime.fromtimestamp(p.stat().st_mtime, UTC)
            for p in folder.iterdir()
            if PHOTO_PATTERN.fullmatch(p.name)
        }

    def read_photo(self, name: str) -> bytes:
        return (self.root / PHOTOS / check_photo_name(name)).read_bytes()

    def put_photo(self, name: str, data: bytes) -> None:
        folder = self.root / PHOTOS
        path = folder / check_photo_name(name)
        if path.is_file():
            os.utime(path)
            return
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        try:
            write_durably(tmp, data)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        fsync_dir(folder)

    def delete_photo(self, name: str) -> None:
        (self.root / PHOTOS / check_photo_name(name)).unlink(missing_ok=True)


Location = Path | Objects


def at(where: Location | str) -> Objects:
    """The store behind a data location: a path is a folder on disk."""
    if isinstance(where, str | os.PathLike):
        return Disk(Path(where))
    return where

"""Reading a snapshot's tables in the current format, whatever format it was published in.

Format-2 snapshots are read as they are. A format-1 snapshot's pillars, sections and
sources are upgraded on read (store/format1.py) and cached per process; DuckDB reads them
from Parquet copies written once outside the data folder, so snapshots stay untouched.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from zwzx_dash.model import schema
from zwzx_dash.store import format1
from zwzx_dash.store.objects import Location, at
from zwzx_dash.store.snapshots import load_manifest, table_file


@lru_cache(maxsize=1024)
def format_version(root: Location, snapshot_id: str) -> int:
    return load_manifest(root, snapshot_id).format_version


def _is_upgraded(root: Location, snapshot_id: str, table: str) -> bool:
    return table in format1.UPGRADED and format_version(root, snapshot_id) == format1.VERSION


@lru_cache(maxsize=8)
def _upgraded(root: Location, snapshot_id: str) -> dict[str, pa.Table]:
    columns = {"metrics": ["source_id", "org", "year"]}  # all the upgrade reads of figures
    stored = {
        name: _parquet(root, snapshot_id, name, columns=columns.get(name))
        for name in format1.STORED
    }
    return format1.upgrade(stored)


def _parquet(root: Location, snapshot_id: str, table: str, **options: Any) -> pa.Table:
    """A table's stored file, read with pq.read_table's options (columns, filters)."""
    with at(root).open(snapshot_id, table_file(table)) as fh:
        return pq.read_table(fh, **options)


_UPGRADE_FILES: dict[tuple[Location, str, str], Path] = {}
_UPGRADE_LOCK = threading.Lock()


def query_path(root: Location, snapshot_id: str, table: str) -> str:
    """Where DuckDB reads the table in the current format: the snapshot's own file, or
    for a format-1 snapshot's upgraded tables a copy written once per process outside the
    data folder (snapshots never change), removed when the process exits."""
    if not _is_upgraded(root, snapshot_id, table):
        return at(root).query_url(snapshot_id, table_file(table))
    key = (root, snapshot_id, table)
    with _UPGRADE_LOCK:
        if key not in _UPGRADE_FILES:
            folder = Path(tempfile.mkdtemp(prefix=f"zwzx-format1-{snapshot_id}-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            path = folder / f"{table}.parquet"
            pq.write_table(_upgraded(root, snapshot_id)[table], path)
            _UPGRADE_FILES[key] = path
        return str(_UPGRADE_FILES[key])


def read_table(root: Location, snapshot_id: str, table: str) -> pa.Table:
    """Read one table of a snapshot, in the current format, checked against its schema."""
    if _is_upgraded(root, snapshot_id, table):
        return _upgraded(root, snapshot_id)[table]
    result = _parquet(root, snapshot_id, table)
    schema.check_schema(table, result)
    return result


def read_tables(root: Location, snapshot_id: str) -> dict[str, pa.Table]:
    """Every table of a snapshot, each checked against its declared schema."""
    return {name: read_table(root, snapshot_id, name) for name in schema.TABLES}


def read_org_year(root: Location, snapshot_id: str, org: str, year: int) -> dict[str, pa.Table]:
    """One org's year of a snapshot as tables (with the pillars and the sources they
    cite): what staff download to edit, read through the row-group statistics rather than
    whole files."""
    tables = {}
    for name, declared in schema.TABLES.items():
        if "org" in declared.schema.names and name != "sources":
            if _is_upgraded(root, snapshot_id, name):
                found = _upgraded(root, snapshot_id)[name]
                found = found.filter(
                    pc.and_(pc.equal(found["org"], org), pc.equal(found["year"], year))
                )
            else:
                where = [("org", "=", org), ("year", "=", year)]
                found = _parquet(root, snapshot_id, name, filters=where)
        else:
            found = read_table(root, snapshot_id, name)
        tables[name] = found.select(declared.schema.names).cast(declared.schema)
    cited = set()
    for name in schema.YEARLY:
        cited |= set(tables[name].column("source_id").to_pylist())
    sources = tables["sources"]
    tables["sources"] = sources.filter(
        pc.is_in(sources["source_id"], pa.array(sorted(cited), pa.string()))
    )
    return tables

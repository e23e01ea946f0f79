"""Combining an input with the live data: a workbook that holds some (org, year) pairs
replaces exactly those, and every other year and org is kept."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from zwzx_dash.model import schema
from zwzx_dash.store import reading, snapshots
from zwzx_dash.store.objects import Location

YEARLY = schema.YEARLY
# How many times a publish merges again onto a CURRENT that moved meanwhile before it gives up.
PUBLISH_ATTEMPTS = 5


def _pairs(table: pa.Table) -> pa.Array:
    """(org, year) of every row as one string, for membership tests."""
    return pc.binary_join_element_wise(
        table.column("org"), pc.cast(table.column("year"), pa.string()), "\x1f"
    )


def _keys(table: pa.Table, key: tuple[str, ...]) -> pa.Array:
    parts = [pc.cast(table.column(c), pa.string()) for c in key]
    return parts[0] if len(parts) == 1 else pc.binary_join_element_wise(*parts, "\x1f")


def org_years(tables: dict[str, pa.Table]) -> set[tuple[str, int]]:
    found: set[tuple[str, int]] = set()
    for name in YEARLY:
        t = tables[name]
        found |= set(zip(t.column("org").to_pylist(), t.column("year").to_pylist(), strict=True))
    return found


def merge(live: dict[str, pa.Table], incoming: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """The live tables with the incoming (org, year) pairs replaced. Pillars and sources
    are merged by their keys: an incoming row replaces the live row with the same key."""
    replaced = pa.array(
        sorted({f"{org}\x1f{year}" for org, year in org_years(incoming)}), pa.string()
    )
    out: dict[str, pa.Table] = {}
    for name, spec in schema.TABLES.items():
        old, new = live[name], incoming[name]
        if name in YEARLY:
            keep = pc.invert(pc.is_in(_pairs(old), value_set=replaced))
        else:
            keep = pc.invert(pc.is_in(_keys(old, spec.key), value_set=_keys(new, spec.key)))
        combined = pa.concat_tables([old.filter(keep), new])
        sort_keys = [(c, "ascending") for c in spec.key]
        out[name] = combined.sort_by(sort_keys).combine_chunks()
    return out


@dataclass(frozen=True)
class Live:
    """The current snapshot's tables (None when nothing is live yet) and its id, which a
    publish of tables merged onto them names (snapshots.publish(onto=...))."""

    base: snapshots.Base
    tables: dict[str, pa.Table] | None


def read_live(root: Location) -> Live:
    base = snapshots.current(root)
    tables = None if base.snapshot_id is None else reading.read_tables(root, base.snapshot_id)
    return Live(base, tables)


def with_live(
    live: dict[str, pa.Table] | None, incoming: dict[str, pa.Table]
) -> dict[str, pa.Table]:
    """What publishing `incoming` would make live: merged into the live tables, or on its
    own when there are none (nothing published yet, or the caller replaces everything)."""
    return incoming if live is None else merge(live, incoming)


def publish_merged(
    root: Location,
    incoming: dict[str, pa.Table],
    *,
    replace_all: bool = False,
    input_name: str,
    input_sha256: str,
    note: str = "",
    publisher: str | None = None,
    on_retry: Callable[[], None] = lambda: None,
    check: Callable[[dict[str, pa.Table] | None, dict[str, pa.Table]], None] = lambda *_: None,
    new_photos: Mapping[str, bytes] | None = None,
) -> snapshots.Manifest:
    """Publish `incoming` merged into the live data (or alone, replacing everything). When
    another publish lands between reading the live data and publishing, merge again onto
    the new live data: two publishers at once both land, neither silently drops the other.
    `check(live, tables)` sees every merge before it is published and may raise to stop it.
    Raises CurrentMoved when CURRENT kept moving for PUBLISH_ATTEMPTS tries. Photos the
    live captions kept still name stay; `new_photos` join them (store/photos.py)."""
    attempts = 0
    while True:
        attempts += 1
        live = read_live(root)
        if replace_all:
            tables, onto = incoming, None
        else:
            tables, onto = with_live(live.tables, incoming), live.base
        check(live.tables, tables)
        try:
            return snapshots.publish(
                root,
                tables,
                input_name=input_name,
                input_sha256=input_sha256,
                note=note,
                publisher=publisher,
                onto=onto,
                new_photos=new_photos,
            )
        except snapshots.CurrentMoved:
            if attempts >= PUBLISH_ATTEMPTS:
                raise
            on_retry()

"""Files handed to people: CSV for Excel/WPS, safe against formula injection."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pyarrow as pa

from zwzx_dash.ingest.raw import REVIEW_FILE, ROW_KEYS, Mark
from zwzx_dash.model import schema

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A cell that a spreadsheet would run as a formula is prefixed with ' to stay text."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so that Excel and WPS open Chinese text correctly."""
    safe = frame.map(neutralise)
    return safe.to_csv(index=False).encode("utf-8-sig")


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def write_csv_folder(
    folder: Path, tables: dict[str, pa.Table], *, neutralised: bool = False
) -> list[Path]:
    """The tables as `<table>.csv` files in the form of data/source/ (column names as
    headers, UTF-8 with BOM so Excel/WPS read the Chinese). Text is written unchanged for
    re-import; `neutralised` prefixes text a spreadsheet would run as a formula with '
    (for a folder people open in Excel/WPS)."""
    cell = (lambda v: neutralise(_csv_cell(v))) if neutralised else _csv_cell
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, spec in schema.INPUT_TABLES.items():  # the pillar vocabulary is not input
        path = folder / f"{name}.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(spec.column_names)
            for record in tables[name].to_pylist():
                writer.writerow([cell(record[c]) for c in spec.column_names])
        written.append(path)
    return written


def write_review_csv(folder: Path, marks: list[Mark], tables: dict[str, pa.Table]) -> Path:
    """The 待核 list of a drafted CSV folder: table, row (by its key: seq=12), column, and
    what to fill or check."""
    path = folder / REVIEW_FILE
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["table", "row", "column", "note"])
        for mark in marks:
            key = ROW_KEYS[mark.table]
            where = f"{key}={_csv_cell(tables[mark.table][key][mark.index].as_py())}"
            writer.writerow([mark.table, where, mark.column, mark.note])
    return path

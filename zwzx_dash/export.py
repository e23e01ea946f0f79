"""Files handed to people: CSV for Excel/WPS, safe against formula injection."""

from __future__ import annotations

import pandas as pd

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

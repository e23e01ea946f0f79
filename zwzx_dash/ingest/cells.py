"""One cell as the type its column declares: text, integers, numbers and 是/否, written
as staff type them (３４２, 1,234, √) — or a CellError that says what it should be."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pyarrow as pa

from zwzx_dash.model.numerals import normalise


class CellError(ValueError):
    pass


def cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()
    return text or None


def to_string(value: Any) -> str | None:
    return cell_text(value)


def _number(value: Any, kind: str) -> float | None:
    """A cell as a number: typed numbers as they are, text after NFKC (３４２, 1,234)."""
    if isinstance(value, bool):
        raise CellError(f"应为{kind}")
    if isinstance(value, int | float):
        return float(value)
    text = cell_text(value)
    if text is None:
        return None
    text = normalise(text)
    try:
        return float(text)
    except ValueError:
        raise CellError(f"应为{kind}，“{text}”不是数字") from None


def to_int(value: Any) -> int | None:
    number = _number(value, "整数")
    if number is None or math.isnan(number):
        return None
    if not number.is_integer():
        raise CellError(f"应为整数，不能是 {number:g}")
    return int(number)


def to_float(value: Any) -> float | None:
    number = _number(value, "数字")
    if number is not None and (math.isnan(number) or math.isinf(number)):
        raise CellError("应为有限的数字")
    return number


_TRUE = {"true", "1", "是", "yes", "y", "t", "√"}
_FALSE = {"false", "0", "否", "no", "n", "f", ""}


def to_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = cell_text(value)
    if text is None:
        return None
    folded = normalise(text).lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise CellError(f"应填“是”或“否”（true/false），不能是“{text}”")


CONVERTERS: dict[pa.DataType, Callable[[Any], Any]] = {
    pa.string(): to_string,
    pa.int16(): to_int,
    pa.float64(): to_float,
    pa.bool_(): to_bool,
}

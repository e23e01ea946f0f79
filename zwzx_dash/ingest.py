"""Reading staff input, normalising it, and refusing what is wrong — every problem at once,
in Chinese, naming the file, row and column.

A reader turns one kind of input (a CSV folder now; a workbook reader goes beside it)
into RawTables of text cells with their row numbers. `validate` turns RawTables into
Arrow tables with the declared schemas, or raises InputRefused listing every problem.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa

from . import columnar, schema, workbook
from .numerals import FigureError, normalise, parse_figure
from .raw import REVIEW_FILE, InputRefused, Problem, RawTable, attach_marks

MAX_INPUT_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class Input:
    """Validated tables plus what the manifest records about where they came from."""

    tables: dict[str, pa.Table]
    name: str
    sha256: str
    # What the 待核 list still asks of a person: cells to fill (a draft only) and to check.
    notes: tuple[Problem, ...] = ()


# ---------------------------------------------------------------- readers


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; GB18030 only when the bytes are not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def read_csv_folder(folder: Path) -> tuple[dict[str, RawTable], list[Problem], str]:
    """Read `<table>.csv` files. Returns the tables, the problems found, and a sha256
    over the files' names and bytes."""
    import csv
    import io

    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    digest = hashlib.sha256()
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
    review: list[list[str]] = []
    for path in files:
        table_name = path.stem
        if path.name == REVIEW_FILE:
            data = path.read_bytes()
            digest.update(path.name.encode() + b"\0" + data + b"\0")
            try:
                review = list(csv.reader(io.StringIO(decode_text(data), newline="")))
            except UnicodeDecodeError:
                problems.append(Problem(path.name, "无法识别文件编码；请另存为 UTF-8 的 CSV"))
            continue
        if table_name not in schema.TABLES:
            known = "、".join(f"{t}.csv" for t in schema.TABLES)
            problems.append(Problem(path.name, f"不认识这个表；应为 {known} 之一"))
            continue
        if path.stat().st_size > MAX_INPUT_BYTES:
            problems.append(Problem(path.name, f"文件超过 {MAX_INPUT_BYTES // 2**20} MB 上限"))
            continue
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data + b"\0")
        try:
            text = decode_text(data)
        except UnicodeDecodeError:
            problems.append(Problem(path.name, "无法识别文件编码；请另存为 UTF-8 的 CSV"))
            continue
        reader = csv.reader(io.StringIO(text, newline=""))
        by_header = header_names(schema.TABLES[table_name])
        written = [normalise(h) for h in next(reader, [])]
        header = [by_header.get(h, h) for h in written]
        labels = {c: w for c, w in zip(header, written, strict=True) if c != w}
        raw = RawTable(table_name, path.name, None, header, labels=labels)
        for line_no, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                problems.append(Problem(path.name, "本行的单元格比表头多", row=line_no))
            raw.rows.append((line_no, dict(zip(header, cells, strict=False))))
        tables[table_name] = raw
    for table_name in schema.TABLES:
        if table_name not in tables and not any(p.file == f"{table_name}.csv" for p in problems):
            problems.append(Problem(f"{table_name}.csv", "缺少这个文件"))
    if review:
        rows = [(n, cells) for n, cells in enumerate(review[1:], start=2) if any(cells)]
        attach_marks(tables, review[0], rows, REVIEW_FILE, None, problems)
    return tables, problems, digest.hexdigest()


def header_names(table: schema.Table) -> dict[str, str]:
    """Header as written (Chinese label or column name) -> column name."""
    return {c.label: c.name for c in table.columns} | {c.name: c.name for c in table.columns}


def load_input(path: Path, name: str | None = None, draft: bool = False) -> Input:
    """Read and validate an input: a CSV folder, or an .xlsx workbook (recognised by its
    bytes, not its name). `name` is what messages call the file (an upload's own name).
    A draft may still have cells its 待核 list marks as to be filled; anything to be
    published may not. Raises InputRefused."""
    path = Path(path)
    name = name or path.name
    if not path.exists():
        raise InputRefused([Problem(str(path), "找不到这个文件或文件夹")])
    if path.is_dir():
        fast = columnar.fast_tables(path)
        if fast is not None:
            return Input(tables=fast[0], name=name, sha256=fast[1])
        raw, problems, sha = read_csv_folder(path)
    else:
        with open(path, "rb") as fh:
            head = fh.read(4)
        if not workbook.is_workbook(head):
            raise InputRefused(
                [Problem(name, "不是 Excel 工作簿（.xlsx），也不是装有 CSV 文件的文件夹")]
            )
        raw, problems, sha = workbook.read_workbook(path, name)
    notes: list[Problem] = []
    tables = validate(raw, problems, notes=notes if draft else None)
    return Input(tables=tables, name=name, sha256=sha, notes=tuple(notes))


def load_upload(data: bytes, name: str) -> Input:
    """Validate an uploaded workbook (its bytes and the name it was uploaded under)."""
    with tempfile.TemporaryDirectory(prefix="zwzx-upload-") as folder:
        path = Path(folder) / "upload.xlsx"
        path.write_bytes(data)
        return load_input(path, name=Path(name).name)


# ---------------------------------------------------------------- cells


class CellError(ValueError):
    pass


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()
    return text or None


def to_string(value: Any) -> str | None:
    return _text(value)


def _number(value: Any, kind: str) -> float | None:
    """A cell as a number: typed numbers as they are, text after NFKC (３４２, 1,234)."""
    if isinstance(value, bool):
        raise CellError(f"应为{kind}")
    if isinstance(value, int | float):
        return float(value)
    text = _text(value)
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
    text = _text(value)
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


# ---------------------------------------------------------------- validation


def validate(
    raw: dict[str, RawTable],
    problems: list[Problem] | None = None,
    notes: list[Problem] | None = None,
) -> dict[str, pa.Table]:
    """Convert and check every table; raise InputRefused with all problems found.

    Cells named in the 待核 list are reported as what a person still has to do: a marked
    cell left empty is "to fill", a filled one "to check". With `notes` (validating a
    draft) both go into notes and an empty marked cell is allowed even where the column
    is required; without it, a marked cell left empty is a problem."""
    problems = list(problems or [])
    rows: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for name, table in raw.items():
        rows[name] = _convert_table(schema.TABLES[name], table, problems)
    for name, table in raw.items():
        to_fill, to_check = _marked_cells(table, rows[name])
        if notes is None:
            problems += to_fill
        else:
            notes += to_fill + to_check

    def place(table: str, row: int, column: str | None = None) -> dict[str, Any]:
        t = raw[table]
        return {"file": t.file, "sheet": t.sheet, "row": row, "column": t.shown(column)}

    for name, table_rows in rows.items():
        key = schema.TABLES[name].key
        seen: dict[tuple, int] = {}
        for row_no, rec in table_rows:
            k = tuple(rec.get(c) for c in key)
            if any(v is None for v in k):
                continue
            if k in seen:
                what = "、".join(f"{c}={v}" for c, v in zip(key, k, strict=True))
                problems.append(
                    Problem(
                        message=f"与第 {seen[k]} 行重复（{what}）；每组只能有一行",
                        **place(name, row_no, key[-1]),
                    )
                )
            else:
                seen[k] = row_no

    pillar_ids = {rec["pillar_id"] for _, rec in rows.get("pillars", []) if rec.get("pillar_id")}
    source_ids = {rec["source_id"] for _, rec in rows.get("sources", []) if rec.get("source_id")}
    for row_no, rec in rows.get("pillars", []):
        status = rec.get("source_status")
        if status is not None and status not in schema.SOURCE_STATUSES:
            problems.append(
                Problem(
                    message="应填 present（原文有此部分）或 missing（原文缺失）",
                    **place("pillars", row_no, "source_status"),
                )
            )
    pillar_by_name = {rec["name"]: rec["pillar_id"] for _, rec in rows.get("pillars", [])}
    for name in ("metrics", "highlights", "captions"):
        for row_no, rec in rows.get(name, []):
            pillar = rec.get("pillar_id")
            if pillar in pillar_by_name:  # workbooks name the pillar (忠诚政协)
                pillar = rec["pillar_id"] = pillar_by_name[pillar]
            if pillar is not None and "pillars" in rows and pillar not in pillar_ids:
                problems.append(
                    Problem(
                        message=f"板块“{pillar}”不存在；应为 {'、'.join(sorted(pillar_ids))} 之一",
                        **place(name, row_no, "pillar_id"),
                    )
                )
            source = rec.get("source_id")
            if source is not None and "sources" in rows and source not in source_ids:
                problems.append(
                    Problem(
                        message=f"来源“{source}”不在来源表中", **place(name, row_no, "source_id")
                    )
                )
            year = rec.get("year")
            if year is not None and not schema.YEAR_MIN <= year <= schema.YEAR_MAX:
                problems.append(
                    Problem(
                        message=f"年度 {year} 超出范围（{schema.YEAR_MIN}–{schema.YEAR_MAX}）",
                        **place(name, row_no, "year"),
                    )
                )
    for name in ("metrics", "sources"):
        if name in raw and not raw[name].rows:
            t = raw[name]
            problems.append(Problem(t.file, "没有任何数据行", t.sheet, 2))
    for row_no, rec in rows.get("metrics", []):
        for message, column in _metric_problems(rec):
            problems.append(Problem(message=message, **place("metrics", row_no, column)))

    if problems:
        raise InputRefused(sorted(problems, key=_problem_order))
    return {
        name: pa.Table.from_pylist(
            [rec for _, rec in rows[name]], schema=schema.TABLES[name].schema
        )
        for name in schema.TABLES
    }


def _marked_cells(
    table: RawTable, rows: list[tuple[int, dict[str, Any]]]
) -> tuple[list[Problem], list[Problem]]:
    """The cells the 待核 list names: those still empty (to fill) and the rest (to check)."""
    by_row = dict(rows)
    to_fill, to_check = [], []
    for (row, column), note in sorted(table.marks.items()):
        if row not in by_row:
            continue  # the row was deleted: nothing left to do there
        place = Problem(table.file, "", table.sheet, row, table.shown(column))
        if by_row[row].get(column) is None:
            to_fill.append(dataclasses.replace(place, message=f"待填写：{note}"))
        else:
            to_check.append(dataclasses.replace(place, message=f"请核对：{note}"))
    return to_fill, to_check


def _problem_order(p: Problem) -> tuple:
    return (p.file, p.sheet or "", p.row or 0, p.column or "")


def _convert_table(
    spec: schema.Table, table: RawTable, problems: list[Problem]
) -> list[tuple[int, dict[str, Any]]]:
    def problem(message: str, row: int | None, column: str | None) -> None:
        problems.append(Problem(table.file, message, table.sheet, row, table.shown(column)))

    header = set(table.header)
    missing = [c for c in spec.column_names if c not in header]
    for column in missing:
        problem(f"缺少“{spec.column(column).label}”列（{column}）", 1, None)
    for column in table.header:
        if column and column not in spec.column_names:
            problem(f"不认识的列“{column}”", 1, column)
    if missing:
        return []
    prepare = PREPARE.get(spec.name)
    out = []
    for row_no, cells in table.rows:
        if prepare is not None:
            cells = prepare(dict(cells))
        rec: dict[str, Any] = {}
        for col in spec.columns:
            try:
                value = CONVERTERS[col.type](cells.get(col.name))
            except CellError as err:
                problem(f"{err}（{col.label}）", row_no, col.name)
                value = None
            else:
                marked = (row_no, col.name) in table.marks  # reported as to be filled
                if value is None and not col.nullable and not marked:
                    problem(f"不能为空（{col.label}）", row_no, col.name)
                if col.type == pa.int16() and value is not None and not -32768 <= value <= 32767:
                    problem(f"数值 {value} 超出范围", row_no, col.name)
                    value = None
            rec[col.name] = value
        out.append((row_no, rec))
    return out


_QUALIFIER_WORDS = {
    "准确": "exact",
    "准确数": "exact",
    "下限": "over",
    "余": "over",
    "多": "over",
    "以上": "over",
    "超过": "over",
    "约数": "about",
    "约": "about",
    "近": "about",
    "左右": "about",
}


def _prepare_metric(cells: dict[str, Any]) -> dict[str, Any]:
    """What staff really type: 下限/约数 for the qualifier, and a figure written the way
    documents write it (50余, 约30, 两, 2.83万) in the value column."""
    qualifier = _text(cells.get("qualifier"))
    if qualifier is not None:
        cells["qualifier"] = _QUALIFIER_WORDS.get(normalise(qualifier), qualifier)
    value = cells.get("value")
    if isinstance(value, str) and _text(value) is not None:
        try:
            float(normalise(value))
        except ValueError:
            try:
                figure = parse_figure(value)
            except FigureError:
                return cells  # to_float names the problem
            cells["value"] = figure.value
            if _text(cells.get("qualifier")) is None:
                cells["qualifier"] = figure.qualifier
            if _text(cells.get("text")) is None:
                unit = "" if figure.unit else _text(cells.get("unit")) or ""
                cells["text"] = figure.text + unit
    return cells


def _prepare_source(cells: dict[str, Any]) -> dict[str, Any]:
    """A publication date typed as a date, or left as Excel's serial day number."""
    published = cells.get("published")
    is_number = isinstance(published, int | float) and not isinstance(published, bool)
    if is_number and 1 <= published < 2958466:  # Excel's serial days, 1900-01-01 to 9999-12-31
        day = date(1899, 12, 30) + timedelta(days=int(published))
        cells["published"] = day.isoformat()
    return cells


PREPARE: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "metrics": _prepare_metric,
    "sources": _prepare_source,
}


def _metric_problems(rec: dict[str, Any]) -> Iterable[tuple[str, str]]:
    value, qualifier, unit = rec.get("value"), rec.get("qualifier"), rec.get("unit")
    text, quote = rec.get("text"), rec.get("quote")
    if value is not None and value < 0:
        yield "数值不能为负数", "value"
    if qualifier is not None and qualifier not in schema.QUALIFIERS:
        options = "、".join(f"{k}（{v}）" for k, v in schema.QUALIFIERS.items())
        yield f"精确度“{qualifier}”无效；应为 {options}", "qualifier"
    if text is not None:
        try:
            figure = parse_figure(text)
        except FigureError as err:
            yield f"原文写法无法识别为数字：{err}", "text"
        else:
            if value is not None and not math.isclose(figure.value, value):
                yield f"原文写法“{text}”的数值是 {figure.value:g}，与数值列 {value:g} 不符", "value"
            if qualifier is not None and figure.qualifier != qualifier:
                yield (
                    f"原文写法“{text}”表示{schema.QUALIFIERS[figure.qualifier]}，"
                    f"与精确度列“{qualifier}”不符",
                    "qualifier",
                )
            if unit is not None and figure.unit and figure.unit != unit:
                yield f"原文写法“{text}”的单位是“{figure.unit}”，与单位列“{unit}”不符", "unit"
        if quote is not None and text not in quote:
            yield f"原文写法“{text}”没有出现在原文语句中", "quote"

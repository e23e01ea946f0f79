"""Normalising staff input and refusing what is wrong — every problem at once, in Chinese,
naming the file, row and column. `validate` turns RawTables (from any reader) into Arrow
tables with the declared schemas, or raises InputRefused listing every problem.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

import pyarrow as pa

from zwzx_dash.ingest import citations
from zwzx_dash.ingest.cells import CONVERTERS, CellError, cell_text
from zwzx_dash.ingest.raw import InputRefused, Problem, RawTable
from zwzx_dash.model import schema
from zwzx_dash.model.numerals import FigureError, normalise, parse_figure
from zwzx_dash.model.pillars import pillars_table


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
        if name == "sections" and _is_format1_pillars(table):
            problems.append(Problem(table.file, FORMAT1_PILLARS, table.sheet, 1))
            rows[name] = []
            continue
        rows[name] = _convert_table(schema.INPUT_TABLES[name], table, problems)
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
        key = schema.INPUT_TABLES[name].key
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

    problems += citations.problems(rows, place)
    for name in ("metrics", "sources"):
        if name in raw and not raw[name].rows:
            t = raw[name]
            problems.append(Problem(t.file, "没有任何数据行", t.sheet, 2))
    for row_no, rec in rows.get("metrics", []):
        for message, column in _metric_problems(rec):
            problems.append(Problem(message=message, **place("metrics", row_no, column)))
    if problems:
        raise InputRefused(sorted(problems, key=_problem_order))
    tables = {
        name: pa.Table.from_pylist([rec for _, rec in rows[name]], schema=spec.schema)
        for name, spec in schema.INPUT_TABLES.items()
    }
    return {"pillars": pillars_table(), **tables}


FORMAT1_PILLARS = (
    "这是旧版的板块表（2026年12月以前的模板）：新版每个单位、每个年度各有自己的板块行，"
    "须有“政协组织”“年度”“原文部分”“来源编码”列，来源表也须有“政协组织”“年度”列。"
    "请用“下载空白模板”（或 zwzx-dash template）取新模板，把口号、原文标题、导语复制过去；"
    "指标、亮点、图片三张表不变，可整表复制"
)


def _is_format1_pillars(table: RawTable) -> bool:
    header = set(table.header)
    return "org" not in header and bool(header & {"name", "seq", "板块名称", "顺序"})


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
        named = f"（CSV 文件中的列名为 {column}）" if table.sheet is None else ""
        problem(f"缺少“{spec.column(column).label}”列{named}", 1, None)
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
    qualifier = cell_text(cells.get("qualifier"))
    if qualifier is not None:
        cells["qualifier"] = _QUALIFIER_WORDS.get(normalise(qualifier), qualifier)
    value = cells.get("value")
    if isinstance(value, str) and cell_text(value) is not None:
        try:
            float(normalise(value))
        except ValueError:
            try:
                figure = parse_figure(value)
            except FigureError:
                return cells  # to_float names the problem
            cells["value"] = figure.value
            if cell_text(cells.get("qualifier")) is None:
                cells["qualifier"] = figure.qualifier
            if cell_text(cells.get("text")) is None:
                unit = "" if figure.unit else cell_text(cells.get("unit")) or ""
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


_STATUS_WORDS = {
    **{word: status for status, word in schema.STATUS_WORDS.items()},
    "有": "present",
    "缺失": "missing",
    "无": "none",
    "未设": "none",
}


def _prepare_section(cells: dict[str, Any]) -> dict[str, Any]:
    """原文状态 as the workbook's list writes it (有此部分/原文缺失/本文未设)."""
    status = cell_text(cells.get("source_status"))
    if status is not None:
        cells["source_status"] = _STATUS_WORDS.get(normalise(status), status)
    return cells


PREPARE: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "metrics": _prepare_metric,
    "sections": _prepare_section,
    "sources": _prepare_source,
}


def _metric_problems(rec: dict[str, Any]) -> Iterable[tuple[str, str]]:
    value, qualifier, unit = rec.get("value"), rec.get("qualifier"), rec.get("unit")
    text, quote = rec.get("text"), rec.get("quote")
    if value is not None and value < 0:
        yield "数值不能为负数", "value"
    if qualifier is not None and qualifier not in schema.QUALIFIERS:
        options = "、".join(schema.QUALIFIER_WORDS.values())
        yield f"精确度“{qualifier}”无效；应为 {options} 之一", "qualifier"
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
                    f"与精确度列“{schema.QUALIFIER_WORDS.get(qualifier, qualifier)}”不符",
                    "qualifier",
                )
            if unit is not None and figure.unit and figure.unit != unit:
                yield f"原文写法“{text}”的单位是“{figure.unit}”，与单位列“{unit}”不符", "unit"
        if quote is not None and text not in quote:
            yield f"原文写法“{text}”没有出现在原文语句中", "quote"

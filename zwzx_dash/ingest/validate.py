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

from zwzx_dash.ingest.cells import CONVERTERS, CellError, cell_text
from zwzx_dash.ingest.raw import InputRefused, Problem, RawTable
from zwzx_dash.model import fidelity, schema
from zwzx_dash.model.file_names import ORG_NAME_UNSAFE
from zwzx_dash.model.numerals import FigureError, normalise, parse_figure


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
            org = rec.get("org")
            if org is not None and ORG_NAME_UNSAFE.search(org):
                problems.append(
                    Problem(
                        message=f"单位名称“{org}”不能含“/”“\\”或控制字符，也不能以“.”开头"
                        "（导出时单位名称是文件名的一部分）",
                        **place(name, row_no, "org"),
                    )
                )
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
    documents = {
        rec["source_id"]: fidelity.normalise(rec.get("text") or "")
        for _, rec in rows.get("sources", [])
        if rec.get("source_id")
    }
    for row_no, rec in rows.get("metrics", []):
        message = _quote_problem(rec, documents)
        if message:
            problems.append(Problem(message=message, **place("metrics", row_no, "quote")))

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


PREPARE: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "metrics": _prepare_metric,
    "sources": _prepare_source,
}


def _quote_problem(rec: dict[str, Any], documents: dict[str, str]) -> str | None:
    """Why a figure's 原文语句 cannot be found in its source's 全文, if it cannot."""
    quote, source = rec.get("quote"), rec.get("source_id")
    if quote is None or source not in documents:
        return None  # a missing value or source is reported on its own
    if not documents[source]:
        return f"来源“{source}”的全文为空，无法核对原文语句；请在来源表填入原文全文"
    if fidelity.occurs_in(quote, documents[source]):
        return None
    return (
        f"原文语句没有出现在来源“{source}”的全文中（已忽略空白、换行和全角/半角的差别）；"
        "请从原文复制这句话，或改正来源编码"
    )


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

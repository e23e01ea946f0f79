"""A draft reviewed in the browser instead of in Excel: its figures, work items and captions
as rows a person edits (keep or drop, name, code, pillar, headline, qualifier, unit), what
is still to fill or check, and the edited tables to validate and publish.

Every row keeps the number it was drafted with (编号): what is still to do names rows by
it, so dropping one row never shifts another's, and a check is done once its cell changes."""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from dataclasses import dataclass

import pyarrow as pa

from zwzx_dash.ingest.catalog import Catalog
from zwzx_dash.ingest.extract import Draft
from zwzx_dash.model import schema
from zwzx_dash.model.numerals import FigureError, parse_figure
from zwzx_dash.model.pillars import ID_BY_NAME, NAME_BY_ID
from zwzx_dash.model.schema import QUALIFIER_WORDS

ID = "编号"
KEEP = "保留"
# Editor column → metrics column (None: shown only).
FIGURE_COLUMNS = {
    ID: None,
    KEEP: None,
    "原文写法": "text",
    "指标名称": "name",
    "指标编码": "metric_id",
    "板块": "pillar_id",
    "年度要点": "headline",
    "精确度": "qualifier",
    "计量单位": "unit",
    "原文语句": "quote",
}
ITEM_COLUMNS = {"highlights": "title", "captions": "caption"}
_ITEM_LABEL = {"highlights": "亮点", "captions": "图片说明"}
_WORD_QUALIFIER = {word: q for q, word in QUALIFIER_WORDS.items()}
NO_PILLAR = "（未选）"  # an empty cell would read "None" in the editor
PILLAR_OPTIONS = [NO_PILLAR, *NAME_BY_ID.values()]


@dataclass(frozen=True)
class Open:
    """One thing still to do in the review, named by the row's 编号."""

    where: str  # 第3个数字（342件）
    what: str
    blocking: bool  # to fill (publishing waits for it) rather than to check

    def __str__(self) -> str:
        return f"{'待填写' if self.blocking else '请核对'}：{self.where}：{self.what}"


def figure_rows(draft: Draft) -> list[dict[str, object]]:
    """The draft's figures as editor rows, numbered 1, 2, … as drafted."""
    return [
        {
            ID: i + 1,
            KEEP: True,
            "原文写法": r["text"],
            "指标名称": r["name"],
            "指标编码": r["metric_id"],
            "板块": NAME_BY_ID.get(r["pillar_id"], NO_PILLAR),
            "年度要点": bool(r["headline"]),
            "精确度": QUALIFIER_WORDS[r["qualifier"]],
            "计量单位": r["unit"] or "",
            "原文语句": r["quote"],
        }
        for i, r in enumerate(draft.tables["metrics"].to_pylist())
    ]


def item_rows(draft: Draft, table: str) -> list[dict[str, object]]:
    """A draft's work items or captions as editor rows: keep, pillar, text."""
    column = ITEM_COLUMNS[table]
    return [
        {
            ID: i + 1,
            KEEP: True,
            "板块": NAME_BY_ID.get(r["pillar_id"], NO_PILLAR),
            "内容": r[column],
        }
        for i, r in enumerate(draft.tables[table].to_pylist())
    ]


def fingerprint(figures: list[dict], items: dict[str, list[dict]]) -> str:
    """The rows as a person sees them, whatever types the editor hands back (1 or 1.0,
    None or NaN): equal for the same edits, different for any other."""

    def cell(value: object) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    rows = [figures, *(items[t] for t in sorted(items))]
    seen = [[[cell(row[k]) for k in sorted(row)] for row in table] for table in rows]
    return hashlib.sha256(json.dumps(seen, ensure_ascii=False).encode()).hexdigest()


def _figure_place(row: dict) -> str:
    return f"第{row[ID]}个数字（{row['原文写法']}）"


def open_items(
    draft: Draft,
    figures: list[dict],
    items: dict[str, list[dict]],
    catalog: Catalog,
) -> list[Open]:
    """What is still to fill (blocking) or to check, for the rows as edited now."""
    out: list[Open] = []
    drafted = {r[ID]: r for r in figure_rows(draft)}
    notes = _notes_by_row(draft)
    kept = [r for r in figures if r[KEEP]]
    codes = Counter(str(r["指标编码"] or "").strip() for r in kept)
    for row in kept:
        place = _figure_place(row)
        code = str(row["指标编码"] or "").strip()
        if not str(row["指标名称"] or "").strip():
            out.append(Open(place, "请填写指标名称", True))
        if not code:
            out.append(Open(place, "请填写指标编码（可选指标目录中的编码）", True))
        elif codes[code] > 1:
            out.append(Open(place, f"编码“{code}”与另一个保留的数字相同；请改为不同的编码", True))
        if _pillar(row) is None and not row["年度要点"]:
            out.append(Open(place, "请选择板块（年度要点可不选）", True))
        if not str(row["计量单位"] or "").strip():
            out.append(Open(place, "请填写计量单位（如 件、篇、人）", True))
        problem = _figure_problem(row)
        if problem:
            out.append(Open(place, problem, True))
        out += _checks(place, row, drafted[row[ID]], notes.get(("metrics", row[ID]), []))
        if code and code not in catalog and code != drafted[row[ID]]["指标编码"]:
            out.append(Open(place, f"编码“{code}”不在指标目录中：不参与单位间对比", False))
    for table, rows in items.items():
        drafted_items = {r[ID]: r for r in item_rows(draft, table)}
        for row in rows:
            if not row[KEEP]:
                continue
            where = f"第{row[ID]}条{_ITEM_LABEL[table]}（{str(row['内容'])[:16]}）"
            if _pillar(row) is None:
                out.append(Open(where, "请选择板块", True))
            out += _checks(where, row, drafted_items[row[ID]], notes.get((table, row[ID]), []))
    for mark in draft.marks:
        if mark.table in ("sections", "sources"):
            where = "板块简介" if mark.table == "sections" else "来源"
            out.append(Open(where, mark.note, False))
    return out


def _pillar(row: dict) -> str | None:
    return ID_BY_NAME.get(str(row["板块"]))


def _checks(place: str, row: dict, drafted: dict, notes: list[tuple[str, str]]) -> list[Open]:
    """The draft's notes on a row's guesses, until the guessed cell is changed; notes on
    empty cells are what the rules above ask to fill."""
    out = []
    for column, note in notes:
        label = next((k for k, v in FIGURE_COLUMNS.items() if v == column), "板块")
        if drafted.get(label) not in (None, "", NO_PILLAR) and row.get(label) == drafted[label]:
            out.append(Open(place, note, False))
    return out


def _notes_by_row(draft: Draft) -> dict[tuple[str, int], list[tuple[str, str]]]:
    out: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for mark in draft.marks:
        out.setdefault((mark.table, mark.index + 1), []).append((mark.column, mark.note))
    return out


def _figure_problem(row: dict) -> str | None:
    """The edited qualifier or unit against the figure as written (342件 is 件 and exact)."""
    try:
        figure = parse_figure(str(row["原文写法"]))
    except FigureError as err:
        return str(err)
    qualifier = _WORD_QUALIFIER.get(str(row["精确度"]), str(row["精确度"]))
    if qualifier != figure.qualifier:
        return (
            f"原文写法“{figure.text}”表示{schema.QUALIFIERS[figure.qualifier]}，"
            f"精确度不能选“{row['精确度']}”"
        )
    unit = str(row["计量单位"] or "").strip()
    if figure.unit and unit and unit != figure.unit:
        return f"原文写法“{figure.text}”的单位是“{figure.unit}”，计量单位不能填“{unit}”"
    return None


def reviewed_tables(
    draft: Draft, figures: list[dict], items: dict[str, list[dict]]
) -> dict[str, pa.Table]:
    """The draft's tables with the edits applied and the dropped rows left out."""
    tables = dict(draft.tables)
    drafted = draft.tables["metrics"].to_pylist()
    metrics = []
    for row in figures:
        if not row[KEEP]:
            continue
        rec = dict(drafted[row[ID] - 1])
        rec.update(
            name=str(row["指标名称"]).strip(),
            metric_id=str(row["指标编码"]).strip(),
            pillar_id=_pillar(row),
            headline=bool(row["年度要点"]),
            qualifier=_WORD_QUALIFIER.get(str(row["精确度"]), str(row["精确度"])),
            unit=str(row["计量单位"] or "").strip() or None,
            seq=len(metrics) + 1,
        )
        metrics.append(rec)
    tables["metrics"] = pa.Table.from_pylist(metrics, schema=schema.METRICS.schema)
    for table, rows in items.items():
        drafted_items = draft.tables[table].to_pylist()
        kept = []
        for row in rows:
            if row[KEEP]:
                rec = dict(drafted_items[row[ID] - 1])
                rec["pillar_id"] = _pillar(row)
                kept.append(rec)
        counts: Counter[str | None] = Counter()
        for rec in kept:
            counts[rec["pillar_id"]] += 1
            rec["seq"] = counts[rec["pillar_id"]]
        spec = schema.TABLES[table]
        tables[table] = pa.Table.from_pylist(kept, schema=spec.schema)
    return tables

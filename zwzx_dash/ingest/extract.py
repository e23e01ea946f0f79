"""From a yearly review article to a draft of the dashboard's tables.

The article is read as the source document is laid out: a title block, an opening
summary, numbered sections (`1 坚持党的领导 勠力打造“忠诚政协”`, `一、`, `（一）`), paragraphs
that open with a bold lead-in clause, and short standalone photo captions. Every figure
is found with its sentence (quoted verbatim), its text as written and its value, unit and
qualifier (article_figures); years, ordinals, slogans and codes are left out.

What a program cannot know is left for a person and marked (raw.Mark): a section whose
pillar is not named, a unit not in the list, a caption's pillar (photos sit where the page
layout put them), a new metric's code. The draft passes `validate` as it is; the 待核 list
says what is left to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyarrow as pa

from zwzx_dash.ingest.article import (
    Layout,
    article_text,
    assign_pillars,
    read_layout,
    source_id_for,
)
from zwzx_dash.ingest.article_figures import FoundFigure, find_all, fold_restatements, suggest_name
from zwzx_dash.ingest.draft_sections import draft_sections
from zwzx_dash.ingest.raw import InputRefused, Mark, Problem
from zwzx_dash.model import schema
from zwzx_dash.model.pillars import NAME_BY_ID, pillars_table
from zwzx_dash.model.schema import BOOL_WORDS, QUALIFIER_WORDS

_LEAD_IN = re.compile(r"^(?P<title>[^，。；：！？,;:]{2,30})。(?P<body>.+)$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


# ---------------------------------------------------------------- the draft


@dataclass
class Draft:
    tables: dict[str, pa.Table]
    marks: list[Mark]
    layout: Layout
    # Which org and year the draft is for, and where each came from: staff must see it
    # before a forgotten flag files a county's article under another org.
    scope: str = ""

    def count(self, table: str) -> int:
        return self.tables[table].num_rows

    @property
    def to_fill(self) -> list[Mark]:
        return [m for m in self.marks if self._cell(m) is None]

    @property
    def to_check(self) -> list[Mark]:
        return [m for m in self.marks if self._cell(m) is not None]

    def _cell(self, mark: Mark) -> object:
        return self.tables[mark.table][mark.column][mark.index].as_py()


_ORG = re.compile(
    r"([\u4e00-\u9fa5]{2,10}?(?:自治区|自治州|自治县|省|市|县|区|州|旗|盟))政协"
    r"|政协([\u4e00-\u9fa5]{2,10}?(?:自治区|自治州|自治县|省|市|县|区|州|旗|盟))委员会"
)


def detect_org(layout: Layout) -> str | None:
    """The CPPCC the review is by, as named in its title block or opening: 中卫市政协 from
    “……——中卫市政协2023年履职亮点回眸” or “政协中卫市委员会”."""
    opening = [p.text for p in layout.paragraphs if p.section == 0][:3]
    for text in layout.front + opening:
        m = _ORG.search(text)
        if m:
            return (m.group(1) or m.group(2)) + "政协"
    return None


def detect_year(layout: Layout) -> int | None:
    """The year the review is about: the first 2023年 of the title block or opening."""
    opening = [p.text for p in layout.paragraphs if p.section == 0][:3]
    for text in layout.front + opening:
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    return None


MAX_ROWS_PER_TABLE = 32_767  # 顺序 is an int16 in every table


def extract(
    text: str,
    *,
    file_name: str,
    org: str | None = None,
    year: int | None = None,
    known_metrics: pa.Table | None = None,
    known_sections: pa.Table | None = None,
    fallback_org: str | None = None,
) -> Draft:
    """The draft tables for one article. `known_metrics` lend their codes, names and
    topics to figures that match them by name and unit, so a metric keeps its code across
    years; `known_sections` (an earlier year's) lend their headings to find pillars."""
    layout = read_layout(text)
    assign_pillars(layout, known_sections)
    figures = fold_restatements(find_all(layout))
    if not figures:
        raise InputRefused([Problem(file_name, "原文中没有找到任何数字（如“342件”）")])
    if len(figures) > MAX_ROWS_PER_TABLE:
        raise InputRefused(
            [
                Problem(
                    file_name,
                    f"原文中找到 {len(figures):,} 个数字，超过一份草稿的上限 "
                    f"{MAX_ROWS_PER_TABLE:,} 个；请只放一篇报道的正文",
                )
            ]
        )
    detected = None if org else detect_org(layout)
    org_from = "指定" if org else "取自原文标题" if detected else "原文未写明，取自所选单位"
    org = org or detected or fallback_org
    if org is None:
        raise InputRefused(
            [Problem(file_name, "原文标题中看不出是哪个政协组织（如“中卫市政协”）；请指定单位")]
        )
    year_from = "指定" if year else "取自原文标题"
    year = year or detect_year(layout)
    if year is None:
        raise InputRefused([Problem(file_name, "原文没有写明年度（如“2024年”）；请指定年度")])
    if not schema.YEAR_MIN <= year <= schema.YEAR_MAX:
        raise InputRefused(
            [Problem(file_name, f"年度 {year} 不在 {schema.YEAR_MIN}–{schema.YEAR_MAX} 之间")]
        )
    source_id = source_id_for(file_name)
    marks: list[Mark] = []
    tables = {
        "metrics": _metrics(figures, layout, org, year, source_id, known_metrics, marks),
        "pillars": pillars_table(),
        "sections": draft_sections(layout, org, year, source_id, marks),
        "highlights": _highlights(layout, org, year, source_id, marks),
        "captions": _captions(layout, org, year, source_id, marks),
        "sources": pa.Table.from_pylist(
            [
                {
                    "source_id": source_id,
                    "org": org,
                    "year": year,
                    "title": layout.title or file_name,
                    "publisher": None,
                    "published": None,
                    "authors": layout.authors,
                    "text": text.strip(),
                }
            ],
            schema=schema.SOURCES.schema,
        ),
    }
    scope = f"单位：{org}（{org_from}）；年度：{year}年（{year_from}）"
    return Draft(tables, marks, layout, scope)


def _section_label(layout: Layout, index: int) -> str:
    section = layout.sections[index]
    return f"「{section.heading}」一节" if section.heading else "开头部分"


def _no_pillar_note(layout: Layout, index: int) -> str:
    section = layout.sections[index]
    if section.pillar_phrase:
        why = f"原文写“{section.pillar_phrase}”，不在板块表中"
    else:
        why = "原文没有“打造……政协”，标题也对不上板块"
    return f"{_section_label(layout, index)}：{why}；请选择所属板块"


def _metrics(
    figures: list[FoundFigure],
    layout: Layout,
    org: str,
    year: int,
    source_id: str,
    known: pa.Table | None,
    marks: list[Mark],
) -> pa.Table:
    references = _references(known, org)
    used: set[str] = set()
    rows = []
    for index, f in enumerate(figures):
        figure = f.found.figure
        ref = _matching_reference(f, references, used)
        metric_id = ref["metric_id"] if ref else f"metric_{index + 1:02d}"
        used.add(metric_id)
        if ref is None:
            marks.append(
                Mark(
                    "metrics",
                    index,
                    "metric_id",
                    "新指标（已有数据中没有同名同单位的指标）：名称是建议，编码请改为有意义的英文",
                )
            )
        if f.pillar_id is None and not f.headline:
            marks.append(Mark("metrics", index, "pillar_id", _no_pillar_note(layout, f.section)))
        if not figure.unit:
            word = f.sentence[f.found.end : f.found.end + 2]
            marks.append(
                Mark(
                    "metrics",
                    index,
                    "unit",
                    f"原文“{figure.text}{word}”的单位不在单位列表中；请填写",
                )
            )
        rows.append(
            {
                "org": org,
                "year": year,
                "metric_id": metric_id,
                "pillar_id": f.pillar_id,
                "name": ref["name"] if ref else suggest_name(f, f.sentence),
                "value": figure.value,
                "unit": figure.unit or None,
                "qualifier": figure.qualifier,
                "text": figure.text,
                "headline": f.headline,
                "topic": ref["topic"] if ref else None,
                "seq": index + 1,
                "source_id": source_id,
                "quote": f.sentence,
            }
        )
    return pa.Table.from_pylist(rows, schema=schema.METRICS.schema)


def _references(known: pa.Table | None, org: str) -> list[dict]:
    """The org's known metrics, latest year first (other orgs' when it has none)."""
    if known is None or known.num_rows == 0:
        return []
    rows = known.to_pylist()
    own = [r for r in rows if r["org"] == org] or rows
    return sorted(own, key=lambda r: -r["year"])


def _matching_reference(f: FoundFigure, references: list[dict], used: set[str]) -> dict | None:
    """A known metric with the same unit whose name is written in the figure's clause."""
    candidates = [
        r
        for r in references
        if r["unit"] == f.found.figure.unit and r["metric_id"] not in used and r["name"] in f.clause
    ]
    return max(candidates, key=lambda r: len(r["name"]), default=None)


def _highlights(layout: Layout, org: str, year: int, source_id: str, marks: list[Mark]) -> pa.Table:
    rows: list[dict] = []
    for paragraph in layout.paragraphs:
        lead_in = _LEAD_IN.match(paragraph.text)
        if lead_in is None or paragraph.section == 0:
            continue
        pillar = layout.sections[paragraph.section].pillar_id
        if pillar is None:
            marks.append(
                Mark(
                    "highlights", len(rows), "pillar_id", _no_pillar_note(layout, paragraph.section)
                )
            )
        rows.append(
            {
                "org": org,
                "year": year,
                "pillar_id": pillar,
                "seq": 0,
                "title": lead_in.group("title"),
                "body": lead_in.group("body"),
                "source_id": source_id,
            }
        )
    return pa.Table.from_pylist(_numbered(rows), schema=schema.HIGHLIGHTS.schema)


def _captions(layout: Layout, org: str, year: int, source_id: str, marks: list[Mark]) -> pa.Table:
    rows: list[dict] = []
    for section_index, caption in layout.captions:
        pillar = layout.sections[section_index].pillar_id
        where = _section_label(layout, section_index)
        if pillar is None:
            note = f"图片说明在{where}，无法确定板块；请选择所属板块"
        else:
            note = f"按版面位置归入{where}的板块；报纸上图片常不在所述内容旁边"
        marks.append(Mark("captions", len(rows), "pillar_id", note))
        rows.append(
            {
                "org": org,
                "year": year,
                "pillar_id": pillar,
                "seq": 0,
                "caption": caption,
                "photo": None,
                "source_id": source_id,
            }
        )
    return pa.Table.from_pylist(_numbered(rows), schema=schema.CAPTIONS.schema)


def _numbered(rows: list[dict]) -> list[dict]:
    """Number rows 1, 2, … within each pillar; rows whose pillar is still to be chosen
    come after every other number, so choosing any pillar cannot repeat a key."""
    counts: dict[str | None, int] = {}
    for row in rows:
        if row["pillar_id"] is not None:
            counts[row["pillar_id"]] = row["seq"] = counts.get(row["pillar_id"], 0) + 1
    last = max(counts.values(), default=0)
    for row in rows:
        if row["pillar_id"] is None:
            last = row["seq"] = last + 1
    return rows


def draft_from_upload(
    data: bytes,
    name: str,
    reference: dict[str, pa.Table],
    org: str | None = None,
    year: int | None = None,
    fallback_org: str | None = None,
) -> Draft:
    """The draft for an uploaded article. `reference` holds an earlier year's metrics
    (whose codes and names matching figures take) and sections (whose headings name
    pillars)."""
    return extract(
        article_text(data, name),
        file_name=name,
        org=org,
        year=year,
        known_metrics=reference["metrics"],
        known_sections=reference["sections"],
        fallback_org=fallback_org,
    )


def summary(draft: Draft) -> str:
    headline = sum(draft.tables["metrics"]["headline"].to_pylist())
    highlights = draft.count("highlights")
    return (
        f"指标 {draft.count('metrics')} 个（年度要点 {headline} 个）、亮点 {highlights} 条、"
        f"图片说明 {draft.count('captions')} 条；待填写 {len(draft.to_fill)} 处、"
        f"请核对 {len(draft.to_check)} 处（见“待核”）"
    )


def preview(draft: Draft) -> list[dict[str, object]]:
    """The drafted figures as staff read them, for a preview table."""
    return [
        {
            "板块": NAME_BY_ID.get(r["pillar_id"], ""),
            "指标名称": r["name"],
            "原文写法": r["text"],
            "精确度": QUALIFIER_WORDS[r["qualifier"]],
            "年度要点": BOOL_WORDS[r["headline"]],
            "原文语句": r["quote"],
        }
        for r in draft.tables["metrics"].to_pylist()
    ]

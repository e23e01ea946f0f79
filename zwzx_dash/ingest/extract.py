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

import dataclasses
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
from zwzx_dash.ingest.article_figures import (
    NOT_THE_YEARS,
    FoundFigure,
    find_all,
    fold_restatements,
)
from zwzx_dash.ingest.catalog import Catalog, default_catalog
from zwzx_dash.ingest.draft_items import draft_captions, draft_highlights
from zwzx_dash.ingest.draft_metrics import draft_metrics
from zwzx_dash.ingest.draft_sections import draft_sections
from zwzx_dash.ingest.raw import InputRefused, Mark, Problem
from zwzx_dash.model import schema
from zwzx_dash.model.pillars import pillars_table

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_NOT_A_DATE = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")


# ---------------------------------------------------------------- the draft


@dataclass
class Draft:
    tables: dict[str, pa.Table]
    marks: list[Mark]
    layout: Layout
    # Which org and year the draft is for, and where each came from: staff must see it
    # before a forgotten flag files a county's article under another org.
    scope: str = ""
    # Figures of a term (五年来…), kept out of the year's metrics and listed for review.
    term_figures: list[FoundFigure] = dataclasses.field(default_factory=list)

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
    r"|政协([\u4e00-\u9fa5]{2,10}?(?:自治区|自治州|自治县|省|市|县|区|州|旗|盟))"
    r"(?:第[一二三四五六七八九十]{1,3}届)?委员会"
)


def detect_org(layout: Layout) -> str | None:
    """The CPPCC the review is by, as named in its title block or opening: 中卫市政协 from
    “……——中卫市政协2023年履职亮点回眸”, “政协中卫市委员会” or “政协中卫市第五届委员会”."""
    opening = [p.text for p in layout.paragraphs if p.section == 0][:3]
    for text in layout.front + opening:
        m = _ORG.search(text)
        if m:
            whole = "".join(layout.front + [p.text for p in layout.paragraphs])
            return _most_said(m.group(1) or m.group(2), whole) + "政协"
    return None


def _most_said(place: str, text: str) -> str:
    """The place name without words that only happen to stand before it: of 也是中宁县 and
    its shorter endings (是中宁县, 中宁县), the one the text says most, longest on a tie."""
    suffix = re.search(r"(?:自治区|自治州|自治县|省|市|县|区|州|旗|盟)$", place)
    shortest = 2 + (len(suffix.group()) if suffix else 1)
    endings = [place[i:] for i in range(len(place) - shortest + 1)] or [place]
    return max(endings, key=lambda e: (text.count(e), len(e)))


def detect_year(layout: Layout) -> int | None:
    """The year the review is about: the first 2023年 of the title block or the first
    paragraphs that is not a date's (a report given on 2025年1月10日 reviews 2024); a
    date's year only when no other is written."""
    texts = layout.front + [p.text for p in layout.paragraphs[:3]]
    for pattern in (_YEAR_NOT_A_DATE, _YEAR):
        for text in texts:
            m = pattern.search(text)
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
    catalog: Catalog | None = None,
) -> Draft:
    """The draft tables for one article. `known_metrics` (the org's own earlier year) lend
    their codes, names and topics to figures that match them by name and unit, so a metric
    keeps its code across years; the catalog then names the standard figures, so that orgs
    compare; `known_sections` (an earlier year's) lend their headings to find pillars."""
    layout = read_layout(text)
    assign_pillars(layout, known_sections)
    year_figures, term_figures = find_all(layout, year or detect_year(layout))
    figures = fold_restatements(year_figures)
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
    catalog = default_catalog() if catalog is None else catalog
    metrics = draft_metrics(figures, layout, org, year, source_id, known_metrics, catalog, marks)
    tables = {
        "metrics": metrics,
        "pillars": pillars_table(),
        "sections": draft_sections(layout, org, year, source_id, marks),
        "highlights": draft_highlights(
            layout, org, year, source_id, marks, _summary(figures), metrics
        ),
        "captions": draft_captions(layout, org, year, source_id, marks),
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
    marks.append(Mark("sources", 0, "title", _title_note(layout, text)))
    if term_figures:
        listed = "、".join(f"“{f.found.figure.text}”" for f in term_figures[:12])
        note = (
            f"原文中 {len(term_figures)} 个数字是{NOT_THE_YEARS}：{listed}；"
            "未收入本年度的指标。确属本年度的，请在“指标”表中补上"
        )
        marks.append(Mark("sources", 0, "text", note))
    scope = f"单位：{org}（{org_from}）；年度：{year}年（{year_from}）"
    return Draft(tables, marks, layout, scope, term_figures)


def _summary(figures: list[FoundFigure]) -> set[int]:
    """The paragraphs holding the headline figures."""
    return {f.paragraph for f in figures if f.headline}


def _title_note(layout: Layout, text: str) -> str:
    if not layout.title:
        return "原文开头没有标题，暂用文件名；请改为报道的标题"
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    skipped = "" if layout.title.startswith(first) else f"（开头的“{first[:20]}”不是标题，已跳过）"
    return f"标题取自原文“{layout.title}”{skipped}；请核对"


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

"""The 亮点 and 图片说明 rows of a draft: work items from their lead sentences (bold or
not, after ●/■ bullets) and photo captions from short standalone lines, each in its
section's pillar or marked for a person to choose."""

from __future__ import annotations

import re
from collections import Counter

import pyarrow as pa

from zwzx_dash.ingest.article import BULLETS, Layout, Paragraph
from zwzx_dash.ingest.draft_metrics import no_pillar_note, section_label
from zwzx_dash.ingest.raw import Mark
from zwzx_dash.model import schema
from zwzx_dash.model.pillars import NAME_BY_ID

# A work item's lead sentence: 精准建言服务发展。…, ●建言资政有力度。…, 聚焦民生，办好实事：…
_LEAD_IN = re.compile(
    rf"^(?P<bullet>[{re.escape(BULLETS)}]\s*)?(?P<title>[^。；：！？]{{2,30}}?)[。：！](?P<body>.+)$"
)
_NOT_LEAD = re.compile(
    r"^(?:这一年|一年来|过去一年|新的一年|今年|全年|同时|此外|其中|20\d{2}年)|\d"
)


def lead_in(paragraph: Paragraph, in_body: bool) -> tuple[str, str] | None:
    """(title, body) as written when the paragraph opens with a work item's lead sentence:
    after a bullet always; otherwise, `in_body` (under a heading, or past the summary of an
    article without headings), a short sentence without figures or time words."""
    m = _LEAD_IN.match(paragraph.text)
    if m is None:
        return None
    title = m.group("title").strip()
    if not m.group("bullet") and (
        not in_body or _NOT_LEAD.search(title) or ("，" in title and len(title) > 20)
    ):
        return None
    raw = paragraph.raw_text
    return raw[m.start("title") : m.end("title")].strip(), raw[m.start("body") :].strip()


def draft_highlights(
    layout: Layout,
    org: str,
    year: int,
    source_id: str,
    marks: list[Mark],
    summary: set[int],
    metrics: pa.Table,
) -> pa.Table:
    """Work items; `summary` are the paragraphs of the opening summary (never items). An
    item under no pillar's heading takes the pillar most of its figures are in."""
    rows: list[dict] = []
    placed = [(m["quote"], m["pillar_id"]) for m in metrics.to_pylist() if m["pillar_id"]]
    for number, paragraph in enumerate(layout.paragraphs):
        in_body = paragraph.section != 0 or (not layout.has_headings and number > 0)
        found = None if number in summary else lead_in(paragraph, in_body)
        if found is None:
            continue
        pillar = layout.sections[paragraph.section].pillar_id
        if pillar is None:
            votes = Counter(p for quote, p in placed if quote in paragraph.raw_text)
            pillar = votes.most_common(1)[0][0] if votes else None
            note = (
                f"原文标题没有说板块，按其中数字的板块归入{NAME_BY_ID[pillar]}；请核对"
                if pillar
                else no_pillar_note(layout, paragraph.section, "其中也没有可归类的数字")
            )
            marks.append(Mark("highlights", len(rows), "pillar_id", note))
        rows.append(
            {
                "org": org,
                "year": year,
                "pillar_id": pillar,
                "seq": 0,
                "title": found[0],
                "body": found[1],
                "source_id": source_id,
            }
        )
    return pa.Table.from_pylist(_numbered(rows), schema=schema.HIGHLIGHTS.schema)


def draft_captions(
    layout: Layout, org: str, year: int, source_id: str, marks: list[Mark]
) -> pa.Table:
    rows: list[dict] = []
    for section_index, caption in layout.captions:
        pillar = layout.sections[section_index].pillar_id
        where = section_label(layout, section_index)
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
    """Number rows 1, 2, … in reading order across the table, not within each pillar: a
    number is then the row's key whatever pillar a person chooses for it (the 待核 list
    finds the row by it), and within a pillar the order is still the reading order."""
    for seq, row in enumerate(rows, start=1):
        row["seq"] = seq
    return rows

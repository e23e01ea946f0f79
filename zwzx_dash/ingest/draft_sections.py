"""The 板块 rows of a draft: what the article says of each of the five pillars.

A numbered section that names its pillar (`1 坚持党的领导 勠力打造“忠诚政协”`) gives the
pillar's section number, heading, slogan and opening paragraph, quoted as written. A
number the article skips (1, 2, 4, 5) is a section the text lost: when exactly one pillar
is left over, it is marked missing under that number. Every other pillar is drafted as
not in this document. Each guess is marked for a person to check."""

from __future__ import annotations

import re

import pyarrow as pa

from zwzx_dash.ingest.article import Layout
from zwzx_dash.ingest.raw import Mark
from zwzx_dash.model import schema
from zwzx_dash.model.numerals import chinese_to_number
from zwzx_dash.model.pillars import PILLARS

# A level-1 heading's number as article.py recognises it: `1 …` or `三、…`.
_NUMBER = re.compile(r"^(?:(?P<digits>\d{1,2})|(?P<chinese>[一二三四五六七八九十]{1,3})、)")
_SLOGAN = re.compile(r"\S*打造\s*\S*政协\S*")


def section_number(heading: str | None, ordinal: int) -> int:
    """The section's number as its heading writes it (1 …, 三、…), else its place."""
    m = _NUMBER.match(heading or "")
    if m is None:
        return ordinal
    return int(m["digits"]) if m["digits"] else chinese_to_number(m["chinese"])


def _heading_and_slogan(title: str) -> tuple[str | None, str | None]:
    m = _SLOGAN.search(title)
    if m is None:
        return title.strip() or None, None
    heading = (title[: m.start()] + title[m.end() :]).strip()
    return heading or None, m.group(0)


def draft_sections(
    layout: Layout, org: str, year: int, source_id: str, marks: list[Mark]
) -> pa.Table:
    first_paragraph: dict[int, str] = {}
    for p in layout.paragraphs:
        first_paragraph.setdefault(p.section, p.text)
    found: dict[str, dict] = {}
    numbers: list[int] = []
    top = [(i, s) for i, s in enumerate(layout.sections) if s.level == 1]
    for ordinal, (index, section) in enumerate(top, start=1):
        number = section_number(section.heading, ordinal)
        numbers.append(number)
        if section.pillar_id is None or section.pillar_id in found:
            continue
        heading, slogan = _heading_and_slogan(section.title)
        found[section.pillar_id] = {
            "section_no": number,
            "slogan": slogan,
            "heading": heading,
            "summary": first_paragraph.get(index),
            "source_status": "present",
        }
    left = [pillar_id for pillar_id, _, _ in PILLARS if pillar_id not in found]
    gaps = sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
    if len(left) == 1 and len(gaps) == 1:
        found[left[0]] = {"section_no": gaps[0], "source_status": "missing"}
    rows = []
    for index, (pillar_id, _, name) in enumerate(PILLARS):
        row = found.get(pillar_id, {"source_status": "none"})
        status = row["source_status"]
        if status == "present" and row["summary"] is not None:
            note = "已从原文摘出标题、口号和导语（该部分第一段）；请核对，导语不合适可删去"
            marks.append(Mark("sections", index, "summary", note))
        elif status == "present":
            # A mark on an empty cell asks for it to be filled; a section needs no 导语.
            note = "已从原文摘出标题和口号（该部分没有导语段）；请核对"
            marks.append(Mark("sections", index, "heading", note))
        elif status == "missing":
            note = f"原文跳过了第{row['section_no']}部分，推定为{name}且原文缺失；请核对"
            marks.append(Mark("sections", index, "source_status", note))
        else:
            note = f"原文中没有找到{name}这一部分；原文有而文字缺失时改为“原文缺失”"
            marks.append(Mark("sections", index, "source_status", note))
        rows.append(
            {
                "org": org,
                "year": year,
                "pillar_id": pillar_id,
                "section_no": row.get("section_no"),
                "slogan": row.get("slogan"),
                "heading": row.get("heading"),
                "summary": row.get("summary"),
                "source_status": status,
                "source_id": source_id,
            }
        )
    return pa.Table.from_pylist(rows, schema=schema.SECTIONS.schema)

"""From a yearly review article to a draft of the dashboard's tables.

The article is read as the source document is laid out: a title block, an opening
summary, numbered sections (`1 坚持党的领导 勠力打造“忠诚政协”`, `一、`, `（一）`), paragraphs
that open with a bold lead-in clause, and short standalone photo captions. Every figure
is found with its sentence (quoted verbatim), its text as written and its value, unit and
qualifier (numerals.find_figures); years, ordinals, slogans and codes are left out.

What a program cannot know is left for a person and marked (raw.Mark): a section whose
pillar is not named, a unit not in the list, a caption's pillar (photos sit where the page
layout put them), a new metric's code. The draft passes `validate` as it is; the 待核 list
says what is left to do.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from . import schema, workbook
from .export import write_csv_folder, write_review_csv
from .numerals import LONE_WORDS, Found, find_figures
from .raw import InputRefused, Mark, Problem

MAX_ARTICLE_BYTES = 2 * 1024 * 1024

# Well-known set phrases that hold a numeral and a counting word but count nothing.
SET_PHRASES = (
    "八项规定",
    "三个代表",
    "四个意识",
    "四个自信",
    "四个全面",
    "两个维护",
    "两个确立",
    "两个务必",
    "五个示范市",
)
_QUOTES = {"“": "”", "《": "》", "‘": "’", "「": "」", "『": "』", '"': '"'}
_MAX_QUOTED = 24  # a longer “…” is speech, not a name or slogan
_TERMINALS = "。！？"
_CLOSERS = "”’」』）)"
_CODE_NEIGHBOURS = "+＋-－/／"
_NAME_BOUNDARIES = "，。；：！？、（("
_LEADING_WORDS = ("一年来", "这一年", "全年", "先后", "累计", "其中", "共", "还", "并", "又", "已")

_HEADINGS = (
    (1, re.compile(r"^\d{1,2}(?:[ \u3000]+|[.．、](?!\d))(?P<title>\S.*)$")),
    (1, re.compile(r"^[一二三四五六七八九十]{1,3}、(?P<title>\S.*)$")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)](?P<title>\S.*)$")),
)
_PILLAR_PHRASE = re.compile(r"打造\s*[“\"「]?(?P<name>[^“”\"「」\s，。]{1,6}?政协)")
_LEAD_IN = re.compile(r"^(?P<title>[^，。；：！？,;:]{2,30})。(?P<body>.+)$")
_BYLINE = re.compile(r"^(?:本报)?(?:特约)?(?:记者|通讯员|作者)[：:\s]*(?P<names>.+)$")
_ORG_SUBJECT = re.compile(r"^[\u4e00-\u9fff]{2,5}[省市县区]政协(?=\S{2})")  # 中卫市政协收到提案
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


# ---------------------------------------------------------------- the article as text


def article_text(data: bytes, name: str) -> str:
    """The article's text; refuses (InputRefused, in Chinese) what is empty, too large,
    binary or not UTF-8."""

    def refuse(message: str) -> InputRefused:
        return InputRefused([Problem(name, message)])

    if len(data) > MAX_ARTICLE_BYTES:
        raise refuse(f"文件超过 {MAX_ARTICLE_BYTES // 2**20} MB 上限；请只放一篇报道的正文")
    if b"\0" in data:
        raise refuse("不是文本文件（含二进制内容）；请提供 .txt 文本")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse("不是 UTF-8 编码的文本；请用记事本或 WPS 另存为 UTF-8 的 .txt") from None
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f" for ch in text):
        raise refuse("含有控制字符，不像一篇文本报道；请提供 .txt 文本")
    if not text.strip():
        raise refuse("文件是空的，没有任何文字")
    return text


def read_article(path: Path) -> str:
    path = Path(path)
    if not path.is_file():
        raise InputRefused([Problem(str(path), "找不到这个文件")])
    if path.stat().st_size > MAX_ARTICLE_BYTES:
        raise InputRefused([Problem(path.name, f"文件超过 {MAX_ARTICLE_BYTES // 2**20} MB 上限")])
    return article_text(path.read_bytes(), path.name)


def source_id_for(file_name: str) -> str:
    """A source id from the article's file name: zw-cppcc-2023-review.txt → zw-cppcc-2023-review."""
    stem = unicodedata.normalize("NFKC", Path(file_name).stem).strip().lower()
    return re.sub(r"\s+", "-", stem) or "article"


# ---------------------------------------------------------------- layout


@dataclass
class Section:
    heading: str | None  # the heading line as written; None for the opening
    title: str  # the heading without its number
    level: int  # 0 the opening, 1 `1 …`/`一、`, 2 `（一）`
    pillar_id: str | None = None
    pillar_phrase: str | None = None  # 打造“X政协” as written, when found


@dataclass
class Paragraph:
    section: int
    lines: list[str] = field(default_factory=list)  # continued across page breaks

    @property
    def text(self) -> str:
        return "".join(self.lines)


@dataclass
class Layout:
    title: str
    authors: str | None
    front: list[str]  # title block lines
    sections: list[Section]
    paragraphs: list[Paragraph]
    captions: list[tuple[int, str]]  # (section, caption)


def heading_of(line: str) -> tuple[int, str] | None:
    """(level, title) when the line is a numbered section heading."""
    for level, pattern in _HEADINGS:
        m = pattern.match(line)
        if m:
            title = m.group("title").strip()
            if len(title) <= 40 and "。" not in title.rstrip("。"):
                return level, title
    return None


def is_caption(line: str) -> bool:
    """A photo caption: a short standalone line of one sentence, no clauses."""
    if not 4 <= len(line) <= 40 or line[0] in "(（[【—-":
        return False
    if any(ch in line for ch in "，；：,;:") or heading_of(line):
        return False
    body = line.rstrip("。！")
    return not any(ch in body for ch in _TERMINALS + "…")


def _is_credit(line: str) -> bool:
    """(本版图片由中卫市政协提供) and the like: a bracketed line."""
    return line[0] in "(（" and line[-1] in ")）" and heading_of(line) is None


def ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS)[-1:] in _TERMINALS + "…"


def read_layout(text: str) -> Layout:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    front, authors = _title_block(lines)
    sections = [Section(None, "", 0)]
    paragraphs: list[Paragraph] = []
    captions: list[tuple[int, str]] = []
    open_paragraph: Paragraph | None = None
    for line in lines[len(front) :]:
        heading = heading_of(line)
        if heading is not None:
            sections.append(Section(line, heading[1], heading[0]))
            open_paragraph = None
        elif is_caption(line):
            captions.append((len(sections) - 1, line))  # may interrupt a paragraph
        elif _is_credit(line):
            continue
        else:
            if open_paragraph is None:
                open_paragraph = Paragraph(len(sections) - 1)
                paragraphs.append(open_paragraph)
            open_paragraph.lines.append(line)
            if ends_sentence(line):
                open_paragraph = None
    return Layout(_title(front), authors, front, sections, paragraphs, captions)


def _title(front: list[str]) -> str:
    """The title with its subtitle (——…) when there is one; empty without a title block."""
    if len(front) > 1 and front[1].startswith("—"):
        return front[0] + front[1]
    return front[0] if front else ""


def _title_block(lines: list[str]) -> tuple[list[str], str | None]:
    """The title, a subtitle (——…) and a byline (本报记者 …) at the top, and the authors."""
    if not lines or ends_sentence(lines[0]) or heading_of(lines[0]) or len(lines[0]) > 60:
        return [], None
    front = [lines[0]]
    if len(lines) > 1 and lines[1].startswith("—"):
        front.append(lines[1])
    authors = None
    if len(lines) > len(front):
        byline = _BYLINE.match(lines[len(front)])
        if byline:
            front.append(lines[len(front)])
            authors = byline.group("names").strip()
    return front, authors


def assign_pillars(layout: Layout, pillars: pa.Table) -> None:
    """Each section's pillar: from 打造“X政协” in its heading or first paragraph, else
    from a heading that names a pillar or its section heading; a （一） section inherits
    its enclosing section's pillar. Left None when nothing says."""
    by_name = dict(zip(pillars["name"].to_pylist(), pillars["pillar_id"].to_pylist(), strict=True))
    by_heading = {
        h: p
        for h, p in zip(
            pillars["heading"].to_pylist(), pillars["pillar_id"].to_pylist(), strict=True
        )
        if h
    }
    first_paragraph = {}
    for p in layout.paragraphs:
        first_paragraph.setdefault(p.section, p.text)
    parent: Section | None = None
    for index, section in enumerate(layout.sections):
        if section.level == 0:
            continue
        phrase = _PILLAR_PHRASE.search(section.title) or _PILLAR_PHRASE.search(
            first_paragraph.get(index, "")
        )
        if phrase:
            section.pillar_phrase = phrase.group("name")
            section.pillar_id = by_name.get(phrase.group("name"))
        else:
            named = [p for n, p in by_name.items() if n in section.title]
            headed = [p for h, p in by_heading.items() if h in section.title]
            section.pillar_id = (named or headed or [None])[0]
        if section.level == 1:
            parent = section
        elif section.pillar_id is None and section.pillar_phrase is None and parent:
            section.pillar_id = parent.pillar_id


# ---------------------------------------------------------------- figures


@dataclass
class FoundFigure:
    found: Found
    sentence: str
    section: int
    fragment: str  # the words before the figure in its clause: 收到提案
    clause: str  # the clause around the figure, for matching known metrics
    headline: bool
    pillar_id: str | None


def sentences(line: str) -> list[str]:
    """The line cut after 。！？ or ……, closing quotes kept with their sentence."""
    out, start, i = [], 0, 0
    while i < len(line):
        if line[i] in _TERMINALS + "…":
            i += 1
            while i < len(line) and line[i] in _CLOSERS + "…":
                i += 1
            out.append(line[start:i])
            start = i
        else:
            i += 1
    if line[start:].strip():
        out.append(line[start:])
    return out


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Short stretches in “…” or 《…》: names, slogans, titles."""
    spans, i = [], 0
    while i < len(text):
        close = _QUOTES.get(text[i])
        end = text.find(close, i + 1) if close else -1
        if close and 0 < end - i <= _MAX_QUOTED:
            spans.append((i, end + 1))
            i = end + 1
        else:
            i += 1
    return spans


def not_a_figure(text: str, found: Found, quoted: list[tuple[int, int]]) -> str | None:
    """Why a stretch that reads as a figure counts nothing, or None when it is a figure."""
    before = text[found.start - 1] if found.start else ""
    after = text[found.end] if found.end < len(text) else ""
    if before == "第":
        return "序数"
    if before in ("数", "几", "若"):
        return "约略说法（数十次）"
    if found.numeral in LONE_WORDS:
        return "普通词语（一份份、千家万户）"
    if (
        before in _CODE_NEIGHBOURS
        or after in _CODE_NEIGHBOURS
        or (before.isascii() and before.isalnum())
    ):
        return "编号（1+37+8）"
    if any(start <= found.start < end for start, end in quoted):
        return "引号或书名号中的名称、口号"
    if any(text.startswith(phrase, found.start) for phrase in SET_PHRASES):
        return "固定提法"
    return None


def figures_in(line: str) -> list[tuple[str, Found]]:
    """(sentence, figure) for every figure in a line, positions relative to the sentence."""
    quoted = quoted_spans(line)
    out = []
    offset = 0
    for sentence in sentences(line):
        for found in find_figures(sentence):
            shifted = Found(offset + found.start, offset + found.end, found.figure, found.numeral)
            if not_a_figure(line, shifted, quoted) is None:
                out.append((sentence, found))
        offset += len(sentence)
    return out


def _fragment(sentence: str, start: int, previous_end: int) -> str:
    """The words before a figure back to the previous figure or clause boundary, without
    the organisation as subject or connecting words: 一年来，中卫市政协收到提案 → 收到提案."""
    head = sentence[previous_end:start]
    cut = max(head.rfind(ch) for ch in _NAME_BOUNDARIES)
    fragment = head[cut + 1 :].strip()
    fragment = _ORG_SUBJECT.sub("", fragment)
    for word in _LEADING_WORDS:
        if fragment.startswith(word) and len(fragment) > len(word) + 1:
            fragment = fragment[len(word) :]
    return fragment


def _clause(sentence: str, found: Found) -> str:
    start = max(sentence.rfind(ch, 0, found.start) for ch in "，。；：！？")
    ends = [i for i in (sentence.find(ch, found.end) for ch in "，。；：！？") if i != -1]
    return sentence[start + 1 : min(ends, default=len(sentence))]


def suggest_name(figure: FoundFigure, sentence: str) -> str:
    """The figure's name from its clause: what comes before it, or, when that is only a
    verb (举办两期委员专题培训班), with the words that follow it."""
    name = figure.fragment
    if len(name) <= 2 or name.endswith("的"):
        after = re.split(rf"[{_NAME_BOUNDARIES}]", sentence[figure.found.end :], maxsplit=1)[0]
        name = name.removesuffix("的") + after[:10]
    return name or figure.found.figure.text


def find_all(layout: Layout) -> list[FoundFigure]:
    """Every figure of the article in reading order; those of the opening summary (before
    the first heading) are the headline figures when the article has headings."""
    has_headings = len(layout.sections) > 1
    out = []
    for paragraph in layout.paragraphs:
        section = layout.sections[paragraph.section]
        for line in paragraph.lines:
            previous: dict[str, int] = {}
            for sentence, found in figures_in(line):
                fragment = _fragment(sentence, found.start, previous.get(sentence, 0))
                previous[sentence] = found.end
                out.append(
                    FoundFigure(
                        found=found,
                        sentence=sentence,
                        section=paragraph.section,
                        fragment=fragment,
                        clause=_clause(sentence, found),
                        headline=has_headings and section.level == 0,
                        pillar_id=section.pillar_id,
                    )
                )
    return out


def _shares_words(a: str, b: str) -> bool:
    return any(a[i : i + 2] in b for i in range(len(a) - 1))


def fold_restatements(figures: list[FoundFigure]) -> list[FoundFigure]:
    """A section that repeats a headline figure (形成调研报告24篇 after 调研报告24篇 in the
    opening) gives the headline figure its pillar instead of a second row."""
    headline = [f for f in figures if f.headline]
    out = []
    for f in figures:
        if not f.headline:
            key = (f.found.figure.value, f.found.figure.unit, f.found.figure.qualifier)
            same = [
                h
                for h in headline
                if (h.found.figure.value, h.found.figure.unit, h.found.figure.qualifier) == key
                and _shares_words(h.fragment, f.fragment)
            ]
            if same:
                if same[0].pillar_id is None:
                    same[0].pillar_id = f.pillar_id
                continue
        out.append(f)
    return out


# ---------------------------------------------------------------- the draft


@dataclass
class Draft:
    tables: dict[str, pa.Table]
    marks: list[Mark]
    layout: Layout

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


def detect_year(layout: Layout) -> int | None:
    """The year the review is about: the first 2023年 of the title block or opening."""
    opening = [p.text for p in layout.paragraphs if p.section == 0][:3]
    for text in layout.front + opening:
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    return None


def extract(
    text: str,
    *,
    file_name: str,
    pillars: pa.Table,
    org: str = schema.DEFAULT_ORG,
    year: int | None = None,
    known_metrics: pa.Table | None = None,
) -> Draft:
    """The draft tables for one article. `pillars` are the live pillars (the draft keeps
    them as they are); `known_metrics` lend their codes, names and topics to figures that
    match them by name and unit, so a metric keeps its code across years."""
    layout = read_layout(text)
    assign_pillars(layout, pillars)
    figures = fold_restatements(find_all(layout))
    if not figures:
        raise InputRefused([Problem(file_name, "原文中没有找到任何数字（如“342件”）")])
    year = year or detect_year(layout)
    if year is None:
        raise InputRefused([Problem(file_name, "原文没有写明年度（如“2024年”）；请指定年度")])
    source_id = source_id_for(file_name)
    marks: list[Mark] = []
    tables = {
        "metrics": _metrics(figures, layout, org, year, source_id, known_metrics, marks),
        "pillars": pillars.select(schema.PILLARS.column_names).cast(schema.PILLARS.schema),
        "highlights": _highlights(layout, org, year, source_id, marks),
        "captions": _captions(layout, org, year, source_id, marks),
        "sources": pa.Table.from_pylist(
            [
                {
                    "source_id": source_id,
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
    return Draft(tables, marks, layout)


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
    data: bytes, name: str, reference: dict[str, pa.Table], org: str, year: int | None = None
) -> Draft:
    """The draft for an uploaded article. `reference` holds the live pillars and the
    metrics whose codes and names matching figures take (an earlier year's)."""
    return extract(
        article_text(data, name),
        file_name=name,
        pillars=reference["pillars"],
        org=org,
        year=year,
        known_metrics=reference["metrics"],
    )


# ---------------------------------------------------------------- writing the draft


def write_draft(draft: Draft, out: Path) -> None:
    """The draft as a workbook when OUT ends in .xlsx (written whole or not at all),
    otherwise as a CSV folder with its 待核 list in review.csv."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        partial = out.with_name(f".{out.name}.partial")
        try:
            workbook.write_draft(partial, draft.tables, draft.marks)
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)
    else:
        write_csv_folder(out, draft.tables)
        write_review_csv(out, draft.marks)


def draft_workbook_bytes(draft: Draft) -> bytes:
    buffer = io.BytesIO()
    workbook.write_draft(buffer, draft.tables, draft.marks)
    return buffer.getvalue()


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
    names = dict(
        zip(
            draft.tables["pillars"]["pillar_id"].to_pylist(),
            draft.tables["pillars"]["name"].to_pylist(),
            strict=True,
        )
    )
    return [
        {
            "板块": names.get(r["pillar_id"], ""),
            "指标名称": r["name"],
            "原文写法": r["text"],
            "精确度": workbook.QUALIFIER_WORDS[r["qualifier"]],
            "年度要点": workbook.BOOL_WORDS[r["headline"]],
            "原文语句": r["quote"],
        }
        for r in draft.tables["metrics"].to_pylist()
    ]

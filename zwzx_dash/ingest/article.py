"""A yearly review article as it is laid out: decoded text, a title block, an opening
summary, numbered sections (`1 坚持党的领导 勠力打造“忠诚政协”`, `一、`, `（一）`), paragraphs
that open with a bold lead-in clause, and short standalone photo captions; and the pillar
each section names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from zwzx_dash.ingest.raw import InputRefused, Problem
from zwzx_dash.model.pillars import ID_BY_NAME, pillar_named_in

MAX_ARTICLE_BYTES = 2 * 1024 * 1024
_HEADINGS = (
    (1, re.compile(r"^\d{1,2}(?:[ \u3000]+|[.．、](?!\d))(?P<title>\S.*)$")),
    (1, re.compile(r"^[一二三四五六七八九十]{1,3}、(?P<title>\S.*)$")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)](?P<title>\S.*)$")),
)
_PILLAR_PHRASE = re.compile(r"打造\s*[“\"「]?(?P<name>[^“”\"「」\s，。]{1,6}?政协)")
_BYLINE = re.compile(
    r"^[（(【]?(?:本报|本刊|本网)?(?:特约)?(?:记者|通讯员|作者|文/?图?|撰稿)[）)】]?"
    r"[：:\s]*(?P<names>[^，。；！？]{2,30})$"
)
# Lines at the top that are not the title: 摘要, 来源, 发布时间, 编者按, a date.
_FRONT_MATTER = re.compile(
    r"^[【\[（(]?(?:摘要|内容摘要|导读|编者按|来源|发布时间|发布日期|时间|责任编辑|编辑)[】\]）)]?[：:\s]"
    r"|^[【\[]?(?:摘要|导读|编者按)[】\]]"
    r"|^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s|$)"
    # an account and date line under a web or WeChat title: 银川市政协 2025-01-15 18:30 宁夏
    r"|^(?=.{0,40}$)[^。！？]*\d{4}-\d{1,2}-\d{1,2}"
)
_SUMMARY = ("摘要", "内容摘要", "导读", "编者按")  # text, not title: kept as a paragraph
BULLETS = "●■◆▲★◇□○•·"
TERMINALS = "。！？"
CLOSERS = "”’」』）)"
# ASCII punctuation as web copies write it, read as its full-width form (same length, so
# what is found in the view is sliced from the text as written).
_ASCII_PUNCTUATION = str.maketrans(",;:!?()", "，；：！？（）")
_BETWEEN_DIGITS = re.compile(r"(?<=\d)[,.](?=\d)")


def punctuation_view(line: str) -> str:
    """The line with ASCII , ; : ! ? ( ) read as ，；：！？（）, and a full stop after a Chinese
    character read as 。; commas and points between digits (1,290, 2.83) kept."""
    view = line.translate(_ASCII_PUNCTUATION)
    for m in _BETWEEN_DIGITS.finditer(line):
        view = view[: m.start()] + line[m.start()] + view[m.end() :]
    return re.sub(r"(?<=[\u4e00-\u9fff”’）])\.(?!\d)", "。", view)


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
    level: int  # 0 the opening, 1 `1 …`/`一、`/an unnumbered heading line, 2 `（一）`
    pillar_id: str | None = None
    pillar_phrase: str | None = None  # 打造“X政协” as written, when found
    period: bool = False  # 五年来工作回顾: its figures are the term's, not the year's


@dataclass
class Paragraph:
    section: int
    lines: list[str] = field(default_factory=list)  # punctuation_view of each line
    raw: list[str] = field(default_factory=list)  # the same lines as written

    @property
    def text(self) -> str:
        return "".join(self.lines)

    @property
    def raw_text(self) -> str:
        return "".join(self.raw)

    @property
    def bulleted(self) -> bool:
        return self.text[:1] in BULLETS


@dataclass
class Layout:
    title: str
    authors: str | None
    front: list[str]  # title block lines
    sections: list[Section]
    paragraphs: list[Paragraph]
    captions: list[tuple[int, str]]  # (section, caption)

    @property
    def has_headings(self) -> bool:
        return len(self.sections) > 1


_PERIOD_HEADING = re.compile(r"五年|本届|届以来|过去\S{0,2}年工作|任期")


def heading_of(line: str) -> tuple[int, str] | None:
    """(level, title) when the line is a numbered section heading."""
    for level, pattern in _HEADINGS:
        m = pattern.match(line)
        if m:
            title = m.group("title").strip()
            if len(title) <= 40 and "。" not in title.rstrip("。"):
                return level, title
    bracketed = re.match(r"^[【\[](?P<title>[^】\]]{2,20})[】\]]$", line)
    if bracketed and not _FRONT_MATTER.match(line):
        return 1, bracketed.group("title")
    return None


def is_unnumbered_heading(line: str) -> bool:
    """A short line with no closing punctuation standing between paragraphs: 坚持党的领导，
    打造忠诚政协. (A line broken by the page layout is long or continues a sentence.)"""
    return (
        2 <= len(line) <= 30
        and not ends_sentence(line)
        and line[0] not in BULLETS + "(（"
        and line.rstrip(CLOSERS)[-1:] not in "，、；：,;:"
    )


def is_caption(line: str, unpunctuated: bool = False) -> bool:
    """A photo caption: a short standalone line of one sentence, no clauses, ending in
    。 or ！ — or, `unpunctuated`, without them (in an article whose headings are
    numbered, such a line is not a heading)."""
    if not 4 <= len(line) <= 40 or line[0] in "(（[【—-" + BULLETS:
        return False
    if any(ch in line for ch in "，；：,;:") or heading_of(line):
        return False
    body = line.rstrip("。！")
    ends = body != line or (unpunctuated and line[-1] not in CLOSERS + "、")
    return ends and not any(ch in body for ch in TERMINALS + "…")


def _is_credit(line: str) -> bool:
    """(本版图片由中卫市政协提供) and the like: a bracketed line."""
    return line[0] in "(（" and line[-1] in ")）" and heading_of(line) is None


def _ends_statement(line: str) -> bool:
    """A first line that ends a sentence is text, unless it is a short exclamation or
    question: a web or WeChat headline (银川市政协2024年履职答卷，请查收！)."""
    exclaims = line.rstrip(CLOSERS)[-1:] in "！？!?" and len(line) <= 40
    return ends_sentence(line) and not exclaims


def ends_sentence(line: str) -> bool:
    return line.rstrip(CLOSERS)[-1:] in TERMINALS + "…"


def read_layout(text: str) -> Layout:
    raw_lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines = [punctuation_view(line) for line in raw_lines]
    front, title, authors = _title_block(lines, raw_lines)
    sections = [Section(None, "", 0)]
    paragraphs: list[Paragraph] = []
    captions: list[tuple[int, str]] = []
    open_paragraph: Paragraph | None = None
    # An article that numbers its headings does not also use unnumbered ones: a short
    # line without closing punctuation there is a photo caption.
    numbered = any(heading_of(line) for i, line in enumerate(lines) if i not in front)
    for i, (line, raw) in enumerate(zip(lines, raw_lines, strict=True)):
        if i in front:
            continue
        heading = heading_of(line)
        last = i == len(lines) - 1
        if (
            heading is None
            and open_paragraph is None
            and not last
            and not numbered
            and is_unnumbered_heading(line)
        ):
            heading = (1, line)
        if heading is not None:
            period = bool(_PERIOD_HEADING.search(heading[1]))
            sections.append(Section(raw, heading[1], heading[0], period=period))
            open_paragraph = None
        elif is_caption(line, unpunctuated=numbered and open_paragraph is None):
            captions.append((len(sections) - 1, raw))  # may interrupt a paragraph
        elif _is_credit(line):
            continue
        else:
            if open_paragraph is None or line[0] in BULLETS:
                open_paragraph = Paragraph(len(sections) - 1)
                paragraphs.append(open_paragraph)
            open_paragraph.lines.append(line)
            open_paragraph.raw.append(raw)
            if ends_sentence(line):
                open_paragraph = None
    front_lines = [raw_lines[i] for i in sorted(front)]
    return Layout(title, authors, front_lines, sections, paragraphs, captions)


def _title_block(lines: list[str], raw: list[str]) -> tuple[set[int], str, str | None]:
    """The lines of the title block (title, a ——subtitle, bylines, dates, sources), the
    title with its subtitle, and the authors. 摘要 is not the title: it stays as text."""
    front: set[int] = set()
    title, authors = "", None
    for i, line in enumerate(lines[:6]):
        byline = _BYLINE.match(line)
        summary = line.lstrip("【[（(").startswith(_SUMMARY)
        if byline:
            front.add(i)
            authors = authors or byline.group("names").strip()
        elif summary:
            continue
        elif _FRONT_MATTER.match(line):
            front.add(i)
        elif title and line.startswith("—") and i - 1 in front:
            front.add(i)
            title += raw[i]
        elif title or _ends_statement(line) or heading_of(line) or len(line) > 60:
            break
        else:
            front.add(i)
            title = raw[i]
    return front, title, authors


def assign_pillars(layout: Layout, known_sections: pa.Table | None = None) -> None:
    """Each section's pillar: from 打造“X政协” in its heading or first paragraph, else
    from a heading that names a pillar or that a known section (an earlier year's) has,
    else from the words of one pillar in its heading (pillars.HEADING_WORDS);
    a （一） section inherits its enclosing section's pillar. Left None when nothing says."""
    by_name = ID_BY_NAME
    by_heading = {}
    if known_sections is not None:
        for row in known_sections.select(["heading", "pillar_id"]).to_pylist():
            if row["heading"]:
                by_heading.setdefault(row["heading"], row["pillar_id"])
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
            worded = [pillar_named_in(section.title)] if not section.period else []
            section.pillar_id = (named or headed or [p for p in worded if p] or [None])[0]
        if section.level == 1:
            parent = section
        elif section.pillar_id is None and section.pillar_phrase is None and parent:
            section.pillar_id = parent.pillar_id

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
from zwzx_dash.model.pillars import ID_BY_NAME

MAX_ARTICLE_BYTES = 2 * 1024 * 1024
_HEADINGS = (
    (1, re.compile(r"^\d{1,2}(?:[ \u3000]+|[.．、](?!\d))(?P<title>\S.*)$")),
    (1, re.compile(r"^[一二三四五六七八九十]{1,3}、(?P<title>\S.*)$")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)](?P<title>\S.*)$")),
)
_PILLAR_PHRASE = re.compile(r"打造\s*[“\"「]?(?P<name>[^“”\"「」\s，。]{1,6}?政协)")
_BYLINE = re.compile(r"^(?:本报)?(?:特约)?(?:记者|通讯员|作者)[：:\s]*(?P<names>.+)$")
TERMINALS = "。！？"
CLOSERS = "”’」』）)"


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
    return not any(ch in body for ch in TERMINALS + "…")


def _is_credit(line: str) -> bool:
    """(本版图片由中卫市政协提供) and the like: a bracketed line."""
    return line[0] in "(（" and line[-1] in ")）" and heading_of(line) is None


def ends_sentence(line: str) -> bool:
    return line.rstrip(CLOSERS)[-1:] in TERMINALS + "…"


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


def assign_pillars(layout: Layout, known_sections: pa.Table | None = None) -> None:
    """Each section's pillar: from 打造“X政协” in its heading or first paragraph, else
    from a heading that names a pillar or that a known section (an earlier year's) has;
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
            section.pillar_id = (named or headed or [None])[0]
        if section.level == 1:
            parent = section
        elif section.pillar_id is None and section.pillar_phrase is None and parent:
            section.pillar_id = parent.pillar_id

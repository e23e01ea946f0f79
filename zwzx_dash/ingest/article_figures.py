"""The figures of an article: every number with its sentence (quoted verbatim), its text
as written and its value, unit and qualifier (numerals.find_figures); years, ordinals,
slogans and codes left out; a suggested name; restatements of one figure folded into one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zwzx_dash.ingest.article import CLOSERS, TERMINALS, Layout
from zwzx_dash.model.numerals import LONE_WORDS, Found, find_figures

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
_CODE_NEIGHBOURS = "+＋-－/／"
_NAME_BOUNDARIES = "，。；：！？、（("
_LEADING_WORDS = ("一年来", "这一年", "全年", "先后", "累计", "其中", "共", "还", "并", "又", "已")
_ORG_SUBJECT = re.compile(r"^[\u4e00-\u9fff]{2,5}[省市县区]政协(?=\S{2})")  # 中卫市政协收到提案


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
        if line[i] in TERMINALS + "…":
            i += 1
            while i < len(line) and line[i] in CLOSERS + "…":
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

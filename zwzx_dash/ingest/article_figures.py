"""The figures of an article: every number with its sentence (quoted verbatim), its text
as written and its value, unit and qualifier (numerals.find_figures); years, ordinals,
slogans and codes left out; a suggested name; restatements of one figure folded into one."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from zwzx_dash.ingest.article import BULLETS, CLOSERS, TERMINALS, Layout, Paragraph
from zwzx_dash.model.numerals import LONE_WORDS, UNITS, Found, find_figures

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
_LEADING_WORDS = (
    "一年来",
    "这一年",
    "全年",
    "先后",
    "累计",
    "其中",
    "此外",
    "共",
    "还",
    "并",
    "又",
    "已",
)
_TRAILING_WORDS = (
    "总计",
    "累计",
    "合计",
    "共计",
    "共",
    "达到",
    "达",
    "计",
    "约",
    "近",
    "超过",
    "了",
    "各",
)
# A bare verb names nothing: 开展了12次 → the words after the figure say what.
_BARE_VERBS = frozenset(
    [
        "开展",
        "举办",
        "组织",
        "召开",
        "提出",
        "形成",
        "收到",
        "完成",
        "参加",
        "参与",
        "接待",
        "编发",
        "编印",
        "出版",
        "提交",
        "报送",
        "撰写",
        "征集",
        "走访",
        "慰问",
        "办理",
        "办结",
        "解决",
        "协调",
        "推动",
        "落实",
        "建立",
        "设立",
        "培训",
        "发放",
        "捐赠",
        "帮助",
        "服务",
        "达",
        "有",
        "是",
        "为",
        "获",
        "得到",
        "获得",
        "实现",
        "建成",
        "新建",
        "创建",
        "引进",
        "签约",
        "刊发",
        "刊播",
        "发布",
        "推出",
    ]
)
# Figures of a term, not of the year: 五年来…, 本届以来…, 过去五年…
PERIOD_MARKERS = re.compile(
    r"五年来|五年间|过去五年|本届以来|本届政协以来|届内|任期内|十年来|近五年"
)
# Figures of next year's plans: 新的一年，将…建议50条以上 (a target, not a result).
PLAN_MARKERS = re.compile(r"^(?:新的一年|新一年|明年|下一步|今后|未来一年|展望)")
# How the draft and the review name the figures kept out of the year's metrics.
NOT_THE_YEARS = "期间累计或来年打算（五年来、本届以来、新的一年等）"
_YEAR_MARKERS = re.compile(r"^(?:一年来|过去一年|今年|本年|全年|20\d{2}年)")
# Rhetorical counts: 三项重点工作, 四个方面 (a small Chinese numeral before these words).
_FRAMEWORK_WORDS = re.compile(
    r"^(?:重点|方面|任务|目标|主线|原则|意识|自信|维护|确立|要求|环节|机制|体系|战略|理念|作用|导向|"
    r"领域|关系|必须|务必|基本|核心|中心|坚持|聚焦|着力|抓手|特色|品牌|举措|措施|统筹|服务|结合|"
    r"全面|一流|示范|提升行动|行动)"
)
_AFTER_BOUNDARY = re.compile(
    r"[，。；：！？、（(]|\d|[一二两三四五六七八九十百千万]+[件篇次项条期个名人场户家]"
)
# 中卫市政协收到提案, 县政协还聘请: the org as subject is not the figure's name.
_ORG_SUBJECT = re.compile(r"^[\u4e00-\u9fff]{0,5}(?:[省市县区州旗]|自治区)政协(?=\S{2})")


# ---------------------------------------------------------------- figures


@dataclass
class FoundFigure:
    found: Found
    sentence: str  # as written: the quote
    view: str  # the sentence's punctuation view, for names and clauses
    section: int
    paragraph: int  # its paragraph's place in the layout
    fragment: str  # the words before the figure in its clause: 收到提案
    clause: str  # the clause around the figure, for matching known metrics
    headline: bool
    pillar_id: str | None

    @property
    def after(self) -> str:
        """The words after the figure to its clause's end or the next figure:
        举办两期|委员专题培训班, 168件|提案经审查立案."""
        return _AFTER_BOUNDARY.split(self.view[self.found.end :], maxsplit=1)[0]


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
    if before == "届":
        return "届次（十一届二次会议）"
    if (
        not found.numeral[0].isdigit()
        and found.figure.value <= 10
        and _FRAMEWORK_WORDS.match(text[found.end : found.end + 4])
    ):
        return "概括说法（三项重点工作、四个方面）"
    if found.numeral.isdigit() and len(found.numeral) >= 5 and found.figure.unit not in UNITS:
        return "号码（12345政务服务便民热线）"
    if before in ("数", "几", "若"):
        return "约略说法（数十次）"
    if found.numeral in LONE_WORDS:
        return "普通词语（一份份、千家万户）"
    if (
        # `before` is "" at the start of a line, and "" is in every string.
        (before and before in _CODE_NEIGHBOURS)
        or (after and after in _CODE_NEIGHBOURS)
        or (before.isascii() and before.isalnum())
    ):
        return "编号（1+37+8）"
    if any(start <= found.start < end for start, end in quoted):
        return "引号或书名号中的名称、口号"
    if any(text.startswith(phrase, found.start) for phrase in SET_PHRASES):
        return "固定提法"
    return None


def figures_in(line: str, raw: str | None = None) -> list[tuple[str, str, Found]]:
    """(sentence as written, its punctuation view, figure) for every figure in a line (its
    punctuation view, and the line as written), positions relative to the sentence."""
    raw = line if raw is None else raw
    quoted = quoted_spans(line)
    out = []
    offset = 0
    for sentence in sentences(line):
        for found in find_figures(sentence):
            shifted = Found(offset + found.start, offset + found.end, found.figure, found.numeral)
            if not_a_figure(line, shifted, quoted) is None:
                written = raw[offset : offset + len(sentence)]
                figure = found.figure
                if written[found.start : found.end] != figure.text:  # 20余位 read in the view
                    figure = dataclasses.replace(figure, text=written[found.start : found.end])
                    found = dataclasses.replace(found, figure=figure)
                out.append((written, sentence, found))
        offset += len(sentence)
    return out


def _fragment(sentence: str, start: int, previous_end: int) -> str:
    """The words before a figure back to the previous figure or clause boundary, without
    the organisation as subject or connecting words: 一年来，中卫市政协收到提案 → 收到提案."""
    head = sentence[previous_end:start]
    cut = max(head.rfind(ch) for ch in _NAME_BOUNDARIES)
    fragment = head[cut + 1 :].strip()
    fragment = _ORG_SUBJECT.sub("", fragment.lstrip(BULLETS))
    for word in _LEADING_WORDS:
        if fragment.startswith(word) and len(fragment) > len(word) + 1:
            fragment = fragment[len(word) :]
    for word in _TRAILING_WORDS:
        if fragment.endswith(word) and len(fragment) > len(word):
            fragment = fragment[: -len(word)]
    return fragment


def _clause(sentence: str, found: Found) -> str:
    start = max(sentence.rfind(ch, 0, found.start) for ch in "，。；：！？")
    ends = [i for i in (sentence.find(ch, found.end) for ch in "，。；：！？") if i != -1]
    return sentence[start + 1 : min(ends, default=len(sentence))]


def suggest_name(figure: FoundFigure, sentence: str) -> str:
    """The figure's name from its clause: what comes before it, or, when that is only a
    verb (举办两期委员专题培训班, 开展了12次), with the words that follow it, whole."""
    name = "" if figure.fragment in _LEADING_WORDS else figure.fragment  # 其中8条建议…
    if len(name) <= 2 or name.endswith("的") or name.removesuffix("了") in _BARE_VERBS:
        after = re.split(rf"[{_NAME_BOUNDARIES}]", sentence[figure.found.end :], maxsplit=1)[0]
        after = re.split(r"\d|[的和及与并等]", after, maxsplit=1)[0]
        name = name.removesuffix("的").removesuffix("了") + after
    return name or figure.found.figure.text


def headline_paragraphs(layout: Layout, counts: dict[int, int]) -> set[int]:
    """The opening summary, by `counts` of figures per paragraph: in an article with
    headings, the paragraphs before the first that hold figures, or, when those hold none,
    its first paragraph if it sums up (3 figures or more) and is not under a pillar's
    heading; in an article without headings, its first paragraph with figures, when that
    is one of its first two and not a bulleted item."""
    paragraphs = layout.paragraphs
    if layout.has_headings:
        opening = {i for i, p in enumerate(paragraphs) if p.section == 0 and counts.get(i)}
        if opening or not paragraphs:
            return opening
        if counts.get(0, 0) >= 3 and layout.sections[paragraphs[0].section].pillar_id is None:
            return {0}
        return set()
    first = next((i for i in range(min(2, len(paragraphs))) if counts.get(i)), None)
    return set() if first is None or paragraphs[first].bulleted else {first}


def _period_sentences(paragraph: Paragraph, next_year: int | None = None) -> set[str]:
    """The sentences of a paragraph that speak of a term or of next year's plans: from one
    naming it (五年来, 新的一年, the next year: 2025年，…将) to the next that returns to
    the year (一年来, 今年)."""
    out, within = set(), False
    for sentence in sentences(paragraph.text):
        opening = sentence.lstrip(BULLETS)
        if _YEAR_MARKERS.match(opening):
            within = False
        planned = PLAN_MARKERS.match(opening) or (
            next_year is not None and opening.startswith(f"{next_year}年")
        )
        if PERIOD_MARKERS.search(sentence) or planned:
            within = True
        if within:
            out.add(sentence)
    return out


def find_all(
    layout: Layout, year: int | None = None
) -> tuple[list[FoundFigure], list[FoundFigure]]:
    """Every figure of the article (about `year`) in reading order, and apart from them
    the term's totals (五年来…) and next year's plans; those of the opening summary are
    the headline figures."""
    found: list[tuple[int, FoundFigure, bool]] = []
    for number, paragraph in enumerate(layout.paragraphs):
        section = layout.sections[paragraph.section]
        period = _period_sentences(paragraph, year + 1 if year else None)
        for line, raw in zip(paragraph.lines, paragraph.raw, strict=True):
            previous: dict[str, int] = {}
            for sentence, view, f in figures_in(line, raw):
                fragment = _fragment(view, f.start, previous.get(view, 0))
                previous[view] = f.end
                figure = FoundFigure(
                    found=f,
                    sentence=sentence,
                    view=view,
                    section=paragraph.section,
                    paragraph=number,
                    fragment=fragment,
                    clause=_clause(view, f),
                    headline=False,
                    pillar_id=section.pillar_id,
                )
                found.append((number, figure, section.period or view in period))
    counts: dict[int, int] = {}
    for number, _, term in found:
        counts[number] = counts.get(number, 0) + (not term)
    headline = headline_paragraphs(layout, counts)
    year, term = [], []
    for number, figure, is_term in found:
        figure.headline = number in headline
        (term if is_term else year).append(figure)
    return year, term


def _shares_words(a: str, b: str) -> bool:
    return any(a[i : i + 2] in b for i in range(len(a) - 1))


def fold_restatements(figures: list[FoundFigure]) -> list[FoundFigure]:
    """A section that repeats a headline figure (形成调研报告24篇 after 调研报告24篇 in the
    opening, 168件提案经审查立案… after 收到提案168件) gives the headline figure its pillar
    instead of a second row."""
    headline = [f for f in figures if f.headline]
    out = []
    for f in figures:
        if not f.headline:
            key = (f.found.figure.value, f.found.figure.unit, f.found.figure.qualifier)
            same = [
                h
                for h in headline
                if (h.found.figure.value, h.found.figure.unit, h.found.figure.qualifier) == key
                and _shares_words(h.fragment + h.after, f.fragment + f.after)
            ]
            if same:
                if same[0].pillar_id is None:
                    same[0].pillar_id = f.pillar_id
                continue
        out.append(f)
    return out

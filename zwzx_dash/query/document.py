"""The source document as paragraphs, with the sentences the figures quote marked; and
in its reading order: sections by their number (a newspaper page prints them 1, 4, 5, 2),
photo captions apart, a paragraph the print layout split across lines joined again."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from zwzx_dash.ingest.article import read_layout
from zwzx_dash.ingest.draft_sections import section_number


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()]


def split_marked(paragraph: str, quotes: Iterable[str]) -> list[tuple[str, bool]]:
    """The paragraph as (piece, is_quoted) pieces; overlapping quotes merge."""
    marked = [False] * len(paragraph)
    for quote in {q for q in quotes if q}:
        start = paragraph.find(quote)
        while start != -1:
            marked[start : start + len(quote)] = [True] * len(quote)
            start = paragraph.find(quote, start + 1)
    pieces: list[tuple[str, bool]] = []
    for ch, flag in zip(paragraph, marked, strict=True):
        if pieces and pieces[-1][1] == flag:
            pieces[-1] = (pieces[-1][0] + ch, flag)
        else:
            pieces.append((ch, flag))
    return pieces


@dataclass(frozen=True)
class Reading:
    parts: list[tuple[str | None, list[str]]]  # (heading as written, its paragraphs)
    captions: list[str]


def reading_order(text: str) -> Reading:
    """The document as a reader follows it: the opening, then each numbered section (with
    its sub-sections) by its number, paragraphs whole, and the photo captions apart."""
    layout = read_layout(text)
    blocks: list[list[int]] = []
    for index, section in enumerate(layout.sections):
        if index == 0 or section.level == 1 or not blocks:
            blocks.append([index])
        else:
            blocks[-1].append(index)

    def number(block: list[int]) -> tuple[int, int]:
        first = block[0]
        return (first != 0, section_number(layout.sections[first].heading, first))

    paragraphs_of: dict[int, list[str]] = {}
    for paragraph in layout.paragraphs:
        paragraphs_of.setdefault(paragraph.section, []).append(paragraph.raw_text)
    parts = [
        (layout.sections[i].heading, paragraphs_of.get(i, []))
        for block in sorted(blocks, key=number)
        for i in block
    ]
    front = [(None, [line]) for line in layout.front]
    return Reading(front + parts, [caption for _, caption in layout.captions])


def joined(quote: str) -> str:
    """A quote as it reads in a joined paragraph: no line break the print layout put in it."""
    return re.sub(r"\s*\n\s*", "", quote)

"""The source document as paragraphs, with the sentences the figures quote marked."""

from __future__ import annotations

from collections.abc import Iterable


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

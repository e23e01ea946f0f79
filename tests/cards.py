"""The figure cards an AppTest run drew (blocks.figure_cards): each is one Markdown element,
the figure's name, the figure as a `###` heading, then the change lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

from streamlit.testing.v1 import AppTest

_HEADING = re.compile(r"^### (.+)$", re.MULTILINE)


def unescaped(markdown: str) -> str:
    """Markdown text escaped by md_text, as a reader sees it."""
    return re.sub(r"\\(.)", r"\1", markdown)


@dataclass(frozen=True)
class Card:
    name: str
    value: str
    below: list[str]  # lines under the figure: the change, where it comes from (Markdown)
    help: str


def figure_cards(app: AppTest) -> list[Card]:
    found = []
    for element in app.markdown:
        lines = element.value.split("\n\n")
        if len(lines) < 2 or not _HEADING.fullmatch(lines[1]):
            continue
        value = unescaped(lines[1][len("### ") :])
        found.append(Card(unescaped(lines[0]), value, lines[2:], element.proto.help))
    return found


def shown(line: str) -> str:
    """A card line as a reader sees it: no color directive, no escapes."""
    return unescaped(re.sub(r"^:\w+\[(.*)\]$", r"\1", line))


def card_values(app: AppTest) -> list[str]:
    return [card.value for card in figure_cards(app)]

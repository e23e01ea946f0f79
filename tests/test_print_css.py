"""The live pages' print stylesheet (zwzx_dash/web/print.css): a print block that hides
the app's chrome and controls and keeps cards and charts whole."""

from __future__ import annotations

import re

from .browser import PROJECT

PRINT_CSS = PROJECT / "zwzx_dash" / "web" / "print.css"
HIDDEN = [
    '[data-testid="stSidebar"]',
    '[data-testid="stHeader"]',
    '[data-testid="stToolbar"]',
    '[data-testid="stDecoration"]',
    ".stButton",
    ".stDownloadButton",
    ".modebar",
]
WHOLE = ['[data-testid="stVerticalBlockBorderWrapper"]', '[data-testid="stPlotlyChart"]']


def print_block(css: str) -> str:
    """The body of the first `@media print { … }`, braces balanced."""
    start = re.search(r"@media\s+print\s*\{", css)
    assert start, "no @media print block"
    depth, i = 1, start.end()
    while depth:
        depth += {"{": 1, "}": -1}.get(css[i], 0)
        i += 1
    return css[start.end() : i - 1]


def rules(block: str) -> list[tuple[list[str], str]]:
    """(selectors, declarations) of each plain rule in a block."""
    block = re.sub(r"/\*.*?\*/", "", block, flags=re.DOTALL)
    return [
        ([s.strip() for s in selectors.split(",")], body)
        for selectors, body in re.findall(r"([^{}@]+)\{([^{}]*)\}", block)
    ]


def test_the_print_block_hides_the_sidebar_and_every_control():
    block = print_block(PRINT_CSS.read_text(encoding="utf-8"))
    hidden = {
        selector
        for selectors, body in rules(block)
        if re.search(r"display:\s*none\s*!important", body)
        for selector in selectors
    }
    for selector in HIDDEN:
        assert selector in hidden, selector


def test_the_print_block_keeps_metrics_and_charts_whole():
    block = print_block(PRINT_CSS.read_text(encoding="utf-8"))
    whole = {
        selector
        for selectors, body in rules(block)
        if "break-inside: avoid" in body
        for selector in selectors
    }
    for selector in WHOLE:
        assert selector in whole, selector

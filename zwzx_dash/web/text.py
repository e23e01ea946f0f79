"""Text from data as Streamlit shows it: escaped, so it reads literally, never as Markdown."""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=])")
# Streamlit's Markdown turns bare URLs and e-mail addresses into links after escaping has
# been undone (GFM autolink literals), so an escaped "http://host" is still a link. A word
# joiner (U+2060, invisible) after the scheme, "www" or "@" breaks the pattern.
_AUTOLINK_START = re.compile(r"(?i)(?<![a-z])(https?|ftp|mailto|www)(?=\s*[:.])|@")
WORD_JOINER = "\u2060"


def md_text(text: object) -> str:
    """Data shown where Streamlit renders Markdown is escaped so it shows literally: no
    emphasis, links, images, HTML, :emoji: or :color[] directives, and no autolinks."""
    unlinked = _AUTOLINK_START.sub(lambda m: m.group(0) + WORD_JOINER, str(text))
    return _MARKDOWN_SPECIALS.sub(r"\\\1", unlinked)

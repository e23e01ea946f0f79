"""Text from data as Streamlit shows it: escaped, so it reads literally, never as Markdown."""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=])")


def md_text(text: object) -> str:
    """Data shown where Streamlit renders Markdown is escaped so it shows literally."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))

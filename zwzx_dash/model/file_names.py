"""Text from data as one file-name component, on Windows and Linux alike: never a path."""

from __future__ import annotations

import re

_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
# An org name goes into export file and folder names: one that reads as a path is refused.
ORG_NAME_UNSAFE = re.compile(r"[\\/\x00-\x1f\x7f]|^\.")


def safe_file_name(text: str, fallback: str = "未命名") -> str:
    """`text` with separators, reserved and control characters replaced by "_" and
    leading or trailing dots and spaces removed, so that it cannot climb out of the
    folder it is written into ("..", "/etc"); `fallback` when nothing is left."""
    return _UNSAFE_FILE_CHARS.sub("_", text).strip(" .") or fallback

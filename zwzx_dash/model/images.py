"""What kind of image a file is, told by its first bytes (never by its name)."""

from __future__ import annotations

# The formats a photo may come in, each with the suffix it is stored under.
JPEG, PNG, WEBP = "JPEG", "PNG", "WEBP"
SUFFIXES = {JPEG: "jpg", PNG: "png", WEBP: "webp"}


def image_kind(data: bytes) -> str | None:
    """JPEG, PNG or WEBP by the file's magic bytes; None for anything else."""
    if data[:3] == b"\xff\xd8\xff":
        return JPEG
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    return None


def image_suffix(data: bytes) -> str | None:
    """The suffix a photo with these bytes is stored under (jpg, png, webp), or None."""
    kind = image_kind(data)
    return SUFFIXES[kind] if kind else None

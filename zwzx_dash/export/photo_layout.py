"""A pillar's photos in the briefings: each with its caption, made smaller for a page or a
slide (DOC_LONG_SIDE pixels, JPEG quality DOC_JPEG_QUALITY; PNG stays PNG) and fitted into
the room there is. Word and PowerPoint lay them out with what this module measures; the
offline HTML embeds them as data: URIs."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PIL import Image

from zwzx_dash.model.images import PNG, image_kind
from zwzx_dash.present.briefing import Briefing, Page

DOC_LONG_SIDE = 1600  # 15.6 cm of text width at about 260 dpi: sharp on paper, small files
DOC_JPEG_QUALITY = 80
SLIDE_PHOTOS = 2  # photos side by side on one slide


@dataclass(frozen=True)
class Photo:
    caption: str
    data: bytes  # made smaller for a document
    width: int  # pixels
    height: int

    @property
    def mime(self) -> str:
        return "image/png" if image_kind(self.data) == PNG else "image/jpeg"

    def data_uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def page_photos(b: Briefing, page: Page) -> list[Photo]:
    """The page's captions that have their photo, in order, each photo made smaller."""
    if page.captions.empty:
        return []
    out = []
    for row in page.captions.itertuples():
        data = b.photos.get(row.photo) if isinstance(row.photo, str) else None
        if data is not None:
            out.append(smaller(str(row.caption), data))
    return out


def smaller(caption: str, data: bytes) -> Photo:
    """The photo at most DOC_LONG_SIDE pixels on its long side, compressed again."""
    image = Image.open(io.BytesIO(data))
    image.thumbnail((DOC_LONG_SIDE, DOC_LONG_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if image_kind(data) == PNG:
        image.save(out, "PNG", optimize=True)
    else:
        image.convert("RGB").save(out, "JPEG", quality=DOC_JPEG_QUALITY, optimize=True)
    return Photo(caption, out.getvalue(), *image.size)


def fit(photo: Photo, width: float, height: float) -> tuple[float, float]:
    """The photo's size inside a width × height box, its proportions kept."""
    scale = min(width / photo.width, height / photo.height)
    return photo.width * scale, photo.height * scale


def slide_groups(photos: list[Photo]) -> list[list[Photo]]:
    return [photos[i : i + SLIDE_PHOTOS] for i in range(0, len(photos), SLIDE_PHOTOS)]


def place_on_slides(
    photos: list[Photo],
    new_slide: Callable[[], Any],
    caption: Callable[[Any, float, float, float, str], None],
    area: tuple[float, float, float, float],
) -> None:
    """Up to SLIDE_PHOTOS photos a slide, side by side in `area` (x, y, width, height, inches),
    each centred in its column above its caption (written by `caption(slide, x, y, w, text)`)."""
    from pptx.util import Inches

    x0, y0, width, height = area
    gap, caption_h = 0.4, 0.8
    for group in slide_groups(photos):
        slide = new_slide()
        column = (width - gap * (len(group) - 1)) / len(group)  # a lone photo: the width
        for n, photo in enumerate(group):
            w, h = fit(photo, column, height - caption_h)
            x = x0 + n * (column + gap) + (column - w) / 2
            stream = io.BytesIO(photo.data)
            slide.shapes.add_picture(stream, Inches(x), Inches(y0), Inches(w), Inches(h))
            caption(slide, x0 + n * (column + gap), y0 + h + 0.1, column, photo.caption)

"""Briefings with photos: Word and PowerPoint place each pillar's photos with their
captions, made smaller; the offline HTML embeds them as data: URIs and loads nothing."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest
from docx import Document
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from zwzx_dash.export import formats, photo_layout
from zwzx_dash.export.docx import docx_bytes
from zwzx_dash.export.html import html_document
from zwzx_dash.export.pptx import pptx_bytes
from zwzx_dash.ingest.load import load_input
from zwzx_dash.present import briefing
from zwzx_dash.store import snapshots

from .photo_files import folder_with_photos, image_bytes, jpeg_with_gps
from .test_exports import References

FIRST = "组织政协委员调研重大项目建设情况。"  # caption row 1: 有为政协
SECOND = "开展“众人的事情众人商量”协商活动。"  # caption row 2: 聚力政协


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> briefing.Briefing:
    photos = {"调研.jpg": jpeg_with_gps((3000, 2000)), "座谈.png": image_bytes("PNG", (800, 600))}
    folder = folder_with_photos(tmp_path_factory.mktemp("in") / "input", photos)
    data = load_input(folder)
    root: Path = tmp_path_factory.mktemp("data")
    snapshots.publish(
        root, data.tables, input_name=data.name, input_sha256=data.sha256, new_photos=data.photos
    )
    return briefing.build(formats.open_source(root))


def chart_images(b: briefing.Briefing) -> dict[tuple[str, str], bytes]:
    """Stand-ins for the charts' PNGs (drawing them needs Chromium; not what is tested)."""
    png = image_bytes("PNG", (1200, 600), "#FFFFFF")
    return {(page.slug, chart.key): png for page, chart in b.charts}


def test_the_briefing_holds_the_photos_its_captions_name(content):
    assert sorted(content.photos) == ["座谈.png", "调研.jpg"]
    pillar = next(p for p in content.pages if p.name == "有为政协")
    placed = photo_layout.page_photos(content, pillar)
    assert [p.caption for p in placed] == [FIRST]
    assert max(placed[0].width, placed[0].height) == photo_layout.DOC_LONG_SIDE
    assert len(placed[0].data) < len(content.photos["调研.jpg"])


def test_the_word_briefing_places_each_photo_under_its_pillar_with_its_caption(content):
    doc = Document(io.BytesIO(docx_bytes(content, chart_images(content))))
    texts = [p.text for p in doc.paragraphs]
    assert len(doc.inline_shapes) == len(content.charts) + 2
    first = next(i for i, t in enumerate(texts) if t.endswith(FIRST) and t.startswith("图"))
    assert any(t.endswith("有为政协") for t in texts[:first])
    assert any(t.endswith("图片") and t.startswith("（") for t in texts[:first])
    widths = [s.width.cm for s in doc.inline_shapes]
    assert max(widths) <= 15.6 + 0.01
    assert min(s.height.cm for s in doc.inline_shapes) > 0
    assert any(t.endswith(SECOND) for t in texts)


def test_the_deck_has_a_photo_slide_per_pillar_with_photos(content):
    deck = Presentation(io.BytesIO(pptx_bytes(content)))
    slides = [s for s in deck.slides if any("：图片" in sh.text_frame.text for sh in texts(s))]
    assert len(slides) == 2
    for slide, caption in zip(slides, (FIRST, SECOND), strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        assert caption in [s.text_frame.text for s in texts(slide)]
        picture = pictures[0]
        assert picture.left + picture.width <= deck.slide_width
        assert picture.top + picture.height <= deck.slide_height
        assert len(picture.image.blob) < 600_000


def texts(slide):
    return [s for s in slide.shapes if s.has_text_frame]


def test_the_offline_html_embeds_the_photos_and_loads_nothing(content):
    html = html_document(content)
    images = re.findall(r'<img src="([^"]*)" alt="([^"]*)"', html)
    assert [alt for _, alt in images] == [FIRST, SECOND, FIRST, SECOND]  # overview, pillars
    for src, _ in images:
        kind, data = re.fullmatch(r"data:image/(jpeg|png);base64,(.+)", src).groups()
        assert Image.open(io.BytesIO(base64.b64decode(data))).format == kind.upper()
    parsed = References()
    parsed.feed(html)
    loaded = [(tag, value[:11]) for tag, name, value in parsed.attributes if name == "src"]
    assert loaded == [("img", "data:image/")] * 4  # nothing else is loaded
    assert "以下图片未随文收录" in html

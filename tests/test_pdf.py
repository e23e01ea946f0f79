"""The PDF briefing, built with the real Chromium and read back as its readers would:
pdfplumber for where every character sits and which font draws it, poppler's pdftotext
for the text (Chromium writes a glyph that Noto CJK shares with a Kangxi radical, 心 and
⼼, under the radical and the character itself as /ActualText, which poppler honours and
pdfplumber does not). Every page is also rendered to artifacts/pdf/ to be looked at."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pyarrow as pa
import pytest

from zwzx_dash.export import formats, png
from zwzx_dash.export.pdf import MARGINS, PAPER, briefing_html, pdf_bytes
from zwzx_dash.export.png import RenderError
from zwzx_dash.present import briefing
from zwzx_dash.store import snapshots

from .browser import PROJECT, require_chromium
from .conftest import publish_default

require_chromium()
# pdfminer warns for every Type 3 font Chromium writes (it has no FontBBox): not ours.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

WATERMARK = "内部资料 注意保密"
PILLARS = ["忠诚政协", "有为政协", "为民政协", "聚力政协", "活力政协"]
HEADLINE = ["342件", "155篇", "50余次", "24篇", "12项", "90多次"]
HOSTILE = "<img src=x onerror=alert(1)>"
A4 = (595.28, 841.89)  # points
INCH = 72
ARTIFACTS = PROJECT / "artifacts" / "pdf"


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return publish_default(tmp_path_factory.mktemp("pdf-data"))


@pytest.fixture(scope="module")
def content(data) -> briefing.Briefing:
    return briefing.build(formats.open_source(data), WATERMARK)


@pytest.fixture(scope="module")
def images(content) -> dict[tuple[str, str], bytes]:
    return png.render_briefing(content)


@pytest.fixture(scope="module")
def built(content, images, tmp_path_factory) -> tuple[Path]:
    """The PDF written to a file (its speed is bench/export.py's to measure)."""
    path = tmp_path_factory.mktemp("pdf-out") / "briefing.pdf"
    path.write_bytes(pdf_bytes(content, images))
    return (path,)


@pytest.fixture(scope="module")
def pages(built) -> list[dict]:
    """Per page: its size, its characters and its text as pdftotext reads it."""
    path = built[0]
    with pdfplumber.open(path) as pdf:
        read = [
            {"width": float(p.width), "height": float(p.height), "chars": list(p.chars)}
            for p in pdf.pages
        ]
    for number, page in enumerate(read, start=1):
        page["text"] = pdftotext(path, number)
    return read


def pdftotext(path: Path, page: int) -> str:
    done = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body_box(page: dict) -> tuple[float, float, float, float]:
    """left, top, right, bottom of the text area: the page less the print margins."""
    return (
        MARGINS["marginLeft"] * INCH,
        MARGINS["marginTop"] * INCH,
        page["width"] - MARGINS["marginRight"] * INCH,
        page["height"] - MARGINS["marginBottom"] * INCH,
    )


def in_box(char: dict, box: tuple[float, float, float, float], slack: float = 0.5) -> bool:
    left, top, right, bottom = box
    return (
        char["x0"] >= left - slack
        and char["x1"] <= right + slack
        and char["top"] >= top - slack
        and char["bottom"] <= bottom + slack
    )


def chars_text(chars: list[dict]) -> str:
    ordered = sorted(chars, key=lambda c: (round(c["top"]), c["x0"]))
    return squeezed("".join(c["text"] for c in ordered))


def footer_chars(page: dict) -> list[dict]:
    return [c for c in page["chars"] if c["top"] >= body_box(page)[3]]


def header_chars(page: dict) -> list[dict]:
    return [c for c in page["chars"] if c["bottom"] <= body_box(page)[1]]


# ---------------------------------------------------------------- the file


def test_it_is_a_pdf(built):
    assert built[0].read_bytes()[:5] == b"%PDF-"


def test_every_page_is_a4_portrait_and_the_count_is_sensible(pages, content):
    assert 3 <= len(pages) <= 4 * len(content.pages), len(pages)
    assert PAPER == {"paperWidth": 8.27, "paperHeight": 11.69}
    for page in pages:
        assert page["width"] == pytest.approx(A4[0], abs=2)
        assert page["height"] == pytest.approx(A4[1], abs=2)


def test_every_character_lies_inside_the_page_and_its_margins(pages):
    """The body's text keeps to the text area; in the margins there is only the
    watermark above and the page number below."""
    for number, page in enumerate(pages, start=1):
        whole = (0, 0, page["width"], page["height"])
        assert all(in_box(c, whole, slack=0) for c in page["chars"]), number
        margins = [c for c in page["chars"] if not in_box(c, body_box(page))]
        assert chars_text(margins) == squeezed(f"{WATERMARK}— {number} —"), number


def test_the_footers_number_the_pages(pages):
    for number, page in enumerate(pages, start=1):
        assert chars_text(footer_chars(page)) == f"—{number}—"
        assert chars_text(header_chars(page)) == squeezed(WATERMARK)


def test_the_fonts_are_the_embedded_chinese_fonts(pages):
    fonts = {c["fontname"] for page in pages for c in page["chars"]}
    assert fonts and all("Noto" in f or "CJK" in f for f in fonts), fonts


# ---------------------------------------------------------------- what it says


def test_the_headline_figures_are_written_as_in_the_source(pages):
    first = squeezed(pages[0]["text"])
    for figure in HEADLINE:
        assert figure in first, figure
    plumbed = chars_text(pages[0]["chars"])
    assert all(figure in plumbed for figure in HEADLINE)
    text = squeezed("".join(p["text"] for p in pages))
    for bare in ("50次", "90次"):  # never the bare value of 50余次, 90多次
        assert bare not in text


def test_the_briefing_has_its_sections_in_order(pages, content):
    text = squeezed("".join(p["text"] for p in pages))
    assert text.startswith(squeezed(WATERMARK) + squeezed(content.title))
    assert f"来源：《{squeezed(content.source_title)}》" in text
    assert f"数据截至{content.year}年" in text and "更新" in text
    places = [text.index(name) for name in ["年度要点", *PILLARS, "资料来源", "附：数字出处"]]
    assert places == sorted(places)
    assert "指标" in text and "原文写法" in text  # the figures tables. header
    for _, chart in content.charts:
        assert squeezed(chart.title) in text
    assert "原文缺少第3部分" in text


def test_each_source_sentence_is_listed_once_and_numbered(pages, content):
    text = "".join(p["text"] for p in pages)
    notes = text[text.index("附：数字出处") :]
    numbers = [int(n) for n in re.findall(r"^\[(\d+)\]", notes, re.MULTILINE)]
    assert numbers == list(range(1, len(numbers) + 1)) and numbers
    quote = squeezed(content.headline["quote"].iloc[0])
    assert squeezed(notes).count(quote[:30]) == 1, "the headline's sentence, once"
    assert "原文语句" not in text, "sentences are notes, not a table column"


def test_no_address_anywhere(pages, content, images):
    assert not any("http" in p["text"].lower() for p in pages)
    html = briefing_html(content, images)
    assert re.findall(r'src="([^"]{0,22})', html) == ["data:image/png;base64,"] * len(images)
    html = re.sub(r"data:image/png;base64,[^\"]*", "", html)  # base64 may hold "//"
    assert not re.search(r"https?:|//|url\(|@import", html, re.IGNORECASE)


# ---------------------------------------------------------------- hostile text and errors


def hostile_tables(tables: dict) -> dict:
    """The first headline figure and the first highlight named like markup."""
    tables = dict(tables)
    for name, column in (("metrics", "name"), ("highlights", "title")):
        table = tables[name]
        index = table.schema.get_field_index(column)
        values = table.column(column).to_pylist()
        first = next(i for i, row in enumerate(table.to_pylist()) if row.get("headline", True))
        values[first] = HOSTILE
        tables[name] = table.set_column(index, table.schema.field(index), pa.array(values))
    return tables


def test_markup_in_data_is_printed_literally(tmp_path, default_input, images):
    root = tmp_path / "data"
    tables = hostile_tables(default_input.tables)
    snapshots.publish(root, tables, input_name="hostile", input_sha256="0" * 64)
    hostile = briefing.build(formats.open_source(root), WATERMARK)
    keys = {(page.slug, chart.key) for page, chart in hostile.charts}
    pictures = images if keys <= images.keys() else png.render_briefing(hostile)
    assert "<img src=x" not in briefing_html(hostile, pictures)
    path = tmp_path / "hostile.pdf"
    path.write_bytes(pdf_bytes(hostile, pictures))
    with pdfplumber.open(path) as pdf:
        plumbed = "".join(chars_text(p.chars) for p in pdf.pages)
    poppler = squeezed(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    )
    assert squeezed(HOSTILE) in plumbed and squeezed(HOSTILE) in poppler


def test_a_chart_without_its_image_is_refused_in_chinese(content):
    if not content.charts:
        pytest.skip("this briefing has no chart")
    with pytest.raises(RenderError, match="缺少图表"):
        pdf_bytes(content, {})


def test_a_missing_chromium_is_refused_in_chinese(content, images, monkeypatch):
    monkeypatch.setenv(png.CHROMIUM_ENV, "/nonexistent/chromium")
    with pytest.raises(RenderError, match="找不到 Chromium"):
        pdf_bytes(content, images)


# ---------------------------------------------------------------- pages to look at


def test_every_page_renders_to_a_png_for_review(built, pages):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is missing: make system-deps")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("page-*.png"):
        old.unlink()
    shutil.copyfile(built[0], ARTIFACTS / "briefing.pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(built[0]), str(ARTIFACTS / "page")], check=True
    )
    assert len(list(ARTIFACTS.glob("page-*.png"))) == len(pages)

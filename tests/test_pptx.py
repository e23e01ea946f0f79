"""The PowerPoint deck: written, opened again with python-pptx, and turned into a PDF by
LibreOffice as a reader's copy would be (pdfplumber reads it back; pdftoppm renders each
page into artifacts/pptx/ for a look)."""

from __future__ import annotations

import dataclasses
import io
import math
import zipfile
from pathlib import Path

import openpyxl
import pdfplumber
import pyarrow as pa
import pytest
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE

from zwzx_dash.export import formats
from zwzx_dash.export.pptx import FONT, pptx_bytes
from zwzx_dash.present import briefing, charts
from zwzx_dash.store import snapshots

from .conftest import PROJECT, publish_default
from .office import render, require_soffice, to_pdf

ARTIFACTS = PROJECT / "artifacts" / "pptx"
WATERMARK = "内部资料 注意保密"
PILLARS = ["忠诚政协", "有为政协", "为民政协", "聚力政协", "活力政协"]
HEADLINE = ["342件", "155篇", "50余次", "24篇", "12项", "90多次"]
HOSTILE = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example","点此查看")'
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
LIGHT = RGBColor.from_string(charts.BOUND_COLOR.lstrip("#"))
SOLID = RGBColor.from_string(charts.EXACT_COLOR.lstrip("#"))


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return publish_default(tmp_path_factory.mktemp("pptx-data"))


@pytest.fixture(scope="module")
def content(data) -> briefing.Briefing:
    return briefing.build(formats.open_source(data), WATERMARK)


@pytest.fixture(scope="module")
def deck_file(content, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pptx") / "deck.pptx"
    path.write_bytes(pptx_bytes(content))
    return path


@pytest.fixture(scope="module")
def deck(deck_file):
    return Presentation(str(deck_file))


@pytest.fixture(scope="module")
def variant(data, content, tmp_path_factory) -> tuple[briefing.Briefing, Path]:
    """The real briefing with what today's data does not have: a chart of lower bounds
    (聚力政协's figures in 次, all written 余次), a page with a second chart (有为政协),
    and a pillar whose document has no such section (活力政协)."""
    src = formats.open_source(data)
    pages = list(content.pages)
    effective, cohesive, vibrant = pages[2], pages[4], pages[5]
    bounds = cohesive.figures[cohesive.figures["unit"] == "次"]
    extra = briefing.chart(src, bounds, "2023年聚力政协：宣传与活动", "chart-test-bounds")
    pages[2] = dataclasses.replace(effective, charts=[*effective.charts, extra])
    pages[4] = dataclasses.replace(cohesive, charts=[extra])
    section = src.figures("section", pillar_id=vibrant.slug).iloc[0]
    pages[5] = dataclasses.replace(
        vibrant,
        status="none",
        intro=[briefing.none_notice(src, section)],
        figures=vibrant.figures.iloc[0:0],
        charts=[],
    )
    changed = dataclasses.replace(content, pages=pages)
    path = tmp_path_factory.mktemp("pptx-variant") / "variant.pptx"
    path.write_bytes(pptx_bytes(changed))
    return changed, path


def texts_of(slide) -> list[str]:
    """Every text on the slide, in order: text boxes and table cells."""
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [cell.text for row in shape.table.rows for cell in row.cells]
    return [text for text in out if text]


def charts_on(slide) -> list:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def labels(chart) -> list[str]:
    points = chart.plots[0].series[0].points
    return [p.data_label.text_frame.text if p.data_label.has_text_frame else None for p in points]


def drawn(page: briefing.Page) -> list[briefing.Chart]:
    return [c for c in page.charts if len(c.frame) >= 3]


def check_chart(chart, page_chart: briefing.Chart) -> None:
    """A native bar chart of the page chart's figures, labelled as written."""
    frame = page_chart.frame
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    plot = chart.plots[0]
    assert list(plot.categories) == list(frame["name"])
    assert list(plot.series[0].values) == pytest.approx(list(frame["value"]))
    assert len(plot.categories) >= 3
    assert labels(chart) == list(frame["text"])
    assert chart.chart_title.text_frame.text == page_chart.title
    exact = frame["qualifier"].eq("exact")
    fills = [p.format.fill.fore_color.rgb for p in plot.series[0].points]
    assert fills == [SOLID if e else LIGHT for e in exact]


# ---------------------------------------------------------------- the deck


def test_a_16_by_9_deck_with_a_slide_per_part(deck, content):
    assert (deck.slide_width, deck.slide_height) == (12_192_000, 6_858_000)
    titles = [texts_of(slide)[0] for slide in deck.slides]
    assert titles == [content.title, "年度要点", *PILLARS, "资料来源"]
    assert deck.core_properties.title == content.title


def test_the_title_slide_names_the_source_and_its_date(deck, content):
    texts = texts_of(deck.slides[0])
    assert "中卫市政协2023年履职情况简报" in texts and "中卫市政协" in texts
    line = f"来源：《{content.source_title}》 · 数据截至2023年 · 更新 {content.updated}"
    assert line in texts


def test_the_headline_figures_are_written_as_in_the_source(deck, content):
    texts = texts_of(deck.slides[1])
    assert [t for t in texts if t in HEADLINE] == HEADLINE
    for name in content.headline["name"]:
        assert name in texts
    assert "50" not in texts and "90" not in texts, "never the bare value"
    assert briefing.lower_bound_note(content.headline) in texts
    sizes = [
        run.font.size.pt
        for shape in deck.slides[1].shapes
        if shape.has_text_frame and shape.text_frame.text in HEADLINE
        for run in shape.text_frame.paragraphs[0].runs
    ]
    assert len(sizes) == 6 and min(sizes) >= 40


def test_each_pillar_lists_its_figures_and_draws_its_chart_natively(deck, content):
    for slide, page in zip(list(deck.slides)[2:7], content.pages[1:], strict=True):
        texts = texts_of(slide)
        for text in page.figures["text"]:
            assert text in texts, (page.name, text)
        on_slide = charts_on(slide)
        assert len(on_slide) == min(1, len(drawn(page)))
        for chart, page_chart in zip(on_slide, drawn(page), strict=False):
            check_chart(chart, page_chart)
        for small in (c for c in page.charts if len(c.frame) < 3):
            names = [list(c.plots[0].categories) for c in on_slide]
            assert list(small.frame["name"]) not in names, "too few figures to chart"
    drawn_in_deck = sum(len(charts_on(slide)) for slide in deck.slides)
    assert drawn_in_deck == sum(len(drawn(page)) for page in content.pages[1:]) >= 1


def test_a_missing_section_shows_its_notice_and_where_related_items_come_from(deck, content):
    page = content.pages[3]
    texts = texts_of(deck.slides[4])
    assert page.missing and page.intro[0] in texts
    assert not charts_on(deck.slides[4])
    assert "反映社情民意信息\n出自有为政协" in texts and "为民办实事\n出自忠诚政协" in texts


def test_speaker_notes_carry_every_figure_s_source_sentence(deck, content):
    frames = [content.headline, *(page.figures for page in content.pages[1:])]
    for slide, frame in zip(list(deck.slides)[1:7], frames, strict=True):
        notes = slide.notes_slide.notes_text_frame.text
        for row in frame.itertuples():
            assert row.quote and f"{row.name}：{row.text} —— {row.quote}" in notes


def test_the_sources_slide_cites_the_document(deck, content):
    texts = "\n".join(texts_of(list(deck.slides)[-1]))
    source = content.sources.iloc[0]
    assert f"《{source['title']}》" in texts and source["authors"] in texts
    assert (
        "本简报中的数字均按原文写法列出；写作“余/多”的是下限，写作“约/近/左右”的是约数。" in texts
    )


def test_the_snapshot_id_is_in_the_properties_only(deck_file, deck, content):
    assert content.snapshot_id in deck.core_properties.comments
    with zipfile.ZipFile(deck_file) as package:
        for name in package.namelist():
            data = package.read(name)
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(data)) as book:
                    data = b"".join(book.read(n) for n in book.namelist())
            if name != "docProps/core.xml":
                assert content.snapshot_id.encode() not in data, name


def test_every_run_is_chinese_and_readable_when_projected(deck_file):
    """Latin and East Asian face both; nothing under 14 pt; titles 28 pt or more."""
    with zipfile.ZipFile(deck_file) as package:
        parts = [n for n in package.namelist() if n.startswith(("ppt/slides/s", "ppt/charts/c"))]
        assert parts
        for name in parts:
            root = etree.fromstring(package.read(name))
            runs = root.iter(f"{A}rPr", f"{A}defRPr")
            for rpr in (r for r in runs if r.get("sz") or r.getparent().tag == f"{A}r"):
                faces = {child.tag: child.get("typeface") for child in rpr}
                assert faces.get(f"{A}latin") == faces.get(f"{A}ea") == FONT, name
                assert int(rpr.get("sz")) >= 1400, name


def test_titles_are_28_pt_or_more(deck):
    for slide in list(deck.slides)[1:]:
        title = next(shape for shape in slide.shapes if shape.has_text_frame)
        assert all(run.font.size.pt >= 28 for run in title.text_frame.paragraphs[0].runs)


def test_every_shape_stays_on_the_slide_even_turned(deck):
    width, height = deck.slide_width, deck.slide_height
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            turn = math.radians(shape.rotation)
            half_w = (abs(shape.width * math.cos(turn)) + abs(shape.height * math.sin(turn))) / 2
            half_h = (abs(shape.width * math.sin(turn)) + abs(shape.height * math.cos(turn))) / 2
            cx, cy = shape.left + shape.width / 2, shape.top + shape.height / 2
            assert cx - half_w >= 0 and cx + half_w <= width, (number, shape.name)
            assert cy - half_h >= 0 and cy + half_h <= height, (number, shape.name)


def test_the_watermark_is_on_every_slide(deck):
    for slide in deck.slides:
        turned = [s for s in slide.shapes if s.has_text_frame and s.rotation]
        assert [s.text_frame.text for s in turned] == [WATERMARK]


# ---------------------------------------------------------------- what today's data lacks


def test_lower_bounds_are_lighter_and_labelled_as_written(variant):
    changed, path = variant
    deck = Presentation(str(path))
    cohesive = next(s for s in deck.slides if texts_of(s)[0] == "聚力政协")
    (chart,) = charts_on(cohesive)
    check_chart(chart, changed.pages[4].charts[0])
    assert labels(chart) == ["90余次", "30余次", "60余次"]
    assert any("图中浅色柱为下限或约数。" in text for text in texts_of(cohesive))


def test_a_further_chart_gets_a_slide_of_its_own(variant):
    changed, path = variant
    deck = Presentation(str(path))
    assert len(deck.slides) == 3 + len(PILLARS) + 1
    effective = [s for s in deck.slides if texts_of(s)[0] == "有为政协"]
    assert [len(charts_on(s)) for s in effective] == [1, 1]
    for slide, page_chart in zip(effective, changed.pages[2].charts, strict=True):
        check_chart(charts_on(slide)[0], page_chart)
    notes = effective[1].notes_slide.notes_text_frame.text
    assert "专题讲座、公益捐助等活动：90余次 —— " in notes


def test_a_pillar_without_a_section_shows_only_its_notice(variant):
    changed, path = variant
    deck = Presentation(str(path))
    slide = next(s for s in deck.slides if texts_of(s)[0] == "活力政协")
    texts = texts_of(slide)
    assert changed.pages[5].intro[0] in texts and "原文没有" in texts[1]
    assert not charts_on(slide)
    assert "两期" not in texts and "36次" not in texts, "nothing invented or carried over"


def test_hostile_text_from_data_appears_literally(tmp_path, default_input):
    tables = dict(default_input.tables)
    for name, table in tables.items():
        if "org" in table.schema.names:
            tables[name] = set_column(table, "org", [HOSTILE] * table.num_rows)
    metrics = tables["metrics"]
    renamed = {"收到提案": HOSTILE, "大数据产业发展建议": FORMULA}
    names = [renamed.get(n, n) for n in metrics.column("name").to_pylist()]
    tables["metrics"] = set_column(metrics, "name", names)
    root = tmp_path / "data"
    snapshots.publish(root, tables, input_name="hostile", input_sha256="0" * 64)
    deck = Presentation(io.BytesIO(pptx_bytes(briefing.build(formats.open_source(root)))))
    assert f"{HOSTILE}2023年履职情况简报" in texts_of(deck.slides[0])
    assert HOSTILE in texts_of(deck.slides[0]) and HOSTILE in texts_of(deck.slides[1])
    (chart,) = [c for s in deck.slides for c in charts_on(s) if FORMULA in c.plots[0].categories]
    book = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
    cells = [c for row in book.active.iter_rows() for c in row if c.value == FORMULA]
    assert len(cells) == 1 and cells[0].data_type == "s", "a name is text, never a formula"


def set_column(table: pa.Table, name: str, values: list) -> pa.Table:
    i = table.schema.get_field_index(name)
    return table.set_column(i, table.schema.field(i), pa.array(values, table.schema.field(i).type))


# ---------------------------------------------------------------- as LibreOffice draws it


@pytest.mark.parametrize("which", ["deck", "variant"])
def test_the_pdf_has_a_page_per_slide_and_every_character_on_it(
    which, deck_file, variant, tmp_path
):
    require_soffice()
    pptx = deck_file if which == "deck" else variant[1]
    pdf = to_pdf(pptx, tmp_path)
    slides = len(Presentation(str(pptx)).slides)
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) == slides
        for number, page in enumerate(document.pages, 1):
            assert page.chars, number
            for char in page.chars:
                inside = char["x0"] >= 0 and char["x1"] <= page.width
                inside = inside and char["top"] >= 0 and char["bottom"] <= page.height
                assert inside, (number, char["text"], char["x0"], char["top"])
                if "\u4e00" <= char["text"] <= "\u9fff":
                    assert "CJK" in char["fontname"], (number, char["text"], char["fontname"])
    assert len(render(pdf, ARTIFACTS, which)) == slides

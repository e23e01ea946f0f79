"""Briefing exports: the Word briefing, the PNG set and the offline HTML, checked by
opening what was written (python-docx, Pillow, an HTML parser)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from docx import Document
from docx.shared import Pt
from PIL import Image

from zwzx_dash.export import formats
from zwzx_dash.export.html import html_document
from zwzx_dash.export.png import png_files, png_folder_name, render_pngs
from zwzx_dash.model.file_names import safe_file_name
from zwzx_dash.present import briefing, charts
from zwzx_dash.store import snapshots

from .browser import CHROMIUM
from .conftest import publish_default, run_cli
from .office import require_soffice, to_pdf

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
WATERMARK = "内部资料 注意保密"
PILLARS = ["忠诚政协", "有为政协", "为民政协", "聚力政协", "活力政协"]
HOSTILE = '<img src=x onerror=alert(1)><script>alert("https://evil.example")</script>'


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return publish_default(tmp_path_factory.mktemp("export-data"))


@pytest.fixture(scope="module")
def content(data) -> briefing.Briefing:
    return briefing.build(formats.open_source(data), WATERMARK)


@pytest.fixture(scope="module")
def exported(data, tmp_path_factory) -> tuple[list[Path], int]:
    """A full export in-process, counting how often kaleido starts a browser."""
    import kaleido

    starts = 0
    original = kaleido.Kaleido.open

    async def counting_open(self):
        nonlocal starts
        starts += 1
        return await original(self)

    kaleido.Kaleido.open = counting_open
    try:
        out = tmp_path_factory.mktemp("export-out")
        written = formats.export(formats.open_source(data), formats.FORMATS, out, WATERMARK)
    finally:
        kaleido.Kaleido.open = original
    return written, starts


def by_suffix(written: list[Path], suffix: str) -> list[Path]:
    return [p for p in written if p.suffix == suffix]


# ---------------------------------------------------------------- content


def test_every_page_has_its_content_and_charts_stand_alone(content):
    assert [p.name for p in content.pages] == ["总览", *PILLARS]
    people = content.pages[3]
    assert people.missing and not people.charts and "原文缺少第3部分" in people.intro[0]
    # One chart in 2023: only 建言 has three or more figures of one topic and unit. The
    # overview's chart of the same figures is left to 有为政协, where they are told.
    assert [(page.slug, chart.title) for page, chart in content.charts] == [
        ("effective", "2023年有为政协：建言（单位：条）")
    ]
    for _, chart in content.charts:
        assert len(chart.frame) >= charts.MIN_BARS
        assert chart.frame["topic"].nunique() == chart.frame["unit"].nunique() == 1
        footer = chart.figure.layout.annotations[0].text
        assert "<br>" not in footer, "one line"
        assert footer.startswith(
            "来源：《围绕中心大局议政建言 把握民心民意履职尽责》 · 数据截至2023年"
        )
        assert "更新 " in footer and content.snapshot_id not in footer


# ---------------------------------------------------------------- PNG


@needs_chromium
def test_chromium_starts_once_for_a_whole_export(exported, content):
    written, starts = exported
    assert starts == 1
    assert len(by_suffix(written, ".png")) == len(content.charts) == 1
    for suffix in (".docx", ".pptx", ".html"):
        assert len(by_suffix(written, suffix)) == 1, suffix


@needs_chromium
def test_every_png_is_sharp_and_named_by_page_and_title(exported, content):
    pngs = by_suffix(exported[0], ".png")
    names = [p.name for p in pngs]
    for (page, chart), name in zip(content.charts, names, strict=True):
        assert page.name in name and safe_file_name(chart.title, "chart") in name
    for path in pngs:
        with Image.open(path) as image:
            image.load()
            assert image.format == "PNG"
            assert image.width >= 2880
            assert image.width / image.height == pytest.approx(16 / 9, rel=0.35)


def title_pixels(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as image:
        gray = np.asarray(image.convert("L"))
    return gray[: gray.shape[0] // 8, : gray.shape[1] // 2]  # the title's corner


@needs_chromium
def test_chinese_titles_are_drawn_as_glyphs_not_boxes():
    frame = briefing.pd.DataFrame(
        [{"name": "甲", "value": 1, "unit": "次", "qualifier": "exact", "text": "1次"}]
    ).assign(quote="原文。")

    def figure(title: str):
        return charts.bar_by_name(frame, title=title, source_title="来源")

    # Private-use code points have no glyph in any font: they are drawn as boxes.
    one, other, boxes = render_pngs(
        [figure("忠诚政协工作量"), figure("聚力政协协商议政"), figure("\ue000" * 7)], scale=1
    )
    a, b, c = (title_pixels(png) for png in (one, other, boxes))
    assert (a < 128).sum() > 200, "the title is drawn"
    assert np.abs(a.astype(int) - b).sum() > 0, "two Chinese titles differ in their pixels"
    assert np.abs(a.astype(int) - c).sum() > 0 and np.abs(b.astype(int) - c).sum() > 0


# ---------------------------------------------------------------- Word


def docx_text(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def east_asian_fonts(doc) -> set[str]:
    xml = doc.element.xml + doc.styles.element.xml
    return set(re.findall(r'w:eastAsia="([^"]+)"', xml))


@needs_chromium
def test_the_word_briefing_is_a_government_style_briefing(exported, content):
    doc = Document(by_suffix(exported[0], ".docx")[0])
    section = doc.sections[0]
    margins = [section.top_margin, section.bottom_margin, section.left_margin]
    assert [round(m.mm) for m in [*margins, section.right_margin]] == [37, 35, 28, 26]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"} <= east_asian_fonts(doc)
    normal = doc.styles["Normal"].paragraph_format
    assert normal.line_spacing == Pt(28) and doc.styles["Normal"].font.size == Pt(16)

    text = docx_text(doc)
    assert text[0] == "中卫市政协2023年履职情况简报"
    assert content.snapshot_id not in "\n".join(text), "the snapshot id is metadata"
    assert content.snapshot_id in doc.core_properties.comments
    headings = [t for t in text if re.match(r"^[一二三四五六七八九十]、", t)]
    assert headings == [
        "一、年度要点",
        "二、各板块概况",
        *[f"{n}、{p}" for n, p in zip("三四五六七", PILLARS, strict=True)],
        "八、资料来源",
    ]
    summary = "2023年，中卫市政协收到提案342件，反映社情民意信息155篇，开展协商活动50余次"
    assert any(t.startswith(summary) for t in text)
    assert "为民政协：原文没有这一部分。" in text
    assert "附：数字出处" in text and "附：工作亮点全文" not in text

    headline = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert headline[0] == ["指标", "原文写法"]
    assert [r[1] for r in headline[1:]] == ["342件", "155篇", "50余次", "24篇", "12项", "90多次"]
    cells = {c.text for table in doc.tables for row in table.rows for c in row.cells}
    for written in ("90余次", "30余次", "两期", "47条", "43批次"):
        assert written in cells, written
    assert "90" not in cells and "50" not in cells, "figures are written as in the source"
    assert not any(len(c) > 40 for c in cells), "no sentence column: sentences are notes"
    for table in doc.tables:
        first = table.rows[0]._tr.xml
        assert "w:tblHeader" in first, "the header row repeats on every page"
        assert all("w:cantSplit" in row._tr.xml for row in table.rows)

    assert len(doc.inline_shapes) == len(content.charts) == 1
    assert "坚持党对政协工作的全面领导" in "\n".join(text)  # a work item's title
    assert "图片说明" not in "\n".join(text), "no empty caption block"
    footers = section.footer._element.xml + section.even_page_footer._element.xml
    assert footers.count("PAGE") == 2 and "NUMPAGES" not in footers
    assert [p.text for p in section.footer.paragraphs] == ["— 1 —"]
    assert WATERMARK in section.header.paragraphs[0].text


@needs_chromium
def test_the_word_briefing_reads_well_once_printed(exported, tmp_path):
    """The briefing as LibreOffice prints it: a few pages, every line inside the margins."""
    import pdfplumber

    require_soffice()
    pdf = to_pdf(by_suffix(exported[0], ".docx")[0], tmp_path)
    mm = 72 / 25.4
    with pdfplumber.open(pdf) as document:
        assert 5 <= len(document.pages) <= 10, len(document.pages)
        for number, page in enumerate(document.pages, start=1):
            assert (round(page.width / mm), round(page.height / mm)) == (210, 297)
            words = page.extract_words()
            body = [w for w in words if 37 * mm - 2 <= w["top"] and w["bottom"] <= 262 * mm + 2]
            for w in body:
                assert 28 * mm - 2 <= w["x0"] and w["x1"] <= (210 - 26) * mm + 2, (number, w)
            outside = [w["text"] for w in words if w not in body]
            assert "".join(outside).replace(" ", "") in (
                f"{WATERMARK}—{number}—".replace(" ", ""),
                f"—{number}—{WATERMARK}".replace(" ", ""),
            ), (number, outside)
        first = document.pages[0].extract_text()
        assert "年度要点" in first and "各板块概况" in first and "活力政协：" in first


@needs_chromium
def test_the_full_word_briefing_appends_the_work_items_whole(data, tmp_path):
    src = formats.open_source(data)
    written = formats.export(src, ["docx"], tmp_path, full=True)
    text = "\n".join(docx_text(Document(written[0])))
    assert "附：工作亮点全文" in text
    assert "创新开展党建带动界别、功能型党支部、委员党课等活动" in text


# ---------------------------------------------------------------- HTML


class References(HTMLParser):
    """Every attribute value and every script and style text of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[tuple[str, str, str]] = []
        self.code: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        (self.code if self._in else self.text).append(data)


URL = re.compile(r"https?://", re.IGNORECASE)


def check_no_external_reference(html: str) -> References:
    parsed = References()
    parsed.feed(html)
    for tag, name, value in parsed.attributes:
        assert not URL.search(value), (tag, name, value)
        assert not value.strip().lower().startswith(("//", "javascript:")), (tag, name, value)
    assert not any(
        tag in ("link", "img", "iframe", "object", "embed") for tag, _, _ in parsed.attributes
    )
    assert not any(name == "src" for _, name, _ in parsed.attributes), "nothing is loaded"
    for code in parsed.code:
        assert not URL.search(code)
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", code, re.IGNORECASE)
        assert "@import" not in code
    return parsed


def test_the_html_is_self_contained_with_no_external_url(content):
    html = html_document(content)
    parsed = check_no_external_reference(html)
    assert "Plotly.newPlot" in html and html.count("Plotly.newPlot(") == len(content.charts)
    text = "".join(parsed.text)
    for name in [
        "中卫市政协2023年履职情况简报",
        *PILLARS,
        "资料来源",
        "50余次",
        "90余次",
        WATERMARK,
    ]:
        assert name in text, name


@needs_chromium
def test_the_written_html_file_is_the_same_document(exported):
    html = by_suffix(exported[0], ".html")[0].read_text(encoding="utf-8")
    check_no_external_reference(html)
    assert len(html) > 4_000_000, "plotly.js is embedded"


def test_text_from_data_is_escaped_in_the_html(tmp_path, default_input):
    tables = dict(default_input.tables)
    highlights = tables["highlights"]
    index = highlights.schema.get_field_index("title")
    titles = highlights.column("title").to_pylist()
    titles[0] = HOSTILE
    tables["highlights"] = highlights.set_column(
        index, highlights.schema.field(index), pa.array(titles)
    )
    root = tmp_path / "data"
    snapshots.publish(root, tables, input_name="hostile", input_sha256="0" * 64)
    html = html_document(briefing.build(formats.open_source(root)))
    assert HOSTILE not in html and "<img src=x" not in html
    check_no_external_reference(html)
    parsed = References()
    parsed.feed(html)
    assert HOSTILE in "".join(parsed.text), "shown literally, as text"


def test_an_org_named_like_a_path_is_exported_inside_out(tmp_path, default_input):
    """A snapshot whose org reads as a path (ingest refuses such names now; a snapshot
    published before could hold one): every file and zip member stays inside --out."""
    org = "../../逃逸"
    tables = dict(default_input.tables)
    for name in ("metrics", "highlights", "captions"):
        t = tables[name]
        i = t.schema.get_field_index("org")
        tables[name] = t.set_column(i, t.schema.field(i), pa.array([org] * t.num_rows))
    root = tmp_path / "data"
    snapshots.publish(root, tables, input_name="x", input_sha256="0" * 64)
    out = tmp_path / "a" / "b" / "out"
    done = run_cli("export", "--format", "html", "--org", org, "--out", str(out), root=root)
    assert done.returncode == 0, done.stderr
    written = [Path(line) for line in done.stdout.split()]
    assert written and all(p.resolve().parent == out.resolve() for p in written)
    assert [p.name for p in out.iterdir()] == ["_.._逃逸2023年履职看板.html"]
    assert not any(p.is_file() for p in (tmp_path / "a").iterdir())
    b = briefing.build(formats.open_source(root, org))
    names = [formats.file_name(b, fmt) for fmt in formats.FORMATS]
    images = {(page.slug, chart.key): b"" for page, chart in b.charts}
    names += [f"{png_folder_name(b)}/{n}" for n, _ in png_files(b, images)]
    for name in names:
        assert ".." not in Path(name).parts and not Path(name).is_absolute(), name
        assert "\\" not in name


# ---------------------------------------------------------------- CLI


def test_cli_exports_html_and_prints_the_paths(data, tmp_path):
    done = run_cli("export", "--format", "html", "--out", str(tmp_path / "out"), root=data)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(tmp_path / "out" / "中卫市政协2023年履职看板.html")
    assert "已写出离线网页" in done.stderr


def test_cli_refuses_an_unknown_year_in_chinese(data, tmp_path):
    done = run_cli(
        "export", "--format", "html", "--year", "1999", "--out", str(tmp_path), root=data
    )
    assert done.returncode == 2
    assert "没有1999年的数据" in done.stderr and "已有年度：2023年" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_an_unwritable_out_folder(data, tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    done = run_cli("export", "--format", "docx", "--out", str(blocker / "sub"), root=data)
    assert done.returncode == 2
    assert "无法创建输出目录" in done.stderr and "Traceback" not in done.stderr


def test_watermark_date_placeholder():
    text = briefing.expand_watermark("内部资料 注意保密 {date}")
    assert re.fullmatch(r"内部资料 注意保密 \d{4}-\d{2}-\d{2}", text)
    assert briefing.expand_watermark("  ") is None

"""The Word briefing (python-docx): 中卫市政协{year}年履职情况简报, in the manner of a
government briefing (GB/T 9704 as far as a briefing follows it).

A4, margins 37 / 35 / 28 / 26 mm; the title in 小标宋, body in 仿宋 三号 at a fixed 28 pt
line, level-one headings in 黑体 and level-two in 楷体; page numbers "— 1 —" on the
outside edge. The first page sums the year up: its headline figures in a sentence and in a
short table, one line per pillar. Then per pillar its figures (name and figure as written,
the sentence as a numbered note in 附：数字出处), its charts and its work items as titles
with their first sentence (whole with `full`). Tables never split a row and repeat their
header; a heading stays with what follows. Figures are as written (`50余次`, never 50);
all text from data goes in as text; the snapshot id is in the file's properties only.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from zwzx_dash.export.photo_layout import Photo, fit, page_photos
from zwzx_dash.present.briefing import (
    FIGURES_AS_WRITTEN,
    Briefing,
    Page,
    gist,
    headline_sentence,
    lower_bound_note,
    pillar_line,
)

# Fonts as a government office has them; Word and WPS substitute 宋体/黑体 where one is
# missing (the README names the fallbacks).
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
NUMBER_FONT = "宋体"
SIZE_2, SIZE_3, SIZE_4, SIZE_SMALL_4 = Pt(22), Pt(16), Pt(14), Pt(12)
LINE = Pt(28)
MUTED = RGBColor(0x4B, 0x55, 0x63)
IMAGE_WIDTH = Cm(15.6)  # the text width: 210 − 28 − 26 mm
PHOTO_HEIGHT = Cm(10)  # a photo and its caption keep room for text on the page
CHINESE_NUMBERS = "一二三四五六七八九十"


def docx_bytes(
    briefing: Briefing, images: dict[tuple[str, str], bytes], full: bool = False
) -> bytes:
    """The briefing as a .docx; `images` are the charts' PNGs by (page slug, chart key);
    `full` appends every work item's whole text."""
    doc = Document()
    _set_up(doc, briefing)
    notes: dict[str, list[str]] = {}  # 附：数字出处: sentence -> its figures, as cited
    _summary(doc, briefing)
    figure_no = 0
    for number, page in enumerate(briefing.pages[1:], start=1):
        photos = page_photos(briefing, page)
        figure_no = _pillar(doc, page, number, images, notes, figure_no, photos)
    _sources(doc, briefing)
    _appendix_notes(doc, notes)
    if full:
        _appendix_highlights(doc, briefing)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- set-up


def _set_up(doc: Any, briefing: Briefing) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(25)
    normal = doc.styles["Normal"]
    _font(normal, BODY_FONT, SIZE_3)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    properties = doc.core_properties
    properties.title = briefing.title
    properties.author = briefing.org
    properties.subject = f"数据来源：《{briefing.source_title}》"
    properties.comments = f"快照 {briefing.snapshot_id}，更新时间 {briefing.updated}"
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    if briefing.watermark:
        for header in (section.header, section.even_page_header):
            paragraph = header.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(paragraph, briefing.watermark, BODY_FONT, Pt(10.5), color=MUTED)


def _font(style: Any, name: str, size: Pt) -> None:
    style.font.name = name
    style.font.size = size
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _run(paragraph: Any, text: str, font: str, size: Pt, **options: Any) -> Any:
    """A run of text in a Chinese font (Word reads the East Asian font for Chinese)."""
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = size
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    run.bold = options.get("bold")
    run.font.superscript = options.get("superscript")
    if options.get("color") is not None:
        run.font.color.rgb = options["color"]
    return run


def _page_number(paragraph: Any, alignment: WD_ALIGN_PARAGRAPH) -> None:
    """— 1 — in 宋体 四号, on the outside edge: right on odd pages, left on even ones."""
    paragraph.alignment = alignment
    _run(paragraph, "— ", NUMBER_FONT, SIZE_4)
    _field(_run(paragraph, "", NUMBER_FONT, SIZE_4), "PAGE")
    _run(paragraph, " —", NUMBER_FONT, SIZE_4)


def _field(run: Any, instruction: str) -> None:
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)
        if kind == "separate":
            placeholder = OxmlElement("w:t")
            placeholder.text = "1"
            run._r.append(placeholder)


# ---------------------------------------------------------------- paragraphs


def _paragraph(doc: Any, text: str = "", *, indent: bool = True, keep: bool = False) -> Any:
    """A body paragraph: 仿宋 三号, first line indented two characters."""
    paragraph = doc.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)
    paragraph.paragraph_format.keep_with_next = keep
    if text:
        _run(paragraph, text, BODY_FONT, SIZE_3)
    return paragraph


def _heading(doc: Any, text: str, level: int) -> None:
    """一、 in 黑体, （一） in 楷体, each kept with what follows (never alone at a page foot)."""
    paragraph = _paragraph(doc, keep=True)
    font = HEADING_FONT if level == 1 else SUBHEADING_FONT
    _run(paragraph, text, font, SIZE_3)
    paragraph.paragraph_format.keep_together = True


def _small(doc: Any, text: str, *, center: bool = False) -> None:
    paragraph = _paragraph(doc, indent=not center)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, BODY_FONT, SIZE_SMALL_4, color=MUTED)
    paragraph.paragraph_format.line_spacing = Pt(20)


# ---------------------------------------------------------------- content


def _summary(doc: Any, b: Briefing) -> None:
    """The first page: title, source line, the year in a sentence and a table, a line
    per pillar."""
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(14)
    _run(title, b.title, TITLE_FONT, SIZE_2)
    _small(
        doc, f"资料来源：《{b.source_title}》　数据截至{b.year}年　更新 {b.updated}", center=True
    )
    _paragraph(doc)
    _heading(doc, "一、年度要点", 1)
    sentence = headline_sentence(b)
    if sentence:
        _paragraph(doc, sentence)
        _figures_table(doc, b.headline, notes=None)
        note = lower_bound_note(b.headline)
        if note:
            _small(doc, note)
    else:
        _paragraph(doc, f"{b.org}{b.year}年的资料中没有标为年度要点的数字。")
    _heading(doc, "二、各板块概况", 1)
    for page in b.pages[1:]:
        _paragraph(doc, pillar_line(page))


def _pillar(
    doc: Any,
    page: Page,
    number: int,
    images: dict[tuple[str, str], bytes],
    notes: dict[str, list[str]],
    figure_no: int,
    photos: list[Photo],
) -> int:
    """A pillar's part; returns the last chart or photo number used (图1, 图2 … run through)."""
    _heading(doc, f"{CHINESE_NUMBERS[number + 1]}、{page.name}", 1)
    if number == 1:  # the summary has the first page to itself
        doc.paragraphs[-1].paragraph_format.page_break_before = True
    for line in page.intro:
        _paragraph(doc, line)
    sub = 0
    if not page.figures.empty:
        sub += 1
        _heading(
            doc, f"（{CHINESE_NUMBERS[sub - 1]}）{'相关数字' if page.missing else '主要数字'}", 2
        )
        _figures_table(doc, page.figures, notes, with_origin=page.missing)
        note = lower_bound_note(page.figures)
        if note:
            _small(doc, note)
    for chart in page.charts:
        figure_no += 1
        picture = doc.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        picture.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        picture.add_run().add_picture(io.BytesIO(images[(page.slug, chart.key)]), width=IMAGE_WIDTH)
        _small(doc, f"图{figure_no}　{chart.title}", center=True)
    if not page.highlights.empty:
        sub += 1
        _heading(
            doc, f"（{CHINESE_NUMBERS[sub - 1]}）{'相关亮点' if page.missing else '工作亮点'}", 2
        )
        for n, row in enumerate(page.highlights.itertuples(), start=1):
            paragraph = _paragraph(doc)
            _run(paragraph, f"{n}. {row.title}。", BODY_FONT, SIZE_3, bold=True)
            _run(paragraph, gist(row.body), BODY_FONT, SIZE_3)
            origin = getattr(row, "pillar_name", None)
            if page.missing and isinstance(origin, str):
                _run(paragraph, f"（出自{origin}）", BODY_FONT, SIZE_3)
    if photos:
        sub += 1
        _heading(doc, f"（{CHINESE_NUMBERS[sub - 1]}）图片", 2)
    return _photos(doc, photos, figure_no)


def _photos(doc: Any, photos: list[Photo], figure_no: int) -> int:
    """A pillar's photos, each at most the text width and PHOTO_HEIGHT high, numbered on
    from its charts with its caption under it; returns the last number used."""
    for photo in photos:
        figure_no += 1
        width, height = fit(photo, IMAGE_WIDTH.cm, PHOTO_HEIGHT.cm)
        picture = doc.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        picture.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        picture.add_run().add_picture(io.BytesIO(photo.data), Cm(width), Cm(height))
        _small(doc, f"图{figure_no}　{photo.caption}", center=True)
    return figure_no


def _figures_table(
    doc: Any, frame: pd.DataFrame, notes: dict[str, list[str]] | None, with_origin: bool = False
) -> None:
    """指标 | 原文写法 (| 出自): the figure as written, never the bare value; with `notes`,
    each name carries the number of its sentence in 附：数字出处."""
    columns = ["指标", "原文写法"] + (["出自"] if with_origin else [])
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_as_header(table.rows[0])
    for cell, label in zip(table.rows[0].cells, columns, strict=True):
        _cell_text(cell, label, bold=True)
    for row in frame.itertuples():
        cells = table.add_row().cells
        note = None
        if notes is not None and isinstance(row.quote, str) and row.quote:
            notes.setdefault(row.quote, []).append(f"{row.name}{row.text}")
            note = list(notes).index(row.quote) + 1
        _cell_text(cells[0], str(row.name), note=note)
        _cell_text(cells[1], str(row.text), bold=True)
        if with_origin:
            origin = row.pillar_name if isinstance(row.pillar_name, str) else "总览"
            _cell_text(cells[2], origin)
    for row in table.rows:
        _keep_row_whole(row)
    widths = (Cm(11), Cm(4.6)) if not with_origin else (Cm(8.6), Cm(3.6), Cm(3.4))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    _paragraph(doc, indent=False).paragraph_format.line_spacing = Pt(10)


def _cell_text(cell: Any, text: str, bold: bool = False, note: int | None = None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, text, BODY_FONT, SIZE_4, bold=bold)
    if note is not None:
        _run(paragraph, f"[{note}]", BODY_FONT, SIZE_4, superscript=True)


def _repeat_as_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _keep_row_whole(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _sources(doc: Any, b: Briefing) -> None:
    _heading(doc, f"{CHINESE_NUMBERS[len(b.pages) + 1]}、资料来源", 1)
    for source in b.sources.itertuples():
        parts = (source.authors, source.publisher, source.published)
        byline = "，".join(x for x in parts if isinstance(x, str) and x)
        _paragraph(doc, f"《{source.title}》" + (f"，{byline}" if byline else "") + "。")
    _paragraph(
        doc,
        FIGURES_AS_WRITTEN + "每个数字的原文语句见“附：数字出处”。",
    )


def _appendix_notes(doc: Any, notes: dict[str, list[str]]) -> None:
    """Each cited sentence once, with the figures it gives."""
    if not notes:
        return
    _heading(doc, "附：数字出处", 1)
    doc.paragraphs[-1].paragraph_format.page_break_before = True
    for n, (quote, figures) in enumerate(notes.items(), start=1):
        paragraph = _paragraph(doc, indent=False)
        paragraph.paragraph_format.line_spacing = Pt(22)
        _run(paragraph, f"[{n}] {'、'.join(figures)}：", BODY_FONT, SIZE_SMALL_4, bold=True)
        _run(paragraph, quote, BODY_FONT, SIZE_SMALL_4)


def _appendix_highlights(doc: Any, b: Briefing) -> None:
    pages = [p for p in b.pages[1:] if not p.highlights.empty]
    if not pages:
        return
    _heading(doc, "附：工作亮点全文", 1)
    doc.paragraphs[-1].paragraph_format.page_break_before = True
    for page in pages:
        _heading(doc, page.name, 2)
        for row in page.highlights.itertuples():
            paragraph = _paragraph(doc)
            _run(paragraph, f"{row.title}。", BODY_FONT, SIZE_3, bold=True)
            _run(paragraph, str(row.body), BODY_FONT, SIZE_3)

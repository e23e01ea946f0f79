"""The Word briefing (python-docx): 中卫市政协{year}年履职情况简报.

Headline figures as a table; per pillar its figures, charts, highlights and captions;
a sources section citing the document; page numbers in the footer. Figures are written
as in the source (`50余次`, never 50). All text from data goes in as text.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from zwzx_dash.present.briefing import Briefing, Page, lower_bound_note

FONT = "Microsoft YaHei"  # Word falls back to a system Chinese font where it is missing
MUTED = RGBColor(0x4B, 0x55, 0x63)
IMAGE_WIDTH = Cm(16)
FIGURE_COLUMNS = ("指标", "原文写法", "原文语句")


def docx_bytes(briefing: Briefing, images: dict[tuple[str, str], bytes]) -> bytes:
    """The briefing as a .docx; `images` are the charts' PNGs by (page slug, chart key)."""
    doc = Document()
    _set_up(doc, briefing)
    doc.add_heading(briefing.title, level=0)
    _muted(doc, f"数据来源：《{briefing.source_title}》　数据截至：{briefing.year}年")
    _muted(doc, f"快照 {briefing.snapshot_id}　更新时间 {briefing.updated}")

    overview, pillars = briefing.pages[0], briefing.pages[1:]
    doc.add_heading("年度要点", level=1)
    _figures_table(doc, briefing.headline, with_quote=False)
    _note(doc, briefing.headline)
    _charts(doc, overview, images)

    for page in pillars:
        _pillar(doc, page, images)

    _sources(doc, briefing)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- document set-up


def _set_up(doc: Any, briefing: Briefing) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        _chinese_font(doc.styles[name])
    doc.styles["Normal"].font.size = Pt(11)
    doc.core_properties.title = briefing.title
    doc.core_properties.author = briefing.org
    _page_numbers(section)
    if briefing.watermark:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = header.add_run(briefing.watermark)
        run.font.color.rgb = RGBColor(0x9C, 0xA3, 0xAF)
        run.font.size = Pt(10)


def _chinese_font(style: Any) -> None:
    style.font.name = FONT
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)


def _page_numbers(section: Any) -> None:
    """第 N 页 / 共 M 页 in the footer, as Word fields."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("第 ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" 页 / 共 ")
    _field(paragraph, "NUMPAGES")
    paragraph.add_run(" 页")


def _field(paragraph: Any, instruction: str) -> None:
    run = paragraph.add_run()
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


# ---------------------------------------------------------------- content


def _muted(doc: Any, text: str) -> None:
    run = doc.add_paragraph().add_run(text)
    run.font.color.rgb = MUTED
    run.font.size = Pt(9)


def _note(doc: Any, frame: pd.DataFrame) -> None:
    note = lower_bound_note(frame)
    if note:
        _muted(doc, note)


def _figures_table(doc: Any, frame: pd.DataFrame, with_quote: bool, pillar: bool = False) -> None:
    if frame.empty:
        doc.add_paragraph("（没有数字）")
        return
    columns = list(FIGURE_COLUMNS if with_quote else FIGURE_COLUMNS[:2])
    if pillar:
        columns.insert(2, "出自")
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, label in zip(table.rows[0].cells, columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(label).bold = True
    for row in frame.itertuples():
        values = [row.name, row.text]  # the figure as written, never the bare value
        if pillar:
            values.append(row.pillar_name if isinstance(row.pillar_name, str) else "总览")
        if with_quote:
            values.append(row.quote)
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = str(value)
    doc.add_paragraph()


def _charts(doc: Any, page: Page, images: dict[tuple[str, str], bytes]) -> None:
    for chart in page.charts:
        doc.add_picture(io.BytesIO(images[(page.slug, chart.key)]), width=IMAGE_WIDTH)
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption = doc.add_paragraph(f"图　{chart.title}", style="Caption")
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _pillar(doc: Any, page: Page, images: dict[tuple[str, str], bytes]) -> None:
    doc.add_heading(page.name, level=1)
    for line in page.intro:
        doc.add_paragraph(line)
    doc.add_heading("相关数字" if page.missing else "主要数字", level=2)
    _figures_table(doc, page.figures, with_quote=True, pillar=page.missing)
    _note(doc, page.figures)
    _charts(doc, page, images)
    if not page.highlights.empty:
        doc.add_heading("相关亮点" if page.missing else "工作亮点", level=2)
        for row in page.highlights.itertuples():
            doc.add_heading(str(row.title), level=3)
            if page.missing and isinstance(getattr(row, "pillar_name", None), str):
                _muted(doc, f"出自{row.pillar_name} · {row.pillar_heading}")
            doc.add_paragraph(str(row.body))
    if not page.captions.empty:
        doc.add_heading("图片说明", level=2)
        for row in page.captions.itertuples():
            doc.add_paragraph(str(row.caption), style="List Bullet")


def _sources(doc: Any, briefing: Briefing) -> None:
    doc.add_heading("资料来源", level=1)
    for source in briefing.sources.itertuples():
        parts = (source.authors, source.publisher, source.published)
        byline = "，".join(x for x in parts if isinstance(x, str) and x)
        doc.add_paragraph(f"《{source.title}》" + (f"，{byline}" if byline else ""))
    doc.add_paragraph(
        "本简报中的数字均按原文写法列出；写作“余/多”的是下限，写作“约/近/左右”的是约数。"
        "每个数字的原文语句见各部分数字表。"
    )
    _muted(doc, f"快照 {briefing.snapshot_id}，更新时间 {briefing.updated}。")

"""The PowerPoint deck (python-pptx): 中卫市政协{year}年履职情况简报, 16:9, for a 汇报.

Slides: the title; 年度要点; per pillar its figures and its first chart, native and editable
(each further chart on a slide of its own, then its photos with their captions); 资料来源.
Figures appear as written (`50余次`, never 50); speaker notes carry their source sentences;
the snapshot id stays in the file's properties. Text from data goes in as text; too long for
its box, it is made smaller down to 14 pt, then cut with "…" rather than run off the slide
(the notes keep it whole).
"""

from __future__ import annotations

import io
import math
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_TICK_MARK
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from zwzx_dash.export.chart_data import TextChartData
from zwzx_dash.export.photo_layout import Photo, page_photos, place_on_slides
from zwzx_dash.present import charts
from zwzx_dash.present.briefing import (
    FIGURES_AS_WRITTEN,
    UNCHECKED,
    Briefing,
    Chart,
    Page,
    cell_text,
    lower_bound_note,
)

# Windows has YaHei; LibreOffice on Debian draws a zh-CN run of it in Noto Sans CJK SC.
FONT = "Microsoft YaHei"
WIDTH, HEIGHT, MARGIN = 40 / 3, 7.5, 0.6  # inches: PowerPoint's 16:9
INNER = WIDTH - 2 * MARGIN
TOP, BOTTOM = 2.7, 6.8  # a pillar slide's content: under its intro, above the footer
NOTE_Y = BOTTOM - 0.45  # the 注 line under a slide's content
MIN_SIZE = 14
MAX_FIGURES = 8
TABLE_W, VALUE_W = 5.7, 1.25  # the figure list beside a chart, and its 原文写法 column
LINE = 1.5  # a CJK face's line height in ems (Noto Sans CJK: 1.45)
COLORS = (charts.INK, charts.MUTED, charts.EXACT_COLOR, charts.BOUND_COLOR, "#D1D5DB", "#F9FAFB")
INK, MUTED, ACCENT, LIGHT, RULE, PAPER, NOTICE = (
    RGBColor.from_string(c.lstrip("#")) for c in (*COLORS, "#FEF3C7")
)
NOTES_HINT = "每个数字的原文语句见各页演讲者备注。"
CHART_NOTE = "图中浅色柱为下限或约数。"


@dataclass(frozen=True)
class Text:
    text: str
    size: int
    color: RGBColor = INK
    bold: bool = False


def pptx_bytes(briefing: Briefing) -> bytes:
    """The briefing as a .pptx deck."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12_192_000), Emu(6_858_000)
    props = deck.core_properties
    props.title, props.author, props.last_modified_by = briefing.title, briefing.org, briefing.org
    props.subject = f"{briefing.org}{briefing.year}年履职情况汇报"
    props.comments = f"快照 {briefing.snapshot_id}；更新 {briefing.updated}"
    _title_slide(deck, briefing)
    _headline_slide(deck, briefing)
    for page in briefing.pages[1:]:
        _pillar_slides(deck, page)
        _photo_slides(deck, page.name, page_photos(briefing, page))
    _sources_slide(deck, briefing)
    _finish(deck, briefing)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _ems(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)


def _lines(text: str, size: float, width: float) -> int:
    per_line = max(1.0, (width - 0.1) * 72 / size * 0.92)  # less the box's margins
    return sum(max(1, math.ceil(_ems(part) / per_line)) for part in text.split("\n"))


def _height(texts: list[Text], width: float) -> float:
    return sum(_lines(t.text, t.size, width) * t.size * LINE / 72 for t in texts) + 0.06


def _fitted(texts: list[Text], width: float, height: float) -> list[Text]:
    """The texts made smaller until they fit (never below 14 pt), else the last one cut."""
    while _height(texts, width) > height and any(t.size > MIN_SIZE for t in texts):
        texts = [replace(t, size=max(MIN_SIZE, t.size - 2)) for t in texts]
    while _height(texts, width) > height and len(texts[-1].text) > 2:
        kept = texts[-1].text.rstrip("…")
        texts[-1] = replace(texts[-1], text=kept[: len(kept) * 9 // 10] + "…")
    return texts


def _style(font: Any, size: float, color: RGBColor = INK, bold: bool = False) -> None:
    """Size, colour, weight, then the Latin and East Asian face both (python-pptx's
    font.name sets only a:latin), after them in the schema's order; zh-CN for fallback."""
    font.size, font.bold = Pt(size), bold
    font.color.rgb = color
    font._rPr.set("lang", "zh-CN")
    for tag in ("a:latin", "a:ea"):
        etree.SubElement(font._rPr, qn(tag), typeface=FONT)


def _write(frame: Any, texts: list[Text], align: Any = PP_ALIGN.LEFT) -> None:
    for i, t in enumerate(texts):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = t.text
        _style(run.font, t.size, t.color, t.bold)


def _box(slide: Any, x: float, y: float, w: float, h: float, texts: list[Text], **how: Any) -> Any:
    """A text box that keeps its size and wraps, its texts fitted into it."""
    shape = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    frame = shape.text_frame
    frame.word_wrap, frame.auto_size = True, MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = how.get("anchor", MSO_ANCHOR.TOP)
    frame.margin_left = frame.margin_right = Inches(0.05)
    frame.margin_top = frame.margin_bottom = Inches(0.02)
    _write(frame, _fitted(list(texts), w, h), how.get("align", PP_ALIGN.LEFT))
    return shape


def _rect(slide: Any, x: float, y: float, w: float, h: float, fill: RGBColor) -> None:
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(x), Inches(y), Inches(w), Inches(h))
    shape.fill.solid()
    shape.fill.fore_color.rgb = fill
    shape.line.fill.background()


def _slide(deck: Any, title: str) -> Any:
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # blank
    _box(slide, MARGIN, 0.3, INNER, 0.85, [Text(title, 32, INK, True)], anchor=MSO_ANCHOR.BOTTOM)
    _rect(slide, MARGIN, 1.22, 1.1, 0.06, ACCENT)
    return slide


def _title_slide(deck: Any, b: Briefing) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    _rect(slide, 0, 0, WIDTH, 0.18, ACCENT)
    _box(slide, 1.0, 1.7, WIDTH - 2, 1.7, [Text(b.title, 44, INK, True)], anchor=MSO_ANCHOR.BOTTOM)
    _rect(slide, 1.05, 3.55, 1.4, 0.07, ACCENT)
    _box(slide, 1.0, 3.85, WIDTH - 2, 0.65, [Text(b.org, 24, INK)])
    line = f"来源：《{b.source_title}》 · 数据截至{b.year}年 · 更新 {b.updated}"
    _box(slide, 1.0, 4.6, WIDTH - 2, 1.6, [Text(line, 18, MUTED)])


def _headline_slide(deck: Any, b: Briefing) -> None:
    slide = _slide(deck, "年度要点")
    figures = b.headline.head(6)
    _cards(slide, figures, top=1.55, bottom=NOTE_Y, columns=3, number=60, name=22)
    _note(slide, lower_bound_note(figures))
    _notes(slide, [], figures)


def _pillar_slides(deck: Any, page: Page) -> None:
    """Figures (beside the first chart if any; more on 续 slides), then each further chart."""
    drawn = [c for c in page.charts if len(c.frame) >= charts.MIN_BARS]
    slide = _slide(deck, page.name)
    _intro(slide, page)
    if drawn:
        count, size = _table_plan(page.figures, NOTE_Y - TOP)
        shown = page.figures.head(count)
        _figure_table(slide, shown, size)
        chart_note = _chart(slide, drawn[0], MARGIN + TABLE_W + 0.35, TOP, INNER - TABLE_W - 0.35)
    else:
        shown, chart_note = page.figures.head(MAX_FIGURES), None
        _cards(slide, shown, TOP, NOTE_Y, columns=0, number=44, name=18, origin=page.missing)
    _note(slide, lower_bound_note(shown), chart_note)
    _notes(slide, page.intro, pd.concat([shown, *(c.frame for c in drawn[:1])]))
    rest = page.figures.iloc[len(shown) :]
    while not rest.empty:
        shown, rest = rest.head(MAX_FIGURES), rest.iloc[MAX_FIGURES:]
        slide = _slide(deck, f"{page.name}（续）")
        _cards(slide, shown, 1.55, NOTE_Y, columns=0, number=44, name=18, origin=page.missing)
        _note(slide, lower_bound_note(shown))
        _notes(slide, [], shown)
    for chart in drawn[1:]:
        slide = _slide(deck, page.name)
        _note(slide, _chart(slide, chart, MARGIN, 1.55, INNER))
        _notes(slide, [], chart.frame)


def _photo_slides(deck: Any, name: str, photos: list[Photo]) -> None:
    """Each photo with its caption under it, two to a slide (export/photo_layout.py)."""

    def caption(slide: Any, x: float, y: float, w: float, text: str) -> None:
        _box(slide, x, y, w, 0.7, _fitted([Text(text, 16, MUTED)], w, 0.7), align=PP_ALIGN.CENTER)

    area = (MARGIN, 1.55, INNER, NOTE_Y - 1.55)
    place_on_slides(photos, lambda: _slide(deck, f"{name}：图片"), caption, area)


def _intro(slide: Any, page: Page) -> None:
    """The section's origin and summary, or the notice of a missing section: never invented."""
    if page.status in ("missing", "none"):
        _rect(slide, MARGIN, 1.45, INNER, 1.1, NOTICE)
        notice = [Text(line, 18) for line in page.intro]
        _box(slide, MARGIN + 0.15, 1.45, INNER - 0.3, 1.1, notice, anchor=MSO_ANCHOR.MIDDLE)
        return
    lines = [Text(line, 18) for line in page.intro]
    if len(lines) > 1:  # the origin line above the summary, quieter
        lines[0] = Text(page.intro[0], 16, MUTED)
    _box(slide, MARGIN, 1.42, INNER, TOP - 1.52, lines)


def _note(slide: Any, *notes: str | None) -> None:
    if any(notes):
        note = " ".join(n for n in notes if n)
        _box(slide, MARGIN, NOTE_Y + 0.05, INNER, 0.4, [Text(note, 14, MUTED)])


def _notes(slide: Any, intro: list[str], figures: pd.DataFrame) -> None:
    """Speaker notes: the intro, then each figure's source sentence, "name：text —— quote"."""
    lines, n = [*intro, *([""] if intro else [])], len(figures)
    for row in figures.drop_duplicates(["name", "text"]).itertuples() if n else []:
        quote = cell_text(row.quote) or UNCHECKED
        lines.append(f"{cell_text(row.name)}：{cell_text(row.text)} —— {quote}")
    if any(lines):
        _write(slide.notes_slide.notes_text_frame, [Text(line, 14) for line in lines])


def _cards(
    slide: Any, figures: pd.DataFrame, top: float, bottom: float, columns: int, number: int,
    name: int, origin: bool = False,
) -> None:  # fmt: skip
    """Figures as written in large type, names (and origins) under them; one size for all."""
    n = len(figures)
    if n == 0:
        return
    columns = columns or (n if n <= 4 else 3 if n <= 6 else 4)
    number = min(number, 40) if columns > 3 else number  # room for two-line names
    cell_w, cell_h = INNER / columns, min(2.4, (bottom - top) / max(math.ceil(n / columns), 1))
    w, h = cell_w - 0.16, cell_h - 0.16
    texts = [cell_text(text) for text in figures["text"]]
    size = max(40, min([number, *(int((w - 0.45) * 72 / max(_ems(t), 1)) for t in texts)]))
    number_h = size * 1.3 / 72 + 0.06
    labels = [[Text(cell_text(row.name), name)] for row in figures.itertuples()]
    if origin:
        for label, where in zip(labels, figures.get("pillar_name", [None] * n), strict=True):
            label.append(Text(f"出自{cell_text(where) or '总览'}", MIN_SIZE, MUTED))
    fitted = min(_fitted(label, w - 0.3, h - number_h - 0.14)[0].size for label in labels)
    for i, (text, label) in enumerate(zip(texts, labels, strict=True)):
        x, y = MARGIN + (i % columns) * cell_w + 0.08, top + (i // columns) * cell_h + 0.08
        _rect(slide, x, y, w, h, PAPER)
        _rect(slide, x, y, 0.06, h, ACCENT)
        _box(slide, x + 0.2, y + 0.08, w - 0.3, number_h, [Text(text, size, ACCENT, True)])
        label[0] = replace(label[0], size=fitted)
        _box(slide, x + 0.2, y + 0.08 + number_h, w - 0.3, h - number_h - 0.14, label)


def _row_heights(figures: pd.DataFrame, size: int) -> list[float]:
    """The heights of a figure table's rows, its header first."""
    names = ["指标", *map(cell_text, figures["name"])]
    return [_lines(n, size, TABLE_W - VALUE_W) * size * LINE / 72 + 0.1 for n in names]


def _table_plan(figures: pd.DataFrame, height: float) -> tuple[int, int]:
    """How many figures (at most eight) a table beside a chart holds, and at what size."""
    for count in range(min(MAX_FIGURES, len(figures)), 0, -1):
        for size in (18, 16, MIN_SIZE):
            if sum(_row_heights(figures.head(count), size)) <= height:
                return count, size
    return min(1, len(figures)), MIN_SIZE


def _figure_table(slide: Any, figures: pd.DataFrame, size: int) -> None:
    """指标 | 原文写法: the figure as written, never the bare value."""
    heights = _row_heights(figures, size)
    shape = slide.shapes.add_table(
        len(heights), 2, Inches(MARGIN), Inches(TOP), Inches(TABLE_W), Inches(sum(heights))
    )
    table = shape.table
    properties = table._tbl.tblPr
    properties.set("firstRow", "0")
    properties.set("bandRow", "0")
    properties.find(qn("a:tableStyleId")).text = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
    table.columns[0].width = Inches(TABLE_W - VALUE_W)
    table.columns[1].width = Inches(VALUE_W)
    rows = [("指标", "原文写法"), *zip(figures["name"], figures["text"], strict=True)]
    for r, (cells, height) in enumerate(zip(rows, heights, strict=True)):
        table.rows[r].height = Inches(height)
        for c, value in enumerate(cells):
            cell = table.cell(r, c)
            _underline(cell)
            if r == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = PAPER
            cell.margin_top = cell.margin_bottom = Inches(0.05)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            color = MUTED if r == 0 else ACCENT if c == 1 else INK
            _write(cell.text_frame, [Text(cell_text(value), size, color, r > 0 and c == 1)])


def _underline(cell: Any) -> None:
    """A thin grey rule under the cell; borders come first in a:tcPr, before its fill."""
    line = etree.Element(qn("a:lnB"), w="9525")
    fill = etree.SubElement(line, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=str(RULE))
    cell._tc.get_or_add_tcPr().insert(0, line)


def _chart(slide: Any, chart: Chart, x: float, y: float, w: float) -> str | None:
    """A native bar chart: bars labelled as written, a lower bound or approximation lighter
    (the note saying so is returned, for the slide's 注 line)."""
    frame = chart.frame
    data = TextChartData()
    data.categories = [cell_text(name) for name in frame["name"]]
    data.add_series("数量", [float(v) for v in frame["value"]])
    exact = frame["qualifier"].eq("exact").tolist()
    shape = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, Inches(x), Inches(y), Inches(w), Inches(NOTE_Y - y), data
    )
    bars = shape.chart
    _style(bars.font, 16)
    bars.has_legend, bars.has_title = False, True
    _write(bars.chart_title.text_frame, _fitted([Text(chart.title, 18, INK, True)], w - 0.8, 0.45))
    _chart_axes(bars, float(frame["value"].max()))
    plot = bars.plots[0]
    plot.gap_width, plot.vary_by_categories = 60, False
    for point, text, is_exact in zip(plot.series[0].points, frame["text"], exact, strict=True):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = ACCENT if is_exact else LIGHT
        point.format.line.color.rgb = ACCENT
        point.data_label.position = XL_LABEL_POSITION.OUTSIDE_END
        _write(point.data_label.text_frame, [Text(cell_text(text), 16, INK, True)])
    return None if all(exact) else CHART_NOTE


def _chart_axes(bars: Any, largest: float) -> None:
    categories = bars.category_axis
    categories.reverse_order = True  # the first figure on top, as in the list
    categories.major_tick_mark = XL_TICK_MARK.NONE
    categories.format.line.color.rgb = RULE
    _style(categories.tick_labels.font, 16)
    values = bars.value_axis
    values.minimum_scale, values.maximum_scale = 0, (largest or 1) * 1.3  # room for labels
    values.has_major_gridlines, values.visible = False, False


def _sources_slide(deck: Any, b: Briefing) -> None:
    slide = _slide(deck, "资料来源")
    texts: list[Text] = []
    for source in b.sources.itertuples():
        parts = (cell_text(getattr(source, k, "")) for k in ("authors", "publisher", "published"))
        byline = "，".join(p for p in parts if p)
        texts += [Text(f"《{cell_text(source.title)}》", 20, INK, True)]
        texts += [Text(byline, 16, MUTED)] if byline else []
    texts += [Text("", 14), Text(FIGURES_AS_WRITTEN, 18), Text(NOTES_HINT, 16, MUTED)]
    _box(slide, MARGIN, 1.55, INNER, BOTTOM - 1.55, texts)


def _finish(deck: Any, b: Briefing) -> None:
    """Footers and page numbers after the title slide; the watermark last, on top of all."""
    total = len(deck.slides)
    for number, slide in enumerate(deck.slides, 1):
        if number > 1:
            _box(slide, MARGIN, 6.95, INNER - 1.5, 0.4, [Text(b.title, 14, MUTED)])
            page = [Text(f"{number} / {total}", 14, MUTED)]
            _box(slide, WIDTH - MARGIN - 1.4, 6.95, 1.4, 0.4, page, align=PP_ALIGN.RIGHT)
        if b.watermark:
            _watermark(slide, b.watermark)


def _watermark(slide: Any, text: str, degrees: float = -30) -> None:
    """Faint turned text across the slide, sized so that the turned box stays on it."""
    cos, sin = math.cos(math.radians(degrees)), abs(math.sin(math.radians(degrees)))
    ems, line = _ems(text) + 0.4 * 72 / 40, LINE + 0.1 * 72 / 40  # box padding, in ems at 40 pt
    room = min((WIDTH - 0.6) / (ems * cos + line * sin), (HEIGHT - 0.6) / (ems * sin + line * cos))
    size = max(20, min(40, int(room * 72)))
    h = line * size / 72
    w = min(ems * size / 72, (WIDTH - 0.6 - h * sin) / cos, (HEIGHT - 0.6 - h * cos) / sin)
    x, y, texts = (WIDTH - w) / 2, (HEIGHT - h) / 2, [Text(text, size, MUTED)]
    shape = _box(slide, x, y, w, h, texts, align=PP_ALIGN.CENTER)
    shape.rotation = degrees
    for color in shape._element.iter(qn("a:srgbClr")):
        etree.SubElement(color, qn("a:alpha"), val="22000")  # 22% opaque

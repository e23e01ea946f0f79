"""Plotly figures as pure functions of a DataFrame. No Streamlit here.

Every figure is built to stand alone, in a screenshot or pasted into a briefing: its title
says what and when with the unit, lower bounds (原文“余/多”) are hatched and labelled as
written, and a footer names the source, the date of the data and when it was published.

The chart rules, one set for the pages and every export: a chart only for three or more
figures of one unit that belong together (one topic) — one or two figures are cards; labels
wrap at punctuation and never start a line with 、，。; text stays at 13 px or more on a
640 px wide chart, about 9 pt once it is placed 16 cm wide in Word.
"""

from __future__ import annotations

import html
import unicodedata
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from zwzx_dash.model.file_names import safe_file_name

# The print theme: Chinese fonts first (Windows, macOS, then Linux), colours that stay
# apart in grayscale print (dark, light, and a hatch for what is only a lower bound).
FONT_FAMILY = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", sans-serif'
INK = "#111827"
MUTED = "#4B5563"
EXACT_COLOR = "#A4161A"
BOUND_COLOR = "#E9B8B9"
PALETTE = [EXACT_COLOR, "#1F2937", BOUND_COLOR, "#9CA3AF"]
# 16:9, exported at PRINT_SCALE (2880 px wide). 640 px is the width a chart is laid out at
# for print: placed 16 cm wide, a 13 px label is 9.2 pt.
PRINT_WIDTH, PRINT_HEIGHT = 640, 360
PRINT_SCALE = 4.5
DOWNLOAD_SCALE = 3  # the modebar's PNG: 3 × the chart as drawn on the screen
FOOTER_WIDTH = 26  # full-width characters per footer line: fits a phone-width chart
PRINT_FOOTER_WIDTH = 46  # the same on a 640 px chart: one line for a usual source title
MIN_BARS = 3  # fewer figures are cards, not a chart
TEXT_SIZE = 13  # px: every label, tick, data label and footer line
HOVER_WIDTH = 15  # characters a line: a ~220 px box, which fits beside a bar on a phone
_NO_LINE_START = "、，。；：！？）》」』”’%,.;:!?)"
_NO_LINE_END = "（《「『“‘(["
_BREAK_AFTER = "、，；：,;:/ "
LOWER_BOUND_NOTE = "斜线柱为下限：原文写作“余/多”，实际数不少于所示"
NO_QUOTE = "见该单位页面（侧栏选择单位）"
ABOUT_NOTE = "点纹柱为约数：原文写作“约/近/左右”"


def plotly_text(text: object) -> str:
    """Plotly draws a subset of HTML in labels and hovers; data must show literally."""
    return html.escape(str(text), quote=False)


def wrap(text: str, width: int) -> str:
    """The text in lines of about `width` characters (break_lines), escaped for plotly."""
    return "<br>".join(plotly_text(line) for line in break_lines(str(text), width))


def break_lines(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters (one more for a closing mark), broken after
    punctuation where one falls in the line's last third, never inside a run of Latin
    letters or digits, never starting a line with 、，。 or ending one with （《“."""
    lines: list[str] = []
    rest = text.strip()
    while len(rest) > width:
        cut = _cut(rest, width)
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*lines, rest] if rest else lines or [text]


def _cut(text: str, width: int) -> int:
    # After the last mark (or before an opening one) in the line when there is one past its
    # first third; else lines
    # of even length (医药卫生体制|改革意见建议, not 医药卫生体制改革意|见建议).
    marks = [
        i
        for i in range(max(2, width // 3), width + 1)
        if text[i - 1] in _BREAK_AFTER or text[i : i + 1] in tuple(_NO_LINE_END)
    ]
    cut = marks[-1] if marks else -(-len(text) // -(-len(text) // width))
    opening = text.rfind("《", 0, cut)
    closing = text.find("》", cut)
    if (
        opening > 0
        and closing != -1
        and closing - opening < width
        and "》" not in text[opening:cut]
    ):
        cut = opening  # a title in 《》 is not broken when it fits a line
    while 1 < cut < len(text) and _joined(text[cut - 1], text[cut]):
        cut -= 1
    if cut <= 1:  # a number or word longer than a line: kept whole, over the width
        cut = width
        while cut < len(text) and _joined(text[cut - 1], text[cut]):
            cut += 1
    if text[cut : cut + 1] and text[cut] in _NO_LINE_START:
        cut += 1  # the mark stays with its line, one character over
    while cut > 1 and text[cut - 1] in _NO_LINE_END:
        cut -= 1
    return cut


def _joined(before: str, after: str) -> bool:
    """Two characters a line must not break between: inside a number or a Latin word."""
    return before.isascii() and after.isascii() and before.isalnum() and after.isalnum()


def display_width(text: str) -> int:
    """Columns a text takes: a Chinese character counts two, a Latin letter or digit one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _split_to_width(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if line and display_width(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


def footer_lines(parts: list[str], width: int = 2 * FOOTER_WIDTH) -> list[str]:
    """The footer's parts packed into lines of at most `width` columns, joined by · where
    two fit on one line; a part longer than a line is split (the source title often is)."""
    lines: list[str] = []
    for part in parts:
        first, *rest = _split_to_width(part, width)
        joined = f"{lines[-1]} · {first}" if lines else ""
        if lines and display_width(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(first)
        lines += rest
    return lines


def footer_parts(source_title: str, as_of: str | None, updated: str | None) -> list[str]:
    """来源 · 数据截至 · 更新: what a reader of a pasted chart needs. The snapshot id is
    machinery: it stays in the export's metadata and on the sources page."""
    parts = [f"来源：《{short_title(source_title)}》"]
    if as_of:
        parts.append(f"数据截至{as_of}")
    if updated:
        parts.append(f"更新 {updated}")
    return parts


def short_title(title: str) -> str:
    """A source's headline without its ——subtitle: 围绕中心大局议政建言 把握民心民意履职尽责."""
    head = title.split("——")[0].strip()
    return head or title


def bar_by_name(
    frame: pd.DataFrame,
    *,
    title: str,
    source_title: str,
    as_of: str | None = None,
    updated: str | None = None,
    watermark: str | None = None,
    label_width: int = 9,
    footer_width: int = FOOTER_WIDTH,
) -> go.Figure:
    """Horizontal bars of same-unit figures, one per row of `frame` (columns name, value,
    unit, qualifier, text, quote), each labelled with its text as written. The title
    gets the unit; the footer names the source, `as_of` (数据截至) and `updated` (更新),
    in lines of `footer_width` full-width characters (PRINT_FOOTER_WIDTH: one line)."""
    units = frame["unit"].unique().tolist()
    if len(units) != 1:
        raise ValueError(f"a bar chart never mixes units, got {units}")
    unit = units[0]
    rows = frame.iloc[::-1]  # plotly draws the first category at the bottom
    quotes = rows["quote"] if "quote" in rows else [NO_QUOTE] * len(rows)
    qualifiers = rows["qualifier"].tolist()
    patterns = ["/" if q == "over" else "." if q == "about" else "" for q in qualifiers]
    colors = [EXACT_COLOR if q == "exact" else BOUND_COLOR for q in qualifiers]
    figure = go.Figure(
        go.Bar(
            x=rows["value"],
            y=[wrap(n, label_width) for n in rows["name"]],
            orientation="h",
            text=[plotly_text(t) for t in rows["text"]],
            textposition="outside",
            cliponaxis=False,
            marker={
                "color": colors,
                "line": {"color": EXACT_COLOR, "width": 1.5},
                "pattern": {"shape": patterns, "fgcolor": EXACT_COLOR, "solidity": 0.35},
            },
            customdata=[
                [plotly_text(t), wrap(q, HOVER_WIDTH), wrap(f"《{source_title}》", HOVER_WIDTH)]
                for t, q in zip(rows["text"], quotes, strict=True)
            ],
            hovertemplate=(
                "<b>%{y}：%{customdata[0]}</b><br>原文：%{customdata[1]}"
                "<br>出处：%{customdata[2]}<extra></extra>"
            ),
        )
    )
    # Wrapped so that the footer stays inside a phone-width chart.
    parts = footer_parts(source_title, as_of, updated)
    notes = [plotly_text(line) for line in footer_lines(parts, 2 * footer_width)]
    if "over" in qualifiers:
        notes.append(LOWER_BOUND_NOTE)
    if "about" in qualifiers:
        notes.append(ABOUT_NOTE)
    left_margin = (TEXT_SIZE + 1) * label_width + 16
    lines = max(len(break_lines(str(n), label_width)) for n in rows["name"])
    bar_height = max(44, (TEXT_SIZE + 5) * lines + 14)
    figure.update_layout(
        title=_title(title, unit, pad={"l": 12}),
        colorway=PALETTE,
        height=120 + bar_height * len(rows) + 18 * len(notes),
        margin={"l": left_margin, "r": 56, "t": 56, "b": 36 + 18 * len(notes)},
        showlegend=False,
        xaxis={
            "gridcolor": "#E5E7EB",
            "rangemode": "tozero",
            "range": [0, float(rows["value"].max()) * 1.25 or 1],
            "fixedrange": True,
        },
        yaxis={"automargin": False, "fixedrange": True},
        # From the figure's left edge, like the title.
        annotations=[_footer(notes, yshift=-26, xshift=12 - left_margin)],
        **_PAGE,
    )
    if watermark:
        add_watermark(figure, watermark)
    return figure


def titled_with_unit(title: str, unit: str) -> str:
    return f"{title}（单位：{unit}）"


# What every chart's layout shares: fonts, white paper, left-aligned hover labels.
_PAGE: dict[str, Any] = {
    "font": {"family": FONT_FAMILY, "color": INK, "size": TEXT_SIZE},
    "plot_bgcolor": "white",
    "paper_bgcolor": "white",
    "hoverlabel": {"font": {"family": FONT_FAMILY}, "align": "left"},
}


def _title(title: str, unit: str, **extra: Any) -> dict[str, Any]:
    """The title inside the figure: what and when, with the unit."""
    return {
        "text": plotly_text(titled_with_unit(title, unit)),
        "x": 0,
        "xanchor": "left",
        "font": {"size": 17},
        **extra,
    }


def _footer(notes: list[str], *, yshift: int, xshift: int = 0) -> dict[str, Any]:
    """The lines under the plot (source, date, snapshot, notes), already escaped."""
    return {
        "text": "<br>".join(notes),
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "xshift": xshift,
        "yshift": yshift,
        "yanchor": "top",
        "xanchor": "left",
        "showarrow": False,
        "align": "left",
        "font": {"size": TEXT_SIZE - 1, "color": MUTED},
    }


def add_watermark(figure: go.Figure, text: str) -> None:
    """Faint diagonal text across the plot, drawn by plotly as text (escaped)."""
    figure.add_annotation(
        text=plotly_text(text),
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        textangle=-18,
        font={"size": 30, "color": "rgba(17, 24, 39, 0.13)"},
    )


def print_size(figure: go.Figure) -> tuple[int, int]:
    """Width and height (CSS pixels) of a chart in a briefing: 16:9, taller only when
    its bars need it."""
    return PRINT_WIDTH, max(PRINT_HEIGHT, int(figure.layout.height or 0))


def chart_config(title: str, *, interactive: bool = True) -> dict[str, Any]:
    """Plotly's config: the modebar keeps only download (our axes are fixed, so there is
    nothing to reset), which saves a PNG at 3x named after the chart's title and year."""
    return {
        "displaylogo": False,
        "responsive": True,
        "displayModeBar": "hover" if interactive else False,
        "modeBarButtons": [["toImage"]],
        "toImageButtonOptions": {
            "format": "png",
            "scale": DOWNLOAD_SCALE,
            "filename": safe_file_name(title, "chart"),
        },
    }


def largest_unit_group(frame: pd.DataFrame) -> pd.DataFrame | None:
    """The figures of the unit most of them share (the first such unit in display order
    on a tie): what a topic of mixed units (建议 in 条 beside 批示 in 次) can chart."""
    if frame.empty:
        return None
    groups = [g for _, g in frame.groupby("unit", sort=False)]
    return max(groups, key=len)


def chart_groups(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """The figures worth a chart, each group in display order: MIN_BARS or more of one
    topic and one unit. Figures of different topics are not compared (为民办实事 12项
    beside 建章立制 9项 says nothing), and one or two figures say more as cards."""
    if frame.empty or "topic" not in frame:
        return []
    keyed = frame[frame["topic"].notna()]
    groups = [g for _, g in keyed.groupby(["topic", "unit"], sort=False)]
    return [g for g in groups if len(g) >= MIN_BARS]


LINE_COLORS = ["#A4161A", "#1F2937", "#6B7280", "#B45309", "#0F766E", "#7C3AED"]
LINE_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]


def line_by_year(
    frame: pd.DataFrame,
    *,
    title: str,
    source_title: str,
    updated: str | None = None,
    watermark: str | None = None,
) -> go.Figure:
    """One figure across years, a line per org (columns org, year, value, unit, qualifier,
    text, quote). Points are labelled as written; lower bounds and approximations are
    hollow markers, so a 50余 never passes for an exact 50."""
    units = frame["unit"].unique().tolist()
    if len(units) != 1:
        raise ValueError(f"a line chart never mixes units, got {units}")
    figure = go.Figure()
    for i, (org, rows) in enumerate(frame.groupby("org", sort=False)):
        exact = rows["qualifier"] == "exact"
        color = LINE_COLORS[i % len(LINE_COLORS)]
        figure.add_trace(
            go.Scatter(
                x=rows["year"],
                y=rows["value"],
                name=plotly_text(org),
                mode="lines+markers+text",
                line={"color": color, "dash": LINE_DASHES[i % len(LINE_DASHES)], "width": 2},
                marker={
                    "size": 10,
                    "color": [color if e else "white" for e in exact],
                    "line": {"color": color, "width": 2},
                    "symbol": ["circle" if e else "circle-open" for e in exact],
                },
                text=[plotly_text(t) for t in rows["text"]],
                textposition="top center",
                customdata=[[plotly_text(org), wrap(q, HOVER_WIDTH)] for q in rows["quote"]],
                hovertemplate=(
                    "<b>%{customdata[0]} %{x}年：%{text}</b><br>原文：%{customdata[1]}"
                    "<extra></extra>"
                ),
            )
        )
    years = sorted(frame["year"].unique().tolist())
    parts = footer_parts(source_title, f"{years[-1]}年", updated)
    notes = [plotly_text(line) for line in footer_lines(parts)]
    if (frame["qualifier"] != "exact").any():
        notes.append("空心点为下限或约数：原文写作“余/多/约”，按原文标注")
    figure.update_layout(
        title=_title(title, units[0]),
        height=380 + 18 * len(notes),
        margin={"l": 48, "r": 24, "t": 80, "b": 60 + 18 * len(notes)},
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        xaxis={"tickmode": "array", "tickvals": years, "ticktext": [f"{y}年" for y in years]},
        yaxis={
            "gridcolor": "#E5E7EB",
            "rangemode": "tozero",
            "range": [0, float(frame["value"].max()) * 1.2 or 1],
        },
        annotations=[_footer(notes, yshift=-40)],
        **_PAGE,
    )
    if watermark:
        add_watermark(figure, watermark)
    return figure

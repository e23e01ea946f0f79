"""Plotly figures as pure functions of a DataFrame. No Streamlit here.

Every figure is built to stand alone, in a screenshot or pasted into a briefing: its title
says what and when with the unit, lower bounds (原文“余/多”) are hatched and labelled as
written, and a footer names the source, the date of the data and the snapshot.
"""

from __future__ import annotations

import html
import textwrap
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
PRINT_WIDTH, PRINT_HEIGHT = 960, 540  # 16:9; exported at PRINT_SCALE
PRINT_SCALE = 3
FOOTER_WIDTH = 24  # full-width characters per footer line: fits a phone-width chart
LOWER_BOUND_NOTE = "斜线柱为下限：原文写作“余/多”，实际数不少于所示"
NO_QUOTE = "见该单位页面（侧栏选择单位）"
ABOUT_NOTE = "点纹柱为约数：原文写作“约/近/左右”"


def plotly_text(text: object) -> str:
    """Plotly draws a subset of HTML in labels and hovers; data must show literally."""
    return html.escape(str(text), quote=False)


def wrap(text: str, width: int) -> str:
    lines = textwrap.wrap(str(text), width=width) or [str(text)]
    return "<br>".join(plotly_text(line) for line in lines)


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
    """The footer's parts packed into lines of at most `width` columns, joined by ｜ where
    two fit on one line; a part longer than a line is split (the source title often is)."""
    lines: list[str] = []
    for part in parts:
        first, *rest = _split_to_width(part, width)
        joined = f"{lines[-1]} ｜ {first}" if lines else ""
        if lines and display_width(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(first)
        lines += rest
    return lines


def footer_parts(source_title: str, as_of: str | None, snapshot_id: str | None) -> list[str]:
    parts = [f"来源：《{source_title}》"]
    if as_of:
        parts.append(f"数据截至{as_of}")
    if snapshot_id:
        parts.append(f"快照 {snapshot_id}")
    return parts


def bar_by_name(
    frame: pd.DataFrame,
    *,
    title: str,
    source_title: str,
    as_of: str | None = None,
    snapshot_id: str | None = None,
    watermark: str | None = None,
    label_width: int = 9,
) -> go.Figure:
    """Horizontal bars of same-unit figures, one per row of `frame` (columns name, value,
    unit, qualifier, text, quote), each labelled with its text as written. The title
    gets the unit; the footer names the source, `as_of` (数据截至) and the snapshot."""
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
                [plotly_text(t), wrap(q, 24), plotly_text(source_title)]
                for t, q in zip(rows["text"], quotes, strict=True)
            ],
            hovertemplate=(
                "<b>%{y}：%{customdata[0]}</b><br>原文：%{customdata[1]}"
                "<br>出处：《%{customdata[2]}》<extra></extra>"
            ),
        )
    )
    # Wrapped so that the footer stays inside a phone-width chart.
    notes = [
        plotly_text(line) for line in footer_lines(footer_parts(source_title, as_of, snapshot_id))
    ]
    if "over" in qualifiers:
        notes.append(LOWER_BOUND_NOTE)
    if "about" in qualifiers:
        notes.append(ABOUT_NOTE)
    left_margin = 14 * label_width + 16
    figure.update_layout(
        title=_title(title, unit, pad={"l": 12}),
        colorway=PALETTE,
        height=140 + 52 * len(rows) + 18 * len(notes),
        margin={"l": left_margin, "r": 48, "t": 56, "b": 40 + 18 * len(notes)},
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
    "font": {"family": FONT_FAMILY, "color": INK, "size": 13},
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
        "font": {"size": 11, "color": MUTED},
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
            "scale": PRINT_SCALE,
            "filename": safe_file_name(title, "chart"),
        },
    }


def largest_unit_group(frame: pd.DataFrame) -> pd.DataFrame | None:
    """The figures a page charts: those of the unit most of them share (the first such
    unit in display order on a tie). A page has one chart: a comparison needs figures in
    one unit, and a second chart of two unrelated counts (4期 of one journal, 86期 of
    another) says no more than their cards, while each chart costs the reader's browser
    more than the rest of the page to draw."""
    if frame.empty:
        return None
    groups = [g for _, g in frame.groupby("unit", sort=False)]
    return max(groups, key=len)


LINE_COLORS = ["#A4161A", "#1F2937", "#6B7280", "#B45309", "#0F766E", "#7C3AED"]
LINE_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]


def line_by_year(
    frame: pd.DataFrame,
    *,
    title: str,
    source_title: str,
    snapshot_id: str | None = None,
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
                customdata=[[plotly_text(org), wrap(q, 24)] for q in rows["quote"]],
                hovertemplate=(
                    "<b>%{customdata[0]} %{x}年：%{text}</b><br>原文：%{customdata[1]}"
                    "<extra></extra>"
                ),
            )
        )
    years = sorted(frame["year"].unique().tolist())
    parts = footer_parts(source_title, f"{years[-1]}年", snapshot_id)
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

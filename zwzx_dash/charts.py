"""Plotly figures as pure functions of a DataFrame. No Streamlit here.

Every figure is built to stand alone: its title says what and when, the unit is on the
axis, lower bounds (原文“余/多”) are hatched and labelled as written, and a footer
names the source.
"""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

FONT_FAMILY = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", sans-serif'
INK = "#111827"
MUTED = "#4B5563"
EXACT_COLOR = "#A4161A"
BOUND_COLOR = "#E9B8B9"
FOOTER_WIDTH = 24  # characters per footer line
LOWER_BOUND_NOTE = "斜线柱为下限：原文写作“余/多”，实际数不少于所示"
NO_QUOTE = "见该单位页面（侧栏选择单位）"
ABOUT_NOTE = "点纹柱为约数：原文写作“约/近/左右”"


def plotly_text(text: object) -> str:
    """Plotly draws a subset of HTML in labels and hovers; data must show literally."""
    return html.escape(str(text), quote=False)


def wrap(text: str, width: int) -> str:
    lines = textwrap.wrap(str(text), width=width) or [str(text)]
    return "<br>".join(plotly_text(line) for line in lines)


def bar_by_name(
    frame: pd.DataFrame,
    *,
    title: str,
    source_title: str,
    label_width: int = 9,
) -> go.Figure:
    """Horizontal bars of same-unit figures, one per row of `frame` (columns name, value,
    unit, qualifier, text, quote), each labelled with its text as written."""
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
    notes = wrap(f"来源：《{source_title}》", FOOTER_WIDTH).split("<br>")
    if "over" in qualifiers:
        notes.append(LOWER_BOUND_NOTE)
    if "about" in qualifiers:
        notes.append(ABOUT_NOTE)
    figure.update_layout(
        title={
            "text": f"{plotly_text(title)}（单位：{plotly_text(unit)}）",
            "x": 0,
            "xanchor": "left",
            "font": {"size": 17},
        },
        font={"family": FONT_FAMILY, "color": INK, "size": 13},
        height=140 + 52 * len(rows) + 18 * len(notes),
        margin={"l": 14 * label_width + 16, "r": 48, "t": 56, "b": 40 + 18 * len(notes)},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=False,
        hoverlabel={"font": {"family": FONT_FAMILY}, "align": "left"},
        xaxis={
            "gridcolor": "#E5E7EB",
            "rangemode": "tozero",
            "range": [0, float(rows["value"].max()) * 1.25 or 1],
            "fixedrange": True,
        },
        yaxis={"automargin": False, "fixedrange": True},
        annotations=[
            {
                "text": "<br>".join(notes),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "xshift": -(14 * label_width),  # start under the labels, not the bars
                "yshift": -26,
                "yanchor": "top",
                "xanchor": "left",
                "showarrow": False,
                "align": "left",
                "font": {"size": 11, "color": MUTED},
            }
        ],
    )
    return figure


def same_unit_groups(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """A pillar's figures split by unit, in display order: the groups worth a chart are
    those with two or more figures; when none has two, every group is returned."""
    groups = [g for _, g in frame.groupby("unit", sort=False)]
    several = [g for g in groups if len(g) >= 2]
    return several or groups


LINE_COLORS = ["#A4161A", "#1F2937", "#6B7280", "#B45309", "#0F766E", "#7C3AED"]
LINE_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]


def line_by_year(frame: pd.DataFrame, *, title: str, source_title: str) -> go.Figure:
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
    notes = wrap(f"来源：《{source_title}》", FOOTER_WIDTH).split("<br>")
    if (frame["qualifier"] != "exact").any():
        notes.append("空心点为下限或约数：原文写作“余/多/约”，按原文标注")
    years = sorted(frame["year"].unique().tolist())
    figure.update_layout(
        title={
            "text": f"{plotly_text(title)}（单位：{plotly_text(units[0])}）",
            "x": 0,
            "xanchor": "left",
            "font": {"size": 17},
        },
        font={"family": FONT_FAMILY, "color": INK, "size": 13},
        height=380 + 18 * len(notes),
        margin={"l": 48, "r": 24, "t": 80, "b": 60 + 18 * len(notes)},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        hoverlabel={"font": {"family": FONT_FAMILY}, "align": "left"},
        xaxis={"tickmode": "array", "tickvals": years, "ticktext": [f"{y}年" for y in years]},
        yaxis={
            "gridcolor": "#E5E7EB",
            "rangemode": "tozero",
            "range": [0, float(frame["value"].max()) * 1.2 or 1],
        },
        annotations=[
            {
                "text": "<br>".join(notes),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "yshift": -40,
                "yanchor": "top",
                "xanchor": "left",
                "showarrow": False,
                "align": "left",
                "font": {"size": 11, "color": MUTED},
            }
        ],
    )
    return figure

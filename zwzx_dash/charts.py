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
                for t, q in zip(rows["text"], rows["quote"], strict=True)
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

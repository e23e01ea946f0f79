"""A page's content and its charts, built once per snapshot, org, year and watermark and
shared between sessions (building plotly figures costs more than drawing a page)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from zwzx_dash.present import briefing, charts
from zwzx_dash.web.data import PageContext


@st.cache_resource(show_spinner=False, max_entries=256)
def _page_content(
    root: str, snapshot_id: str, org: str, year: int, slug: str, watermark: str | None, _ctx: Any
) -> briefing.Page:
    if slug:
        return briefing.pillar_page(_ctx, slug, watermark)
    return briefing.overview_page(_ctx, watermark)


def page_content(ctx: PageContext, slug: str = "") -> briefing.Page:
    """A page's content (the overview for "", else a pillar), built once per snapshot,
    org, year and watermark: building plotly figures validates every property, which
    costs more than drawing the rest of a page. Shared between sessions and never
    changed after it is built."""
    root = str(ctx.view.catalog.root)
    return _page_content(root, ctx.view.snapshot_id, ctx.org, ctx.year, slug, ctx.watermark, ctx)


def page_chart(ctx: PageContext, item: briefing.Chart) -> None:
    """A chart of a page's shared content; in the briefing view without a modebar and at
    the height it has in an exported image. The figure is shared: never changed here."""
    _show(ctx, item.figure, item.key, item.title)


@st.cache_resource(show_spinner=False, max_entries=512)
def _built_figure(
    snapshot_id: str, org: str, year: int, key: str, _build: Callable[[], go.Figure]
) -> go.Figure:
    return _build()


def chart(ctx: PageContext, key: str, build: Callable[[], go.Figure]) -> None:
    """A chart built once per snapshot, org, year and key: building a plotly figure
    validates every property, which costs more than drawing the rest of a page. The
    figure is shared between sessions and never changed after it is built."""
    figure = _built_figure(ctx.view.snapshot_id, ctx.org, ctx.year, key, build)
    _show(ctx, figure, key, html.unescape(figure.layout.title.text or key))


def _show(ctx: PageContext, figure: go.Figure, key: str, title: str) -> None:
    height = charts.print_size(figure)[1] if ctx.briefing else "content"
    config = charts.chart_config(title, interactive=not ctx.briefing)
    st.plotly_chart(figure, key=key, config=config, height=height)

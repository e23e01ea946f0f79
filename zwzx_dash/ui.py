"""Streamlit layout helpers. The only library module that imports streamlit."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from . import schema, store
from .queries import Catalog, SnapshotView


@st.cache_resource(show_spinner=False)
def _catalog(root: str) -> Catalog:
    return Catalog(Path(root))


def pinned_view() -> SnapshotView:
    """The snapshot CURRENT names now; resolve once per page run and pass it on."""
    return _catalog(str(store.data_dir())).pin()


@st.cache_data(show_spinner=False, max_entries=256)
def headline(root: str, snapshot_id: str, org: str, year: int) -> pd.DataFrame:
    return _catalog(root).pin(snapshot_id).headline(org, year)


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def md_text(text: str) -> str:
    """Data shown where Streamlit renders Markdown (labels, help) is escaped to show literally."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def default_org(view: SnapshotView) -> str:
    orgs = view.orgs()
    return schema.DEFAULT_ORG if schema.DEFAULT_ORG in orgs else orgs[0]


def figure_cards(frame: pd.DataFrame, source_title: str, columns: int = 3) -> None:
    """Figures as cards, each written exactly as in the source, its sentence on hover.
    One st.columns row per line of cards, so that on a phone they stack in reading order."""
    rows = list(frame.itertuples())
    for start in range(0, len(rows), columns):
        for col, row in zip(st.columns(columns), rows[start : start + columns], strict=False):
            with col:
                st.metric(
                    label=md_text(row.name),
                    value=row.text,
                    help=f"原文：{md_text(row.quote)}\n\n出处：《{md_text(source_title)}》",
                    border=True,
                )


def stamp(view: SnapshotView, source_title: str, year: int) -> None:
    m = view.manifest
    st.caption(
        f"数据来源：《{md_text(source_title)}》 · 数据截至：{year}年 · 快照 {m.id} · "
        f"更新时间 {beijing_time(m.created_at)}"
    )


def beijing_time(iso: str) -> str:
    moment = datetime.fromisoformat(iso).astimezone(ZoneInfo("Asia/Shanghai"))
    return moment.strftime("%Y-%m-%d %H:%M") + "（北京时间）"

"""中卫市政协履职看板 — the leaders' entry page."""

import streamlit as st

from zwzx_dash import ui

st.set_page_config(page_title="中卫市政协履职看板", page_icon="📊", layout="wide")

view = ui.pinned_view()
org = ui.default_org(view)
years = view.years(org)
year = st.sidebar.selectbox("年度", years, key="year", format_func=lambda y: f"{y}年")

sources = view.sources()
source_title = sources["title"].iloc[0] if len(sources) else "（未注明）"

st.title(f"{org} {year}年履职看板")
frame = ui.headline(str(view.catalog.root), view.snapshot_id, org, year)
if frame.empty:
    st.info(f"{year}年还没有年度要点数据。")
else:
    ui.figure_cards(frame, source_title)
ui.stamp(view, source_title, year)

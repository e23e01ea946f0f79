"""总览: the year's headline figures, the five pillars, the suggestions chart, the captions,
and the briefing exports."""

import streamlit as st

from zwzx_dash import ui

ctx = ui.context()
page = ui.page_content(ctx)
st.title(page.heading)

if page.figures.empty:
    st.info(f"{ctx.year}年还没有年度要点数字。")
else:
    ui.figure_cards(ctx, page.figures, key="headline")
    ui.lower_bound_note(page.figures)

st.subheader("五个政协")
ui.pillar_cards(ctx, ctx.query("pillars"))

if page.charts:
    st.subheader("建言成果")
    for chart in page.charts:
        ui.page_chart(ctx, chart)
        ui.lower_bound_note(chart.frame)

st.subheader("图片说明")
ui.caption_cards(ctx, page.captions, show_pillar=True)
if not ctx.briefing:
    ui.export_downloads(ctx)
ui.stamp(ctx)

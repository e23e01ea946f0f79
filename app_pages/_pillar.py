"""One renderer for the five pillar pages (五个政协): lays out the content that
zwzx_dash.briefing assembles, the same content the exports write."""

import streamlit as st

from zwzx_dash import briefing, ui


def render_pillar(pillar_id: str) -> None:
    ctx = ui.context()
    page = ui.page_content(ctx, pillar_id)
    st.title(page.heading)
    if page.missing:
        render_missing_section(ctx, page)
        ui.stamp(ctx)
        return
    slogan_line, summary = page.intro
    st.markdown(f"**{ui.md_text(slogan_line)}**")
    st.markdown(ui.md_text(summary))

    st.subheader("主要数字")
    if page.figures.empty:
        st.info(f"{ctx.year}年没有{page.name}的数字。")
    else:
        ui.figure_cards(ctx, page.figures)
        for chart in page.charts:
            ui.page_chart(ctx, chart)
        ui.lower_bound_note(page.figures)

    st.subheader("工作亮点")
    if page.highlights.empty:
        st.info(f"{ctx.year}年没有{page.name}的亮点。")
    ui.highlights(page.highlights)

    st.subheader("图片")
    ui.caption_cards(ctx, page.captions)
    ui.stamp(ctx)


def render_missing_section(ctx: ui.PageContext, page: briefing.Page) -> None:
    st.warning(page.intro[0], icon="⚠️")
    st.subheader("相关数字")
    if page.figures.empty:
        st.info("其他部分中没有找到相关数字。")
    else:
        ui.figure_cards(ctx, page.figures, show_pillar=True)
    st.subheader("相关亮点")
    if page.highlights.empty:
        st.info("其他部分中没有找到相关亮点。")
    ui.highlights(page.highlights, show_pillar=True)

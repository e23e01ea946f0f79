"""One renderer for the five pillar pages (五个政协): lays out the content that
zwzx_dash.present.briefing assembles, the same content the exports write."""

import streamlit as st

from zwzx_dash.present import briefing
from zwzx_dash.web import blocks, content, data, sidebar, site
from zwzx_dash.web.text import md_text


def render_pillar(pillar_id: str) -> None:
    ctx = sidebar.context()
    page = content.page_content(ctx, pillar_id)
    st.title(md_text(page.heading))
    st.caption(f"{md_text(ctx.org)} · {ctx.year}年")  # whose page, also in a pasted screenshot
    if page.missing:
        render_missing_section(ctx, page)
        _neighbours(ctx, pillar_id)
        blocks.stamp(ctx)
        return
    if page.status == "none":
        st.info(md_text(page.intro[0]))
    else:
        for n, line in enumerate(page.intro):
            st.markdown(f"**{md_text(line)}**" if n == 0 else md_text(line))

    st.subheader("主要数字")
    if page.figures.empty:
        st.info(f"{ctx.year}年没有{md_text(page.name)}的数字。")
    else:
        blocks.figure_cards(ctx, page.figures)
        for chart in page.charts:
            content.page_chart(ctx, chart)
        blocks.lower_bound_note(page.figures)

    st.subheader("工作亮点")
    if page.highlights.empty:
        st.info(f"{ctx.year}年没有{md_text(page.name)}的亮点。")
    blocks.highlights(page.highlights)

    blocks.caption_cards(ctx, page.captions, "图片")
    _neighbours(ctx, pillar_id)
    blocks.stamp(ctx)


def render_missing_section(ctx: data.PageContext, page: briefing.Page) -> None:
    st.warning(md_text(page.intro[0]), icon="⚠️")
    st.subheader("相关数字")
    if page.figures.empty:
        st.info("其他部分中没有找到相关数字。")
    else:
        blocks.figure_cards(ctx, page.figures, show_pillar=True)
    st.subheader("相关亮点")
    if page.highlights.empty:
        st.info("其他部分中没有找到相关亮点。")
    blocks.highlights(page.highlights, show_pillar=True)


def _neighbours(ctx: data.PageContext, pillar_id: str) -> None:
    """Links to the previous and the next pillar, at the foot of the page."""
    if ctx.briefing:
        return
    ids = [spec.url_path for spec in site.PILLARS]
    at = ids.index(pillar_id)
    before, after = st.columns(2)
    if at > 0:
        spec = site.PILLARS[at - 1]
        before.page_link(spec.script, label=f"← 上一个：{spec.title}")
    if at < len(ids) - 1:
        spec = site.PILLARS[at + 1]
        after.page_link(spec.script, label=f"下一个：{spec.title} →")

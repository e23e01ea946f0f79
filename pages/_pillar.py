"""One renderer for the five pillar pages (五个政协)."""

import streamlit as st

from zwzx_dash import charts, ui

# For 为民政协, whose section is missing from the source: items elsewhere that concern
# serving the people, found by topic (figures) and by wording (highlights).
PEOPLE_TOPICS = ["为民", "社情民意"]
PEOPLE_WORDS = ["办实事", "真情为民", "爱心助农", "社情民意"]


def render_pillar(pillar_id: str) -> None:
    ctx = ui.context()
    pillar = ctx.query("pillar", pillar_id=pillar_id).iloc[0]
    st.title(pillar["name"])
    if pillar["source_status"] == "missing":
        render_missing_section(ctx, pillar)
        ui.stamp(ctx)
        return
    slogan, heading = ui.md_text(pillar["slogan"]), ui.md_text(pillar["heading"])
    st.markdown(f"**{slogan}** · 原文第{pillar['seq']}部分“{heading}”")
    st.markdown(ui.md_text(pillar["summary"]))

    figures = ctx.figures("pillar_metrics", pillar_id=pillar_id)
    st.subheader("主要数字")
    if figures.empty:
        st.info(f"{ctx.year}年没有{pillar['name']}的数字。")
    else:
        ui.figure_cards(ctx, figures)
        title = f"{ctx.year}年{pillar['name']}工作量"
        for group in charts.same_unit_groups(figures):
            ui.chart(
                ctx,
                f"chart-{pillar_id}-{group['unit'].iloc[0]}",
                lambda group=group: charts.bar_by_name(
                    group, title=title, source_title=ctx.source_title
                ),
            )
        ui.lower_bound_note(figures)

    st.subheader("工作亮点")
    found = ctx.figures("pillar_highlights", pillar_id=pillar_id)
    if found.empty:
        st.info(f"{ctx.year}年没有{pillar['name']}的亮点。")
    ui.highlights(found)

    st.subheader("图片")
    ui.caption_cards(ctx, ctx.figures("pillar_captions", pillar_id=pillar_id))
    ui.stamp(ctx)


def render_missing_section(ctx: ui.PageContext, pillar) -> None:
    st.warning(
        f"原文缺少第{pillar['seq']}部分（{pillar['name']}），看板不补写任何内容。"
        "下面列出原文其他部分中与“为民”相关的内容，每项都注明出自哪一部分。",
        icon="⚠️",
    )
    figures = ctx.figures("topics_metrics", topics=PEOPLE_TOPICS)
    st.subheader("相关数字")
    if figures.empty:
        st.info("其他部分中没有找到相关数字。")
    else:
        ui.figure_cards(ctx, figures, show_pillar=True)
    st.subheader("相关亮点")
    found = ctx.figures("highlights_mentioning", words=PEOPLE_WORDS)
    if found.empty:
        st.info("其他部分中没有找到相关亮点。")
    ui.highlights(found, show_pillar=True)

"""总览: the year's headline figures, the five pillars, the suggestions chart, the captions,
and the briefing exports."""

import streamlit as st

from zwzx_dash.present import briefing
from zwzx_dash.web import blocks, content, export_buttons, sidebar, site
from zwzx_dash.web.text import md_text

ctx = sidebar.context()
page = content.page_content(ctx)
st.title(md_text(page.heading))
if not ctx.briefing:  # the five pillars one tap away, also on a phone
    blocks.pillar_links(site.PILLARS)

if page.figures.empty:
    st.info(f"{ctx.year}年还没有年度要点数字。")
else:
    blocks.figure_cards(ctx, page.figures)
    blocks.lower_bound_note(page.figures)

st.subheader("五个政协")
sections = ctx.figures("sections")
pillar_scripts = {spec.url_path: spec.script for spec in site.PILLARS}  # pillar id = URL path
for col, (_, pillar) in blocks.grid(list(sections.iterrows())):
    with col.container(border=True):
        lines = [f"#### {md_text(pillar['name'])}"]
        if pillar["source_status"] == "missing":
            lines.append(":gray[原文缺少此部分]")
        elif pillar["source_status"] == "none":
            lines.append(":gray[原文未设此部分]")
        else:
            lines.append(f":gray[{md_text(briefing.section_origin(pillar))}]")
        if pillar["source_status"] != "missing":
            figures = ctx.figures("pillar_metrics", pillar_id=pillar["pillar_id"]).head(3)
            lines += [f"{md_text(f.name)}：**{md_text(f.text)}**" for f in figures.itertuples()]
        st.markdown("\n\n".join(lines))
        if not ctx.briefing:
            link = f"查看{md_text(pillar['name'])} →"
            st.page_link(pillar_scripts[pillar["pillar_id"]], label=link)

if page.charts:
    st.subheader("建言成果")
    for chart in page.charts:
        content.page_chart(ctx, chart)
        blocks.lower_bound_note(chart.frame)

blocks.caption_cards(ctx, page.captions, "图片", show_pillar=True)
if not ctx.briefing:
    export_buttons.export_downloads(ctx)
blocks.stamp(ctx)

"""总览: the year's headline figures, the five pillars, the suggestions chart, the captions."""

import streamlit as st

from zwzx_dash import charts, ui

ctx = ui.context()
st.title(f"{ctx.org} {ctx.year}年履职总览")

headline = ctx.figures("headline")
if headline.empty:
    st.info(f"{ctx.year}年还没有年度要点数字。")
else:
    ui.figure_cards(ctx, headline)
    ui.lower_bound_note(headline)

st.subheader("五个政协")
pillars = ctx.query("pillars")
for col, pillar in ui.grid(list(pillars.itertuples())):
    with col.container(border=True):
        lines = [f"#### {ui.md_text(pillar.name)}"]
        if pillar.source_status == "missing":
            lines.append(":gray[原文缺少此部分]")
        else:
            lines.append(f":gray[{ui.md_text(pillar.slogan)} · {ui.md_text(pillar.heading)}]")
            figures = ctx.figures("pillar_metrics", pillar_id=pillar.pillar_id).head(3)
            lines += [
                f"{ui.md_text(f.name)}：**{ui.md_text(f.text)}**" for f in figures.itertuples()
            ]
        st.markdown("\n\n".join(lines))
        st.page_link(f"pages/{pillar.pillar_id}.py", label=f"查看{pillar.name} →")

suggestions = ctx.figures("topic_metrics", topic="建言")
if not suggestions.empty:
    st.subheader("建言成果")
    ui.chart(
        ctx,
        "chart-suggestions",
        lambda: charts.bar_by_name(
            suggestions, title=f"{ctx.year}年各议题提出的建议", source_title=ctx.source_title
        ),
    )
    ui.lower_bound_note(suggestions)

st.subheader("图片说明")
ui.caption_cards(ctx, ctx.figures("captions"), show_pillar=True)
ui.stamp(ctx)

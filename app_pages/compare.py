"""对比: one figure of the chosen org and year, ranked across orgs and followed over years."""

import streamlit as st

from zwzx_dash.ingest.catalog import default_catalog
from zwzx_dash.present import charts
from zwzx_dash.present.briefing import published_date
from zwzx_dash.web import blocks, content, sidebar, site
from zwzx_dash.web.text import md_text

ctx = sidebar.context()
st.title(site.COMPARE.title)
figures = ctx.figures("metrics")
if figures.empty:
    st.info(f"{md_text(ctx.org)}{ctx.year}年没有数字，无从对比。请在侧栏换一个单位或年度。")
    blocks.stamp(ctx)
    st.stop()

names = {row.metric_id: f"{row.name}（{row.text}）" for row in figures.itertuples()}
metric_id = st.selectbox(
    "指标（可输入名称搜索）", list(names), format_func=names.get, key="compare_metric"
)
figure = figures[figures["metric_id"] == metric_id].iloc[0]
orgs, years = ctx.query("span")
entry = default_catalog().get(metric_id)
st.caption(
    (
        f"按指标目录的“{md_text(entry.name)}”（{md_text(metric_id)}）与其他单位比较。"
        if entry
        else f"“{md_text(metric_id)}”不在指标目录中：只与用同一编码的单位比较，未必是同一项工作。"
    )
    + f"以{ctx.org} {ctx.year}年的“{md_text(figure['name'])}”为准，"
    f"只比较单位（计量单位）同为“{md_text(figure['unit'])}”的数字；数字均按原文写法标注。"
)

if orgs > 1:
    st.subheader(f"{ctx.year}年各单位排名")
    n = st.select_slider("前后各列", options=[5, 10, 20], value=10, key="compare_n")
    ranked = ctx.query(
        "metric_ranking",
        year=ctx.year,
        metric_id=metric_id,
        unit=figure["unit"],
        n=n,
        org=ctx.org,
    )
    total = int(ranked["total"].iloc[0])
    own = ranked[ranked["org"] == ctx.org].iloc[0]
    ranked = ranked.assign(
        name=[
            f"第{r.rank}名 {r.org}{' （本单位）' if r.org == ctx.org else ''}"
            for r in ranked.itertuples()
        ]
    )
    parts = (
        [("", ranked)]
        if total <= 2 * n
        else [(f"（前{n}名）", ranked.head(n)), (f"（后{n}名）", ranked.tail(n))]
    )
    st.caption(
        f"{md_text(ctx.org)}排第 {int(own['rank'])} 名（{md_text(own['text'])}）。"
        f"共 {total} 个单位有此数字，按原文数值从高到低排列；“余/多”按所写数字排名。"
    )
    if total < charts.MIN_BARS:  # one or two figures are told, not charted
        for row in ranked.itertuples():
            st.markdown(f"- {md_text(row.name)}：**{md_text(row.text)}**")
        parts = []
    for label, part in parts:
        content.chart(
            ctx,
            f"rank-{metric_id}-{n}-{label or 'all'}",
            lambda part=part, label=label: charts.bar_by_name(
                part,
                title=f"{ctx.year}年各单位{figure['name']}{label}",
                source_title=ctx.source_title,
                as_of=f"{ctx.year}年",
                updated=published_date(ctx.view.manifest.created_at),
                watermark=ctx.watermark,
                label_width=10,
            ),
        )
    other_units = int(ranked["other_units"].iloc[0])
    if other_units:
        st.caption(f"另有 {other_units} 个单位的此项数字计量单位不同，未列入。")
    if lacking := int(ranked["lacking"].iloc[0]):
        st.caption(f"另有 {lacking} 个单位{ctx.year}年的资料中没有这项数字，未列入。")
    blocks.lower_bound_note(ranked)

if years > 1:
    st.subheader("历年变化")
    others: list[str] = []
    if orgs > 1:
        others_all = [o for o in ctx.query("orgs") if o != ctx.org]
        chosen_before = set(st.session_state.get("compare_orgs", []))
        kept = [o for o in others_all if o in chosen_before]
        choices = sidebar.org_choices(others_all, kept, "compare_org_search")
        others = st.multiselect(
            "加入对比的单位（最多 5 个，可输入名称搜索）",
            choices,
            max_selections=5,
            key="compare_orgs",
            placeholder="只看本单位",
        )
    chosen = [ctx.org, *others]
    across = ctx.query(
        "metric_across_orgs_years", orgs=chosen, metric_id=metric_id, unit=figure["unit"]
    )
    if across["year"].nunique() < 2:
        st.info(f"“{md_text(figure['name'])}”只有一个年度的数字，画不出变化。")
    else:
        content.chart(
            ctx,
            f"years-{metric_id}-{'|'.join(chosen)}",
            lambda: charts.line_by_year(
                across,
                title=f"{ctx.org if not others else '各单位'}历年{figure['name']}",
                source_title=ctx.source_title,
                updated=published_date(ctx.view.manifest.created_at),
                watermark=ctx.watermark,
            ),
        )
        blocks.lower_bound_note(across)

blocks.stamp(ctx)

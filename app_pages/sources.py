"""数据来源: every figure with its sentence, the documents in their reading order with
the quoted sentences marked, the snapshot history."""

import streamlit as st

from zwzx_dash.export.tables import csv_bytes
from zwzx_dash.model import schema
from zwzx_dash.model.file_names import safe_file_name
from zwzx_dash.present import briefing
from zwzx_dash.query import document
from zwzx_dash.web import blocks, sidebar, site
from zwzx_dash.web.text import md_text

SHOWN = 200  # figures listed at once; the search narrows them

ctx = sidebar.context()
st.title(site.SOURCES.title)

st.subheader("全部数字")
pillar_names = ["总览", *ctx.query("pillars")["name"].tolist()]
left, right = st.columns([2, 3])
term = left.text_input("搜索（指标、写法或原文）", key="figure_search")
chosen = right.multiselect("板块", pillar_names, key="figure_pillars", placeholder="全部板块")
found = ctx.figures("find_figures", term=term.strip(), pillars=chosen)
table = found.rename(
    columns={"name": "指标", "text": "原文写法", "pillar_name": "板块", "quote": "原文语句"}
)[["指标", "原文写法", "板块", "原文语句"]]
if table.empty:
    st.info("没有符合条件的数字。请换一个搜索词或板块。")
else:
    more = f"，先列出前 {SHOWN} 项，请用搜索缩小范围" if len(table) > SHOWN else ""
    st.caption(f"共 {len(table)} 项{more}。数字均按原文写法列出，句子在它的数字下面。")
    blocks.figure_sentences(table.head(SHOWN))
st.download_button(
    "下载 CSV",
    data=csv_bytes(table),
    file_name=safe_file_name(f"{ctx.org}{ctx.year}年数字") + ".csv",
    mime="text/csv",
    key="download_figures",
    disabled=table.empty,
)

st.subheader("原文")
listed = found.head(SHOWN).set_index("metric_id")
picked = st.selectbox(
    "在原文中找到一个数字",
    listed.index.tolist(),
    index=None,
    format_func=lambda metric_id: f"{listed.at[metric_id, 'text']}　{listed.at[metric_id, 'name']}",
    placeholder="选择上面列出的一个数字，下面的原文会移到它的句子",
    key="figure_in_document",
)
chosen = listed.loc[picked] if picked is not None else None
cited = ctx.figures("year_sources")
if cited.empty:
    st.info(f"{md_text(ctx.org)}{ctx.year}年的数据没有引用来源文献。")
for source in cited.itertuples():
    quotes = ctx.figures("quotes", source_id=source.source_id)
    st.markdown(f"#### 《{md_text(source.title)}》")
    byline = [x for x in (source.authors, source.publisher, source.published) if x]
    if byline:
        st.caption(" · ".join(md_text(x) for x in byline))
    if source.text == schema.NO_TEXT:
        st.warning(f"这份来源没有收录原文全文：引用它的数字，{briefing.UNCHECKED}。")
        continue
    st.caption("按原文的部分顺序排列；底色标出的句子是看板上的数字所引用的原文。")
    here = chosen is not None and chosen["source_id"] == source.source_id
    blocks.document_in_reading_order(
        document.reading_order(source.text), quotes, chosen["quote"] if here else None
    )

st.subheader("快照历史")
st.dataframe(blocks.snapshot_history(ctx), hide_index=True, key="snapshot_history")
blocks.stamp(ctx, with_snapshot=True)

"""A baseline for bench/first_figures.py: the overview written plainly, the way Streamlit's
docs teach (st.metric with help, st.columns, st.container(border=True), px.bar, default
settings, st.cache_data), reading the same published snapshot straight from its Parquet
files: the dashboard's default org (中卫市政协, else the first by name) and its latest year."""

import os
from pathlib import Path

import pandas as pd
import plotly.express as px
import streamlit as st

root = Path(os.environ.get("ZWZX_DATA_DIR", "data"))
snapshot = root / "snapshots" / (root / "CURRENT").read_text().strip()


@st.cache_data
def load(path: str) -> pd.DataFrame:
    return pd.read_parquet(path)


metrics = load(str(snapshot / "metrics.parquet"))
orgs = sorted(metrics["org"].unique())
org = "中卫市政协" if "中卫市政协" in orgs else orgs[0]
metrics = metrics[metrics["org"] == org]
year = int(metrics["year"].max())
metrics = metrics[metrics["year"] == year]

st.title(f"{org} {year}年履职总览")
headline = metrics[metrics["headline"]]
for start in range(0, len(headline), 3):
    for col, row in zip(st.columns(3), headline.iloc[start : start + 3].itertuples(), strict=False):
        col.metric(row.name, row.text, help=f"原文：{row.quote}", border=True)

st.subheader("五个政协")
names = {"loyal": "忠诚政协", "effective": "有为政协", "people": "为民政协",
         "cohesive": "聚力政协", "vibrant": "活力政协"}  # fmt: skip
for col, (pillar, name) in zip(st.columns(3) + st.columns(2), names.items(), strict=True):
    with col.container(border=True):
        st.markdown(f"#### {name}")
        for row in metrics[metrics["pillar_id"] == pillar].head(3).itertuples():
            st.markdown(f"{row.name}：**{row.text}**")

st.subheader("建言成果")
suggestions = metrics[(metrics["topic"] == "建言") & (metrics["unit"] == "条")]
st.plotly_chart(px.bar(suggestions, x="value", y="name", orientation="h", text="text"))

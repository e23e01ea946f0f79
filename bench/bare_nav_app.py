"""A second baseline for bench/pages.py: the bare page (one metric, one chart) served at the
dashboard's own URL paths, to separate Streamlit's cost of a non-root path from ours."""

import plotly.graph_objects as go
import streamlit as st

PATHS = ["", "loyal", "effective", "people", "cohesive", "vibrant", "compare", "sources"]


def bare() -> None:
    st.metric("收到提案", "342件")
    st.plotly_chart(go.Figure(go.Bar(x=[342, 155], y=["提案", "社情民意"], orientation="h")))


st.navigation(
    [st.Page(bare, title=path or "home", url_path=path, default=not path) for path in PATHS]
).run()

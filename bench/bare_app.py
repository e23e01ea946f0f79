"""The baseline for bench/pages.py: a bare Streamlit page with one metric and one chart."""

import plotly.graph_objects as go
import streamlit as st

st.metric("收到提案", "342件")
st.plotly_chart(go.Figure(go.Bar(x=[342, 155], y=["提案", "社情民意"], orientation="h")))

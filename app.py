"""中卫市政协履职看板 — entry point: the shared frame (sidebar) and the page router."""

import streamlit as st

from zwzx_dash import ui

st.set_page_config(page_title="中卫市政协履职看板", layout="wide")

PILLAR_PAGES = [
    ("loyal", "忠诚政协"),
    ("effective", "有为政协"),
    ("people", "为民政协"),
    ("cohesive", "聚力政协"),
    ("vibrant", "活力政协"),
]

pages = {
    "": [st.Page("pages/overview.py", title="总览", url_path="", default=True)],
    "五个政协": [
        st.Page(f"pages/{pid}.py", title=title, url_path=pid) for pid, title in PILLAR_PAGES
    ],
}
if ui.comparison_available():  # one org and one year leave nothing to compare
    pages["对比"] = [st.Page("pages/compare.py", title="单位与年度对比", url_path="compare")]
pages["溯源"] = [st.Page("pages/sources.py", title="数据来源", url_path="sources")]
if ui.staff_signed_in():  # the staff page exists only for a session that signed in
    pages["管理"] = [st.Page("pages/staff.py", title="数据管理", url_path="staff")]
# The briefing view (?briefing=1) draws no sidebar at all: no navigation, no selectors.
briefing = ui.briefing_view()
navigation = st.navigation(pages, position="hidden" if briefing else "sidebar")
# After st.navigation: widgets made before it would get another identity on the first
# run of a fresh server, and the leader's first choice would be lost.
ui.follow_publishes(ui.sidebar_context(briefing))
if not briefing:
    ui.staff_sign_in()
navigation.run()

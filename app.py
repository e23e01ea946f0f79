"""中卫市政协履职看板 — entry point: the shared frame (sidebar) and the page router.
Served by `streamlit run serve.py` (which adds the page shell); AppTest runs it directly.
The page scripts live in app_pages/, not pages/: Streamlit would serve a `pages/` folder
beside the main script as pages of their own until st.navigation first runs."""

import streamlit as st

from zwzx_dash import site, ui

st.set_page_config(page_title=site.APP_TITLE, layout="wide")


def page(spec: site.PageSpec) -> st.Page:
    return st.Page(
        spec.script, title=spec.title, url_path=spec.url_path, default=spec.url_path == ""
    )


pages = {
    "": [page(site.OVERVIEW)],
    "五个政协": [page(spec) for spec in site.PILLARS],
}
if ui.comparison_available():  # one org and one year leave nothing to compare
    pages["对比"] = [page(site.COMPARE)]
pages["溯源"] = [page(site.SOURCES)]
if ui.staff_signed_in():  # the staff page exists only for a session that signed in
    pages["管理"] = [page(site.STAFF)]
# The briefing view (?briefing=1) draws no sidebar at all: no navigation, no selectors.
briefing = ui.briefing_view()
navigation = st.navigation(pages, position="hidden" if briefing else "sidebar")
# After st.navigation: widgets made before it would get another identity on the first
# run of a fresh server, and the leader's first choice would be lost.
ui.follow_publishes(ui.sidebar_context(briefing))
if not briefing:
    ui.staff_sign_in()
navigation.run()

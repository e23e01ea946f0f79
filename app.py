"""中卫市政协履职看板 — entry point: the shared frame (sidebar) and the page router.
Served by `streamlit run serve.py` (which adds the page shell); AppTest runs it directly.
The page scripts live in app_pages/, not pages/: Streamlit would serve a `pages/` folder
beside the main script as pages of their own until st.navigation first runs."""

from collections.abc import Callable

import streamlit as st

from zwzx_dash.web import data, sidebar, signin, site, stand_ins

st.set_page_config(page_title=site.APP_TITLE, layout="wide")


def page(spec: site.PageSpec, closed: Callable[[], None] | None = None) -> st.Page:
    """The page for `spec`; with `closed`, a hidden stand-in at the same address instead."""
    if closed is not None:
        default = spec.url_path == ""
        return st.Page(
            closed, title=spec.title, url_path=spec.url_path, default=default, visibility="hidden"
        )
    return st.Page(
        spec.script, title=spec.title, url_path=spec.url_path, default=spec.url_path == ""
    )


account = signin.current_account(touch=True)  # once per run: keeps the sign-in from idling
if account is None and signin.viewers_required() and signin.sign_in_offered():
    # Internal documents: nothing but the sign-in until someone signs in.
    closed = stand_ins.closed_to_visitors_page
    every = [site.OVERVIEW, *site.PILLARS, site.COMPARE, site.SOURCES, site.STAFF]
    st.navigation([page(spec, closed) for spec in every], position="hidden").run()
    st.stop()

view = data.pin_current()  # one snapshot per run, for the page list and the page alike
pages = {
    "": [page(site.OVERVIEW)],
    "五个政协": [page(spec) for spec in site.PILLARS],
}
# Pages a session may not open yet still answer at their address (a bookmark), in Chinese.
if data.comparison_available(view):  # one org and one year leave nothing to compare
    pages["对比"] = [page(site.COMPARE)]
else:
    pages[""].append(page(site.COMPARE, stand_ins.comparison_closed_page))
pages["溯源"] = [page(site.SOURCES)]
if account is not None and account.is_staff:  # only for a browser signed in as staff
    pages["管理"] = [page(site.STAFF)]
else:
    pages[""].append(page(site.STAFF, stand_ins.staff_closed_page))
# The briefing view (?briefing=1) draws no sidebar at all: no navigation, no selectors.
# Otherwise the sidebar lists the pages (sidebar.page_list, not Streamlit's own list).
briefing = sidebar.briefing_view()
navigation = st.navigation(pages, position="hidden")
if not briefing:
    sidebar.page_list(pages)
# A tab per page says which page it is: 有为政协 - 中卫市政协履职看板. (getattr: a validation
# child process imports this script outside Streamlit, where the page is a stub.)
st.set_page_config(page_title=f"{getattr(navigation, 'title', '总览')} - {site.APP_TITLE}")
# After st.navigation: widgets made before it would get another identity on the first
# run of a fresh server, and the leader's first choice would be lost.
sidebar.follow_publishes(sidebar.sidebar_context(view, briefing))
if briefing:
    sidebar.briefing_exit(getattr(navigation, "url_path", ""))
else:
    signin.sign_in_form()
    signin.signed_in_box()
navigation.run()

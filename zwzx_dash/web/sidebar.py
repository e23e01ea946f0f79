"""The sidebar: the org and year selectors that make the run's PageContext, the briefing
view's switch, and the watcher that reruns a page when a new snapshot is published."""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

import streamlit as st

from zwzx_dash.model import schema
from zwzx_dash.query.queries import SnapshotView
from zwzx_dash.store import snapshots
from zwzx_dash.web.data import PageContext, cached_query, pin_current, watermark, where
from zwzx_dash.web.signin import staff_signed_in
from zwzx_dash.web.text import md_text

BRIEFING_PARAM = "briefing"
# The briefing view: no app chrome, no controls, content at a fixed width with generous
# margins, for clean screenshots. A fixed stylesheet; nothing from data goes into it.
BRIEFING_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"],
[data-testid="stStatusWidget"], [data-testid="stElementToolbar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stTooltipIcon"],
[data-testid="stHeaderActionElements"], [data-testid="stSkipToContent"],
.modebar-container { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 1008px; padding: 48px 24px 72px; }
</style>"""
# A browser print of any page fits A4: no chrome or controls, charts scaled to the paper,
# cards and charts kept whole (print.css; a fixed file, nothing from data goes into it).
PRINT_CSS = "<style>" + (Path(__file__).with_name("print.css")).read_text("utf-8") + "</style>"
# Figures whole and in Chinese on every screen (screen.css).
SCREEN_CSS = "<style>" + (Path(__file__).with_name("screen.css")).read_text("utf-8") + "</style>"
_CONTEXT_KEY = "_page_context"
# How often an open page checks whether a new snapshot was published (0 turns it off).
FOLLOW_SECONDS = float(os.environ.get("ZWZX_FOLLOW_SECONDS", "30"))
# Beyond this many orgs the selector lists the matches of a search, at most
# ORG_MATCHES_SHOWN of them: 3,000 names cost every page load ~0.3 s in the browser.
ORG_LIST_LIMIT = 200
ORG_MATCHES_SHOWN = 50


def briefing_view() -> bool:
    """Whether this run shows the briefing view (URL parameter ?briefing=1)."""
    return st.query_params.get(BRIEFING_PARAM) == "1"


def _enter_briefing() -> None:
    """The sidebar switch puts the view into the URL, with the year, so that the link
    reproduces it; leaving is removing ?briefing=1 from the address."""
    st.query_params[BRIEFING_PARAM] = "1"
    for key in ("org", "year"):
        if key in st.session_state:
            st.query_params[key] = str(st.session_state[key])


def _url_choice(key: str, options: list[Any], default: Any) -> Any:
    """The org or year named in the URL (briefing view), if it is one of the options."""
    wanted = st.query_params.get(key)
    return next((o for o in options if str(o) == wanted), default)


def sidebar_context(
    view: SnapshotView | snapshots.SnapshotError, briefing_on: bool = False
) -> PageContext:
    """Draw the org and year selectors for the run's pinned snapshot and hand the result
    to the page that runs next. Called once per run, by app.py. In the briefing view
    nothing is drawn: org and year come from the URL."""
    if isinstance(view, snapshots.SnapshotError):
        st.error(f"看板暂时无法读取数据：{view}")
        st.stop()
    root, sid = str(view.catalog.root), view.snapshot_id
    orgs: list[str] = cached_query(root, sid, "orgs", ())
    if not orgs:
        st.error("当前快照中没有任何数据。请工作人员发布数据后再查看。")
        st.stop()
    default_org = schema.DEFAULT_ORG if schema.DEFAULT_ORG in orgs else orgs[0]
    if briefing_on:
        org = _url_choice("org", orgs, default_org)
        years: list[int] = cached_query(root, sid, "years", (("org", org),))
        year = _url_choice("year", years, years[0])
    else:
        org = _org_picker(orgs, default_org) if len(orgs) > 1 else default_org
        years = cached_query(root, sid, "years", (("org", org),))
        year = _sidebar_select("年度", years, "year", years[0], lambda y: f"{y}年")
        st.sidebar.toggle(
            "简报视图",
            key="briefing_toggle",
            on_change=_enter_briefing,
            help="隐藏侧栏和全部按钮，图表定宽，便于截图放入简报。"
            "退出：点页面右上角的“退出简报视图”（打印时不出现）。",
        )
    title = cached_query(root, sid, "source_title", (("org", org), ("year", int(year))))
    ctx = PageContext(view, org, int(year), title, watermark(), briefing_on)
    st.session_state[_CONTEXT_KEY] = ctx
    if view.stands_in_for and staff_signed_in():
        damaged, why = view.stands_in_for
        st.sidebar.warning(
            f"当前快照 {damaged} 已损坏（{md_text(why)}），看板暂时显示上一个完好的快照 "
            f"{view.snapshot_id}。请在数据管理页回退或重新发布。"
        )
    st.html(SCREEN_CSS)
    st.html(PRINT_CSS)
    if briefing_on:
        st.html(BRIEFING_CSS)
    return ctx


def briefing_exit(url_path: str) -> None:
    """The way out of the briefing view, at the top right; never printed (print.css). A
    plain link in this tab (a Markdown link would open a new one), to the page's own
    address without ?briefing=1; the path is one of the app's own, never data."""
    with st.container(key="briefing_exit", horizontal_alignment="right"):
        st.html(f'<a href="./{html.escape(url_path)}" target="_self">退出简报视图</a>')


def follow_publishes(ctx: PageContext) -> None:
    """Rerun the page when CURRENT names another snapshot (a publish or a rollback), so
    a page left open before a meeting shows the new figures without a reload."""
    if FOLLOW_SECONDS > 0:
        # In the briefing view there is no sidebar; the watcher draws nothing either way.
        with st.container() if ctx.briefing else st.sidebar:
            # What CURRENT named when the run pinned it: a stand-in for a damaged
            # snapshot is not a publish to follow.
            named = ctx.view.stands_in_for[0] if ctx.view.stands_in_for else ctx.view.snapshot_id
            _watch_current(str(ctx.view.catalog.root), named)


@st.fragment(run_every=FOLLOW_SECONDS if FOLLOW_SECONDS > 0 else None)
def _watch_current(root: str, pinned: str) -> None:
    current = snapshots.current_id(where(root))
    if current is not None and current != pinned:
        st.rerun(scope="app")


def _org_picker(orgs: list[str], default_org: str) -> str:
    """The org selector: every org up to ORG_LIST_LIMIT (type to search in the box);
    beyond, the matches of a search field first (see org_choices)."""
    if len(orgs) <= ORG_LIST_LIMIT:
        return _sidebar_select("单位（可输入名称搜索）", orgs, "org", default_org)
    current = st.session_state.get("org", default_org)
    if current not in orgs:
        current = default_org
    shown = org_choices(orgs, [current], "org_search", st.sidebar)
    return _sidebar_select("单位", shown, "org", current)


def org_choices(orgs: list[str], keep: list[str], search_key: str, where: Any = st) -> list[str]:
    """The orgs a selector offers: all of them up to ORG_LIST_LIMIT; beyond, a search field
    (drawn in `where`) and at most ORG_MATCHES_SHOWN matches, after the orgs in `keep`
    (those already chosen), so that a page does not send and draw thousands of names on
    every load."""
    if len(orgs) <= ORG_LIST_LIMIT:
        return orgs
    term = where.text_input(
        f"查找单位（共 {len(orgs)} 个）", key=search_key, placeholder="输入名称中的字"
    ).strip()
    matches = [o for o in orgs if term in o]
    shown = matches[:ORG_MATCHES_SHOWN]
    if len(matches) > len(shown):
        where.caption(
            f"名称含“{md_text(term)}”的单位有 {len(matches)} 个，列出前 {len(shown)} 个；"
            "多输入几个字可缩小范围。"
            if term
            else f"列出前 {len(shown)} 个单位；输入名称中的字查找其余的。"
        )
    elif not matches:
        where.caption(f"没有名称含“{md_text(term)}”的单位。")
    return [*keep, *(o for o in shown if o not in keep)]


def _sidebar_select(label: str, options: list[Any], key: str, default: Any, fmt: Any = str) -> Any:
    """A sidebar selectbox that falls back to the default when a publish has removed
    the option chosen before."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]
    index = options.index(default)
    return st.sidebar.selectbox(label, options, index=index, key=key, format_func=fmt)


def context() -> PageContext:
    """The context app.py made for this run. Taken, not read, so that a page never
    reuses an earlier run's snapshot; a page run without app.py makes its own."""
    ctx = st.session_state.pop(_CONTEXT_KEY, None)
    if ctx is None:
        ctx = sidebar_context(pin_current(), briefing_view())
        del st.session_state[_CONTEXT_KEY]
    if ctx.watermark:
        st.caption(md_text(ctx.watermark))
    return ctx

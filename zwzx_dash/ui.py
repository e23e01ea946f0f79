"""Streamlit building blocks shared by the pages. The only library module that imports
streamlit. Text from data always goes through md_text (shown literally), never HTML."""

from __future__ import annotations

import html
import io
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from . import auth, briefing, charts, document, exports, schema, site, store, workbook
from .briefing import beijing_time
from .queries import Catalog, SnapshotView
from .raw import Problem

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
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
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=])")


def md_text(text: object) -> str:
    """Data shown where Streamlit renders Markdown is escaped so it shows literally."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


# ---------------------------------------------------------------- data access


@st.cache_resource(show_spinner=False)
def _catalog(root: str) -> Catalog:
    return Catalog(Path(root))


@st.cache_data(show_spinner=False, max_entries=2048)
def _query(root: str, snapshot_id: str, name: str, params: tuple[tuple[str, Any], ...]) -> Any:
    view = _catalog(root).pin(snapshot_id)
    return getattr(view, name)(**dict(params))


@dataclass(frozen=True)
class PageContext:
    """What every page of one run shares: the snapshot pinned at the start of the run,
    and the org and year chosen in the sidebar."""

    view: SnapshotView
    org: str
    year: int
    source_title: str
    watermark: str | None = None
    briefing: bool = False  # the clean view for screenshots: no controls

    def query(self, name: str, **params: Any) -> Any:
        """A named query, cached by snapshot id: a publish shows on the next rerun."""
        frozen = tuple(
            sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())
        )
        return _query(str(self.view.catalog.root), self.view.snapshot_id, name, frozen)

    def figures(self, name: str, **params: Any) -> pd.DataFrame:
        return self.query(name, org=self.org, year=self.year, **params)


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


def _settings() -> dict[str, Any]:
    """`.streamlit/secrets.toml` as a dict, empty when there is none."""
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml: Streamlit raises rather than return empty
        return {}


@st.cache_data(show_spinner=False, ttl=3600)
def _watermark() -> str | None:
    return briefing.configured_watermark(_settings())


def pin_current() -> SnapshotView | store.SnapshotError:
    """The current snapshot, pinned once per run so that the page list and the page read
    the same one — or the error that says why it cannot be read (sidebar_context shows it)."""
    try:
        return _catalog(str(store.data_dir())).pin()
    except store.SnapshotError as err:
        return err


def sidebar_context(
    view: SnapshotView | store.SnapshotError, briefing_on: bool = False
) -> PageContext:
    """Draw the org and year selectors for the run's pinned snapshot and hand the result
    to the page that runs next. Called once per run, by app.py. In the briefing view
    nothing is drawn: org and year come from the URL."""
    if isinstance(view, store.SnapshotError):
        st.error(f"看板暂时无法读取数据：{view}")
        st.stop()
    root, sid = str(view.catalog.root), view.snapshot_id
    orgs: list[str] = _query(root, sid, "orgs", ())
    if not orgs:
        st.error("当前快照中没有任何数据。请工作人员发布数据后再查看。")
        st.stop()
    default_org = schema.DEFAULT_ORG if schema.DEFAULT_ORG in orgs else orgs[0]
    if briefing_on:
        org = _url_choice("org", orgs, default_org)
        years: list[int] = _query(root, sid, "years", (("org", org),))
        year = _url_choice("year", years, years[0])
    else:
        org = _org_picker(orgs, default_org) if len(orgs) > 1 else default_org
        years = _query(root, sid, "years", (("org", org),))
        year = _sidebar_select("年度", years, "year", years[0], lambda y: f"{y}年")
        st.sidebar.toggle(
            "简报视图",
            key="briefing_toggle",
            on_change=_enter_briefing,
            help="隐藏侧栏和全部按钮，图表定宽，便于截图放入简报。"
            "退出：删去地址中的 ?briefing=1 后刷新。",
        )
    title = _query(root, sid, "source_title", (("org", org), ("year", int(year))))
    ctx = PageContext(view, org, int(year), title, _watermark(), briefing_on)
    st.session_state[_CONTEXT_KEY] = ctx
    if briefing_on:
        st.html(BRIEFING_CSS)
    return ctx


def comparison_available(view: SnapshotView | store.SnapshotError) -> bool:
    """Whether the snapshot holds more than one org or year (the 对比 page)."""
    if isinstance(view, store.SnapshotError):
        return False  # sidebar_context says why
    orgs, years = _query(str(view.catalog.root), view.snapshot_id, "span", ())
    return orgs > 1 or years > 1


def follow_publishes(ctx: PageContext) -> None:
    """Rerun the page when CURRENT names another snapshot (a publish or a rollback), so
    a page left open before a meeting shows the new figures without a reload."""
    if FOLLOW_SECONDS > 0:
        # In the briefing view there is no sidebar; the watcher draws nothing either way.
        with st.container() if ctx.briefing else st.sidebar:
            _watch_current(str(ctx.view.catalog.root), ctx.view.snapshot_id)


@st.fragment(run_every=FOLLOW_SECONDS if FOLLOW_SECONDS > 0 else None)
def _watch_current(root: str, pinned: str) -> None:
    current = store.current_id(Path(root))
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


# ---------------------------------------------------------------- staff sign-in

_STAFF_OK, _STAFF_TRIES = "_staff_ok", "_staff_tries"


def staff_hash() -> str | None:
    return auth.configured_hash(_settings())


def staff_signed_in() -> bool:
    """Whether this session entered the staff passcode (decided before the page list)."""
    return bool(st.session_state.get(_STAFF_OK)) and staff_hash() is not None


def staff_closed_page() -> None:
    """What /staff shows to a session that has not signed in: the staff page itself is not
    even registered for it, yet a bookmarked address should answer in Chinese rather than
    with Streamlit's English "Page not found"."""
    st.title(site.STAFF.title)
    if staff_hash() is None:
        st.info("数据管理未开启：管理员尚未配置工作人员口令。")
    else:
        st.warning("数据管理需要工作人员口令：请在侧栏“工作人员登录”中输入口令，本页随即打开。")


def comparison_closed_page() -> None:
    """What /compare shows while the snapshot holds one org and one year."""
    st.title(site.COMPARE.title)
    st.info(
        "当前数据只有一个单位、一个年度，暂无可对比的内容。发布更多单位或年度的数据后，本页自动出现在侧栏。"
    )


def staff_sign_in() -> None:
    """The sidebar sign-in, shown only when a passcode hash is configured. Five wrong
    tries lock this session."""
    encoded = staff_hash()
    if encoded is None or staff_signed_in():
        return
    tries = st.session_state.get(_STAFF_TRIES, 0)
    with st.sidebar.expander("工作人员登录"):
        if tries >= auth.MAX_TRIES:
            st.error("口令错误次数过多，本次会话已锁定。")
            return
        with st.form("staff_sign_in", clear_on_submit=True):
            passcode = st.text_input("口令", type="password", key="staff_passcode")
            submitted = st.form_submit_button("登录")
        if submitted:
            if auth.verify_passcode(passcode, encoded):
                st.session_state[_STAFF_OK] = True
                st.rerun()
            tries += 1
            st.session_state[_STAFF_TRIES] = tries
            if tries >= auth.MAX_TRIES:
                st.error("口令错误次数过多，本次会话已锁定。")
            else:
                st.error(f"口令不正确，还可尝试 {auth.MAX_TRIES - tries} 次。")


@st.cache_data(show_spinner=False, max_entries=16)
def _workbooks(root: str, snapshot_id: str, org: str, year: int) -> tuple[bytes, bytes]:
    tables = store.read_org_year(Path(root), snapshot_id, org, year)
    blank, current = io.BytesIO(), io.BytesIO()
    workbook.write_template(blank, tables["pillars"])
    workbook.write_workbook(current, tables)
    return blank.getvalue(), current.getvalue()


def staff_workbooks(ctx: PageContext) -> tuple[bytes, bytes]:
    """The blank template and the chosen org's year as a workbook, built once per
    snapshot: publishing it back replaces just that org's year."""
    return _workbooks(str(ctx.view.catalog.root), ctx.view.snapshot_id, ctx.org, ctx.year)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "文件": p.file,
                "工作表": p.sheet or "",
                "行": p.row or "",
                "列": p.column or "",
                "问题": p.message,
            }
            for p in problems
        ]
    )


# ---------------------------------------------------------------- building blocks


def _change(row: Any) -> dict[str, Any]:
    """st.metric delta arguments: a change only when both years' figures are exact."""
    if pd.isna(getattr(row, "prev_text", None)):
        return {}
    prev = f"{int(row.prev_year)}年 {row.prev_text}"
    if row.qualifier == "exact" and row.prev_qualifier == "exact":
        diff = row.value - row.prev_value
        return {
            "delta": f"{diff:+g}{row.unit}",
            "delta_description": f"较{prev}",
            "delta_color": "normal",
        }
    return {
        "delta": prev,
        "delta_description": "含约数或下限，不计算增减",
        "delta_color": "off",
        "delta_arrow": "off",
    }


def grid(items: list[Any], columns: int = 3) -> Iterator[tuple[Any, Any]]:
    """(column, item) pairs laid out row by row, one st.columns per row, so that on a
    phone, where columns stack, items keep their reading order."""
    for start in range(0, len(items), columns):
        yield from zip(st.columns(columns), items[start : start + columns], strict=False)


def figure_cards(
    ctx: PageContext, frame: pd.DataFrame, columns: int = 3, show_pillar: bool = False
) -> None:
    """Figures as cards, written exactly as in the source; the help icon shows the
    sentence and the document."""
    for col, row in grid(list(frame.itertuples()), columns):
        title = row.source_title if isinstance(row.source_title, str) else ctx.source_title
        with col.container(border=True) if show_pillar else col:
            st.metric(
                label=md_text(row.name),
                value=md_text(row.text),
                help=None
                if ctx.briefing
                else f"原文：{md_text(row.quote)}\n\n出处：《{md_text(title)}》",
                border=not show_pillar,
                **_change(row),
            )
            if show_pillar and isinstance(row.pillar_name, str):
                st.caption(f"出自{md_text(row.pillar_name)}")


def lower_bound_note(frame: pd.DataFrame) -> None:
    note = briefing.lower_bound_note(frame)
    if note:
        st.caption(note)


@st.cache_resource(show_spinner=False, max_entries=256)
def _page_content(
    root: str, snapshot_id: str, org: str, year: int, slug: str, watermark: str | None, _ctx: Any
) -> briefing.Page:
    if slug:
        return briefing.pillar_page(_ctx, slug, watermark)
    return briefing.overview_page(_ctx, watermark)


def page_content(ctx: PageContext, slug: str = "") -> briefing.Page:
    """A page's content (the overview for "", else a pillar), built once per snapshot,
    org, year and watermark: building plotly figures validates every property, which
    costs more than drawing the rest of a page. Shared between sessions and never
    changed after it is built."""
    root = str(ctx.view.catalog.root)
    return _page_content(root, ctx.view.snapshot_id, ctx.org, ctx.year, slug, ctx.watermark, ctx)


def page_chart(ctx: PageContext, item: briefing.Chart) -> None:
    """A chart of a page's shared content; in the briefing view without a modebar and at
    the height it has in an exported image. The figure is shared: never changed here."""
    _show(ctx, item.figure, item.key, item.title)


@st.cache_resource(show_spinner=False, max_entries=512)
def _built_figure(
    snapshot_id: str, org: str, year: int, key: str, _build: Callable[[], go.Figure]
) -> go.Figure:
    return _build()


def chart(ctx: PageContext, key: str, build: Callable[[], go.Figure]) -> None:
    """A chart built once per snapshot, org, year and key: building a plotly figure
    validates every property, which costs more than drawing the rest of a page. The
    figure is shared between sessions and never changed after it is built."""
    figure = _built_figure(ctx.view.snapshot_id, ctx.org, ctx.year, key, build)
    _show(ctx, figure, key, html.unescape(figure.layout.title.text or key))


def _show(ctx: PageContext, figure: go.Figure, key: str, title: str) -> None:
    height = charts.print_size(figure)[1] if ctx.briefing else "content"
    config = charts.chart_config(title, interactive=not ctx.briefing)
    st.plotly_chart(figure, key=key, config=config, height=height)


def highlights(frame: pd.DataFrame, show_pillar: bool = False) -> None:
    for row in frame.itertuples():
        origin = ""
        if show_pillar:
            origin = f":gray[出自{md_text(row.pillar_name)} · {md_text(row.pillar_heading)}]\n\n"
        st.container(border=True).markdown(
            f"##### {md_text(row.title)}\n\n{origin}{md_text(row.body)}"
        )


def _photo(root: Path, name: object) -> Path | None:
    """A caption's photo, only as a plain file name inside <data>/photos/."""
    if not isinstance(name, str) or not name or Path(name).name != name:
        return None
    path = root / "photos" / name
    return path if path.suffix.lower() in PHOTO_SUFFIXES and path.is_file() else None


def caption_cards(ctx: PageContext, frame: pd.DataFrame, show_pillar: bool = False) -> None:
    """Photos with their captions in a grid; the captions whose photo the source did not
    include, as one list in one card (a card each would repeat 原文未附图片 on every one)."""
    if frame.empty:
        st.caption("本部分没有图片说明。")
        return
    root = ctx.view.catalog.root
    photos = [(row, _photo(root, row.photo)) for row in frame.itertuples()]

    def origin(row: Any) -> str | None:
        pillar = getattr(row, "pillar_name", None)
        return pillar if show_pillar and isinstance(pillar, str) else None

    for col, (row, photo) in grid([(r, p) for r, p in photos if p is not None]):
        with col.container(border=True):
            where = origin(row)
            text = f"{row.caption} · {where}" if where else str(row.caption)
            st.image(str(photo), caption=md_text(text))  # Streamlit renders captions as Markdown
    unillustrated = [row for row, photo in photos if photo is None]
    if unillustrated:
        items = []
        for row in unillustrated:
            where = origin(row)
            label = f":gray[{md_text(where)}] · " if where else ""
            items.append(f"- {label}{md_text(row.caption)}")
        st.container(border=True).markdown(":gray[图片说明（原文未附图片）]\n\n" + "\n".join(items))


def marked_paragraphs(text: str, quotes: list[str]) -> list[str]:
    """Markdown for each paragraph, quoted sentences on a highlighted background."""
    out = []
    for paragraph in document.paragraphs(text):
        pieces = document.split_marked(paragraph, quotes)
        out.append(
            "".join(f":orange-background[{md_text(p)}]" if q else md_text(p) for p, q in pieces)
        )
    return out


def stamp(ctx: PageContext) -> None:
    m = ctx.view.manifest
    st.divider()
    st.caption(
        f"数据来源：《{md_text(ctx.source_title)}》 · 数据截至：{ctx.year}年 · "
        f"快照 {m.id} · 更新时间 {beijing_time(m.created_at)}"
    )
    if ctx.watermark:
        st.caption(md_text(ctx.watermark))


# ---------------------------------------------------------------- exports

EXPORT_LABELS = {"docx": "Word 简报", "png": "全部图表 PNG（压缩包）", "html": "离线网页"}


@st.cache_data(show_spinner=False, max_entries=12)
def _export(
    root: str, snapshot_id: str, org: str, year: int, fmt: str, watermark: str | None
) -> tuple[str, bytes]:
    view = _catalog(root).pin(snapshot_id)
    return exports.export_bytes(briefing.ViewSource.of(view, org, year), fmt, watermark)


def export_downloads(ctx: PageContext) -> None:
    """Build on click (rendering charts takes seconds, so never on a page load), then
    offer the file; built files are cached per snapshot, org, year and watermark."""
    st.subheader("导出简报")
    st.caption(
        "Word 简报含年度要点、各部分数字表、图表、亮点和来源；离线网页可在内网电脑直接打开。"
    )
    args = (str(ctx.view.catalog.root), ctx.view.snapshot_id, ctx.org, ctx.year)
    for col, (fmt, label) in zip(st.columns(3), EXPORT_LABELS.items(), strict=True):
        wanted = (*args, fmt, ctx.watermark)
        built_key = f"_export_built_{fmt}"
        if st.session_state.get(built_key) != wanted:
            if not col.button(f"生成{label}", key=f"build_{fmt}"):
                continue
            with col, st.spinner(f"正在生成{label}……"):
                try:
                    _export(*wanted)
                except exports.ExportRefused as err:
                    col.error(str(err))
                    continue
            st.session_state[built_key] = wanted
        name, data = _export(*wanted)
        col.download_button(
            f"下载{label}",
            data,
            file_name=name,
            mime=exports.MIME[fmt],
            key=f"download_{fmt}",
            on_click="ignore",
            type="primary",
        )


def snapshot_history(ctx: PageContext) -> pd.DataFrame:
    root = ctx.view.catalog.root
    current = store.current_id(root)
    rows = [
        {
            "当前": "✔" if m.id == current else "",
            "快照": m.id,
            "发布时间": beijing_time(m.created_at),
            "备注": m.note,
            "发布人": m.publisher,
            "输入": m.input_name,
            "行数": m.total_rows,
        }
        for m in reversed(store.list_snapshots(root))
    ]
    return pd.DataFrame(rows)

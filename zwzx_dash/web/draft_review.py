"""The 从报道生成草稿 step of the staff page: the article with each found figure marked,
beside the drafted rows to edit, what is still to do, and the reviewed draft handed on to
the same validation and publish as an uploaded workbook."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from zwzx_dash.export.draft import draft_workbook_bytes, reviewed_workbook_bytes
from zwzx_dash.ingest import draft_review as review
from zwzx_dash.ingest.article_figures import NOT_THE_YEARS
from zwzx_dash.ingest.catalog import default_catalog
from zwzx_dash.ingest.extract import Draft
from zwzx_dash.model.file_names import safe_file_name
from zwzx_dash.model.numerals import COMMON_UNITS
from zwzx_dash.model.schema import QUALIFIER_WORDS
from zwzx_dash.web.text import md_text

REVIEWED_KEY = "_staff_reviewed_draft"  # (state, workbook bytes, name) handed on to step 2
STATE_KEY = "_staff_draft_state"  # the draft and edits on screen in this run
SHOWN_OPEN = 30  # open items listed one by one
ROWS_SHOWN = 16  # rows an editor shows before it scrolls
ROW_PX = 35  # the editor's row height


def marked_article(draft: Draft) -> str:
    """The article as Markdown, every character escaped, each found figure highlighted
    where its sentence is."""
    text = draft.tables["sources"]["text"][0].as_py()
    spans: list[tuple[int, int]] = []
    for row in draft.tables["metrics"].to_pylist():
        at = text.find(row["quote"])
        inner = row["quote"].find(row["text"]) if at != -1 else -1
        if inner != -1:
            spans.append((at + inner, at + inner + len(row["text"])))
    out, last = [], 0
    for start, end in sorted(set(spans)):
        if start < last:
            continue
        out.append(md_text(text[last:start]))
        out.append(f":orange-background[**{md_text(text[start:end])}**]")
        last = end
    out.append(md_text(text[last:]))
    return "".join(out).replace("\n", "  \n")


def _editor(rows: list[dict], key: str, config: dict, disabled: list[str]) -> list[dict]:
    frame = pd.DataFrame(rows)
    edited = st.data_editor(
        frame,
        key=key,
        hide_index=True,
        num_rows="fixed",  # rows are dropped by 保留, so every 编号 stays where it was
        column_config=config,
        disabled=disabled,
        width="stretch",
        height=(min(len(rows), ROWS_SHOWN) + 1) * ROW_PX + 3,
    )
    return edited.to_dict("records")


def review_draft(draft: Draft, article_name: str, article_bytes: bytes) -> None:
    """Show the draft for review; when nothing is left to fill, offer to continue to
    validation and publishing with it (step 2 picks it up from the session)."""
    key = hashlib.sha256(article_bytes + draft.scope.encode()).hexdigest()[:16]
    catalog = default_catalog()
    pillars = review.PILLAR_OPTIONS
    codes = sorted({e.metric_id for e in catalog.entries})
    left, right = st.columns([2, 3])
    with left:
        st.markdown("**原文**（找到的数字已标出）")
        with st.container(height=520):
            st.markdown(marked_article(draft))
    with right:
        st.markdown("**找到的数字**：不要的取消“保留”；名称、编码、板块可直接改")
        figures = _editor(
            review.figure_rows(draft),
            f"draft_figures_{key}",
            {
                review.ID: st.column_config.NumberColumn(review.ID, width="small"),
                review.KEEP: st.column_config.CheckboxColumn(review.KEEP, width="small"),
                "指标编码": st.column_config.TextColumn(
                    "指标编码",
                    help="指标目录中的编码（如 " + "、".join(codes[:6]) + "……）才参与单位间对比",
                ),
                "板块": st.column_config.SelectboxColumn("板块", options=pillars),
                "精确度": st.column_config.SelectboxColumn(
                    "精确度", options=list(QUALIFIER_WORDS.values())
                ),
                "计量单位": st.column_config.TextColumn(
                    "计量单位", help="如 " + "、".join(COMMON_UNITS)
                ),
                "原文语句": st.column_config.TextColumn("原文语句", width="large"),
            },
            [review.ID, "原文写法", "原文语句"],
        )
        items = {}
        for table, label in (("highlights", "工作亮点"), ("captions", "图片说明")):
            rows = review.item_rows(draft, table)
            if rows:
                st.markdown(f"**{label}**")
                items[table] = _editor(
                    rows,
                    f"draft_{table}_{key}",
                    {
                        review.ID: st.column_config.NumberColumn(review.ID, width="small"),
                        review.KEEP: st.column_config.CheckboxColumn(review.KEEP, width="small"),
                        "板块": st.column_config.SelectboxColumn("板块", options=pillars),
                    },
                    [review.ID, "内容"],
                )
    if draft.term_figures:
        listed = "、".join(md_text(f.found.figure.text) for f in draft.term_figures)
        st.info(f"{NOT_THE_YEARS}，未收入本年度：{listed}")
    # What is handed on is what is on screen: an edit after the click, or another article,
    # withdraws it.
    state = key + review.fingerprint(figures, items)
    st.session_state[STATE_KEY] = state
    found = review.open_items(draft, figures, items, catalog)
    to_fill = [o for o in found if o.blocking]
    to_check = [o for o in found if not o.blocking]
    if to_fill:
        shown = "\n".join(f"- {md_text(o)}" for o in to_fill[:SHOWN_OPEN])
        more = f"\n- ……另有 {len(to_fill) - SHOWN_OPEN} 处" if len(to_fill) > SHOWN_OPEN else ""
        st.error(f"还有 {len(to_fill)} 处待填写，填好后才能继续：\n\n{shown}{more}")
    if to_check:
        with st.expander(f"{len(to_check)} 处请核对（改过的单元格不再列出）", expanded=False):
            st.markdown("\n".join(f"- {md_text(o)}" for o in to_check))
    kept = sum(bool(r[review.KEEP]) for r in figures)
    st.caption(f"保留 {kept} 个数字（共 {len(figures)} 个）；继续后按工作簿同样校验，再确认发布。")
    handed = st.session_state.get(REVIEWED_KEY)
    if handed is not None and handed[0] != state and handed[0].startswith(key):
        st.warning("点过“用这份草稿继续”之后草稿又有改动：请核对后再点一次。")
    stem = safe_file_name(f"{Path(article_name).stem}-草稿")
    left, right = st.columns(2)
    if left.button(
        "用这份草稿继续：校验、比较改动",
        type="primary",
        key=f"draft_continue_{key}",
        disabled=bool(to_fill),
    ):
        tables = review.reviewed_tables(draft, figures, items)
        st.session_state[REVIEWED_KEY] = (state, reviewed_workbook_bytes(tables), f"{stem}.xlsx")
    right.download_button(
        "或下载草稿工作簿，在 Excel/WPS 中填写",
        draft_workbook_bytes(draft),
        file_name=f"{stem}.xlsx",
        key="dl_draft",
    )


def no_draft() -> None:
    """No article on screen in this run: nothing reviewed to hand on."""
    st.session_state.pop(STATE_KEY, None)


def reviewed_upload() -> tuple[bytes, str] | None:
    """The draft the person reviewed here and handed on, if it is still what is shown."""
    reviewed = st.session_state.get(REVIEWED_KEY)
    if reviewed is None or reviewed[0] != st.session_state.get(STATE_KEY):
        return None
    return reviewed[1], reviewed[2]

"""What the staff page offers besides its layout: the workbooks to download, an upload
validated once, and the problems of a refused input as a table."""

from __future__ import annotations

import hashlib
import io

import pandas as pd
import streamlit as st

from zwzx_dash.export import workbook
from zwzx_dash.ingest.bounded import load_upload_bounded
from zwzx_dash.ingest.load import Input
from zwzx_dash.ingest.raw import InputRefused, Problem
from zwzx_dash.store import reading
from zwzx_dash.web.blocks import grid
from zwzx_dash.web.data import PageContext, where
from zwzx_dash.web.text import md_text


@st.cache_data(show_spinner=False, max_entries=16)
def _workbooks(root: str, snapshot_id: str, org: str, year: int) -> tuple[bytes, bytes]:
    tables = reading.read_org_year(where(root), snapshot_id, org, year)
    blank, current = io.BytesIO(), io.BytesIO()
    workbook.write_template(blank)
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


_VALIDATED = "_staff_validated_upload"


def validated_upload(data: bytes, name: str, photos: dict[str, bytes] | None = None) -> Input:
    """The upload validated once per session and file (its sha256 and name, and those of
    the images uploaded beside it): every widget on the page reruns it, and at 20,000 rows
    validation takes seconds. Validation runs bounded in time and memory
    (ingest/bounded.py). Raises InputRefused, also from the remembered result."""
    sent = sorted((n, hashlib.sha256(b).hexdigest()) for n, b in (photos or {}).items())
    key = (hashlib.sha256(data).hexdigest(), name, tuple(sent))
    remembered = st.session_state.get(_VALIDATED)
    if remembered is None or remembered[0] != key:
        try:
            result: Input | InputRefused = (
                load_upload_bounded(data, name, photos=photos)
                if photos
                else load_upload_bounded(data, name)
            )
        except InputRefused as refused:
            result = refused
        remembered = (key, result)
        st.session_state[_VALIDATED] = remembered  # one file at a time: the last one
    if isinstance(remembered[1], InputRefused):
        raise remembered[1]
    return remembered[1]


def photo_preview(data: Input) -> None:
    """The photos that came with the upload (checked and encoded again, as they will be
    stored), each with the captions naming it, before anything is published."""
    if not data.photos:
        return
    st.markdown(f"**随附图片 {len(data.photos)} 张**（发布后显示在各板块页，说明在图下）")
    rows = data.tables["captions"].select(["caption", "photo"]).to_pylist()
    items = [
        (name, photo, "；".join(r["caption"] for r in rows if r["photo"] == name))
        for name, photo in sorted(data.photos.items())
    ]
    for col, (name, photo, text) in grid(items, columns=4):
        with col.container(border=True):
            st.image(photo, caption=md_text(f"{text}（{name}）"), alt=text, width="stretch")

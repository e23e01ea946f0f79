"""The export buttons: build a briefing file on click (rendering charts takes seconds, so
never on a page load), one at a time per server (export/jobs.py), then offer it."""

from __future__ import annotations

import streamlit as st

from zwzx_dash.export import formats, jobs
from zwzx_dash.present import briefing
from zwzx_dash.web.data import PageContext, catalog

EXPORT_LABELS = {
    "docx": "Word 简报",
    "pptx": "PPT 汇报稿",
    "pdf": "PDF 简报",
    "png": "图表 PNG",  # a zip of every chart; short, so five buttons fit a row
    "html": "离线网页",
}


def _make(root: str, snapshot_id: str, org: str, year: int, fmt: str, watermark: str | None):
    def make() -> tuple[str, bytes]:
        view = catalog(root).pin(snapshot_id)
        return formats.export_bytes(briefing.ViewSource.of(view, org, year), fmt, watermark)

    return make


def export_downloads(ctx: PageContext) -> None:
    """Build on click, then offer the file; built files are kept per snapshot, org, year,
    format and watermark, for every visitor."""
    st.subheader("导出简报")
    st.caption(
        "Word 简报按公文简报样式，含要点页、各板块数字表、图表、亮点和来源；PPT 汇报稿的图表"
        "可在 PPT 中编辑；离线网页可在内网电脑直接打开。"
    )
    args = (str(ctx.view.catalog.root), ctx.view.snapshot_id, ctx.org, ctx.year)
    columns = st.columns(len(EXPORT_LABELS))
    for col, (fmt, label) in zip(columns, EXPORT_LABELS.items(), strict=True):
        wanted = (*args, fmt, ctx.watermark)
        built = jobs.QUEUE.kept(wanted)
        if built is None:
            if not col.button(f"生成{label}", key=f"build_{fmt}"):
                continue
            waiting = col.empty()
            with col, st.spinner(f"正在生成{label}……"):
                try:
                    built = jobs.QUEUE.build(
                        wanted,
                        _make(*wanted),
                        on_wait=lambda slot=waiting: slot.info(
                            "正在生成，请稍候：前面还有一份导出。"
                        ),
                    )
                except formats.ExportRefused as err:
                    col.error(str(err))
                    continue
                finally:
                    waiting.empty()
        name, data = built
        col.download_button(
            f"下载{label}",
            data,
            file_name=name,
            mime=formats.MIME[fmt],
            key=f"download_{fmt}",
            on_click="ignore",
            type="primary",
        )

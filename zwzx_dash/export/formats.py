"""Exports of one org and year: the Word briefing, the PowerPoint deck, the PDF, the PNG
set and the offline HTML.

One briefing (zwzx_dash.briefing) feeds them all, and the charts are rendered once per
export, with one Chromium start, for the PNG set, the Word file and the PDF; the PDF is
then printed by a second start (kaleido keeps its browser to itself).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from zwzx_dash.export.docx import docx_bytes
from zwzx_dash.export.html import html_document
from zwzx_dash.export.pdf import pdf_bytes
from zwzx_dash.export.png import RenderError, png_zip_bytes, render_briefing, write_png_set
from zwzx_dash.export.pptx import pptx_bytes
from zwzx_dash.model import schema
from zwzx_dash.model.file_names import safe_file_name
from zwzx_dash.present import briefing
from zwzx_dash.present.briefing import Briefing, ViewSource
from zwzx_dash.query.queries import Catalog
from zwzx_dash.store import durable
from zwzx_dash.store.objects import Location

FORMATS = ("docx", "pptx", "pdf", "png", "html")
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "png": "application/zip",
    "html": "text/html",
}


class ExportRefused(Exception):
    """The export cannot be made as asked (unknown year, unwritable folder, no Chromium);
    the message is Chinese and says what to do."""


def open_source(
    root: Location, org: str | None = None, year: int | None = None, snapshot: str | None = None
) -> ViewSource:
    """The pinned snapshot for one org and year (default: the default org, latest year)."""
    view = Catalog(root).pin(snapshot)
    orgs = view.orgs()
    if not orgs:
        raise ExportRefused(f"快照 {view.snapshot_id} 中没有任何数据")
    org = org or (schema.DEFAULT_ORG if schema.DEFAULT_ORG in orgs else orgs[0])
    if org not in orgs:
        raise ExportRefused(f"没有单位“{org}”的数据。已有单位：{'、'.join(orgs)}")
    years = view.years(org)
    year = years[0] if year is None else year
    if year not in years:
        have = "、".join(f"{y}年" for y in years)
        raise ExportRefused(f"{org}没有{year}年的数据。已有年度：{have}")
    return ViewSource.of(view, org, year)


def file_name(b: Briefing, fmt: str) -> str:
    """The export's file name: from data, so one safe component, never a path."""
    stem = {
        "docx": b.title,
        "pptx": f"{b.org}{b.year}年履职情况汇报",
        "pdf": b.title,
        "png": f"{b.org}{b.year}年图表",
        "html": f"{b.org}{b.year}年履职看板",
    }[fmt]
    return f"{safe_file_name(stem)}.{'zip' if fmt == 'png' else fmt}"


def _pdf(b: Briefing, images: dict[tuple[str, str], bytes]) -> bytes:
    try:
        return pdf_bytes(b, images)
    except RenderError as err:
        raise ExportRefused(str(err)) from err


def _images(b: Briefing, formats: Iterable[str]) -> dict[tuple[str, str], bytes]:
    if not {"png", "docx", "pdf"} & set(formats):
        return {}
    try:
        return render_briefing(b)
    except RenderError as err:
        raise ExportRefused(str(err)) from err


def _writable_folder(out: Path) -> Path:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ExportRefused(f"无法创建输出目录 {out}：{err.strerror}") from None
    if not os.access(out, os.W_OK):
        raise ExportRefused(f"输出目录 {out} 不可写")
    return out


def export(
    src: ViewSource,
    formats: Iterable[str],
    out: Path,
    watermark: str | None = None,
    progress: Callable[[str], None] = lambda message: None,
    full: bool = False,
) -> list[Path]:
    """Write the asked formats into `out`; return the paths written. `full`: the Word
    briefing appends every work item's whole text."""
    formats = [f for f in FORMATS if f in set(formats)]
    out = _writable_folder(out)
    progress(f"整理 {src.org} {src.year}年的内容（快照 {src.view.snapshot_id}）")
    b = briefing.build(src, briefing.expand_watermark(watermark))
    if {"png", "docx", "pdf"} & set(formats):
        progress(f"渲染 {len(b.charts)} 张图表（启动一次 Chromium）")
    images = _images(b, formats)
    written: list[Path] = []
    try:
        if "png" in formats:
            written += write_png_set(b, images, out)
            progress(f"已写出 {len(b.charts)} 张 PNG")
        if "docx" in formats:
            written.append(_write(out / file_name(b, "docx"), docx_bytes(b, images, full)))
            progress("已写出 Word 简报")
        if "pptx" in formats:
            written.append(_write(out / file_name(b, "pptx"), pptx_bytes(b)))
            progress("已写出 PPT 汇报稿")
        if "pdf" in formats:
            written.append(_write(out / file_name(b, "pdf"), _pdf(b, images)))
            progress("已写出 PDF 简报")
        if "html" in formats:
            html = html_document(b).encode("utf-8")
            written.append(_write(out / file_name(b, "html"), html))
            progress("已写出离线网页")
    except OSError as err:
        if durable.is_disk_full(err):
            raise  # the CLI says so in Chinese and exits 1
        raise ExportRefused(f"写入 {out} 失败：{err.strerror}") from None
    return written


def _write(path: Path, data: bytes) -> Path:
    """Whole or not at all: a full disk leaves no half-written briefing behind."""
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def export_bytes(src: ViewSource, fmt: str, watermark: str | None = None) -> tuple[str, bytes]:
    """One format as (file name, bytes), for a download button; the PNG set is a zip."""
    b = briefing.build(src, briefing.expand_watermark(watermark))
    images = _images(b, [fmt])
    data = {
        "docx": lambda: docx_bytes(b, images),
        "pptx": lambda: pptx_bytes(b),
        "pdf": lambda: _pdf(b, images),
        "png": lambda: png_zip_bytes(b, images),
        "html": lambda: html_document(b).encode("utf-8"),
    }[fmt]()
    return file_name(b, fmt), data

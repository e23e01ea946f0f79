"""Charts as high-resolution PNG, rendered by kaleido driving the system Chromium.

One export starts Chromium once: `render_pngs` opens a single kaleido browser, renders
every figure it is given in turn, and closes it. Exporters ask for all their charts in
one call; a chart rendered for the PNG set is reused for the Word briefing.
"""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from zwzx_dash.model.file_names import safe_file_name
from zwzx_dash.present import charts
from zwzx_dash.present.briefing import Briefing, Chart, Page

CHROMIUM_ENV = "ZWZX_CHROMIUM"


class RenderError(Exception):
    """Charts could not be rendered (no Chromium, or it failed); the message is Chinese."""


def chromium_path() -> str:
    """The Chromium kaleido drives: ZWZX_CHROMIUM, else `chromium` (Debian) on PATH."""
    found = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or shutil.which("chrome")
    if not found:
        raise RenderError(
            "找不到 Chromium 浏览器，无法生成图片。请安装 chromium（Debian：apt-get install "
            f"chromium fonts-noto-cjk），或用环境变量 {CHROMIUM_ENV} 指明它的路径。"
        )
    return found


def kaleido_options() -> dict[str, Any]:
    # mathjax=False: kaleido would otherwise load MathJax from a CDN, and an intranet
    # machine would wait for it. Chromium is started without its sandbox by default,
    # which it needs when run as root.
    return {"path": chromium_path(), "mathjax": False, "timeout": 60}


def render_opts(figure: go.Figure, scale: float) -> dict[str, Any]:
    width, height = charts.print_size(figure)
    return {"format": "png", "width": width, "height": height, "scale": scale}


async def _render_all(figures: Sequence[go.Figure], scale: float) -> list[bytes]:
    import kaleido  # imported here: it is slow to import and only exports need it

    async with kaleido.Kaleido(**kaleido_options()) as browser:
        return [await browser.calc_fig(f, opts=render_opts(f, scale)) for f in figures]


def render_pngs(figures: Sequence[go.Figure], scale: float = charts.PRINT_SCALE) -> list[bytes]:
    """Every figure as PNG bytes (16:9, `scale` × 960 px wide), with one Chromium start.
    Runs in its own thread so that it works whether or not the caller has an event loop."""
    if not figures:
        return []
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(asyncio.run, _render_all(list(figures), scale)).result()
        except RenderError:
            raise
        except Exception as err:
            raise RenderError(f"图表渲染失败（Chromium/kaleido）：{err}") from err


def render_briefing(briefing: Briefing) -> dict[tuple[str, str], bytes]:
    """Every chart of every page as PNG, keyed by (page slug, chart key)."""
    pairs = briefing.charts
    images = render_pngs([chart.figure for _, chart in pairs])
    return {(page.slug, chart.key): png for (page, chart), png in zip(pairs, images, strict=True)}


def png_name(index: int, page: Page, chart: Chart) -> str:
    """Named by page and title, numbered in reading order: 01-总览-2023年….png."""
    return f"{index:02d}-{safe_file_name(page.name)}-{safe_file_name(chart.title, 'chart')}.png"


def png_files(briefing: Briefing, images: dict[tuple[str, str], bytes]) -> list[tuple[str, bytes]]:
    return [
        (png_name(n, page, chart), images[(page.slug, chart.key)])
        for n, (page, chart) in enumerate(briefing.charts, start=1)
    ]


def png_folder_name(briefing: Briefing) -> str:
    return safe_file_name(f"{briefing.org}{briefing.year}年图表")


def write_png_set(
    briefing: Briefing, images: dict[tuple[str, str], bytes], out: Path
) -> list[Path]:
    folder = out / png_folder_name(briefing)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in png_files(briefing, images):
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


def png_zip_bytes(briefing: Briefing, images: dict[tuple[str, str], bytes]) -> bytes:
    """The PNG set as one zip, for a download button."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # PNG is compressed
        for name, data in png_files(briefing, images):
            archive.writestr(f"{png_folder_name(briefing)}/{name}", data)
    return buffer.getvalue()

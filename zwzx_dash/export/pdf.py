"""The PDF briefing: 中卫市政协{year}年履职情况简报 as an A4 document for print.

A print-oriented HTML page (charts as the PNGs kaleido rendered, so nothing runs in the
page) is printed to PDF by the system Chromium through the DevTools protocol, started
once per call. The page loads nothing: images are data: URIs, its Content-Security-Policy
allows nothing else, and the tab is switched offline before the document is set.

Figures are written as in the source (`50余次`, never 50); each figure's source sentence
is numbered once and listed at the end. Every text from data is escaped with html.escape.
"""

from __future__ import annotations

import asyncio
import base64
import os
from concurrent.futures import ThreadPoolExecutor
from html import escape
from typing import Any

import pandas as pd

from zwzx_dash.export.png import CHROMIUM_ENV, RenderError, chromium_path
from zwzx_dash.present.briefing import (
    FIGURES_AS_WRITTEN,
    UNCHECKED,
    Briefing,
    Chart,
    Page,
    cell_text,
    headline_sentence,
    lower_bound_note,
    pillar_line,
)

PAPER = {"paperWidth": 8.27, "paperHeight": 11.69}  # A4, inches
MARGINS = {"marginTop": 0.75, "marginBottom": 0.8, "marginLeft": 0.75, "marginRight": 0.75}
TIMEOUT_SECONDS = 60
FONTS = '"Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif'
ACCENT = "#A4161A"
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
HEADLINE_COLUMNS = 3

STYLE = f"""
html {{ font-family: {FONTS}; font-size: 10.5pt; line-height: 1.6; color: #111827;
        -webkit-print-color-adjust: exact; print-color-adjust: exact;
        text-spacing-trim: space-all; }}
body {{ margin: 0; }}
h1 {{ font-size: 20pt; line-height: 1.3; margin: 0 0 6pt; color: {ACCENT}; }}
h2 {{ font-size: 14pt; margin: 18pt 0 8pt; padding-bottom: 3pt;
      border-bottom: 1.5pt solid {ACCENT}; }}
h3 {{ font-size: 11.5pt; margin: 12pt 0 6pt; }}
h1, h2, h3 {{ break-after: avoid; page-break-after: avoid; }}
p {{ margin: 0 0 6pt; text-align: justify; }}
.meta, .note, figcaption {{ color: #4B5563; font-size: 9pt; }}
.meta span {{ white-space: nowrap; }}
.pillar {{ break-before: page; page-break-before: always; }}
.meta {{ border-bottom: 0.5pt solid #D1D5DB; padding-bottom: 6pt; margin-bottom: 4pt; }}
.warning {{ background: #FEF3C7; padding: 6pt 8pt; border-radius: 3pt; }}
table {{ border-collapse: collapse; width: 100%; margin: 0 0 6pt; }}
thead {{ display: table-header-group; }}
tr, td, th {{ break-inside: avoid; page-break-inside: avoid; }}
th, td {{ border: 0.75pt solid #D1D5DB; padding: 3pt 6pt; text-align: left;
          vertical-align: top; font-size: 10pt; }}
th {{ background: #F3F4F6; }}
.figures th:last-child, .figures td:last-child {{ width: 28%; }}
td.figure {{ font-weight: bold; white-space: nowrap; }}
.origin {{ color: #4B5563; font-size: 9pt; }}
sup {{ font-size: 7.5pt; color: #4B5563; font-weight: normal; line-height: 0; }}
table.headline {{ table-layout: fixed; border-collapse: separate; border-spacing: 6pt;
                  margin: 0 -6pt 2pt; width: calc(100% + 12pt); }}
.card {{ border: 0.75pt solid #E5E7EB; border-top: 2.5pt solid {ACCENT}; border-radius: 3pt;
         padding: 6pt 8pt; background: #FAFAFA; }}
.card .value {{ font-size: 18pt; font-weight: bold; color: {ACCENT}; line-height: 1.3; }}
.card .label {{ font-size: 9.5pt; color: #374151; }}
figure {{ margin: 8pt 0 10pt; break-inside: avoid; page-break-inside: avoid; }}
figure img {{ display: block; width: 100%; height: auto; }}
figcaption {{ text-align: center; margin-top: 2pt; }}
.highlight {{ margin: 0 0 8pt; orphans: 3; widows: 2; }}
.highlight .title {{ font-weight: bold; margin: 0 0 2pt;
                     break-after: avoid; page-break-after: avoid; }}
ol.notes {{ list-style: none; padding: 0; margin: 0; font-size: 9.5pt; }}
ol.notes li {{ break-inside: avoid; margin: 0 0 5pt; display: grid;
               grid-template-columns: 2.6em 1fr; }}
ul.sources {{ margin: 0 0 6pt; padding-left: 1.4em; }}
"""


def pdf_bytes(briefing: Briefing, images: dict[tuple[str, str], bytes]) -> bytes:
    """The briefing as an A4 PDF; `images` are the charts' PNGs by (page slug, chart key),
    as export.png.render_briefing returns them."""
    return print_pdf(briefing_html(briefing, images), header_template(briefing.watermark))


# ---------------------------------------------------------------- the print page


class SourceNotes:
    """The figures' source sentences, numbered in order of first use: a sentence that
    several figures cite is listed once."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def marker(self, row: Any) -> str:
        quote = cell_text(getattr(row, "quote", None))
        if not quote:
            return ""
        unchecked = getattr(row, "unchecked", False)
        if pd.notna(unchecked) and bool(unchecked):
            quote += f"（{UNCHECKED}）"
        number = self.numbers.setdefault(quote, len(self.numbers) + 1)
        return f"<sup>[{number}]</sup>"


def briefing_html(briefing: Briefing, images: dict[tuple[str, str], bytes]) -> str:
    notes = SourceNotes()
    overview, pillars = briefing.pages[0], briefing.pages[1:]
    charts = _chart_numbers(briefing)
    body = [_title(briefing), _headline(briefing.headline, notes), _summary(briefing)]
    body += [_chart(overview, chart, images, charts) for chart in overview.charts]
    body += [_pillar(page, images, notes, charts) for page in pillars]
    body += [_sources(briefing), _source_notes(notes)]
    return (
        '<!DOCTYPE html><html lang="zh-CN" data-briefing="1"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f"<title>{escape(briefing.title)}</title><style>{STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )


def _chart_numbers(briefing: Briefing) -> dict[tuple[str, str], int]:
    return {(page.slug, chart.key): n for n, (page, chart) in enumerate(briefing.charts, 1)}


def _title(briefing: Briefing) -> str:
    return (
        f"<h1>{escape(briefing.title)}</h1>"
        f'<p class="meta">来源：《{escape(briefing.source_title)}》 · '
        f"<span>数据截至{briefing.year}年</span> · <span>更新 {escape(briefing.updated)}</span></p>"
    )


def _headline(frame: pd.DataFrame, notes: SourceNotes) -> str:
    if frame.empty:
        return "<h2>年度要点</h2><p>（没有数字）</p>"
    cards = [
        f'<td class="card"><div class="value">{escape(cell_text(row.text))}</div>'
        f'<div class="label">{escape(cell_text(row.name))}{notes.marker(row)}</div></td>'
        for row in frame.itertuples()
    ]
    cards += ["<td></td>"] * (-len(cards) % HEADLINE_COLUMNS)
    rows = [
        "<tr>" + "".join(cards[i : i + HEADLINE_COLUMNS]) + "</tr>"
        for i in range(0, len(cards), HEADLINE_COLUMNS)
    ]
    return f'<h2>年度要点</h2><table class="headline">{"".join(rows)}</table>{_note(frame)}'


def _summary(briefing: Briefing) -> str:
    """The year in a sentence and a line per pillar, as the Word briefing opens."""
    sentence = headline_sentence(briefing)
    lines = [f"<p>{escape(pillar_line(page))}</p>" for page in briefing.pages[1:]]
    opening = f"<p>{escape(sentence)}</p>" if sentence else ""
    return f'<h2>各板块概况</h2><div class="summary">{opening}{"".join(lines)}</div>'


def _note(frame: pd.DataFrame) -> str:
    note = lower_bound_note(frame)
    return f'<p class="note">{escape(note)}</p>' if note else ""


def _pillar(
    page: Page,
    images: dict[tuple[str, str], bytes],
    notes: SourceNotes,
    charts: dict[tuple[str, str], int],
) -> str:
    intro_class = ' class="warning"' if page.missing else ""
    out = [f'<section class="pillar"><h2>{escape(page.heading)}</h2>']
    out += [f"<p{intro_class}>{escape(line)}</p>" for line in page.intro]
    if not page.figures.empty:
        out.append(f"<h3>{'相关数字' if page.missing else '主要数字'}</h3>")
        out.append(_figures_table(page, notes))
        out.append(_note(page.figures))
    out += [_chart(page, chart, images, charts) for chart in page.charts]
    out.append(_highlights(page))
    out.append("</section>")
    return "".join(out)


def _figures_table(page: Page, notes: SourceNotes) -> str:
    rows = []
    for row in page.figures.itertuples():
        name = escape(cell_text(row.name))
        if page.missing:  # items gathered from other sections say where they came from
            origin = cell_text(getattr(row, "pillar_name", None)) or "总览"
            name += f'<span class="origin">（出自{escape(origin)}）</span>'
        figure = escape(cell_text(row.text))  # the figure as written, never the bare value
        rows.append(f'<tr><td>{name}</td><td class="figure">{figure}{notes.marker(row)}</td></tr>')
    return (
        '<table class="figures"><thead><tr><th>指标</th><th>原文写法</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _chart(
    page: Page,
    chart: Chart,
    images: dict[tuple[str, str], bytes],
    charts: dict[tuple[str, str], int],
) -> str:
    key = (page.slug, chart.key)
    if key not in images:
        raise RenderError(f"缺少图表“{chart.title}”的图片，无法生成 PDF 简报。")
    data = base64.b64encode(images[key]).decode("ascii")
    title = escape(chart.title)
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{title}">'
        f"<figcaption>图{charts[key]}　{title}</figcaption></figure>"
    )


def _highlights(page: Page) -> str:
    if page.highlights.empty:
        return ""
    out = [f"<h3>{'相关亮点' if page.missing else '工作亮点'}</h3>"]
    for row in page.highlights.itertuples():
        origin = ""
        if page.missing and cell_text(getattr(row, "pillar_name", None)):
            where = " · ".join(
                part for part in (cell_text(row.pillar_name), cell_text(row.pillar_heading)) if part
            )
            origin = f'<p class="note">出自{escape(where)}</p>'
        out.append(
            f'<div class="highlight"><p class="title">{escape(cell_text(row.title))}</p>'
            f"{origin}<p>{escape(cell_text(row.body))}</p></div>"
        )
    return "".join(out)


def _sources(briefing: Briefing) -> str:
    items = []
    for source in briefing.sources.itertuples():
        parts = (source.authors, source.publisher, source.published)
        byline = "，".join(cell_text(x) for x in parts if cell_text(x))
        items.append(
            f"<li>《{escape(cell_text(source.title))}》"
            f"{escape('，' + byline) if byline else ''}</li>"
        )
    return (
        "<section><h2>资料来源</h2>"
        f'<ul class="sources">{"".join(items)}</ul>'
        f"<p>{FIGURES_AS_WRITTEN}"
        "数字旁方括号中的编号，即文末“附：数字出处”所列原文句子的编号。</p>"
        f'<p class="note">快照 {escape(briefing.snapshot_id)}，更新时间 '
        f"{escape(briefing.updated)}</p></section>"
    )


def _source_notes(notes: SourceNotes) -> str:
    if not notes.numbers:
        return ""
    items = [
        f"<li><span>[{n}]</span><span>{escape(quote)}</span></li>"
        for quote, n in notes.numbers.items()
    ]
    return f'<h2>附：数字出处</h2><ol class="notes">{"".join(items)}</ol>'


# ---------------------------------------------------------------- header and footer

# Chromium draws these in the page margins; they take no page CSS, so each styles itself.
_MARGIN_STYLE = (
    "width: 100%; text-align: center; color: #6B7280; -webkit-print-color-adjust: exact;"
    " font-family: "
    + FONTS.replace('"', "'")  # the style sits in a double-quoted attribute
    + ";"
)


def header_template(watermark: str | None) -> str:
    text = escape(watermark) if watermark else ""
    return f'<div style="{_MARGIN_STYLE} font-size: 8pt;">{text}</div>'


def footer_template() -> str:
    return (
        f'<div style="{_MARGIN_STYLE} font-size: 9pt;">— <span class="pageNumber"></span> —</div>'
    )


# ---------------------------------------------------------------- printing

# Resolves once the page's fonts are loaded and every image decoded; to the number of
# images that could not be decoded.
_READY_JS = """document.documentElement.dataset.briefing !== "1" ? -1 : document.fonts.ready
  .then(() => Promise.all([...document.images].map(i => i.decode().then(() => 0, () => 1))))
  .then(failed => failed.reduce((a, b) => a + b, 0))"""


def print_pdf(html: str, header: str) -> bytes:
    """`html` printed to an A4 PDF by one Chromium start. Runs in its own thread so that
    it works whether or not the caller has an event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(asyncio.run, _print_with_timeout(html, header)).result()
        except RenderError:
            raise
        except TimeoutError:
            raise RenderError(f"PDF 生成超时（Chromium 超过 {TIMEOUT_SECONDS} 秒未完成）") from None
        except Exception as err:
            raise RenderError(f"PDF 生成失败（Chromium）：{err}") from err


async def _print_with_timeout(html: str, header: str) -> bytes:
    return await asyncio.wait_for(_print(html, header), TIMEOUT_SECONDS)


async def _print(html: str, header: str) -> bytes:
    import choreographer  # imported here: only this export needs it

    path = chromium_path()
    if not os.access(path, os.X_OK):
        raise RenderError(
            f"找不到 Chromium 浏览器（{path}），无法生成 PDF 简报。请安装 chromium，"
            f"或用环境变量 {CHROMIUM_ENV} 指明它的路径。"
        )
    async with choreographer.Browser(path=path, headless=True) as browser:
        tab = await browser.create_tab()
        await _offline(tab)
        await _load_blank(tab)
        await _set_document(tab, html)
        await _wait_until_ready(tab)
        printed = await _command(tab, "Page.printToPDF", _print_options(header))
        return base64.b64decode(printed["data"])


def _print_options(header: str) -> dict[str, Any]:
    return {
        **PAPER,
        **MARGINS,
        "landscape": False,
        "printBackground": True,
        "displayHeaderFooter": True,
        "headerTemplate": header,
        "footerTemplate": footer_template(),
        "preferCSSPageSize": False,
    }


async def _offline(tab: Any) -> None:
    """No request leaves the tab, whatever the page holds (it should hold none)."""
    await _command(tab, "Network.enable")
    conditions = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    await _command(tab, "Network.emulateNetworkConditions", conditions)


async def _load_blank(tab: Any) -> None:
    """An empty page, loaded: content set while the tab's first navigation is still
    under way would be replaced when it commits."""
    await _command(tab, "Page.enable")
    loaded = tab.subscribe_once("Page.loadEventFired")
    await _command(tab, "Page.navigate", {"url": "about:blank"})
    await loaded


async def _wait_until_ready(tab: Any) -> None:
    """The briefing is the tab's document, its fonts loaded and every image decoded."""
    ready = {"expression": _READY_JS, "awaitPromise": True, "returnByValue": True}
    failed = (await _command(tab, "Runtime.evaluate", ready))["result"].get("value")
    if failed == -1:
        raise RenderError("PDF 生成失败：Chromium 没有载入简报页面。")
    if failed:
        raise RenderError("PDF 简报中的图表图片无法显示（图片数据损坏）。")


async def _set_document(tab: Any, html: str) -> None:
    tree = await _command(tab, "Page.getFrameTree")
    frame = tree["frameTree"]["frame"]["id"]
    await _command(tab, "Page.setDocumentContent", {"frameId": frame, "html": html})


async def _command(tab: Any, method: str, params: dict[str, Any] | None = None) -> dict:
    response = await tab.send_command(method, params)
    if "error" in response:
        raise RenderError(f"PDF 生成失败（Chromium {method}）：{response['error'].get('message')}")
    return response["result"]

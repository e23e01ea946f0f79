"""One self-contained HTML file that opens offline on an intranet laptop: every page's
figures, charts, highlights, photos and captions, with plotly.js embedded.

Every text from data is escaped with html.escape. The page loads nothing: no script
src, no stylesheet link, no image but the photos embedded as data: URIs, no url() in
CSS. plotly.js itself holds URL strings (XML namespaces it passes to createElementNS,
map tile and style servers used only by map traces, links in licence comments and error
messages); none is fetched by a bar chart. `neutralise_urls` writes their `//` as `\\/\\/`,
which reads the same inside a JavaScript string, comment or regular expression, so the file
holds no http(s):// reference at all while plotly.js runs unchanged.
"""

from __future__ import annotations

import json
import re
from html import escape

import plotly.io as pio
import plotly.offline

from zwzx_dash.export.photo_layout import page_photos
from zwzx_dash.present import charts
from zwzx_dash.present.briefing import Briefing, Chart, Page, lower_bound_note

_URL_SCHEME = re.compile(r"(https?):(//)", re.IGNORECASE)
_CLOSES_SCRIPT = re.compile(r"</script|<!--", re.IGNORECASE)

STYLE = """
.js-plotly-plot .plotly .modebar-btn[data-title]::after { content: "下载图片（PNG）"; }
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif;
       color: #111827; margin: 0; background: #fff; }
main { max-width: 1008px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 28px; margin: 0 0 8px; }
h2 { font-size: 22px; border-bottom: 2px solid #A4161A; padding-bottom: 6px; margin-top: 48px; }
h3 { font-size: 17px; margin: 24px 0 8px; }
p.muted, figcaption { color: #4B5563; font-size: 13px; }
nav a { margin-right: 16px; color: #A4161A; }
table { border-collapse: collapse; width: 100%; margin: 12px 0; font-size: 14px; }
th, td { border: 1px solid #D1D5DB; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #F3F4F6; }
td.figure { font-weight: bold; white-space: nowrap; }
figure { margin: 16px 0; }
figure.photo img { display: block; max-width: 100%; max-height: 70vh; height: auto; }
.chart { width: 100%; }
.warning { background: #FEF3C7; padding: 12px; border-radius: 6px; }
.watermark { position: fixed; inset: 0; pointer-events: none; z-index: 10; display: flex;
             align-items: center; justify-content: center; font-size: 56px;
             color: rgba(17, 24, 39, 0.08); transform: rotate(-24deg); }
@media print {
  .watermark { position: fixed; }
  nav, .modebar-container { display: none !important; }
  main { max-width: none; padding: 0; }
  h2, h3, h4 { break-after: avoid; }
  tr, figure, .warning { break-inside: avoid; }
  /* plotly draws at its screen width; unclipped, the browser shrinks the page to fit */
  .chart .svg-container { width: auto !important; }
}
/* In print, each chart layer is zoomed to the paper width (plotly's SVGs have a fixed
   width attribute and no viewBox); browsers without typed attr() skip this. */
@supports (zoom: calc(100cqw / 1px)) and (x: attr(x type(*))) {
  @media print {
    .chart { container-type: inline-size; height: auto !important; }
    .chart .svg-container { width: 100% !important; height: auto !important; }
    .chart .main-svg { zoom: min(1, calc(100cqw / attr(width px, 100cqw))); }
    .chart .svg-container > .main-svg:first-of-type { position: relative !important; }
  }
}
"""


def neutralise_urls(script: str) -> str:
    return _URL_SCHEME.sub(r"\1:\\/\\/", script)


def plotly_bundle() -> str:
    """plotly.js as shipped with plotly.py, its URL strings neutralised (see above)."""
    bundle = neutralise_urls(plotly.offline.get_plotlyjs())
    if _CLOSES_SCRIPT.search(bundle):  # it would end the script element early
        raise ValueError("plotly.js contains </script or <!--; it cannot be inlined as is")
    return bundle


def html_document(briefing: Briefing) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(briefing.title)}</title>",
        f"<style>{STYLE}</style>",
        f"<script>{plotly_bundle()}</script>",
        "</head><body>",
    ]
    if briefing.watermark:
        parts.append(
            f'<div class="watermark" aria-hidden="true">{escape(briefing.watermark)}</div>'
        )
    parts.append("<main>")
    parts.append(_header(briefing))
    for page in briefing.pages:
        parts.append(_page(briefing, page, headline=page.slug == ""))
    parts.append(_sources(briefing))
    parts.append("</main></body></html>")
    return "\n".join(parts)


def _header(briefing: Briefing) -> str:
    links = " ".join(
        f'<a href="#page-{escape(page.slug or "overview")}">{escape(page.name)}</a>'
        for page in briefing.pages
    )
    return (
        f"<header><h1>{escape(briefing.title)}</h1>"
        f'<p class="muted">数据来源：《{escape(briefing.source_title)}》 · 数据截至：'
        f"{briefing.year}年 · 快照 {escape(briefing.snapshot_id)} · 更新时间 "
        f"{escape(briefing.updated)}</p><nav>{links}</nav></header>"
    )


def _page(briefing: Briefing, page: Page, headline: bool) -> str:
    out = [f'<section id="page-{escape(page.slug or "overview")}">']
    out.append(f"<h2>{escape(page.heading)}</h2>")
    for line in page.intro:
        css = "warning" if page.missing else ""
        out.append(f'<p class="{css}">{escape(line)}</p>')
    if not page.figures.empty:
        label = "年度要点" if headline else "相关数字" if page.missing else "主要数字"
        out.append(f"<h3>{label}</h3>")
        out.append(_figures_table(page, with_quote=not headline))
        note = lower_bound_note(page.figures)
        if note:
            out.append(f'<p class="muted">{escape(note)}</p>')
    out += [
        _chart(chart, f"chart-{page.slug or 'overview'}-{n}")
        for n, chart in enumerate(page.charts, start=1)
    ]
    if not page.highlights.empty:
        out.append(f"<h3>{'相关亮点' if page.missing else '工作亮点'}</h3>")
        for row in page.highlights.itertuples():
            out.append(f"<h4>{escape(str(row.title))}</h4>")
            if page.missing and isinstance(getattr(row, "pillar_name", None), str):
                out.append(f'<p class="muted">出自{escape(row.pillar_name)}</p>')
            out.append(f"<p>{escape(str(row.body))}</p>")
    out += _photos(briefing, page)
    out.append("</section>")
    return "\n".join(out)


def _photos(briefing: Briefing, page: Page) -> list[str]:
    """The page's photos embedded (data: URIs: the file still loads nothing) with their
    captions, then the captions whose photo is not included as a list."""
    if page.captions.empty:
        return []
    shown = page_photos(briefing, page)
    out = ["<h3>图片</h3>" if shown else "<h3>图片说明</h3>"]
    out += [
        f'<figure class="photo"><img src="{p.data_uri()}" alt="{escape(p.caption)}">'
        f"<figcaption>{escape(p.caption)}</figcaption></figure>"
        for p in shown
    ]
    with_photo = {p.caption for p in shown}
    rest = [str(r.caption) for r in page.captions.itertuples() if str(r.caption) not in with_photo]
    if rest:
        label = '<p class="muted">以下图片未随文收录</p>' if shown else ""
        out.append(label + "<ul>" + "".join(f"<li>{escape(c)}</li>" for c in rest) + "</ul>")
    return out


def _figures_table(page: Page, with_quote: bool) -> str:
    head = "<tr><th>指标</th><th>原文写法</th>" + ("<th>原文语句</th>" if with_quote else "")
    rows = [head + "</tr>"]
    for row in page.figures.itertuples():
        quote = f"<td>{escape(str(row.quote))}</td>" if with_quote else ""
        rows.append(
            f"<tr><td>{escape(str(row.name))}</td>"
            f'<td class="figure">{escape(str(row.text))}</td>{quote}</tr>'
        )
    return "<table>" + "".join(rows) + "</table>"


def _script_json(value: object) -> str:
    """JSON for inside a script element: nothing in it can close the element or name a
    URL (`</` and `://` are written with JSON's own `\\/` escape)."""
    return neutralise_urls(json.dumps(value, ensure_ascii=False)).replace("</", "<\\/")


def _chart(chart: Chart, div_id: str) -> str:
    _, height = charts.print_size(chart.figure)
    figure = json.loads(pio.to_json(chart.figure, validate=False))
    figure["layout"]["height"] = height
    config = charts.chart_config(chart.title)
    return (
        f'<figure><div id="{div_id}" class="chart" style="height:{height}px"></div>'
        f"<script>Plotly.newPlot({_script_json(div_id)}, {_script_json(figure['data'])}, "
        f"{_script_json(figure['layout'])}, {_script_json(config)});</script>"
        f"<figcaption>图　{escape(chart.title)}</figcaption></figure>"
    )


def _sources(briefing: Briefing) -> str:
    items = []
    for source in briefing.sources.itertuples():
        parts = (source.authors, source.publisher, source.published)
        byline = "，".join(x for x in parts if isinstance(x, str) and x)
        items.append(
            f"<li>《{escape(str(source.title))}》{escape('，' + byline) if byline else ''}</li>"
        )
    return (
        '<section id="sources"><h2>资料来源</h2><ul>' + "".join(items) + "</ul>"
        "<p>数字均按原文写法列出；写作“余/多”的是下限，写作“约/近/左右”的是约数。</p>"
        f'<p class="muted">快照 {escape(briefing.snapshot_id)}，更新时间 '
        f"{escape(briefing.updated)}</p></section>"
    )

"""When a leader sees the headline figures: the overview against what a user would build
instead, alternating in one run, cold (a new browser context) and warm (a reload).

- app: the dashboard's overview;
- plain: the same overview written plainly in Streamlit (bench/plain_overview.py);
- bare: one st.metric and one chart (bench/bare_app.py);
- static: the offline HTML export, opened from disk.

"figures" is when every headline figure's text is drawn (an element with that text and a
box, not a skeleton); "ready" when the page is ready as the browser tests define it
(Streamlit) or when every chart has drawn (static). Prints medians; --out writes them.

    .venv/bin/python bench/first_figures.py --runs 7 [--out bench/out/first_figures.md]

--data DIR measures a published data folder instead of the default data, e.g. 3,000 orgs ×
10 years made by `bench/scale.py --keep DIR`; the headline figures looked for are then the
default org's latest year's, read from the snapshot.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from bench.pages import emit, machine
from tests.browser import DESKTOP, READY_JS, launch, serve_app
from zwzx_dash.export import formats
from zwzx_dash.present.briefing import ViewSource
from zwzx_dash.query import queries

HERE = Path(__file__).resolve().parent
# An element whose own text (its text nodes, not its children's) is the figure, with a box.
SHOWN_JS = """texts => texts.every(t => [...document.querySelectorAll('body *')].some(e =>
    [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim() === t
    && e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().height > 0))"""
STATIC_READY_JS = """() => document.readyState === 'complete'
    && [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))"""


def headline_texts(source: ViewSource) -> list[str]:
    """The headline figures the overview shows first, as written."""
    return source.view.headline(source.org, source.year)["text"].tolist()


def load(browser, url: str, texts: list[str], ready_js: str, page=None) -> tuple[float, float]:
    """Seconds to the figures and to ready: a fresh context, or a reload of `page`."""
    context = None
    if page is None:
        context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
    else:
        start = time.perf_counter()
        page.reload(wait_until="commit")
    page.wait_for_function(SHOWN_JS, arg=texts, timeout=60_000, polling=20)
    figures = time.perf_counter() - start
    page.wait_for_function(ready_js, timeout=60_000, polling=20)
    ready = time.perf_counter() - start
    if context is not None:
        context.close()
    return figures, ready


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--before", type=Path, help="a checkout of an earlier version, measured alongside"
    )
    parser.add_argument("--data", type=Path, help="a published data folder (default: new)")
    args = parser.parse_args()
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        data = args.data or Path(scratch) / "data"
        queries.ensure_current(data)
        source = formats.open_source(data)  # the default org and its latest year
        headline = headline_texts(source)
        static = formats.export(source, ["html"], Path(scratch) / "html")[0]
        with serve_app(data) as app, serve_app(data, script=HERE / "plain_overview.py") as plain, \
                serve_app(data, script=HERE / "bare_app.py") as bare, \
                contextlib.ExitStack() as stack, sync_playwright() as p:  # fmt: skip
            browser = launch(p)
            targets = {
                "app": (app + "/", headline, READY_JS),
                "plain": (plain + "/", headline, READY_JS),
                "bare": (bare + "/", ["342件"], READY_JS),
                "static": (static.as_uri(), headline, STATIC_READY_JS),
            }
            if args.before:
                before = stack.enter_context(serve_app(data, script=args.before / "serve.py"))
                targets["before"] = (before + "/", headline, READY_JS)
            for target in targets.values():  # warm the servers' caches
                load(browser, *target)
            for mode in ("cold", "warm"):
                pages = {}
                if mode == "warm":
                    for name, (url, _, ready_js) in targets.items():
                        pages[name] = browser.new_context(viewport=DESKTOP).new_page()
                        pages[name].goto(url)
                        pages[name].wait_for_function(ready_js, timeout=60_000)
                for _ in range(args.runs):
                    for name, target in targets.items():
                        timing = load(browser, *target, page=pages.get(name))
                        results.setdefault((mode, name), []).append(timing)
                for page in pages.values():
                    page.context.close()
            browser.close()
    results_order = ["app", "before", "plain", "bare", "static"]
    lines = [
        f"First figures: {args.runs} loads each, alternating, {source.org}'s overview "
        f"({datetime.now(UTC):%Y-%m-%d}, {machine()})",
        "",
        "| mode | page | figures visible (ms) | ready (ms) | figures ÷ bare | ready ÷ plain |",
        "|---|---|---|---|---|---|",
    ]
    for mode in ("cold", "warm"):
        med = {
            name: tuple(statistics.median(t[i] for t in results[(mode, name)]) for i in (0, 1))
            for name in sorted({n for _, n in results}, key=list(results_order).index)
        }
        for name, (figures, ready) in med.items():
            lines.append(
                f"| {mode} | {name} | {figures * 1000:.0f} | {ready * 1000:.0f} "
                f"| {figures / med['bare'][0]:.2f} | {ready / med['plain'][1]:.2f} |"
            )
    emit("\n".join(lines), args.out)


if __name__ == "__main__":
    main()

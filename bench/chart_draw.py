"""How long plotly.js takes to draw the overview's chart against the bare app's chart, outside
Streamlit: both figures handed to `Plotly.newPlot` in turn in headless Chromium (the plotly.js
that ships with the plotly package), timed in the page. Separates the cost of drawing our
print-themed figure from the cost of Streamlit's chart component around it.

    .venv/bin/python bench/chart_draw.py [--runs 25]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

import plotly
import plotly.graph_objects as go

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from bench.pages import machine
from tests.browser import launch
from zwzx_dash.ingest import load
from zwzx_dash.present import briefing, charts
from zwzx_dash.query.queries import Catalog
from zwzx_dash.store import snapshots

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data" / "source"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
DRAW_JS = """async ([figure, config]) => {
  const div = document.createElement("div");
  document.body.appendChild(div);
  const start = performance.now();
  await Plotly.newPlot(div, figure.data, figure.layout, config);
  div.getBoundingClientRect();
  const elapsed = performance.now() - start;
  Plotly.purge(div);
  div.remove();
  return elapsed;
}"""


def figures(scratch: Path) -> dict[str, dict]:
    data = load.load_input(DEFAULT_DATA)
    snapshots.publish(scratch, data.tables, input_name=data.name, input_sha256=data.sha256)
    view = Catalog(scratch).pin()
    source = briefing.ViewSource.of(view, view.orgs()[0], view.years(view.orgs()[0])[0])
    ours = briefing.overview_page(source).charts[0].figure
    bare = go.Figure(go.Bar(x=[342, 155], y=["提案", "社情民意"], orientation="h"))
    return {
        "bare app's chart": json.loads(bare.to_json()),
        "overview chart": json.loads(ours.to_json()),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    config = charts.chart_config("chart", interactive=True)
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as p:
        drawn = figures(Path(scratch) / "data")
        shell = Path(scratch) / "draw.html"
        shell.write_text(
            f'<html><head><meta charset="utf-8"><script src="{PLOTLY_JS.as_uri()}"></script>'
            '</head><body style="width:1100px"></body></html>',
            encoding="utf-8",
        )
        browser = launch(p)
        page = browser.new_page()
        page.goto(shell.as_uri())
        times: dict[str, list[float]] = {name: [] for name in drawn}
        for _ in range(args.runs):
            for name, figure in drawn.items():
                times[name].append(page.evaluate(DRAW_JS, [figure, config]))
        browser.close()
    print(f"Plotly.newPlot, {args.runs} runs each, alternating ({machine()})\n")
    print("| figure | median (ms) |\n|---|---|")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.1f} |")


if __name__ == "__main__":
    main()

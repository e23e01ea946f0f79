"""Time to ready for every dashboard page against a bare Streamlit app, in headless Chromium.

Three apps run side by side: the bare app at /, the same bare page served at each of the
dashboard's URL paths (Streamlit probes a non-root path before it connects, which costs
every multipage app the same), and the dashboard. Each run measures all three in turn, so
they see the same machine load. Cold: a fresh browser context per load. Warm: reloading a page
that was already open. Prints medians and writes a Markdown table with --out.

    .venv/bin/python bench/pages.py --runs 7 [--out bench/out/pages.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from tests.browser import DESKTOP, launch, serve_app, wait_ready

PAGES = ["", "loyal", "effective", "people", "cohesive", "vibrant", "sources"]
BARE = Path(__file__).resolve().parent / "bare_app.py"
BARE_NAV = Path(__file__).resolve().parent / "bare_nav_app.py"


def time_load(browser, url: str, warm_page=None) -> float:
    if warm_page is not None:
        start = time.perf_counter()
        warm_page.reload()
        wait_ready(warm_page)
        return time.perf_counter() - start
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    wait_ready(page)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    chromium = subprocess.run(
        ["/usr/bin/chromium", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    cores = len(os.sched_getaffinity(0))
    return f"{cpu}, {cores} cores, Python {platform.python_version()}, {chromium}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--modes", nargs="+", default=["cold", "warm"], choices=["cold", "warm"])
    parser.add_argument("--pages", nargs="+", default=PAGES, help="URL paths, '' for /")
    parser.add_argument(
        "--data", type=Path, help="a published data folder (default: a new one, default data)"
    )
    parser.add_argument("--title", default="Pages", help="first words of the report")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        results = measure(args, args.data or Path(scratch))
    write_report(args, results)


def measure(args: argparse.Namespace, data: Path) -> dict[tuple[str, str], list[float]]:
    results: dict[tuple[str, str], list[float]] = {}
    with serve_app(data) as app_url, serve_app(data, script=BARE) as bare_url, \
            serve_app(data, script=BARE_NAV) as nav_url, sync_playwright() as p:  # fmt: skip
        browser = launch(p)
        apps = (("bare", bare_url), ("nav", nav_url), ("app", app_url))
        for _, base in apps:  # the first load builds the default snapshot and warms caches
            time_load(browser, base + "/")
        for mode in args.modes:
            for path in args.pages:
                warm = {}
                if mode == "warm":
                    for name, base in apps:
                        ctx = browser.new_context(viewport=DESKTOP, locale="zh-CN")
                        warm[name] = ctx.new_page()
                        warm[name].goto(f"{base}/{path if name != 'bare' else ''}")
                        wait_ready(warm[name])
                for _ in range(args.runs):
                    for name, base in apps:
                        url = f"{base}/{path if name != 'bare' else ''}"
                        elapsed = time_load(browser, url, warm.get(name))
                        results.setdefault((mode, f"{name}:{path}"), []).append(elapsed)
                for page in warm.values():
                    page.context.close()
        browser.close()
    return results


def write_report(args: argparse.Namespace, results: dict[tuple[str, str], list[float]]) -> None:
    lines = [
        f"{args.title}: time to ready, {args.runs} runs each, alternating with the bare app "
        f"({datetime.now(UTC):%Y-%m-%d}, {machine()})",
        "",
        "| mode | page | bare at / (ms) | bare at same path (ms) | page (ms) "
        "| page ÷ bare at / | page ÷ bare at same path |",
        "|---|---|---|---|---|---|---|",
    ]
    for mode in args.modes:
        for path in args.pages:
            bare, nav, page = (
                statistics.median(results[(mode, f"{name}:{path}")]) * 1000
                for name in ("bare", "nav", "app")
            )
            lines.append(
                f"| {mode} | /{path} | {bare:.0f} | {nav:.0f} | {page:.0f} "
                f"| {page / bare:.2f} | {page / nav:.2f} |"
            )
    emit("\n".join(lines), args.out)


def emit(report: str, out: Path | None) -> None:
    """Print a benchmark's Markdown report and, with --out, write it to a file."""
    print(report)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

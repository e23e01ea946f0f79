"""Object storage in the browser: every leader page's time to ready in headless Chromium with
the snapshot on local disk against the same SYNTHETIC snapshot in S3 (moto's server on
loopback, tests/s3_server.py). moto keeps objects in memory on this machine: this measures
the code path's overhead (HTTP, s3fs, range reads), not a real network's latency.

bench/synthetic.py writes ORGS × YEARS × ~65 figures once; `zwzx-dash refresh` publishes it
to a local data folder and to s3://bucket/zwzx. Two dashboards are served side by side
(`ZWZX_DATA_DIR` = the folder, and the s3:// URL with the AWS environment) and every load
alternates between them. Per page: its first visit on each server (the server's query and
figure caches for that page still empty; the first of all, /, also pins and verifies the
snapshot), then --runs cold loads (a fresh browser context each) and --runs warm loads
(reloading an open page), disk and S3 alternating which goes first.

    .venv/bin/python bench/object_store_pages.py [--orgs 3000 --years 10] [--runs 5] \
        [--out bench/out/object_store_pages.md]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Browser, Page, sync_playwright

from bench.pages import PAGES, emit, machine
from bench.synthetic import write as write_synthetic
from tests import s3_server
from tests.browser import DESKTOP, launch, serve_app, wait_ready

STORES = ("disk", "s3")
MODES = ("first", "cold", "warm")
TIMEOUT_MS = 180_000

Results = dict[tuple[str, str, str], list[float]]  # (mode, page, store) → seconds


def publish(csv_dir: Path, data_dir: str, env: dict[str, str]) -> float:
    """Publish the CSV folder through the real CLI; seconds taken."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "zwzx_dash", "--data-dir", data_dir, "refresh", str(csv_dir),
         "--note", "合成数据（基准测试）"],
        check=True, capture_output=True, env=dict(os.environ, **env),
    )  # fmt: skip
    return time.perf_counter() - start


def cold_load(browser: Browser, url: str) -> float:
    """Seconds from navigating a fresh browser context to ready."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, timeout=TIMEOUT_MS)
    wait_ready(page, TIMEOUT_MS)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def warm_load(page: Page) -> float:
    """Seconds from reloading an open page to ready."""
    start = time.perf_counter()
    page.reload(timeout=TIMEOUT_MS)
    wait_ready(page, TIMEOUT_MS)
    return time.perf_counter() - start


def in_turn(run: int) -> tuple[str, ...]:
    """Disk first on even runs, S3 first on odd ones."""
    return STORES if run % 2 == 0 else STORES[::-1]


def measure_page(browser: Browser, bases: dict[str, str], path: str, runs: int) -> Results:
    out: Results = {}
    for store in in_turn(len(path)):  # first visits; which store goes first varies by page
        out[("first", path, store)] = [cold_load(browser, f"{bases[store]}/{path}")]
    for run in range(runs):
        for store in in_turn(run):
            out.setdefault(("cold", path, store), []).append(
                cold_load(browser, f"{bases[store]}/{path}")
            )
    open_pages = {}
    for store in STORES:
        context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
        open_pages[store] = context.new_page()
        open_pages[store].goto(f"{bases[store]}/{path}", timeout=TIMEOUT_MS)
        wait_ready(open_pages[store], TIMEOUT_MS)
    for run in range(runs):
        for store in in_turn(run):
            out.setdefault(("warm", path, store), []).append(warm_load(open_pages[store]))
    for page in open_pages.values():
        page.context.close()
    return out


def measure(args: argparse.Namespace, work: Path) -> tuple[Results, dict[str, float]]:
    write_synthetic(work / "csv", args.orgs, args.years)
    results: Results = {}
    with s3_server.moto_server() as endpoint:
        env = s3_server.aws_env(endpoint)
        roots = {"disk": str(work / "data"), "s3": f"s3://{s3_server.new_bucket(endpoint)}/zwzx"}
        published = {store: publish(work / "csv", roots[store], env) for store in STORES}
        with serve_app(Path(roots["disk"])) as disk_url, \
                serve_app(roots["s3"], env=env) as s3_url, sync_playwright() as p:  # fmt: skip
            browser = launch(p)
            bases = {"disk": disk_url, "s3": s3_url}
            for path in args.pages:
                results.update(measure_page(browser, bases, path, args.runs))
                print(f"  /{path} done", file=sys.stderr, flush=True)
            browser.close()
    return results, published


def report(args: argparse.Namespace, results: Results, published: dict[str, float]) -> str:
    lines = [
        f"Object storage in the browser: {args.orgs:,} orgs × {args.years} years, time to ready, "
        f"disk and S3 (moto on loopback, in memory) alternating, {args.runs} cold and "
        f"{args.runs} warm loads per page ({datetime.now(UTC):%Y-%m-%d}, {machine()})",
        "",
        f"Published through `zwzx-dash refresh` in {published['disk']:.1f} s (disk) and "
        f"{published['s3']:.1f} s (S3).",
        "",
        "| mode | page | disk (ms) | S3 via moto (ms) | S3 ÷ disk |",
        "|---|---|---|---|---|",
    ]
    for mode in MODES:
        for path in args.pages:
            disk, s3 = (statistics.median(results[(mode, path, store)]) * 1000 for store in STORES)
            lines.append(f"| {mode} | /{path} | {disk:.0f} | {s3:.0f} | {s3 / disk:.2f} |")
    lines += [
        "",
        "first: the page's first visit on each server (one sample; its queries and figures "
        "not yet cached; the first of all also pins and verifies the snapshot). cold: a fresh "
        "browser context per load; warm: reloading an open page; medians.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=3000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5, help="cold and warm loads per page")
    parser.add_argument("--pages", nargs="+", default=PAGES, help="URL paths, '' for /")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zwzx-bench-s3-pages-") as work:
        results, published = measure(args, Path(work))
    emit(report(args, results, published), args.out)


if __name__ == "__main__":
    main()

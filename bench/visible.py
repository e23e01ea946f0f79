"""Refresh to visible: from the end of a publish to the new figure on a page left open.

The dashboard is served on a copy of the default data; a Chromium page stays open on /.
Each run publishes a version of the data in which one headline figure changed (342件 →
342+i件) through the real CLI, then times from the CLI's exit to the new text on the page,
with no reload: the page follows CURRENT every ZWZX_FOLLOW_SECONDS (default 30 s).

    .venv/bin/python bench/visible.py [--runs 9] [--follow 5 1] [--out FILE]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from bench.pages import emit, machine
from tests.browser import DESKTOP, launch, serve_app, wait_ready

SOURCE = Path(__file__).resolve().parent.parent / "data" / "source"


def changed_input(folder: Path, proposals: int) -> Path:
    """The default data with 收到提案 written as `proposals`件."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(SOURCE, folder)
    metrics = (folder / "metrics.csv").read_text(encoding="utf-8")
    metrics = metrics.replace(",342,件,exact,342件,", f",{proposals},件,exact,{proposals}件,", 1)
    (folder / "metrics.csv").write_text(
        metrics.replace("提案342件", f"提案{proposals}件"), encoding="utf-8"
    )
    return folder


def publish(root: Path, folder: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "zwzx_dash", "--data-dir", str(root), "refresh", str(folder)],
        check=True, capture_output=True,
    )  # fmt: skip


def measure(follow: float, runs: int, scratch: Path) -> list[float]:
    root = scratch / f"data-{follow:g}"
    times = []
    with serve_app(root, env={"ZWZX_FOLLOW_SECONDS": f"{follow:g}"}) as url, \
            sync_playwright() as p:  # fmt: skip
        browser = launch(p)
        page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
        page.goto(url + "/")
        wait_ready(page)
        for i in range(1, runs + 1):
            publish(root, changed_input(scratch / "input", 342 + i))
            done = time.perf_counter()
            page.get_by_text(f"{342 + i}件", exact=True).first.wait_for(timeout=60_000)
            times.append(time.perf_counter() - done)
            # The next publish lands at a random point of the polling period.
            time.sleep((i % 3) * follow / 3)
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--follow", type=float, nargs="+", default=[30.0, 5.0, 1.0])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    lines = [
        f"Refresh to visible ({datetime.now(UTC):%Y-%m-%d}, {machine()}), {args.runs} publishes "
        "each, from the CLI's exit to the new figure on an open page (no reload)",
        "",
        "| ZWZX_FOLLOW_SECONDS | median (s) | p95 (s) | max (s) |",
        "|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as scratch:
        for follow in args.follow:
            times = sorted(measure(follow, args.runs, Path(scratch)))
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            lines.append(
                f"| {follow:g} | {statistics.median(times):.2f} | {p95:.2f} | {times[-1]:.2f} |"
            )
            print(lines[-1], flush=True)
    emit("\n".join(lines), args.out)


if __name__ == "__main__":
    main()

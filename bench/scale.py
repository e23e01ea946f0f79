"""Scale: a SYNTHETIC snapshot of ORGS × YEARS × ~65 figures (bench/synthetic.py) published
through the normal refresh path, then every page's queries timed against it (uncached, as
the first leader after a publish meets them) and every page timed in Chromium against the
bare app (bench/pages.py --data).

    .venv/bin/python bench/scale.py [--orgs 3000 --years 10] [--runs 15] [--keep DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from bench.pages import emit, machine
from bench.synthetic import write as write_synthetic
from zwzx_dash.query.queries import Catalog, SnapshotView
from zwzx_dash.store import snapshots

BENCH = Path(__file__).resolve().parent
PAGES = ["", "loyal", "effective", "people", "cohesive", "vibrant", "compare", "sources"]


def page_queries(org: str, year: int, other: str) -> dict[str, list[tuple[str, dict]]]:
    """The named queries each page runs, in the order it runs them (as in app_pages/)."""
    frame = [
        ("span", {}),
        ("orgs", {}),
        ("years", {"org": org}),
        ("year_sources", {"org": org, "year": year}),
    ]
    at = {"org": org, "year": year}

    def pillar(pid: str) -> list[tuple[str, dict]]:
        return [
            ("section", {**at, "pillar_id": pid}),
            ("pillar_metrics", {**at, "pillar_id": pid}),
            ("pillar_highlights", {**at, "pillar_id": pid}),
            ("pillar_captions", {**at, "pillar_id": pid}),
        ]

    pages = {
        "": [
            ("headline", at),
            ("sections", at),
            *[("pillar_metrics", {**at, "pillar_id": p}) for p in ("loyal", "effective")],
            ("topic_metrics", {**at, "topic": "建言"}),
            ("captions", at),
        ],
        **{p: pillar(p) for p in ("loyal", "effective", "cohesive", "vibrant")},
        "people": [
            ("section", {**at, "pillar_id": "people"}),
            ("topics_metrics", {**at, "topics": ["为民", "社情民意"]}),
            ("highlights_mentioning", {**at, "words": ["办实事", "社情民意"]}),
        ],
        "compare": [
            ("metrics", at),
            (
                "metric_ranking",
                {"year": year, "metric_id": "m001", "unit": "篇", "n": 10, "org": org},
            ),
            ("metric_across_orgs_years", {"orgs": [org, other], "metric_id": "m001", "unit": "篇"}),
        ],
        "sources": [
            ("pillars", {}),
            ("find_figures", {**at, "term": "", "pillars": []}),
            ("quotes", {**at, "source_id": f"synthetic-benchmark-{org}-{year}"}),
        ],
    }
    return {path: frame + queries for path, queries in pages.items()}


def median_ms(call: Callable[[], object], runs: int) -> float:
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def time_queries(view: SnapshotView, org: str, year: int, other: str, runs: int) -> list[str]:
    lines = [
        "| page | queries | p50 of the slowest query (ms) | slowest | p50 of all, in turn (ms) |",
        "|---|---|---|---|---|",
    ]
    for path, queries in page_queries(org, year, other).items():
        each = {
            name: median_ms(lambda n=name, p=params: getattr(view, n)(**p), runs)
            for name, params in queries
        }
        total = median_ms(lambda qs=queries: [getattr(view, n)(**p) for n, p in qs], runs)
        slowest = max(each, key=each.get)
        lines.append(
            f"| /{path} | {len(queries)} | {each[slowest]:.1f} | {slowest} | {total:.1f} |"
        )
    return lines


def publish_synthetic(root: Path, orgs: int, years: int) -> str:
    with tempfile.TemporaryDirectory() as scratch:
        rows = write_synthetic(Path(scratch) / "csv", orgs, years)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "zwzx_dash", "--data-dir", str(root), "refresh",
             str(Path(scratch) / "csv"), "--note", "合成数据（基准测试）"],
            check=True, capture_output=True,
        )  # fmt: skip
        return f"{rows:,} synthetic metric rows published in {time.perf_counter() - start:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=3000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=15, help="query runs")
    parser.add_argument("--page-runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="data folder to publish into (and keep)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch) / "data"
        published = (
            publish_synthetic(root, args.orgs, args.years)
            if snapshots.current_id(root) is None
            else f"reusing the snapshot in {root}"
        )
        view = Catalog(root).pin()
        orgs = view.orgs()
        org, other = orgs[len(orgs) // 2], orgs[-1]
        year = view.years(org)[0]
        lines = [
            f"Scale ({datetime.now(UTC):%Y-%m-%d}, {machine()}): {published}; "
            f"{len(orgs)} orgs; queries for {org} {year}, uncached, {args.runs} runs each",
            "",
            *time_queries(view, org, year, other, args.runs),
        ]
        print("\n".join(lines), flush=True)
        pages_out = Path(scratch) / "pages.md"
        subprocess.run(
            [sys.executable, str(BENCH / "pages.py"), "--data", str(root), "--runs",
             str(args.page_runs), "--pages", *PAGES, "--out", str(pages_out),
             "--title", f"Pages at scale ({len(orgs)} orgs)"],
            check=True,
        )  # fmt: skip
        lines += ["", pages_out.read_text(encoding="utf-8")]
    if args.out:
        emit("\n".join(lines), args.out)


if __name__ == "__main__":
    main()

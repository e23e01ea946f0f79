"""A full export of the default data (Word briefing, PowerPoint deck, PDF, PNG set and
offline HTML) in-process,
timed end to end, including the one Chromium start. Prints the median and writes a
Markdown table with --out.

    .venv/bin/python bench/export.py --runs 5 [--out bench/out/export.md]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import emit, machine
from zwzx_dash.export import formats
from zwzx_dash.query import queries

TARGET_S = 15.0


def one_export(root: Path, out: Path) -> tuple[float, int, int]:
    """Seconds for one full export; the number of files and their bytes."""
    start = time.perf_counter()
    written = formats.export(formats.open_source(root), formats.FORMATS, out, "内部资料 注意保密")
    elapsed = time.perf_counter() - start
    return elapsed, len(written), sum(p.stat().st_size for p in written)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        queries.ensure_current(root)  # the default 2023 data
        for run in range(args.runs):
            elapsed, files, size = one_export(root, Path(tmp) / f"out-{run}")
            times.append(elapsed)
            print(f"run {run + 1}: {elapsed:.2f} s, {files} files, {size / 1e6:.1f} MB")
    median = statistics.median(times)
    report = "\n".join(
        [
            f"Export: full export of the default data, {args.runs} runs "
            f"({datetime.now(UTC):%Y-%m-%d}, {machine()})",
            "",
            "| export | files | median (s) | min (s) | max (s) | target |",
            "|---|---|---|---|---|---|",
            f"| {' + '.join(formats.FORMATS)} | {files} ({size / 1e6:.1f} MB) | {median:.2f} "
            f"| {min(times):.2f} | {max(times):.2f} | < {TARGET_S:.0f} s "
            f"{'met' if median < TARGET_S else 'NOT met'} |",
        ]
    )
    emit(report, args.out)


if __name__ == "__main__":
    main()

"""What the publish review costs (store/review.py: reused source ids, org-years no source
reports on, figures repeating the year before) on top of the scope report a refresh
already made (store/scope.py), at SYNTHETIC scale: one org's new year published onto
ORGS × YEARS. Alternating in the same process; medians.

    .venv/bin/python bench/review.py [--runs 7] [--orgs 3000 --years 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyarrow.compute as pc
from synthetic import write as write_synthetic

from zwzx_dash.ingest.load import load_input
from zwzx_dash.store import merge, review, scope


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--orgs", type=int, default=3000)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "synthetic"
        rows = write_synthetic(folder, args.orgs, args.years)
        live = load_input(folder).tables
    last = max(live["metrics"].column("year").to_pylist())
    incoming = {  # one org's latest year, as if published again
        name: t.filter((pc.field("org") == "合成政协0000") & (pc.field("year") == last))
        if "year" in t.column_names
        else t
        for name, t in live.items()
    }
    tables = merge.merge(live, incoming)
    times: dict[str, list[float]] = {"scope": [], "review": []}
    for _ in range(args.runs):
        for name, run in (
            ("scope", lambda: scope.org_year_changes(live, tables)),
            ("review", lambda: review.review(live, tables, incoming)),
        ):
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    s, r = (statistics.median(times[k]) for k in ("scope", "review"))
    print(f"| synthetic {rows:,} metric rows, one org-year published, {args.runs} runs each, "
          f"alternating | {s:.2f} s | {r:.2f} s | +{r - s:.2f} s |")  # fmt: skip


if __name__ == "__main__":
    main()

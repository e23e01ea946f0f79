"""What the fidelity gate costs (every 原文语句 looked up in its source's 全文): the columnar
validation of a SYNTHETIC CSV folder with the gate and, alternately in the same process,
without it (the gate replaced by a function that says yes).

    .venv/bin/python bench/fidelity.py [--runs 7] [--orgs 3000 --years 10]
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

from synthetic import write as write_synthetic

from zwzx_dash.ingest import columnar


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--orgs", type=int, default=3000)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    gate = columnar._quotes_in_sources
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "synthetic"
        rows = write_synthetic(folder, args.orgs, args.years)
        times: dict[str, list[float]] = {"with": [], "without": []}
        for _ in range(args.runs):
            for name, check in (("without", lambda *_: True), ("with", gate)):
                columnar._quotes_in_sources = check
                start = time.perf_counter()
                assert columnar.fast_tables(folder) is not None
                times[name].append(time.perf_counter() - start)
        columnar._quotes_in_sources = gate
    w, wo = (statistics.median(times[k]) for k in ("with", "without"))
    print(f"| synthetic {rows:,} metric rows, {args.runs} runs each, alternating | "
          f"{wo:.2f} s | {w:.2f} s | {w / wo:.2f}× |")  # fmt: skip


if __name__ == "__main__":
    main()

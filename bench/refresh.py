"""Validating and publishing: the default data in-process against a raw I/O floor, and a
SYNTHETIC CSV folder (bench/synthetic.py) through the real CLI with its peak memory.

    .venv/bin/python bench/refresh.py [--runs 15] [--orgs 3000 --years 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from synthetic import write as write_synthetic

from zwzx_dash.ingest.load import load_input
from zwzx_dash.store import snapshots

SOURCE = Path(__file__).resolve().parent.parent / "data" / "source"


def floor(folder: Path, out: Path) -> None:
    """Only reading the CSV files and writing them as Parquet: what any publish must do."""
    for path in sorted(folder.glob("*.csv")):
        pq.write_table(pacsv.read_csv(path), out / f"{path.stem}.parquet")


def ours(folder: Path, root: Path) -> None:
    data = load_input(folder)
    snapshots.publish(root, data.tables, input_name=data.name, input_sha256=data.sha256)


def default_data(runs: int) -> str:
    times: dict[str, list[float]] = {"floor": [], "refresh": []}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            for name, fn in (("floor", floor), ("refresh", ours)):
                target = Path(tmp) / f"{name}-{i}"
                target.mkdir()
                start = time.perf_counter()
                fn(SOURCE, target)
                times[name].append(time.perf_counter() - start)
    f, r = (statistics.median(times[k]) * 1000 for k in ("floor", "refresh"))
    return f"| default data (23 figures), {runs} runs | {f:.1f} | {r:.1f} | {r / f:.1f} |"


def synthetic(orgs: int, years: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "synthetic"
        rows = write_synthetic(folder, orgs, years)
        env = dict(os.environ, ZWZX_DATA_DIR=str(Path(tmp) / "data"))
        log = Path(tmp) / "stderr.txt"
        with open(log, "wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-m", "zwzx_dash", "refresh", str(folder), "--note", "synthetic"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        ok = "published" if proc.returncode == 0 else log.read_text()[-300:]
    return (
        f"| synthetic {orgs} orgs × {years} years = {rows:,} metric rows | "
        f"{elapsed:.1f} s | {usage.ru_maxrss / 1024:.0f} MB peak | {ok} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--orgs", type=int, default=3000)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    print("| input | floor median (ms) | validate + publish median (ms) | ratio |")
    print("|---|---|---|---|")
    print(default_data(args.runs))
    print()
    print("| input | wall time | memory | result |")
    print("|---|---|---|---|")
    print(synthetic(args.orgs, args.years))


if __name__ == "__main__":
    main()

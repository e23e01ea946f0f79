"""First pin of a snapshot: verifying it (every file's sha256, schema and row count, as the
dashboard now does once per snapshot and process) against checking the Parquet schemas
only (what it did before). What a leader waits for on the first page load after a publish
or a server start. Alternating runs in one process, on a SYNTHETIC snapshot.

    .venv/bin/python bench/pin.py [--orgs 3000 --years 10] [--runs 9]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyarrow.parquet as pq

from bench.pages import machine
from bench.synthetic import write as write_synthetic
from zwzx_dash.ingest.load import load_input
from zwzx_dash.model import schema
from zwzx_dash.store import snapshots


def schema_only(root: Path, snapshot_id: str) -> None:
    snapshots.load_manifest(root, snapshot_id)
    for table in schema.TABLES:
        found = pq.read_schema(snapshots.table_path(root, snapshot_id, table))
        assert found.equals(schema.TABLES[table].schema, check_metadata=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=3000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zwzx-pin-") as tmp:
        source, root = Path(tmp) / "source", Path(tmp) / "data"
        rows = write_synthetic(source, args.orgs, args.years)
        data = load_input(source)
        sid = snapshots.publish(root, data.tables, input_name="synthetic", input_sha256="0").id
        size = sum(p.stat().st_size for p in snapshots.snapshot_path(root, sid).iterdir())
        times: dict[str, list[float]] = {"verify": [], "schema only": []}
        for _ in range(args.runs):
            for name, check in (("verify", snapshots.verify), ("schema only", schema_only)):
                start = time.perf_counter()
                check(root, sid)
                times[name].append((time.perf_counter() - start) * 1000)
    print(f"{machine()}; {rows:,} metric rows, snapshot {size / 2**20:.1f} MiB, {args.runs} runs")
    print("| check | median (ms) | min (ms) | max (ms) |\n|---|---|---|---|")
    for name, values in times.items():
        print(
            f"| {name} | {statistics.median(values):.1f} | {min(values):.1f} | {max(values):.1f} |"
        )


if __name__ == "__main__":
    main()

"""Object storage: every page's queries from a SYNTHETIC snapshot in S3 (moto's server on
loopback, tests/s3_server.py) against the same snapshot on local disk, and the time to
publish to each. moto keeps objects in memory on this machine: this measures the code
path's overhead (HTTP, s3fs, range reads), not a real network's latency.

    .venv/bin/python bench/object_store.py [--orgs 3000 --years 10] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import machine
from bench.scale import page_queries
from bench.synthetic import write as write_synthetic
from tests import s3_server
from zwzx_dash.ingest.load import load_input
from zwzx_dash.query.queries import Catalog
from zwzx_dash.store import location, snapshots
from zwzx_dash.store.objects import Location


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def page_times(where: Location, snapshot_id: str, orgs: list[str], years: int) -> dict:
    """Per page: the median over orgs of the sum of its queries; first pin on its own."""
    catalog = Catalog(where)
    pin_ms, view = timed(lambda: catalog.pin(snapshot_id))
    out: dict[str, list[float]] = {}
    for n, org in enumerate(orgs):
        year = 2014 + n % years
        other = orgs[(n + 1) % len(orgs)]
        for page, queries in page_queries(org, year, other).items():
            total = 0.0
            for name, params in queries:
                ms, _ = timed(lambda name=name, params=params: getattr(view, name)(**params))
                total += ms
            out.setdefault(page or "/", []).append(total)
    return {"pin": pin_ms, **{p: statistics.median(v) for p, v in out.items()}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=300)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3, help="publishes timed per store")
    parser.add_argument("--sample", type=int, default=15, help="orgs whose pages are timed")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="zwzx-bench-s3-"))
    write_synthetic(work / "input", args.orgs, args.years)
    data = load_input(work / "input")
    rows = data.tables["metrics"].num_rows
    with s3_server.moto_server() as endpoint:
        s3_server.set_env(endpoint)
        stores: dict[str, Location] = {
            "disk": work / "data",
            "s3 (moto)": location.location_of(f"s3://{s3_server.new_bucket(endpoint)}/zwzx"),
        }
        publish_ms: dict[str, list[float]] = {}
        ids = {}
        for label, where in stores.items():
            for _ in range(args.runs):
                ms, m = timed(
                    lambda where=where: snapshots.publish(
                        where, data.tables, input_name="synthetic", input_sha256=""
                    )
                )
                publish_ms.setdefault(label, []).append(ms)
                ids[label] = m.id
        orgs = random.Random(7).sample(
            sorted(set(data.tables["metrics"]["org"].to_pylist())), args.sample
        )
        pages = {
            label: page_times(where, ids[label], orgs, args.years)
            for label, where in stores.items()
        }
    size = sum(
        p.stat().st_size for p in snapshots.snapshot_path(stores["disk"], ids["disk"]).iterdir()
    )
    scale = f"({args.orgs:,} orgs × {args.years} years), snapshot {size / 2**20:.1f} MiB"
    print(f"### {datetime.now(UTC):%Y-%m-%d} — {machine()}; {rows:,} metric rows {scale}\n")
    print("| | disk (ms) | s3 via moto (ms) | s3 ÷ disk |\n|---|---|---|---|")
    disk, remote = pages["disk"], pages["s3 (moto)"]
    for key in disk:
        name = "first pin (verify)" if key == "pin" else f"page {key}: its queries, p50"
        print(f"| {name} | {disk[key]:.1f} | {remote[key]:.1f} | {remote[key] / disk[key]:.1f} |")
    pd_, ps = (statistics.median(publish_ms[k]) for k in ("disk", "s3 (moto)"))
    print(f"| publish (p50 of {args.runs}) | {pd_:.0f} | {ps:.0f} | {ps / pd_:.1f} |")


if __name__ == "__main__":
    main()

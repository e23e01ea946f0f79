"""SYNTHETIC data for benchmarks only — never shipped, never published to a real data folder.

Writes a CSV folder in the form of data/source/ with ORGS × YEARS × ~65 figures: every org
is named 合成政协NNNN and every text says it is synthetic.

    .venv/bin/python bench/synthetic.py OUT_DIR --orgs 3000 --years 10
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from zwzx_dash.model.schema import METRICS

UNITS = ["件", "篇", "次", "项", "条", "期", "批次", "个"]
PILLARS = [
    ("loyal", 1, "忠诚政协"),
    ("effective", 2, "有为政协"),
    ("people", 3, "为民政协"),
    ("cohesive", 4, "聚力政协"),
    ("vibrant", 5, "活力政协"),
]
SOURCE = "synthetic-benchmark"
FIGURES = 65


def write(out: Path, orgs: int, years: int, first_year: int = 2014) -> int:
    out.mkdir(parents=True, exist_ok=True)
    rows = 0
    sentences: set[str] = set()  # the one synthetic document holds every sentence cited
    with open(out / "metrics.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(METRICS.column_names)
        for o in range(orgs):
            org = f"合成政协{o:04d}"
            for y in range(first_year, first_year + years):
                for f in range(FIGURES):
                    value = (o * 7 + y * 3 + f * 11) % 400 + 1
                    unit = UNITS[f % len(UNITS)]
                    over = f % 5 == 0
                    text = f"{value}余{unit}" if over else f"{value}{unit}"
                    quote = f"（合成数据，仅供基准测试）{text}。"
                    sentences.add(quote)
                    pillar = PILLARS[f % 5][0] if f % 7 else ""
                    w.writerow([
                        org, y, f"m{f:03d}", pillar, f"合成指标{f:03d}", value, unit,
                        "over" if over else "exact", text, "true" if f < 6 else "false",
                        f"主题{f % 6}", f + 1, SOURCE, quote,
                    ])  # fmt: skip
                    rows += 1
    with open(out / "pillars.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["pillar_id", "seq", "name", "slogan", "heading", "summary", "source_status"])
        for pid, seq, name in PILLARS:
            w.writerow([pid, seq, name, f"（合成）{name}", "（合成）", "（合成数据）", "present"])
    for table, column in (("highlights", "title"), ("captions", "caption")):
        with open(out / f"{table}.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            if table == "highlights":
                w.writerow(["org", "year", "pillar_id", "seq", "title", "body", "source_id"])
            else:
                w.writerow(["org", "year", "pillar_id", "seq", "caption", "photo", "source_id"])
            for o in range(orgs):
                for y in range(first_year, first_year + years):
                    extra = "（合成数据）" if table == "highlights" else ""
                    w.writerow([f"合成政协{o:04d}", y, "loyal", 1, f"合成{column}", extra, SOURCE])
    with open(out / "sources.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["source_id", "title", "publisher", "published", "authors", "text"])
        document = "合成数据，不是真实记录。\n" + "\n".join(sorted(sentences))
        w.writerow([SOURCE, "合成数据（仅供基准测试）", "", "", "", document])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--orgs", type=int, default=3000)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    print(write(args.out, args.orgs, args.years), "metric rows (synthetic)")


if __name__ == "__main__":
    main()

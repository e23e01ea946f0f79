"""SYNTHETIC data for benchmarks only — never shipped, never published to a real data folder.

Writes a CSV folder in the form of data/source/ with ORGS × YEARS × ~65 figures: every org
is named 合成政协NNNN and every text says it is synthetic.

    .venv/bin/python bench/synthetic.py OUT_DIR --orgs 3000 --years 10
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from zwzx_dash.model.schema import METRICS, SECTIONS, SOURCES

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
    """Each org-year cites a synthetic document of its own (format 2: a source reports on
    one org and year), which holds every sentence it quotes and its five section headings."""
    out.mkdir(parents=True, exist_ok=True)
    rows = 0
    documents: dict[tuple[str, int], list[str]] = {}
    with open(out / "metrics.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(METRICS.column_names)
        for o in range(orgs):
            org = f"合成政协{o:04d}"
            for y in range(first_year, first_year + years):
                sentences = documents.setdefault((org, y), [])
                for f in range(FIGURES):
                    value = (o * 7 + y * 3 + f * 11) % 400 + 1
                    unit = UNITS[f % len(UNITS)]
                    over = f % 5 == 0
                    text = f"{value}余{unit}" if over else f"{value}{unit}"
                    quote = f"（合成数据，仅供基准测试）{text}。"
                    sentences.append(quote)
                    pillar = PILLARS[f % 5][0] if f % 7 else ""
                    w.writerow([
                        org, y, f"m{f:03d}", pillar, f"合成指标{f:03d}", value, unit,
                        "over" if over else "exact", text, "true" if f < 6 else "false",
                        f"主题{f % 6}", f + 1, _source(org, y), quote,
                    ])  # fmt: skip
                    rows += 1
    headings = [f"（合成）{name}" for _, _, name in PILLARS]
    with open(out / "sections.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(SECTIONS.column_names)
        for org, y in documents:
            for (pid, seq, _), heading in zip(PILLARS, headings, strict=True):
                w.writerow([org, y, pid, seq, "", heading, "", "present", _source(org, y)])
    for table, column in (("highlights", "title"), ("captions", "caption")):
        with open(out / f"{table}.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            if table == "highlights":
                w.writerow(["org", "year", "pillar_id", "seq", "title", "body", "source_id"])
            else:
                w.writerow(["org", "year", "pillar_id", "seq", "caption", "photo", "source_id"])
            for org, y in documents:
                extra = "（合成数据）" if table == "highlights" else ""
                w.writerow([org, y, "loyal", 1, f"合成{column}", extra, _source(org, y)])
    with open(out / "sources.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(SOURCES.column_names)
        for (org, y), sentences in documents.items():
            document = "\n".join(["合成数据，不是真实记录。", *headings, *sentences])
            w.writerow([_source(org, y), org, y, "合成数据（仅供基准测试）", "", "", "", document])
    return rows


def _source(org: str, year: int) -> str:
    return f"{SOURCE}-{org}-{year}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--orgs", type=int, default=3000)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    print(write(args.out, args.orgs, args.years), "metric rows (synthetic)")


if __name__ == "__main__":
    main()

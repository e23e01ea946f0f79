"""How well `zwzx-dash extract` reads the source document: its figures against the curated
default dataset (data/source/metrics.csv), matched by value, unit, qualifier, text as
written and quote sentence. Prints recall and precision; the numbers go in bench/RESULTS.md.

    .venv/bin/python bench/extract_quality.py
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from zwzx_dash.ingest import extract  # noqa: E402
from zwzx_dash.ingest.article import read_article  # noqa: E402
from zwzx_dash.ingest.load import load_input  # noqa: E402

ARTICLE = PROJECT / "data" / "sources" / "zw-cppcc-2023-review.txt"
CURATED = PROJECT / "data" / "source"


def figure_keys(metrics: list[dict]) -> Counter:
    return Counter((m["value"], m["unit"], m["qualifier"], m["text"], m["quote"]) for m in metrics)


def measure(article: Path = ARTICLE, curated: Path = CURATED) -> dict[str, object]:
    """Recall and precision of the extracted figures, extracted without lending any
    known metric (so nothing is copied from the curated data but the pillars)."""
    reference = load_input(curated).tables
    draft = extract.extract(
        read_article(article), file_name=article.name, known_sections=reference["sections"]
    )
    found = figure_keys(draft.tables["metrics"].to_pylist())
    wanted = figure_keys(reference["metrics"].to_pylist())
    matched = sum((found & wanted).values())
    return {
        "curated": sum(wanted.values()),
        "extracted": sum(found.values()),
        "matched": matched,
        "recall": matched / sum(wanted.values()),
        "precision": matched / max(sum(found.values()), 1),
        "missed": sorted(wanted - found),
        "extra": sorted(found - wanted),
        "highlights": draft.count("highlights"),
        "captions": draft.count("captions"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, default=ARTICLE)
    parser.add_argument("--curated", type=Path, default=CURATED)
    args = parser.parse_args()
    result = measure(args.article, args.curated)
    print(f"curated figures:   {result['curated']}")
    print(f"extracted figures: {result['extracted']}")
    print(f"matched:           {result['matched']} (value, unit, qualifier, text, quote)")
    print(f"recall:            {result['recall']:.1%}")
    print(f"precision:         {result['precision']:.1%}")
    print(f"highlights: {result['highlights']}, captions: {result['captions']}")
    for key in result["missed"]:
        print("missed:", key)
    for key in result["extra"]:
        print("extra: ", key)
    return 0


if __name__ == "__main__":
    sys.exit(main())

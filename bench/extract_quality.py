"""How well `zwzx-dash extract` reads CPPCC articles.

Two measurements:

- the source document (data/sources/zw-cppcc-2023-review.txt) against the curated default
  dataset (data/source/metrics.csv), matched by value, unit, qualifier, text as written and
  quote sentence;
- the annotated corpus (bench/corpus/, its README says how it is annotated): every text as
  written and with the other punctuation (ASCII ↔ full-width), scored for figures found
  (recall, precision), term totals filed as the year's, names that need no edit, pillars,
  catalog codes, headline flags, titles, orgs and years, work items and captions.

    .venv/bin/python bench/extract_quality.py            # both, figures for bench/RESULTS.md
    .venv/bin/python bench/extract_quality.py --check    # only check the annotations
    .venv/bin/python bench/extract_quality.py --verbose  # every miss and extra, per text
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from zwzx_dash.ingest import extract  # noqa: E402
from zwzx_dash.ingest.article import read_article  # noqa: E402
from zwzx_dash.ingest.catalog import default_catalog  # noqa: E402
from zwzx_dash.ingest.load import load_input  # noqa: E402
from zwzx_dash.ingest.raw import InputRefused  # noqa: E402
from zwzx_dash.model.pillars import PILLAR_IDS  # noqa: E402

ARTICLE = PROJECT / "data" / "sources" / "zw-cppcc-2023-review.txt"
CURATED = PROJECT / "data" / "source"
CORPUS = PROJECT / "bench" / "corpus"
VARIANTS = ("as written", "other punctuation")
QUALIFIERS = ("exact", "over", "about")


# ---------------------------------------------------------------- the source document


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


# ---------------------------------------------------------------- the corpus

_ASCII = ",;:!?()"
_FULL = "，；：！？（）"


def other_punctuation(text: str) -> str:
    """The text with the other punctuation, character for character (so every position
    stays): ASCII , ; : ! ? ( ) → full-width when the text is mostly ASCII, else the
    reverse; a comma between digits (1,290) is a thousands separator and stays."""
    ascii_count = sum(text.count(ch) for ch in _ASCII)
    full_count = sum(text.count(ch) for ch in _FULL)
    source, target = (_ASCII, _FULL) if ascii_count > full_count else (_FULL, _ASCII)
    table = dict(zip(source, target, strict=True))
    out = []
    for i, ch in enumerate(text):
        between_digits = 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
        out.append(ch if between_digits else table.get(ch, ch))
    return "".join(out)


@dataclass
class Annotated:
    name: str
    text: str
    note: dict

    @classmethod
    def read(cls, path: Path) -> Annotated:
        return cls(
            path.stem,
            path.read_text(encoding="utf-8"),
            json.loads(path.with_suffix(".json").read_text(encoding="utf-8")),
        )

    def span(self, context: str, inner: str | None = None) -> tuple[int, int]:
        """Where `inner` (default: all of `context`) stands in the text."""
        start = self.text.find(context)
        offset = context.find(inner) if inner else 0
        return start + offset, start + offset + len(inner or context)


def read_corpus(folder: Path = CORPUS) -> list[Annotated]:
    return [Annotated.read(p) for p in sorted(folder.glob("*.txt"))]


def check(annotated: Annotated) -> list[str]:
    """What is wrong with an annotation, in words (empty when it is usable)."""
    text, note, problems = annotated.text, annotated.note, []
    catalog = default_catalog()

    def once(context: str, what: str) -> bool:
        count = text.count(context) if context else 0
        if count != 1:
            problems.append(f"{what}: “{context}” occurs {count} times in the text")
        return count == 1

    for key in ("title", "org", "year", "figures"):
        if key not in note:
            problems.append(f"missing key {key}")
    if note.get("title") and note["title"] not in text:
        problems.append(f"title “{note['title']}” is not in the text")
    for i, f in enumerate(note.get("figures", []), start=1):
        where = f"figure {i}"
        if once(f.get("context", ""), where) and f.get("text", "") not in f["context"]:
            problems.append(f"{where}: “{f.get('text')}” is not in its context")
        elif f["context"].count(f["text"]) != 1:
            problems.append(f"{where}: “{f['text']}” occurs more than once in its context")
        if f.get("qualifier") not in QUALIFIERS:
            problems.append(f"{where}: qualifier {f.get('qualifier')!r}")
        if f.get("pillar") not in (None, *PILLAR_IDS):
            problems.append(f"{where}: pillar {f.get('pillar')!r}")
        if f.get("metric_id") is not None and f["metric_id"] not in catalog:
            problems.append(f"{where}: metric_id {f['metric_id']!r} is not in the catalog")
        if f.get("metric_id") is None and not f.get("names"):
            problems.append(f"{where}: a figure outside the catalog needs names")
        if not isinstance(f.get("value"), int | float) or not isinstance(f.get("headline"), bool):
            problems.append(f"{where}: value must be a number and headline true or false")
    for key in ("restatements", "not_figures"):
        for context in note.get(key, []):
            once(context, key)
    for total in note.get("period_totals", []):
        if once(total["context"], "period_totals") and total["text"] not in total["context"]:
            problems.append(f"period total “{total['text']}” is not in its context")
    lines = {line.strip() for line in text.splitlines()}
    for title in note.get("highlights", []):
        if title not in text:
            problems.append(f"highlight “{title}” is not in the text")
    for caption in note.get("captions", []):
        if caption not in lines:
            problems.append(f"caption “{caption}” is not a line of the text")
    return problems


def _occurrences(text: str, part: str) -> list[int]:
    out, at = [], text.find(part)
    while part and at != -1:
        out.append(at)
        at = text.find(part, at + 1)
    return out


@dataclass
class Score:
    """Counts for one text in one variant; added up over the corpus."""

    figures: int = 0
    extracted: int = 0
    matched: int = 0
    period_filed: int = 0
    names_right: int = 0
    pillar_wanted: int = 0
    pillar_right: int = 0
    catalog_wanted: int = 0
    catalog_right: int = 0
    catalog_false: int = 0  # a catalog code given to a figure the catalog does not hold
    headline_right: int = 0
    titles: int = 0
    titles_right: int = 0
    orgs_right: int = 0
    years_right: int = 0
    highlights: int = 0
    highlights_found: int = 0
    highlights_right: int = 0
    captions: int = 0
    captions_found: int = 0
    captions_right: int = 0
    refused: int = 0
    notes: list[str] = field(default_factory=list)

    def __add__(self, other: Score) -> Score:
        total = Score()
        for name in self.__dataclass_fields__:
            setattr(total, name, getattr(self, name) + getattr(other, name))
        return total

    def ratio(self, part: str, whole: str) -> float:
        return getattr(self, part) / max(getattr(self, whole), 1)

    @property
    def recall(self) -> float:
        return self.ratio("matched", "figures")

    @property
    def precision(self) -> float:
        return self.ratio("matched", "extracted")


def score(annotated: Annotated, variant: str = VARIANTS[0]) -> Score:
    """The extractor's draft of one annotated text against its annotation."""
    note = annotated.note
    text = annotated.text if variant == VARIANTS[0] else other_punctuation(annotated.text)
    catalog = default_catalog()
    s = Score(titles=1, figures=len(note["figures"]))
    s.highlights, s.captions = len(note.get("highlights", [])), len(note.get("captions", []))
    try:
        draft = extract.extract(text, file_name=f"{annotated.name}.txt")
    except InputRefused as refused:
        s.refused = 1
        s.notes.append(f"refused without org/year: {refused.problems[0].message}")
        draft = extract.extract(
            text, file_name=f"{annotated.name}.txt", org=note["org"], year=note["year"]
        )
    else:
        source = draft.tables["sources"].to_pylist()[0]
        s.orgs_right = source["org"] == note["org"]
        s.years_right = source["year"] == note["year"]
        if not s.orgs_right or not s.years_right:
            s.notes.append(f"org/year {source['org']} {source['year']}")
    title = other_punctuation_free(draft.tables["sources"]["title"][0].as_py())
    wanted_title = other_punctuation_free(note["title"])
    s.titles_right = title == wanted_title or (
        title.startswith(wanted_title) and title[len(wanted_title) :].startswith("—")
    )
    if not s.titles_right:
        s.notes.append(f"title “{title}”")

    rows = draft.tables["metrics"].to_pylist()
    s.extracted = len(rows)
    spans = [
        {q + i for q in _occurrences(text, r["quote"]) for i in _occurrences(r["quote"], r["text"])}
        for r in rows
    ]
    taken: set[int] = set()
    for f in note["figures"]:
        start = annotated.span(f["context"], f["text"])[0]
        want = (f["text"], float(f["value"]), f["unit"], f["qualifier"])
        hit = next(
            (
                i
                for i, r in enumerate(rows)
                if i not in taken
                and start in spans[i]
                and (other_punctuation_free(r["text"]), r["value"], r["unit"], r["qualifier"])
                == (other_punctuation_free(f["text"]), *want[1:])
            ),
            None,
        )
        if hit is None:
            s.notes.append(f"missed {f['text']} in “{f['context']}”")
            continue
        taken.add(hit)
        row = rows[hit]
        s.matched += 1
        s.headline_right += row["headline"] == f["headline"]
        if row["headline"] != f["headline"]:
            s.notes.append(f"headline {row['headline']} for {f['text']} in “{f['context']}”")
        if f["pillar"] is not None:
            s.pillar_wanted += 1
            s.pillar_right += row["pillar_id"] == f["pillar"]
            if row["pillar_id"] != f["pillar"]:
                s.notes.append(f"pillar {row['pillar_id']} for {f['text']} (want {f['pillar']})")
        if f["metric_id"] is not None:
            s.catalog_wanted += 1
            s.catalog_right += row["metric_id"] == f["metric_id"]
            s.names_right += row["metric_id"] == f["metric_id"]
            if row["metric_id"] != f["metric_id"]:
                s.notes.append(
                    f"code {row['metric_id']} for {f['text']} in “{f['context']}” "
                    f"(want {f['metric_id']})"
                )
        else:
            s.names_right += row["name"] in f["names"]
            if row["name"] not in f["names"]:
                s.notes.append(f"name “{row['name']}” for {f['text']} (want {f['names']})")
            if row["metric_id"].split("_")[0] != "metric" and row["metric_id"] in catalog:
                s.catalog_false += 1
                s.notes.append(f"code {row['metric_id']} for {f['text']}, outside the catalog")
    period = [annotated.span(t["context"], t["text"])[0] for t in note.get("period_totals", [])]
    for i, row in enumerate(rows):
        if i in taken:
            continue
        if spans[i] & set(period):
            s.period_filed += 1
            s.notes.append(f"term total filed as the year's: {row['text']}")
        else:
            s.notes.append(f"extra {row['text']} in “{row['quote'][:40]}”")

    found = [h["title"] for h in draft.tables["highlights"].to_pylist()]
    wanted = [other_punctuation_free(h) for h in note.get("highlights", [])]
    s.highlights_found = len(found)
    s.highlights_right = sum(other_punctuation_free(h) in wanted for h in found)
    captions = [c["caption"] for c in draft.tables["captions"].to_pylist()]
    s.captions_found = len(captions)
    s.captions_right = sum(c in note.get("captions", []) for c in captions)
    for h in found:
        if other_punctuation_free(h) not in wanted:
            s.notes.append(f"work item “{h}” not annotated")
    for c in captions:
        if c not in note.get("captions", []):
            s.notes.append(f"caption “{c}” not annotated")
    return s


def other_punctuation_free(text: str) -> str:
    """The text with ASCII punctuation read as full-width, for comparing the variants."""
    return text.translate(str.maketrans(_ASCII, _FULL))


def measure_corpus(folder: Path = CORPUS) -> dict[str, dict[str, Score]]:
    """{variant: {text name: Score}} over every annotated text."""
    texts = read_corpus(folder)
    return {variant: {t.name: score(t, variant) for t in texts} for variant in VARIANTS}


def total(scores: dict[str, Score]) -> Score:
    return sum(scores.values(), Score())


def report(results: dict[str, dict[str, Score]]) -> list[str]:
    """The corpus's figures as a Markdown table, one column per variant."""
    totals = {v: total(s) for v, s in results.items()}

    def row(label: str, value) -> str:
        return f"| {label} | " + " | ".join(value(t) for t in totals.values()) + " |"

    def pct(part: str, whole: str):
        return lambda t: f"{t.ratio(part, whole):.1%} ({getattr(t, part)}/{getattr(t, whole)})"

    texts = len(next(iter(results.values())))
    return [
        f"| {texts} texts | " + " | ".join(totals) + " |",
        "|---|" + "---|" * len(totals),
        row("annotated figures", lambda t: str(t.figures)),
        row("extracted figures", lambda t: str(t.extracted)),
        row("recall", pct("matched", "figures")),
        row("precision", pct("matched", "extracted")),
        row("term totals filed as the year's", lambda t: str(t.period_filed)),
        row("names needing no edit", pct("names_right", "matched")),
        row("catalog code right (catalog has it)", pct("catalog_right", "catalog_wanted")),
        row("catalog code on a figure it lacks", lambda t: str(t.catalog_false)),
        row("pillar right (a heading names it)", pct("pillar_right", "pillar_wanted")),
        row("headline flag right", pct("headline_right", "matched")),
        row("titles right", pct("titles_right", "titles")),
        row("org and year detected", lambda t: f"{t.orgs_right}/{t.titles}, {t.years_right}"),
        row("work items: right / found / annotated", _found("highlights")),
        row("captions: right / found / annotated", _found("captions")),
    ]


def _found(what: str):
    return lambda t: (
        f"{getattr(t, what + '_right')} / {getattr(t, what + '_found')} / {getattr(t, what)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, default=ARTICLE)
    parser.add_argument("--curated", type=Path, default=CURATED)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--check", action="store_true", help="only check the annotations")
    parser.add_argument("--verbose", action="store_true", help="every miss and extra")
    args = parser.parse_args()
    texts = read_corpus(args.corpus)
    bad = {t.name: check(t) for t in texts}
    for name, problems in bad.items():
        for problem in problems:
            print(f"{name}: {problem}")
    if args.check or any(bad.values()):
        print(f"{len(texts)} annotated texts, {sum(map(len, bad.values()))} problems")
        return 1 if any(bad.values()) else 0

    result = measure(args.article, args.curated)
    print(f"The source document: {result['matched']} of {result['curated']} curated figures")
    print(f"(recall {result['recall']:.1%}, precision {result['precision']:.1%}), ", end="")
    print(f"highlights {result['highlights']}, captions {result['captions']}")
    for key in result["missed"]:
        print("  missed:", key)
    for key in result["extra"]:
        print("  extra: ", key)
    print()
    results = measure_corpus(args.corpus)
    if args.verbose:
        for variant, scores in results.items():
            for name, s in scores.items():
                for line in s.notes:
                    print(f"{variant} · {name}: {line}")
        print()
    print("\n".join(report(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The curated 2023 record in data/source/ against the source document itself."""

import csv
import re

import pytest

from zwzx_dash.model.numerals import number_like_runs, parse_figure

from .conftest import PROJECT

NOT_FIGURES = PROJECT / "data" / "curation" / "not_figures.csv"


@pytest.fixture(scope="module")
def tables(default_input):
    return {name: t.to_pylist() for name, t in default_input.tables.items()}


def occurrences(haystack: str, needle: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(needle), haystack)]


def test_every_quote_is_verbatim_in_the_document_and_holds_its_figure(tables, document):
    for m in tables["metrics"]:
        assert m["quote"] in document, m["metric_id"]
        assert m["text"] in m["quote"], m["metric_id"]


def test_value_qualifier_and_unit_follow_from_the_text(tables):
    for m in tables["metrics"]:
        figure = parse_figure(m["text"])
        assert figure.value == m["value"], m["metric_id"]
        assert figure.qualifier == m["qualifier"], m["metric_id"]
        assert figure.unit == m["unit"], m["metric_id"]
    by_text = {m["text"]: m for m in tables["metrics"]}
    assert by_text["两期"]["value"] == 2
    assert by_text["50余次"]["qualifier"] == "over"
    assert by_text["90多次"]["qualifier"] == "over"


def test_headline_figures_are_exactly_the_six_of_the_opening_paragraph(tables, document):
    headline = sorted((m for m in tables["metrics"] if m["headline"]), key=lambda m: m["seq"])
    assert [m["text"] for m in headline] == ["342件", "155篇", "50余次", "24篇", "12项", "90多次"]
    opening = next(line for line in document.splitlines() if line.startswith("一年来"))
    assert all(m["quote"] == opening for m in headline)


def test_five_pillars_and_the_missing_third_section(tables, document):
    pillars = sorted(tables["pillars"], key=lambda p: p["seq"])
    assert [(p["pillar_id"], p["name"]) for p in pillars] == [
        ("loyal", "忠诚政协"),
        ("effective", "有为政协"),
        ("people", "为民政协"),
        ("cohesive", "聚力政协"),
        ("vibrant", "活力政协"),
    ]
    sections = {s["pillar_id"]: s for s in tables["sections"]}
    assert set(sections) == {p["pillar_id"] for p in pillars}
    for pillar_id, s in sections.items():
        assert (s["org"], s["year"], s["source_id"]) == ("中卫市政协", 2023, "zw-cppcc-2023-review")
        if pillar_id == "people":
            assert (s["source_status"], s["section_no"]) == ("missing", 3)
            assert (s["slogan"], s["heading"], s["summary"]) == (None, None, None)
            assert "为民政协" not in document
            continue
        assert s["source_status"] == "present"
        assert f"{s['section_no']} {s['heading']} {s['slogan']}" in document
        assert s["summary"] in document.splitlines()
    assert not [h for h in tables["highlights"] if h["pillar_id"] == "people"]
    assert not [m for m in tables["metrics"] if m["pillar_id"] == "people"]


def test_seven_captions_each_a_line_of_the_document(tables, document):
    lines = set(document.splitlines())
    assert len(tables["captions"]) == 7
    for c in tables["captions"]:
        assert c["caption"] in lines
        assert c["pillar_id"] != "people"
        assert c["photo"] is None


def test_highlights_are_the_bold_lead_ins_with_their_paragraphs(tables, document):
    captions = {c["caption"] for c in tables["captions"]}
    # The article's paragraphs are broken by page breaks and interleaved photo captions.
    running = "".join(line for line in document.splitlines() if line not in captions)
    assert len(tables["highlights"]) == 12
    for h in tables["highlights"]:
        assert f"{h['title']}。{h['body']}" in running, h["title"]
        assert "。" not in h["title"]
    titles = [h["title"] for h in tables["highlights"]]
    assert "坚持党对政协工作的全面领导" in titles
    assert "深入学习贯彻中共二十大精神" in titles


def test_the_source_row_is_the_document(tables, document):
    (source,) = tables["sources"]
    assert source["text"] == document.strip()
    assert source["title"] in document.replace("\n", "")
    assert all(m["source_id"] == source["source_id"] for m in tables["metrics"])


def test_every_number_like_run_is_a_figure_or_a_listed_exclusion(tables, document):
    with open(NOT_FIGURES, encoding="utf-8", newline="") as fh:
        exclusions = list(csv.DictReader(fh))
    by_id = {m["metric_id"]: m for m in tables["metrics"]}
    covered: set[int] = set()
    for m in tables["metrics"]:
        for q in occurrences(document, m["quote"]):
            for t in occurrences(m["quote"], m["text"]):
                covered.update(range(q + t, q + t + len(m["text"])))
    for ex in exclusions:
        assert ex["reason"], ex
        places = occurrences(document, ex["context"])
        assert places, f"exclusion context not in the document: {ex['context']}"
        if ex["kind"] == "restatement":
            assert by_id[ex["metric_id"]]["text"] in ex["context"]
        for start in places:
            span = set(range(start, start + len(ex["context"])))
            assert any(set(range(s, e)) <= span for s, e in number_like_runs(document)), ex
            covered |= span
    uncovered = [
        document[max(0, s - 6) : e + 6]
        for s, e in number_like_runs(document)
        if not set(range(s, e)) <= covered
    ]
    assert uncovered == []

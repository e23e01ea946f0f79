"""How well extraction reads real article styles: bench/extract_quality.py on the source
document and on the annotated corpus (bench/corpus/), the issue's targets kept as floors."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from .conftest import PROJECT


@pytest.fixture(scope="module")
def quality():
    spec = importlib.util.spec_from_file_location("quality", PROJECT / "bench/extract_quality.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


@pytest.fixture(scope="module")
def corpus(quality):
    return quality.measure_corpus()


def test_the_source_document_against_the_curated_dataset(quality, default_input):
    result = quality.measure()
    assert result["missed"] == [] and result["recall"] == 1.0
    assert result["precision"] >= 0.95, result["extra"]


def test_the_corpus_is_annotated_usably(quality):
    texts = quality.read_corpus()
    assert len(texts) >= 10
    assert {t.name: quality.check(t) for t in texts} == {t.name: [] for t in texts}


def test_the_other_punctuation_keeps_every_position(quality):
    text = "调研,21条建议;收到提案1,290件(含集体提案)。"
    other = quality.other_punctuation(text)
    assert other == "调研，21条建议；收到提案1,290件（含集体提案）。"
    assert quality.other_punctuation(other) == text


def _notes(scores) -> list[str]:
    return [f"{name}: {note}" for name, s in scores.items() for note in s.notes]


@pytest.mark.parametrize("variant", ["as written", "other punctuation"])
def test_figures_found_on_ascii_and_full_width_text_alike(quality, corpus, variant):
    total = quality.total(corpus[variant])
    assert total.recall >= 0.98, _notes(corpus[variant])
    assert total.precision >= 0.97, _notes(corpus[variant])
    assert total.period_filed == 0, "a term's total is never filed as the year's"


@pytest.mark.parametrize("variant", ["as written", "other punctuation"])
def test_titles_orgs_years_and_codes(quality, corpus, variant):
    total = quality.total(corpus[variant])
    texts = len(corpus[variant])
    assert total.titles_right == texts, _notes(corpus[variant])
    assert total.orgs_right == texts and total.years_right == texts
    assert total.ratio("catalog_right", "catalog_wanted") >= 0.80, _notes(corpus[variant])

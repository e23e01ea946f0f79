"""The columnar fast path gives exactly what the row-wise validator gives, or steps aside."""

import pytest

from zwzx_dash.ingest import columnar, csv_folder, load, validate

from .bad_inputs import CASES
from .conftest import add_earlier_year


def row_wise(folder):
    raw, problems, sha = csv_folder.read_csv_folder(folder)
    return validate.validate(raw, problems), sha


@pytest.mark.parametrize("two_years", [False, True])
def test_fast_path_equals_row_wise(source_copy, two_years):
    if two_years:
        add_earlier_year(source_copy)
    fast = columnar.fast_tables(source_copy)
    assert fast is not None
    tables, sha = row_wise(source_copy)
    assert fast[1] == sha
    assert list(fast[0]) == list(tables)
    for name in tables:
        assert fast[0][name].equals(tables[name]), name


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.name.startswith("csv-")], ids=lambda c: c.name
)
def test_fast_path_steps_aside_for_every_bad_csv(case, tmp_path):
    assert columnar.fast_tables(case.build(tmp_path)) is None


def test_friendly_forms_go_to_the_row_wise_path(source_copy):
    path = source_copy / "metrics.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",342,件,exact,", ",３４２,件,准确,", 1), encoding="utf-8")
    assert columnar.fast_tables(source_copy) is None
    assert load.load_input(source_copy).tables["metrics"].column("value")[0].as_py() == 342


def test_a_sources_file_of_many_multi_line_documents_takes_the_fast_path(source_copy):
    """Each 全文 spans lines; a file larger than one parse block (1 MB) once failed the
    fast path and fell to the row-wise validator (ten times slower at scale)."""
    import csv

    with open(source_copy / "sources.csv", "a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        for i in range(400):
            text = "\n".join(f"（测试用原文{i}）第{n}段。" * 20 for n in range(10))
            writer.writerow([f"test-doc-{i}", "测试甲县政协", 2023, f"测试用{i}", "", "", "", text])
    assert (source_copy / "sources.csv").stat().st_size > 2**20
    fast = columnar.fast_tables(source_copy)
    assert fast is not None
    tables, _ = row_wise(source_copy)
    assert fast[0]["sources"].equals(tables["sources"])

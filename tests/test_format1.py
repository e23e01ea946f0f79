"""A real format-1 data folder (tests/fixtures/format1, written before format 2) read by
today's store: migrated on read, never rewritten, and a refresh on top of it publishes a
format-2 snapshot that keeps every year and org."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

from zwzx_dash.query.queries import Catalog
from zwzx_dash.store import reading, snapshots

from .conftest import SOURCE_DIR, run_cli
from .test_merge import as_year

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "format1"
ORG, COUNTY = "中卫市政协", "测试甲县政协"


@pytest.fixture
def format1(tmp_path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(FIXTURE, root)
    return root


def digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_fixture_is_format_1(format1):
    sid = snapshots.current_id(format1)
    assert reading.format_version(format1, sid) == 1
    assert not (format1 / "snapshots" / sid / "sections.parquet").exists()
    snapshots.verify(format1, sid)


def test_its_tables_read_in_format_2_and_the_files_stay_untouched(format1):
    before = digests(format1)
    sid = snapshots.current_id(format1)
    tables = reading.read_tables(format1, sid)
    assert tables["pillars"].column_names == ["pillar_id", "seq", "name"]
    with open(SOURCE_DIR / "sections.csv", encoding="utf-8", newline="") as fh:
        expected = [r for r in csv.DictReader(fh)]
    ours = [r for r in tables["sections"].to_pylist() if (r["org"], r["year"]) == (ORG, 2023)]
    assert sorted((r["pillar_id"], r["heading"] or "", r["summary"] or "", r["source_status"])
                  for r in ours) == sorted(
        (r["pillar_id"], r["heading"], r["summary"], r["source_status"]) for r in expected
    )  # fmt: skip
    sources = {s["source_id"]: (s["org"], s["year"]) for s in tables["sources"].to_pylist()}
    assert sources["zw-cppcc-2023-review"] == (ORG, 2023)
    assert {(o, y) for o, y in sources.values()} == {(ORG, 2023), (ORG, 2022), (COUNTY, 2023)}
    county = reading.read_org_year(format1, sid, COUNTY, 2023)
    assert set(county["metrics"].column("org").to_pylist()) == {COUNTY}
    assert county["sources"].num_rows == 1
    view = Catalog(format1).pin()
    assert view.section(ORG, 2023, "people")["source_status"].item() == "missing"
    assert view.headline(ORG, 2022)["text"].tolist()[0] == "332件"
    assert digests(format1) == before, "a format-1 snapshot is never rewritten"


def test_a_refresh_on_top_of_it_publishes_format_2_and_keeps_every_org_year(
    format1, tmp_path, default_input
):
    from zwzx_dash.export.workbook import write_workbook

    book = tmp_path / "2024.xlsx"
    write_workbook(book, as_year(default_input.tables, 2024))
    done = run_cli("refresh", str(book), "--accept-warnings", root=format1)
    assert done.returncode == 0, done.stderr
    sid = snapshots.current_id(format1)
    assert reading.format_version(format1, sid) == 2
    metrics = reading.read_table(format1, sid, "metrics")
    pairs = set(zip(metrics.column("org").to_pylist(), metrics.column("year").to_pylist(),
                    strict=True))  # fmt: skip
    assert pairs == {(ORG, 2022), (ORG, 2023), (ORG, 2024), (COUNTY, 2023)}
    assert run_cli("rollback", root=format1).returncode == 0
    assert reading.format_version(format1, snapshots.current_id(format1)) == 1


def test_the_upgraded_copies_are_removed_when_the_process_exits(format1):
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from zwzx_dash.store import reading, snapshots; "
        "root = Path(sys.argv[1]); "
        "print(reading.query_path(root, snapshots.current_id(root), 'sections'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(format1)], capture_output=True, text=True, check=True
    )
    written = Path(done.stdout.strip())
    assert written.name == "sections.parquet" and format1 not in written.parents
    assert not written.parent.exists()

"""An upload is validated in a child process bounded in time and memory: the same result
as validating in place, and a Chinese refusal when a bound is exceeded."""

from __future__ import annotations

import pytest

from zwzx_dash.export.workbook import write_workbook
from zwzx_dash.ingest import bounded
from zwzx_dash.ingest.load import load_upload
from zwzx_dash.ingest.raw import InputRefused


@pytest.fixture(scope="module")
def workbook_bytes(tmp_path_factory) -> bytes:
    from zwzx_dash.ingest.load import load_input

    from .conftest import SOURCE_DIR

    path = tmp_path_factory.mktemp("bounded") / "2023.xlsx"
    write_workbook(path, load_input(SOURCE_DIR).tables)
    return path.read_bytes()


def test_a_bounded_validation_gives_what_validating_in_place_gives(workbook_bytes):
    bounded_input = bounded.load_upload_bounded(workbook_bytes, "2023.xlsx")
    in_place = load_upload(workbook_bytes, "2023.xlsx")
    assert bounded_input.sha256 == in_place.sha256
    assert bounded_input.tables.keys() == in_place.tables.keys()
    assert all(bounded_input.tables[k].equals(in_place.tables[k]) for k in in_place.tables)


def test_a_refusal_comes_back_located(workbook_bytes):
    with pytest.raises(InputRefused) as refused:
        bounded.load_upload_bounded(b"PK\x03\x04 not really a zip", "坏.xlsx")
    assert refused.value.problems[0].file == "坏.xlsx"
    assert "损坏" in refused.value.problems[0].message


def test_past_its_time_a_validation_is_stopped_and_refused_in_chinese(workbook_bytes):
    bounded.load_upload_bounded(workbook_bytes, "warm.xlsx")  # the fork server is up
    with pytest.raises(InputRefused) as refused:
        bounded.load_upload_bounded(workbook_bytes, "2023.xlsx", seconds=0.01)
    (problem,) = refused.value.problems
    assert problem.file == "2023.xlsx"
    assert "校验超过 0.01 秒仍未完成，已停止" in problem.message


def test_past_its_memory_a_validation_is_stopped_and_refused_in_chinese(workbook_bytes):
    with open("/proc/self/status") as status:  # the child starts about this size
        base = next(int(line.split()[1]) for line in status if line.startswith("VmSize"))
    with pytest.raises(InputRefused) as refused:
        bounded.load_upload_bounded(workbook_bytes, "2023.xlsx", memory=64 * 2**20)
    (problem,) = refused.value.problems
    assert "校验所需内存超过上限 64 MB" in problem.message, (problem.message, base)


def test_the_bounds_come_from_the_settings(monkeypatch):
    monkeypatch.setenv(bounded.SECONDS_ENV, "30")
    monkeypatch.setenv(bounded.MEMORY_ENV, "512")
    assert bounded.time_bound() == 30 and bounded.memory_bound() == 512 * 2**20
    monkeypatch.setenv(bounded.SECONDS_ENV, "-1")
    monkeypatch.setenv(bounded.MEMORY_ENV, "lots")
    assert bounded.time_bound() == bounded.DEFAULT_SECONDS
    assert bounded.memory_bound() == bounded.DEFAULT_MEMORY_MB * 2**20

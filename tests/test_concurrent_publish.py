"""Two publishers at once: both land, or one is told to rerun — never a silent loss."""

import os
import subprocess
import sys

import pytest

from zwzx_dash.export.workbook import write_workbook
from zwzx_dash.store import merge, snapshots

from .conftest import PROJECT, snapshot_state
from .test_merge import as_year, years_in


def publish(root, tables, **kwargs):
    return snapshots.publish(root, tables, input_name="x", input_sha256="0" * 64, **kwargs)


def test_a_publish_onto_a_snapshot_that_is_no_longer_current_changes_nothing(
    published, default_input
):
    live = merge.read_live(published)
    publish(published, as_year(default_input.tables, 2022))  # someone else, meanwhile
    before = snapshot_state(published)
    with pytest.raises(snapshots.CurrentMoved, match="发布前数据已被他人更新"):
        tables = merge.with_live(live.tables, as_year(default_input.tables, 2024))
        publish(published, tables, onto=live.base)
    assert snapshot_state(published) == before


def test_the_first_publish_names_no_base_and_is_refused_once_one_exists(data_root, default_input):
    onto = merge.read_live(data_root).base
    assert onto == snapshots.Base(None)
    publish(data_root, default_input.tables)
    with pytest.raises(snapshots.CurrentMoved):
        publish(data_root, default_input.tables, onto=onto)


def test_publish_merged_merges_again_onto_what_landed_meanwhile(
    published, default_input, monkeypatch
):
    real_read_live = merge.read_live
    retries = []

    def read_live_then_someone_publishes(root):
        live = real_read_live(root)
        if not retries:  # the other publisher lands right after our first read
            publish(root, merge.with_live(live.tables, as_year(default_input.tables, 2022)))
        return live

    monkeypatch.setattr(merge, "read_live", read_live_then_someone_publishes)
    merge.publish_merged(
        published,
        as_year(default_input.tables, 2024),
        input_name="2024",
        input_sha256="0" * 64,
        on_retry=lambda: retries.append(1),
    )
    assert retries == [1]
    assert years_in(published) == [2022, 2023, 2024]


def test_publish_merged_gives_up_when_current_keeps_moving(published, default_input, monkeypatch):
    real_read_live = merge.read_live

    def always_moved(root):
        live = real_read_live(root)
        publish(root, live.tables)
        return live

    monkeypatch.setattr(merge, "read_live", always_moved)
    with pytest.raises(snapshots.CurrentMoved):
        merge.publish_merged(
            published, as_year(default_input.tables, 2024), input_name="x", input_sha256="0"
        )
    assert 2024 not in years_in(published)


def test_concurrent_refreshes_through_the_cli_never_lose_a_year(published, tmp_path, default_input):
    """Ten pairs of real `zwzx-dash refresh` at once, one adding 2022 and one 2024: the
    one that finds CURRENT moved merges again onto it, so both land."""
    books = {}
    for year in (2022, 2024):
        books[year] = tmp_path / f"{year}.xlsx"
        write_workbook(books[year], as_year(default_input.tables, year))
    env = dict(os.environ, ZWZX_DATA_DIR=str(published))
    for pair in range(10):
        runs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "zwzx_dash",
                    "refresh",
                    str(books[y]),
                    "--note",
                    f"{y}",
                    "--accept-warnings",
                ],
                cwd=PROJECT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for y in (2022, 2024)
        ]
        results = [(run.wait(timeout=120), run.communicate()[1]) for run in runs]
        assert [code for code, _ in results] == [0, 0], results
        assert years_in(published) == [2022, 2023, 2024], f"pair {pair}: a year was lost"
        assert years_in(published, "captions") == years_in(published)
        # The next pair starts from 2023 alone, so that each pair can lose a year again.
        publish(published, default_input.tables)

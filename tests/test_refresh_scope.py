"""refresh says what it replaces, per org and year, and will not silently wipe most of an
org's year: a draft filed under the wrong org needs --yes. Through the real CLI."""

from __future__ import annotations

import csv

from .conftest import run_cli, snapshot_state


def _fill_pillars(path) -> None:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    column = header.index("pillar_id")
    for row in rows:
        row[column] = row[column] or "effective"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])


def test_a_draft_that_would_replace_most_of_an_orgs_year_needs_yes(published, tmp_path):
    # A short article of 中卫市政协's 2023, as if another org's had been filed under it.
    article = tmp_path / "short.txt"
    article.write_text(
        "——中卫市政协2023年履职回眸\n\n2023年，中卫市政协收到提案342件，开展协商活动50余次。\n",
        encoding="utf-8",
    )
    draft = tmp_path / "draft"
    done = run_cli("extract", str(article), "--out", str(draft), root=published)
    assert done.returncode == 0, done.stderr
    _fill_pillars(draft / "metrics.csv")  # what the 待核 list asks staff to fill
    before = snapshot_state(published)

    refused = run_cli("refresh", str(draft), "--note", "误发", root=published)
    assert refused.returncode == 2, refused.stderr
    assert "本次发布将改动：" in refused.stderr
    assert "中卫市政协 2023年：原有 23 个数字，删除" in refused.stderr
    assert "三分之一以上" in refused.stderr and "--yes" in refused.stderr
    assert snapshot_state(published) == before, "nothing published"

    confirmed = run_cli("refresh", str(draft), "--note", "确认", "--yes", root=published)
    assert confirmed.returncode == 0, confirmed.stderr
    assert snapshot_state(published) != before


def test_adding_a_year_states_its_scope_and_needs_no_confirmation(published, tmp_path):
    from zwzx_dash.export.workbook import write_workbook
    from zwzx_dash.ingest.load import load_input

    from .conftest import SOURCE_DIR
    from .test_merge import as_year

    book = tmp_path / "2024.xlsx"
    write_workbook(book, as_year(load_input(SOURCE_DIR).tables, 2024))
    done = run_cli("refresh", str(book), "--note", "2024", "--accept-warnings", root=published)
    assert done.returncode == 0, done.stderr
    assert "中卫市政协 2024年：新的单位年度，删除 0、新增 23、修改 0" in done.stderr

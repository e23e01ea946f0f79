"""What refresh asks beyond row-by-row validation, through the real CLI on real workbooks:
a reused source id that would rewrite the origin of data already published is refused; an
org-year no source reports on needs --yes; a year that repeats the one before needs
--accept-warnings, and validate says all of it in advance."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from zwzx_dash.export.workbook import write_workbook
from zwzx_dash.model import schema

from .conftest import run_cli, snapshot_state
from .test_merge import as_year, with_figure, years_in


def under_org(tables: dict[str, pa.Table], org: str) -> dict[str, pa.Table]:
    """The tables with every yearly row filed under `org`, the 来源 rows as they were."""
    return dict(tables, **{name: _rows(tables, name, org=org) for name in schema.YEARLY})


def _rows(tables: dict[str, pa.Table], name: str, **changes) -> pa.Table:
    rows = tables[name].to_pylist()
    for row in rows:
        row.update(changes)
    return pa.Table.from_pylist(rows, schema=tables[name].schema)


def test_a_new_year_that_takes_over_last_years_source_id_is_refused(
    published, tmp_path, default_input
):
    """The 2024 rows cite their own year's document, but under the 2023 document's id:
    publishing it would make 2023's figures cite a 2024 report."""
    moved = as_year(default_input.tables, 2024)
    source_id = "zw-cppcc-2023-review"
    tables = {name: _rows(moved, name, source_id=source_id) for name in (*schema.YEARLY, "sources")}
    book = tmp_path / "2024.xlsx"
    write_workbook(book, dict(moved, **tables))
    before = snapshot_state(published)
    message = (
        "来源“zw-cppcc-2023-review”是中卫市政协 2023年已发布数据的出处；本次把它改成报道"
        "中卫市政协 2024年的原文，会让那些数据的出处失真。新的原文请另起一个来源编码"
    )
    checked = run_cli("validate", str(book), root=published)
    assert checked.returncode == 0 and "发布时会被拒绝：" in checked.stdout
    assert message in checked.stdout
    for extra in ((), ("--yes", "--accept-warnings")):
        done = run_cli("refresh", str(book), *extra, root=published)
        assert done.returncode == 2 and message in done.stderr, done.stderr
    assert snapshot_state(published) == before


def test_a_changed_text_under_a_published_id_must_keep_its_quotes(
    published, tmp_path, default_input
):
    """A county's year citing 中卫市政协's document id with the text cut to its opening
    paragraph (all the county quotes) would strand 中卫市政协's later quotes: refused.
    A correction of 中卫市政协's own year that extends the text is accepted."""
    base = default_input.tables
    headline = base["metrics"].filter(pc.field("headline"))
    county = {
        "metrics": _rows({"metrics": headline}, "metrics", org="测试甲县政协"),
        "sections": _rows(
            base,
            "sections",
            org="测试甲县政协",
            source_status="none",
            section_no=None,
            slogan=None,
            heading=None,
            summary=None,
        ),
        "highlights": base["highlights"].slice(0, 0),
        "captions": base["captions"].slice(0, 0),
    }
    (source,) = base["sources"].to_pylist()
    opening = next(line for line in source["text"].splitlines() if line.startswith("一年来"))
    source["text"] = source["text"][: source["text"].index(opening) + len(opening)]
    county["sources"] = pa.Table.from_pylist([source], schema=base["sources"].schema)
    book = tmp_path / "county.xlsx"
    write_workbook(book, dict(base, **county))
    assert run_cli("validate", str(book), root=published).returncode == 0
    done = run_cli("refresh", str(book), "--yes", root=published)
    assert done.returncode == 2, done.stderr
    assert (
        "来源“zw-cppcc-2023-review”的全文改动后，已发布的中卫市政协 2023年" in done.stderr
        and "个数字的原文语句不再出现在其中" in done.stderr
    )

    corrected = with_figure(base, "proposals", 343, "343件", "收到提案343件")
    book = tmp_path / "corrected.xlsx"
    write_workbook(book, corrected)
    assert run_cli("refresh", str(book), root=published).returncode == 0


def test_an_org_year_no_source_reports_on_needs_yes(published, tmp_path, default_input):
    """A county's year filed with 中卫市政协's document left as its source row."""
    tables = under_org(default_input.tables, "测试甲县政协")
    book = tmp_path / "county.xlsx"
    write_workbook(book, tables)
    before = snapshot_state(published)
    message = "本次数据含测试甲县政协 2023年，但来源表中没有报道测试甲县政协 2023年的原文"
    refused = run_cli("refresh", str(book), root=published)
    assert refused.returncode == 2 and message in refused.stderr, refused.stderr
    assert "确认后加 --yes 重新运行" in refused.stderr
    assert snapshot_state(published) == before
    assert run_cli("refresh", str(book), "--yes", root=published).returncode == 0


def test_validate_names_repeated_figures_before_refresh_asks(published, tmp_path, default_input):
    tables = as_year(default_input.tables, 2024)
    quote = next(q for q in tables["metrics"].column("quote").to_pylist() if "342件" in q)
    changed = with_figure(tables, "proposals", 365, "365件", quote.replace("342件", "365件"))
    book = tmp_path / "2024.xlsx"
    write_workbook(book, changed)
    checked = run_cli("validate", str(book), root=published)
    assert checked.returncode == 0
    assert "提醒（refresh 加 --accept-warnings 才会发布）：" in checked.stdout
    assert "中卫市政协 2024年有 22/23 个数字与2023年完全相同，超过一半" in checked.stdout
    assert "收到提案" not in checked.stdout.split("提醒")[1].split("超过一半")[0].split("等")[0]
    done = run_cli("refresh", str(book), "--accept-warnings", root=published)
    assert done.returncode == 0, done.stderr
    assert years_in(published) == [2023, 2024]

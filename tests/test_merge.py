"""Adding a year without retyping the others; --replace-all; diff."""

import pyarrow as pa
import pyarrow.compute as pc

from zwzx_dash.export.workbook import write_workbook
from zwzx_dash.store import reading, snapshots
from zwzx_dash.store.diff import diff_tables, format_diff
from zwzx_dash.store.merge import YEARLY, merge

from .conftest import run_cli, snapshot_state

ORG = "中卫市政协"


def as_year(tables: dict[str, pa.Table], year: int) -> dict[str, pa.Table]:
    """The tables moved to another year, citing a copy of their document that reports on
    that year (a year cannot cite another year's document)."""
    out = dict(tables)
    for name in (*YEARLY, "sources"):
        rows = tables[name].to_pylist()
        for row in rows:
            row["year"] = year
            if row["source_id"] is not None:
                row["source_id"] = f"{row['source_id']}-{year}"
        out[name] = pa.Table.from_pylist(rows, schema=tables[name].schema)
    return out


def with_figure(tables, metric_id: str, value: float, text: str, quote: str):
    """The tables with one figure changed, its new sentence added to its source's 全文 (a
    changed figure comes with a changed document, or validation refuses it)."""
    metrics = tables["metrics"].to_pylist()
    cited = set()
    for m in metrics:
        if m["metric_id"] == metric_id:
            m.update(value=value, text=text, quote=quote)
            cited.add(m["source_id"])
    sources = tables["sources"].to_pylist()
    for source in sources:
        if source["source_id"] in cited:
            source["text"] = f"{source['text']}\n{quote}"
    return dict(
        tables,
        metrics=pa.Table.from_pylist(metrics, schema=tables["metrics"].schema),
        sources=pa.Table.from_pylist(sources, schema=tables["sources"].schema),
    )


def years_in(root, table="metrics"):
    t = reading.read_table(root, snapshots.current_id(root), table)
    return sorted(set(t.column("year").to_pylist()))


def test_merge_replaces_only_the_incoming_org_years(default_input):
    live = default_input.tables
    merged = merge(live, as_year(live, 2024))
    for name in YEARLY:
        assert merged[name].num_rows == 2 * live[name].num_rows
    again = merge(merged, with_figure(live, "proposals", 343, "343件", "收到提案343件"))
    proposals = again["metrics"].filter(pc.field("metric_id") == "proposals").to_pylist()
    assert [(m["year"], m["text"]) for m in proposals] == [(2023, "343件"), (2024, "342件")]
    assert again["pillars"].num_rows == 5 and again["sections"].num_rows == 10
    assert again["sources"].num_rows == 2  # the 2023 document and the 2024 copy


def test_a_workbook_for_2024_keeps_2023_and_replace_all_does_not(
    published, tmp_path, default_input
):
    book = tmp_path / "2024.xlsx"
    write_workbook(book, as_year(default_input.tables, 2024))
    before = snapshot_state(published)
    warned = run_cli("refresh", str(book), "--note", "2024年", root=published)
    assert warned.returncode == 2, "a year that repeats the last one publishes only on purpose"
    assert (
        "中卫市政协 2024年有 23/23 个数字与2023年完全相同，超过一半；请确认这确实是新一年的原文"
    ) in warned.stderr
    assert "核对无误后加 --accept-warnings 重新运行" in warned.stderr
    assert snapshot_state(published) == before
    done = run_cli("refresh", str(book), "--note", "2024年", "--accept-warnings", root=published)
    assert done.returncode == 0, done.stderr
    assert "替换 中卫市政协 2024年，其他年度保持不变" in done.stderr
    assert years_in(published) == [2023, 2024]
    assert years_in(published, "captions") == [2023, 2024]

    done = run_cli("refresh", str(book), "--replace-all", root=published)
    assert done.returncode == 2, "dropping all of 2023 needs a confirmation"
    assert "中卫市政协 2023年：原有 23 个数字，删除 23" in done.stderr
    assert years_in(published) == [2023, 2024]
    done = run_cli("refresh", str(book), "--replace-all", "--yes", root=published)
    assert done.returncode == 0, done.stderr
    assert years_in(published) == [2024]
    assert run_cli("rollback", root=published).returncode == 0
    assert years_in(published) == [2023, 2024]


def test_diff_against_a_candidate_and_between_snapshots(published, tmp_path, default_input):
    first = snapshots.current_id(published)
    changed = with_figure(default_input.tables, "proposals", 343, "343件", "收到提案343件")
    captions = changed["captions"].slice(1)  # one caption removed
    changed = dict(changed, captions=captions)
    book = tmp_path / "changed.xlsx"
    write_workbook(book, changed)

    preview = run_cli("diff", str(book), root=published)
    assert preview.returncode == 0, preview.stderr
    assert "~ 中卫市政协 2023年 收到提案：342件 → 343件" in preview.stdout
    assert "图片：新增 0，删除 1，修改 0" in preview.stdout
    assert snapshots.current_id(published) == first, "diff publishes nothing"

    second = run_cli("refresh", str(book), "--replace-all", root=published).stdout.strip()
    between = run_cli("diff", first, second, root=published)
    assert between.stdout == preview.stdout
    assert run_cli("diff", second, second, root=published).stdout.strip() == "没有变化。"


def test_diff_lists_added_figures(default_input):
    old = default_input.tables
    new = merge(old, as_year(old, 2024))
    text = format_diff(diff_tables(old, new))
    assert "数字：新增 23，删除 0，修改 0" in text
    assert "  + 中卫市政协 2024年 开展协商活动：50余次" in text

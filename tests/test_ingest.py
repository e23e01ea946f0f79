"""Validation of a CSV folder: every problem at once, in Chinese, with file, row and column."""

import csv
from pathlib import Path

import pytest

from zwzx_dash.ingest.load import load_input
from zwzx_dash.ingest.raw import InputRefused
from zwzx_dash.model import schema


def rewrite(path: Path, edit) -> None:
    """Apply edit(rows) to a CSV file's rows (header excluded) and write it back."""
    with open(path, encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    rows = edit(header, rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])


def set_cell(path: Path, row_index: int, column: str, value: str) -> None:
    def edit(header, rows):
        rows[row_index][header.index(column)] = value
        return rows

    rewrite(path, edit)


def refusal(path: Path) -> InputRefused:
    with pytest.raises(InputRefused) as info:
        load_input(path)
    return info.value


def test_default_data_loads_with_declared_schemas(default_input):
    for name, table in default_input.tables.items():
        schema.check_schema(name, table)
    assert default_input.tables["metrics"].num_rows >= 20
    assert len(default_input.sha256) == 64


def test_all_problems_reported_at_once_with_their_place(source_copy):
    metrics = source_copy / "metrics.csv"
    set_cell(metrics, 0, "value", "-342")  # Excel row 2
    set_cell(metrics, 2, "qualifier", "exact")  # 50余次 marked exact, row 4
    set_cell(metrics, 3, "pillar_id", "nowhere")  # row 5
    set_cell(metrics, 4, "year", "二〇二三")  # row 6
    set_cell(source_copy / "captions.csv", 1, "caption", "")  # row 3
    refused = refusal(source_copy)
    places = {(p.file, p.row, p.column) for p in refused.problems}
    assert ("metrics.csv", 2, "value") in places
    assert ("metrics.csv", 4, "qualifier") in places
    assert ("metrics.csv", 5, "pillar_id") in places
    assert ("metrics.csv", 6, "year") in places
    assert ("captions.csv", 3, "caption") in places
    report = refused.report()
    assert "数值不能为负数" in report
    assert "板块“nowhere”不存在" in report
    assert "不能为空" in report
    assert "文件 metrics.csv，第 4 行，「qualifier」列" in report


def test_text_that_contradicts_value_is_refused(source_copy):
    set_cell(source_copy / "metrics.csv", 0, "value", "343")
    (problem,) = refusal(source_copy).problems
    assert "342件" in problem.message and "343" in problem.message


def test_figure_text_must_stand_in_its_quote(source_copy):
    set_cell(source_copy / "metrics.csv", 0, "text", "342篇")
    set_cell(source_copy / "metrics.csv", 0, "unit", "篇")
    (problem,) = refusal(source_copy).problems
    assert problem.column == "quote"


def test_duplicate_key_names_both_rows(source_copy):
    def duplicate_first(header, rows):
        return [*rows, rows[0]]

    rewrite(source_copy / "metrics.csv", duplicate_first)
    (problem,) = refusal(source_copy).problems
    assert problem.row == 25 and "与第 2 行重复" in problem.message


def test_missing_file_unknown_file_and_missing_column(source_copy):
    (source_copy / "captions.csv").unlink()
    (source_copy / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")

    def drop_quote(header, rows):
        i = header.index("quote")
        header.pop(i)
        return [r[:i] + r[i + 1 :] for r in rows]

    rewrite(source_copy / "metrics.csv", drop_quote)
    report = refusal(source_copy).report()
    assert "文件 captions.csv：缺少这个文件" in report
    assert "文件 notes.csv：不认识这个表" in report
    assert "缺少“原文语句”列（CSV 文件中的列名为 quote）" in report


def test_gb18030_files_from_chinese_excel_are_read(source_copy):
    for name in ("captions.csv", "sections.csv"):
        path = source_copy / name
        path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    data = load_input(source_copy)
    assert (
        "组织政协委员调研重大项目建设情况。"
        in data.tables["captions"].column("caption").to_pylist()
    )


def test_bom_and_full_width_digits_are_normalised(source_copy):
    path = source_copy / "metrics.csv"
    set_cell(path, 0, "value", "３４２")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    data = load_input(source_copy)
    assert data.tables["metrics"].column("value")[0].as_py() == 342.0


def test_a_file_instead_of_a_folder_is_refused_in_chinese(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("x", encoding="utf-8")
    assert "不是 Excel 工作簿（.xlsx），也不是装有 CSV 文件的文件夹" in refusal(path).report()
    assert "找不到" in refusal(tmp_path / "absent").report()

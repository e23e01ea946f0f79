"""Workbooks as staff use them: the template, export and re-import, and what they type."""

import zipfile

import pyarrow as pa
import pytest
from openpyxl import load_workbook

from zwzx_dash.export.tables import write_csv_folder
from zwzx_dash.export.workbook import write_template, write_workbook
from zwzx_dash.ingest.load import load_input
from zwzx_dash.ingest.raw import InputRefused
from zwzx_dash.model import schema
from zwzx_dash.model.schema import INSTRUCTIONS
from zwzx_dash.store import reading, snapshots

from .bad_inputs import workbook_copy, workbook_with_stale_dimensions
from .conftest import run_cli, snapshot_state


def test_template_has_chinese_sheets_help_drop_downs_and_frozen_headers(tmp_path, default_input):
    path = tmp_path / "template.xlsx"
    write_template(path)
    wb = load_workbook(path)
    assert wb.sheetnames == [INSTRUCTIONS, "指标", "板块", "亮点", "图片", "来源"]
    metrics = wb["指标"]
    assert [c.value for c in metrics[1]] == [c.label for c in schema.METRICS.columns]
    assert metrics.freeze_panes == "A2"
    lists = {
        str(dv.sqref).split(":")[0]: dv.formula1 for dv in metrics.data_validations.dataValidation
    }
    assert "忠诚政协" in lists["D2"] and "有为政协" in lists["D2"]  # 板块编码
    assert lists["H2"] == '"准确,下限,约数"'  # 精确度
    assert "批次" in lists["G2"]  # 计量单位
    guide = [[c.value for c in row] for row in wb[INSTRUCTIONS].iter_rows(min_row=2)]
    assert guide[8][:3] == ["指标", "原文写法", "text"] and "50余次" in guide[8][4]
    sections = wb["板块"]
    assert [c.value for c in sections[1]] == [c.label for c in schema.SECTIONS.columns]
    lists = {
        str(dv.sqref).split(":")[0]: dv.formula1 for dv in sections.data_validations.dataValidation
    }
    assert lists["C2"] == '"忠诚政协,有为政协,为民政协,聚力政协,活力政协"'
    assert lists["H2"] == '"有此部分,原文缺失,本文未设"'
    assert [c.value for c in wb["来源"][1]][:3] == ["来源编码", "政协组织", "年度"]
    # Each sheet's columns explained for that sheet: a source's title is not a work item's.
    by_sheet = {(row[0], row[1]): row[3] for row in guide}
    assert by_sheet[("来源", "标题")].startswith("原文的标题")
    assert by_sheet[("亮点", "标题")].startswith("工作亮点的标题")
    assert "原文全文" in by_sheet[("来源", "全文")]


def test_a_blank_template_is_refused_until_filled(tmp_path, default_input):
    path = tmp_path / "template.xlsx"
    write_template(path)
    with pytest.raises(InputRefused) as info:
        load_input(path)
    places = {(p.sheet, p.message) for p in info.value.problems}
    assert ("指标", "没有任何数据行") in places and ("来源", "没有任何数据行") in places


def assert_same_tables(left: dict[str, pa.Table], right: dict[str, pa.Table]) -> None:
    for name in schema.TABLES:
        assert left[name].equals(right[name]), name


def test_workbook_round_trip_gives_identical_tables(tmp_path, default_input):
    path = tmp_path / "export.xlsx"
    write_workbook(path, default_input.tables)
    wb = load_workbook(path)
    assert wb["指标"]["D3"].value == "有为政协"  # pillars by name, as staff pick them
    assert wb["指标"]["H4"].value == "下限"
    assert_same_tables(load_input(path).tables, default_input.tables)


def test_csv_round_trip_gives_identical_tables(tmp_path, default_input):
    write_csv_folder(tmp_path / "out", default_input.tables)
    assert_same_tables(load_input(tmp_path / "out").tables, default_input.tables)


def test_formula_like_text_is_kept_as_text_in_the_workbook(tmp_path, default_input):
    tables = dict(default_input.tables)
    captions = tables["captions"]
    values = captions.column("caption").to_pylist()
    values[0] = '=HYPERLINK("http://x","点我")'
    values[1] = "@SUM(A1)"
    index = captions.schema.get_field_index("caption")
    tables["captions"] = captions.set_column(index, captions.schema.field(index), pa.array(values))
    path = tmp_path / "export.xlsx"
    write_workbook(path, tables)
    cell = load_workbook(path)["图片"]["E2"]
    assert cell.data_type == "s" and cell.quotePrefix
    assert load_input(path).tables["captions"].column("caption").to_pylist()[:2] == values[:2]


def test_cli_template_export_validate_and_refresh_a_workbook(published, tmp_path):
    out = tmp_path / "2023.xlsx"
    assert run_cli("export-workbook", str(out), root=published).returncode == 0
    before = snapshot_state(published)
    checked = run_cli("validate", str(out), root=published)
    assert checked.returncode == 0 and "校验通过" in checked.stdout
    assert snapshot_state(published) == before, "validate publishes nothing"
    done = run_cli("refresh", str(out), "--note", "工作簿", root=published)
    assert done.returncode == 0, done.stderr
    manifest = snapshots.load_manifest(published, done.stdout.strip())
    assert manifest.input_name == "2023.xlsx" and len(manifest.input_sha256) == 64
    assert run_cli("template", str(tmp_path / "blank.xlsx"), root=published).returncode == 0
    assert run_cli("export-csv", str(tmp_path / "csv"), root=published).returncode == 0
    assert (tmp_path / "csv" / "metrics.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_export_csv_defuses_formulas_unless_raw(tmp_path, default_input):
    tables = dict(default_input.tables)
    sources = tables["sources"].to_pylist()
    sources[0]["authors"] = '=cmd|" /C calc"!A0'
    tables["sources"] = pa.Table.from_pylist(sources, schema=tables["sources"].schema)
    root = tmp_path / "data"
    snapshots.publish(root, tables, input_name="x", input_sha256="0" * 64)
    done = run_cli("export-csv", str(tmp_path / "safe"), root=root)
    assert done.returncode == 0 and "--raw" in done.stderr
    assert "'=cmd|" in (tmp_path / "safe" / "sources.csv").read_text(encoding="utf-8-sig")
    assert run_cli("export-csv", "--raw", str(tmp_path / "raw"), root=root).returncode == 0
    raw = (tmp_path / "raw" / "sources.csv").read_text(encoding="utf-8-sig")
    assert "'=cmd|" not in raw and '"=cmd|"" /C calc""!A0"' in raw
    assert load_input(tmp_path / "raw").tables["sources"].equals(tables["sources"])


def test_what_staff_really_type_in_a_workbook(tmp_path, default_input):
    path = tmp_path / "typed.xlsx"
    write_workbook(path, default_input.tables)
    wb = load_workbook(path)
    ws = wb["指标"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(label) + 1 for name, label in
           ((c.name, c.label) for c in schema.METRICS.columns)}  # fmt: skip
    # 50余次 typed the way the article writes it, with the qualifier and text left empty
    ws.cell(4, col["value"], "50余")
    ws.cell(4, col["qualifier"], None)
    ws.cell(4, col["text"], None)
    ws.cell(4, col["quote"], "开展协商活动50余次")  # copied from the 全文
    # numbers typed as text, full-width, with spaces
    ws.cell(2, col["value"], " ３４２ ")
    ws.cell(2, col["year"], "2023")
    published = [c.value for c in wb["来源"][1]].index("发布日期") + 1
    wb["来源"].cell(2, published, 45296)  # a date left as Excel's serial day number
    wb.save(path)
    metrics = load_input(path).tables["metrics"].to_pylist()
    assert metrics[2]["value"] == 50 and metrics[2]["qualifier"] == "over"
    assert metrics[2]["text"] == "50余次"
    assert metrics[0]["value"] == 342
    assert load_input(path).tables["sources"].column("published")[0].as_py() == "2024-01-05"


def test_one_orgs_year_downloads_as_a_workbook_that_reads_back(two_orgs, tmp_path):
    """What the staff page offers as 当前数据: the chosen org's year, nothing else."""
    sid = snapshots.current_id(two_orgs)
    tables = reading.read_org_year(two_orgs, sid, "测试乙县政协", 2023)
    assert set(tables["metrics"].column("org").to_pylist()) == {"测试乙县政协"}
    assert tables["metrics"].num_rows == 23 and tables["pillars"].num_rows == 5
    (own,) = tables["sources"].column("source_id").to_pylist()  # its own document only
    assert own != "zw-cppcc-2023-review" and set(
        tables["metrics"].column("source_id").to_pylist()
    ) == {own}
    assert reading.read_org_year(two_orgs, sid, "测试乙县政协", 1999)["sources"].num_rows == 0
    path = tmp_path / "乙县.xlsx"
    write_workbook(path, tables)
    back = load_input(path).tables
    assert (
        back["metrics"].column("text").to_pylist() == tables["metrics"].column("text").to_pylist()
    )


def test_a_workbook_whose_dimensions_lie_is_read_in_full(tmp_path):
    (tmp_path / "honest").mkdir()
    (tmp_path / "lying").mkdir()
    honest = load_input(workbook_copy(tmp_path / "honest"))
    path = workbook_with_stale_dimensions(tmp_path / "lying")
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert all(b'<dimension ref="A1:B2"/>' in archive.read(n) for n in sheets)
    lying = load_input(path)
    assert lying.tables["metrics"].num_rows == honest.tables["metrics"].num_rows > 20
    for name, table in honest.tables.items():
        assert lying.tables[name].equals(table), name

"""Every 原文语句 is in its source's 全文: a new year cannot keep last year's document and
have nobody notice. Through the real CLI, on real workbooks."""

from __future__ import annotations

import pyarrow as pa
import pytest
from openpyxl import load_workbook

from zwzx_dash.export.workbook import write_workbook
from zwzx_dash.model import fidelity, schema

from .conftest import run_cli, snapshot_state
from .test_merge import as_year, with_figure

DOCUMENT = "一年来，中卫市政协收到提案342件、反映社情民意信息155篇，\n开展协商活动50余次。"


@pytest.mark.parametrize(
    "sentence",
    [
        "收到提案342件、反映社情民意信息155篇",
        "收到提案342件、反映社情民意信息155篇，开展协商活动",  # across the line break
        "收到提案 342 件、反映社情民意信息155篇",  # spaces typed in
        "收到提案３４２件、反映社情民意信息155篇,开展",  # full-width digits, ASCII comma
    ],
)
def test_a_sentence_copied_with_only_layout_changes_is_found(sentence):
    assert fidelity.occurs_in(sentence, fidelity.normalise(DOCUMENT))
    assert fidelity.Document(DOCUMENT).holds(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "收到提案365件",
        "收到提案342件、反映社情民意信息156篇",
        "收到建议342件",
        "收到提案342件，反映",  # 、 is not ，
    ],
)
def test_a_changed_word_or_figure_is_not_found(sentence):
    assert not fidelity.occurs_in(sentence, fidelity.normalise(DOCUMENT))
    assert not fidelity.Document(DOCUMENT).holds(sentence)


def _column(ws, name: str) -> int:
    header = [c.value for c in ws[1]]
    return header.index(schema.METRICS.column(name).label) + 1


def _rows_moved_to(tables: dict[str, pa.Table], year: int) -> dict[str, pa.Table]:
    """Every yearly row moved to `year`, the 来源 rows left as they were."""
    out = dict(tables)
    for name in schema.YEARLY:
        t = tables[name]
        i = t.schema.get_field_index("year")
        out[name] = t.set_column(i, t.schema.field(i), pa.array([year] * t.num_rows, pa.int16()))
    return out


def test_a_new_year_citing_last_years_document_is_refused(published, tmp_path, default_input):
    """The 2024 workbook staff would make from 当前数据: 收到提案 edited to 365件 in the
    figure, its 原文写法 and its 原文语句, and the 2023 来源 row left as it was."""
    book = tmp_path / "2024年数据.xlsx"
    write_workbook(book, _rows_moved_to(default_input.tables, 2024))
    wb = load_workbook(book)
    ws = wb["指标"]
    row = next(
        r for r in range(2, ws.max_row + 1) if ws.cell(r, _column(ws, "text")).value == "342件"
    )
    ws.cell(row, _column(ws, "value"), 365)
    ws.cell(row, _column(ws, "text"), "365件")
    quote = ws.cell(row, _column(ws, "quote")).value
    ws.cell(row, _column(ws, "quote"), quote.replace("342件", "365件"))
    wb.save(book)
    before = snapshot_state(published)

    for command in (("validate", str(book)), ("refresh", str(book), "--note", "2024")):
        done = run_cli(*command, root=published)
        assert done.returncode == 2, done.stderr
        assert (
            f"工作表「指标」，第 {row} 行，「原文语句」列：原文语句没有出现在来源"
            "“zw-cppcc-2023-review”的全文中（已忽略空白、换行和全角/半角的差别）；"
            "请从原文复制，或改正来源编码"
        ) in done.stderr
        assert (
            f"工作表「指标」，第 {row} 行，「来源编码」列：来源“zw-cppcc-2023-review”"
            "报道的是2023年，本行是2024年；2024年的数据须引用报道2024年的原文"
            "（在来源表新增一行，填好年度和全文）"
        ) in done.stderr
        assert "工作表「亮点」，第 2 行，「来源编码」列：来源“zw-cppcc-2023-review”" in done.stderr
    assert snapshot_state(published) == before, "nothing published"


def test_the_same_year_with_its_own_document_passes(published, tmp_path, default_input):
    tables = as_year(default_input.tables, 2024)
    quote = next(q for q in tables["metrics"].column("quote").to_pylist() if "342件" in q).replace(
        "342件", "365件"
    )
    changed = with_figure(tables, "proposals", 365, "365件", quote)  # adds it to the 全文
    book = tmp_path / "2024年数据.xlsx"
    write_workbook(book, changed)
    done = run_cli("validate", str(book), root=published)
    assert done.returncode == 0, done.stderr

"""Writing Excel/WPS workbooks in the template's form: the blank template, the live data
as a workbook, and a draft with its 待核 sheet. Sheets are named and headed in Chinese
(schema.Table.label, schema.Column.label); ingest/workbook.py reads them back."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zwzx_dash.ingest.raw import REVIEW_COLUMNS, REVIEW_SHEET, ROW_KEYS, Mark
from zwzx_dash.model import schema
from zwzx_dash.model.numerals import COMMON_UNITS
from zwzx_dash.model.pillars import NAME_BY_ID
from zwzx_dash.model.schema import BOOL_WORDS, INSTRUCTIONS, QUALIFIER_WORDS

TEMPLATE_ROWS = 5000  # rows given drop-down lists in the template
_FORMULA_STARTS = ("=", "+", "-", "@")
_HEADER_FILL = PatternFill("solid", fgColor="A4161A")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_TO_REVIEW_FILL = PatternFill("solid", fgColor="FFE699")

# Column meaning and example for the 说明 sheet.
HELP: dict[str, tuple[str, str]] = {
    "org": ("哪个政协组织", schema.DEFAULT_ORG),
    "year": ("年度（四位数字）", "2024"),
    "metric_id": ("指标的固定编码，跨年度保持不变（英文、数字、下划线）", "proposals"),
    "pillar_id": ("所属板块：从下拉列表选；只在总览出现的数字留空", "有为政协"),
    "name": ("指标名称", "收到提案"),
    "value": ("数值；也可照原文写“50余”“约30”“两”“2.83万”", "342"),
    "unit": ("计量单位：从下拉列表选", "件"),
    "qualifier": ("准确；下限（原文写“余/多/以上/超过”）；约数（“约/近/左右”）", "准确"),
    "text": ("原文写法，一字不改", "50余次"),
    "headline": ("是否年度要点（是/否）", "是"),
    "topic": ("主题，用于图表分组，可留空", "建言"),
    "seq": ("显示顺序（整数）", "1"),
    "source_id": ("来源编码，须在“来源”表中", "zw-cppcc-2023-review"),
    "quote": ("原文语句，整句照抄，须包含原文写法", "一年来，中卫市政协收到提案342件……"),
    "section_no": ("这一板块是原文的第几部分（整数），可留空", "1"),
    "slogan": ("口号，照抄原文；原文缺失或未设时留空", "勠力打造“忠诚政协”"),
    "heading": ("原文小标题，照抄原文", "坚持党的领导"),
    "summary": ("导语段落，照抄原文", "这一年，中卫市政协……"),
    "source_status": (
        "原文有无此部分：有此部分；原文缺失（原文有这部分但文字缺失）；本文未设（原文没有这一板块）",
        "有此部分",
    ),
    "title": ("工作亮点的标题（段首那句话）", "坚持党对政协工作的全面领导"),
    "body": ("工作亮点的正文", "自觉落实、坚决维护……"),
    "caption": ("图片说明", "组织政协委员调研重大项目建设情况。"),
    "photo": ("图片文件名（与工作簿一起压缩进 .zip 的 photos 中），可留空", "2024-01.jpg"),
    "publisher": ("发布单位，可留空", "中卫日报"),
    "published": ("发布日期，可留空", "2024-01-05"),
    "authors": ("作者，可留空", "孙振星 王斌"),
}
# Where a column of one table means something else than the same name elsewhere.
TABLE_HELP: dict[tuple[str, str], tuple[str, str]] = {
    ("sources", "source_id"): (
        "给这份原文起的编码（英文、数字、短横线），其他表用它引用这份原文",
        "zw-cppcc-2023-review",
    ),
    ("sources", "title"): ("原文的标题，照抄", "围绕中心大局议政建言 把握民心民意履职尽责"),
    ("sources", "year"): ("这份原文报道的是哪一年（四位数字）", "2024"),
    ("sources", "text"): (
        f"原文全文（数字的原文语句须出现在其中）；确实没有原文时写“{schema.NO_TEXT}”",
        "一年来，中卫市政协……",
    ),
}


def _style_sheet(ws: Any, table: schema.Table) -> None:
    ws.append([c.label for c in table.columns])
    for cell in ws[1]:
        cell.fill = _HEADER_FILL
        cell.font = _HEADER_FONT
        cell.alignment = Alignment(vertical="center")
    ws.freeze_panes = "A2"
    wide = {"quote": 60, "body": 60, "summary": 60, "text": 14, "name": 24, "title": 28}
    for i, column in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = wide.get(
            column.name, max(10, 2 * len(column.label) + 4)
        )


def _add_list(
    ws: Any, table: schema.Table, column: str, options: list[str], *, strict: bool = True
) -> None:
    """A drop-down list on the column; `strict` refuses what is not in it (a unit is only
    suggested: any measure word may be typed, 位, 所, 座)."""
    letter = get_column_letter(table.column_names.index(column) + 1)
    rule = DataValidation(
        type="list",
        formula1='"' + ",".join(options) + '"',
        allow_blank=True,
        showErrorMessage=strict,
        errorTitle="请从列表中选择",
        error="请从下拉列表中选择一项",
    )
    rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    ws.add_data_validation(rule)


def _new_workbook() -> Workbook:
    pillar_names = list(NAME_BY_ID.values())
    wb = Workbook()
    guide = wb.active
    guide.title = INSTRUCTIONS
    guide.append(["工作表", "列", "列名（CSV）", "含义", "示例"])
    for cell in guide[1]:
        cell.fill, cell.font = _HEADER_FILL, _HEADER_FONT
    for table in schema.INPUT_TABLES.values():
        for column in table.columns:
            meaning, example = TABLE_HELP.get(
                (table.name, column.name), HELP.get(column.name, (column.label, ""))
            )
            required = "" if column.nullable else "（必填）"
            guide.append([table.label, column.label, column.name, meaning + required, example])
    for letter, width in zip("ABCDE", (10, 14, 16, 60, 40), strict=True):
        guide.column_dimensions[letter].width = width
    guide.freeze_panes = "A2"
    for table in schema.INPUT_TABLES.values():
        ws = wb.create_sheet(table.label)
        _style_sheet(ws, table)
        if "pillar_id" in table.column_names:
            _add_list(ws, table, "pillar_id", pillar_names)
        if table.name == "metrics":
            _add_list(ws, table, "qualifier", list(QUALIFIER_WORDS.values()))
            _add_list(ws, table, "unit", list(COMMON_UNITS), strict=False)
            _add_list(ws, table, "headline", list(BOOL_WORDS.values()))
        if table.name == "sections":
            _add_list(ws, table, "source_status", list(schema.STATUS_WORDS.values()))
    return wb


def write_template(path: Path | BinaryIO) -> None:
    """A blank workbook for staff: the 说明 sheet and every sheet with its headers and
    drop-down lists."""
    _new_workbook().save(path)


def write_workbook(path: Path | BinaryIO, tables: dict[str, pa.Table]) -> None:
    """The given tables as a workbook in the template's form (pillars by name, 准确/下限/
    约数, 是/否), so staff can start next year from this year's data."""
    _filled_workbook(tables).save(path)


def write_draft(path: Path | BinaryIO, tables: dict[str, pa.Table], marks: list[Mark]) -> None:
    """A workbook drafted by a program: the tables as write_workbook writes them, each
    marked cell filled yellow, and a 待核 sheet listing what a person must fill or check."""
    wb = _filled_workbook(tables)
    review = wb.create_sheet(REVIEW_SHEET, 1)
    review.append(list(REVIEW_COLUMNS))
    for cell in review[1]:
        cell.fill, cell.font = _HEADER_FILL, _HEADER_FONT
    for mark in marks:
        spec = schema.TABLES[mark.table]
        where = _row_key(mark, tables)
        review.append([spec.label, where, spec.column(mark.column).label, mark.note])
        column = spec.column_names.index(mark.column) + 1
        wb[spec.label].cell(mark.row, column).fill = _TO_REVIEW_FILL
    for letter, width in zip("ABCD", (10, 18, 12, 80), strict=True):
        review.column_dimensions[letter].width = width
    review.freeze_panes = "A2"
    wb[INSTRUCTIONS].append(
        [
            REVIEW_SHEET,
            "",
            "",
            "由原文自动生成的草稿：黄色单元格须由工作人员填写（空格）或核对（已填）。"
            "填好后校验即不再提示；核对无误可删去待核表中对应行。“所在行”按该行的顺序（或板块、"
            "来源编号）找到它，增删、排序数据行都不影响；请勿改动这些列的值。",
            "",
        ]
    )
    wb.save(path)


def _row_key(mark: Mark, tables: dict[str, pa.Table]) -> str:
    """How the 待核 list names a marked row: its key column and value as the sheet
    shows them (顺序：12, 板块：有为政协), so it is found again after rows move."""
    spec = schema.TABLES[mark.table]
    column = ROW_KEYS[mark.table]
    value = tables[mark.table][column][mark.index].as_py()
    return f"{spec.column(column).label}：{NAME_BY_ID.get(value, value)}"


def _filled_workbook(tables: dict[str, pa.Table]) -> Workbook:
    wb = _new_workbook()
    for table in schema.INPUT_TABLES.values():
        _fill(wb[table.label], table, tables[table.name])
    return wb


def _fill(ws: Any, table: schema.Table, data: pa.Table) -> None:
    for record in data.to_pylist():
        row = []
        for column in table.columns:
            value = record[column.name]
            if column.name == "pillar_id":
                value = NAME_BY_ID.get(value, value)
            elif column.name == "source_status":
                value = schema.STATUS_WORDS.get(value, value)
            elif column.name == "qualifier":
                value = QUALIFIER_WORDS.get(value, value)
            elif isinstance(value, bool):
                value = BOOL_WORDS[value]
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            row.append(value)
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_STARTS):
                # Text, never a formula: stored as a string with Excel's quote prefix.
                cell.data_type = "s"
                cell.quotePrefix = True

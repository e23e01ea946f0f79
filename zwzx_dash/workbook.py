"""Excel/WPS workbooks: the blank template, the live data as a workbook, and reading a
workbook that staff filled in — refusing hostile or broken files before openpyxl parses
them (defusedxml is installed, so openpyxl parses XML through it).

Sheets are named and headed in Chinese (schema.Table.label, schema.Column.label); the
reader also accepts the English column names used by the CSV files.
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
from defusedxml import DefusedXmlException
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.xml import DEFUSEDXML, LXML

from . import schema
from .numerals import UNITS
from .raw import REVIEW_COLUMNS, REVIEW_SHEET, Mark, Problem, RawTable, attach_marks

INSTRUCTIONS = "说明"
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_MEMBERS = 2000
TEMPLATE_ROWS = 5000  # rows given drop-down lists in the template

if LXML or not DEFUSEDXML:  # see zwzx_dash/__init__.py
    raise ImportError("openpyxl must parse workbooks through defusedxml, not lxml")


def max_workbook_bytes() -> int:
    """The largest workbook accepted: ZWZX_MAX_UPLOAD_MB, default 20 MB."""
    return int(float(os.environ.get("ZWZX_MAX_UPLOAD_MB", "20")) * 1024 * 1024)


def max_rows() -> int:
    """The most data rows accepted in one sheet: ZWZX_MAX_ROWS, default 200,000."""
    return int(os.environ.get("ZWZX_MAX_ROWS", "200000"))


QUALIFIER_WORDS = {"exact": "准确", "over": "下限", "about": "约数"}
BOOL_WORDS = {True: "是", False: "否"}
_FORMULA_STARTS = ("=", "+", "-", "@")
_HEADER_FILL = PatternFill("solid", fgColor="A4161A")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_TO_REVIEW_FILL = PatternFill("solid", fgColor="FFE699")
_MERGE = re.compile(rb'<mergeCell[^>]*\sref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')

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
    "slogan": ("口号", "勠力打造“忠诚政协”"),
    "heading": ("原文小标题", "坚持党的领导"),
    "summary": ("导语段落", "这一年，中卫市政协……"),
    "source_status": ("原文是否有此部分：present 或 missing", "present"),
    "title": ("标题", "坚持党对政协工作的全面领导"),
    "body": ("正文", "自觉落实、坚决维护……"),
    "caption": ("图片说明", "组织政协委员调研重大项目建设情况。"),
    "photo": ("图片文件名（放在 data/photos/ 中），可留空", "2024-01.jpg"),
    "publisher": ("发布单位，可留空", "中卫日报"),
    "published": ("发布日期，可留空", "2024-01-05"),
    "authors": ("作者，可留空", "孙振星 王斌"),
}


# ---------------------------------------------------------------- writing


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


def _add_list(ws: Any, table: schema.Table, column: str, options: list[str]) -> None:
    letter = get_column_letter(table.column_names.index(column) + 1)
    rule = DataValidation(
        type="list",
        formula1='"' + ",".join(options) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="请从列表中选择",
        error="请从下拉列表中选择一项",
    )
    rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    ws.add_data_validation(rule)


def _new_workbook(pillar_names: list[str]) -> Workbook:
    wb = Workbook()
    guide = wb.active
    guide.title = INSTRUCTIONS
    guide.append(["工作表", "列", "列名（CSV）", "含义", "示例"])
    for cell in guide[1]:
        cell.fill, cell.font = _HEADER_FILL, _HEADER_FONT
    for table in schema.TABLES.values():
        for column in table.columns:
            meaning, example = HELP.get(column.name, (column.label, ""))
            required = "" if column.nullable else "（必填）"
            guide.append([table.label, column.label, column.name, meaning + required, example])
    for letter, width in zip("ABCDE", (10, 14, 16, 60, 40), strict=True):
        guide.column_dimensions[letter].width = width
    guide.freeze_panes = "A2"
    for table in schema.TABLES.values():
        ws = wb.create_sheet(table.label)
        _style_sheet(ws, table)
        if "pillar_id" in table.column_names and table.name != "pillars":
            _add_list(ws, table, "pillar_id", pillar_names)
        if table.name == "metrics":
            _add_list(ws, table, "qualifier", list(QUALIFIER_WORDS.values()))
            _add_list(ws, table, "unit", [u for u in UNITS if u != "%"] + ["%"])
            _add_list(ws, table, "headline", list(BOOL_WORDS.values()))
        if table.name == "pillars":
            _add_list(ws, table, "source_status", list(schema.SOURCE_STATUSES))
    return wb


def write_template(path: Path | BinaryIO, pillars: pa.Table) -> None:
    """A blank workbook for staff: the pillars filled in, every other sheet empty."""
    wb = _new_workbook(pillars.column("name").to_pylist())
    _fill(wb[schema.PILLARS.label], schema.PILLARS, pillars, {})
    wb.save(path)


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
        review.append([spec.label, mark.row, spec.column(mark.column).label, mark.note])
        column = spec.column_names.index(mark.column) + 1
        wb[spec.label].cell(mark.row, column).fill = _TO_REVIEW_FILL
    for letter, width in zip("ABCD", (10, 8, 12, 80), strict=True):
        review.column_dimensions[letter].width = width
    review.freeze_panes = "A2"
    wb[INSTRUCTIONS].append(
        [
            REVIEW_SHEET,
            "",
            "",
            "由原文自动生成的草稿：黄色单元格须由工作人员填写（空格）或核对（已填）。"
            "填好后校验即不再提示；核对无误可删去待核表中对应行。请勿增删数据行，以免行号对不上。",
            "",
        ]
    )
    wb.save(path)


def _filled_workbook(tables: dict[str, pa.Table]) -> Workbook:
    pillars = tables["pillars"]
    names = dict(
        zip(
            pillars.column("pillar_id").to_pylist(), pillars.column("name").to_pylist(), strict=True
        )
    )
    wb = _new_workbook(list(names.values()))
    for table in schema.TABLES.values():
        _fill(wb[table.label], table, tables[table.name], names)
    return wb


def _fill(ws: Any, table: schema.Table, data: pa.Table, pillar_names: dict[str, str]) -> None:
    for record in data.to_pylist():
        row = []
        for column in table.columns:
            value = record[column.name]
            if column.name == "pillar_id" and table.name != "pillars":
                value = pillar_names.get(value, value)
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


# ---------------------------------------------------------------- reading


def is_workbook(data_head: bytes) -> bool:
    return data_head.startswith(b"PK\x03\x04")


def _check_archive(path: Path, name: str) -> list[Problem]:
    """Refuse what is not a plain .xlsx, or would expand beyond the limits, before
    any XML is parsed."""
    size, limit = path.stat().st_size, max_workbook_bytes()
    if size > limit:
        return [Problem(name, f"文件大小 {_human(size)}，超过上限 {_human(limit)}")]
    with open(path, "rb") as fh:
        if not is_workbook(fh.read(4)):
            return [Problem(name, "不是 Excel 工作簿（.xlsx）；请在 Excel/WPS 中另存为 .xlsx")]
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return [Problem(name, "文件已损坏，无法作为 .xlsx 打开")]
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        return [Problem(name, "不是 Excel 工作簿（缺少 xl/workbook.xml）；请另存为 .xlsx")]
    if "xl/vbaProject.bin" in names:
        return [Problem(name, "含有宏（VBA）；请另存为不含宏的 .xlsx")]
    if len(members) > MAX_MEMBERS:
        return [Problem(name, "工作簿内部文件过多，疑似异常文件")]
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        return [Problem(name, "工作簿解压后过大，疑似异常文件（压缩炸弹）")]
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > MAX_COMPRESSION_RATIO * max(
            m.compress_size, 1
        ):
            return [Problem(name, "工作簿压缩比异常，疑似压缩炸弹，已拒绝")]
    return []


def _unreadable(err: BaseException) -> str:
    chain = [err]
    while chain[-1].__cause__ or chain[-1].__context__:
        chain.append(chain[-1].__cause__ or chain[-1].__context__)
    if any(isinstance(e, DefusedXmlException) for e in chain):
        return "无法读取工作簿：含有不安全的 XML 内容（实体或 DTD 声明），已拒绝"
    return f"无法读取工作簿：文件内容有误（{type(chain[-1]).__name__}）；请在 Excel/WPS 中重新另存"


def _human(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 2**10:.1f} KB"


def _merged_ranges(archive: zipfile.ZipFile, member: str) -> list[tuple[str, int, str, int]]:
    """Merged cells of one sheet, read from its XML without building the sheet."""
    found = []
    tail = b""
    with archive.open(member) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            chunk = tail + block
            for m in _MERGE.finditer(chunk):
                c1, r1, c2, r2 = m.groups()
                found.append((c1.decode(), int(r1), (c2 or c1).decode(), int(r2 or r1)))
            tail = chunk[-200:]
            # A match within the kept tail would be seen twice; drop duplicates below.
    return sorted(set(found))


def _cell_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value.isoformat()
    return value


def read_workbook(
    path: Path, name: str | None = None
) -> tuple[dict[str, RawTable], list[Problem], str]:
    """Read the data sheets of a workbook into RawTables (row numbers as Excel shows
    them). Returns the tables, the problems found, and the file's sha256."""
    name = name or path.name
    problems = _check_archive(path, name)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if problems:
        return {}, problems, digest
    by_label = {t.label: t for t in schema.TABLES.values()}
    tables: dict[str, RawTable] = {}
    try:
        values = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except Exception as err:  # openpyxl raises many kinds on a broken file
        return {}, [Problem(name, _unreadable(err))], digest
    review: list[tuple[int, list[Any]]] = []
    try:
        with zipfile.ZipFile(path) as archive:
            for sheet in values.sheetnames:
                table = by_label.get(sheet) or schema.TABLES.get(sheet)
                if sheet == REVIEW_SHEET:
                    review = _plain_rows(values[sheet])
                    continue
                if table is None:
                    if sheet != INSTRUCTIONS:
                        known = "、".join(by_label)
                        problems.append(Problem(name, f"不认识的工作表；应为 {known}", sheet=sheet))
                    continue
                ws = values[sheet]
                problems += _merged_problems(archive, ws, name, sheet)
                raw = _read_sheet(ws, formulas[sheet], table, name, sheet, problems)
                if raw is not None:
                    tables[table.name] = raw
    finally:
        values.close()
        formulas.close()
    for table in schema.TABLES.values():
        if table.name not in tables and not any(p.sheet == table.label for p in problems):
            problems.append(Problem(name, f"缺少“{table.label}”工作表", sheet=table.label))
    if review:
        header = [c for c in review[0][1] if c is not None]
        attach_marks(tables, header, review[1:], name, REVIEW_SHEET, problems)
    return tables, problems, digest


def _plain_rows(ws: Any) -> list[tuple[int, list[Any]]]:
    """The non-empty rows of a small sheet, numbered as Excel numbers them."""
    rows = []
    for row_no, cells in enumerate(ws.iter_rows(values_only=True), start=1):
        if row_no > max_rows() + 1:
            break
        if any(c is not None and str(c).strip() for c in cells):
            rows.append((row_no, list(cells)))
    return rows


def _merged_problems(archive: zipfile.ZipFile, ws: Any, name: str, sheet: str) -> list[Problem]:
    out = []
    for c1, r1, c2, r2 in _merged_ranges(archive, ws._worksheet_path):
        out.append(
            Problem(
                name,
                f"{c1}{r1}:{c2}{r2} 是合并单元格；请取消合并，每个单元格填一个值",
                sheet=sheet,
                row=r1,
            )
        )
    return out


def _read_sheet(
    ws: Any, ws_formulas: Any, table: schema.Table, name: str, sheet: str, problems: list[Problem]
) -> RawTable | None:
    by_header = {c.label: c.name for c in table.columns} | {c.name: c.name for c in table.columns}
    rows = ws.iter_rows(values_only=True)
    formula_rows = ws_formulas.iter_rows(values_only=True)
    header_cells = next(rows, None) or ()
    next(formula_rows, None)
    header: list[str] = []
    labels: dict[str, str] = {}
    for cell in header_cells:
        text = "" if cell is None else str(cell).strip()
        if not text:
            header.append("")
            continue
        column = by_header.get(text)
        if column is None:
            problems.append(Problem(name, f"不认识的列“{text}”", sheet=sheet, row=1, column=text))
            header.append("")
            continue
        header.append(column)
        labels[column] = text
    raw = RawTable(table.name, name, sheet, [h for h in header if h], labels=labels)
    limit = max_rows()
    for row_no, (cells, formula_cells) in enumerate(zip(rows, formula_rows, strict=False), start=2):
        if row_no > limit + 1:
            problems.append(Problem(name, f"超过 {limit} 行数据的上限", sheet=sheet, row=row_no))
            return None
        blank = not any(c is not None and str(c).strip() for c in cells)
        if blank and not any(f is not None for f in formula_cells):
            continue
        record: dict[str, Any] = {}
        for i, (column, value) in enumerate(zip(header, cells, strict=False)):
            if not column:
                continue
            formula = formula_cells[i] if i < len(formula_cells) else None
            if isinstance(formula, str) and formula.startswith("=") and value is None:
                problems.append(
                    Problem(
                        name,
                        "是没有计算结果的公式；请复制后“选择性粘贴—数值”",
                        sheet=sheet,
                        row=row_no,
                        column=labels[column],
                    )
                )
            record[column] = _cell_value(value)
        raw.rows.append((row_no, record))
    return raw

"""Reading an Excel/WPS workbook that staff filled in — refusing hostile or broken files
before openpyxl parses them (defusedxml is installed, so openpyxl parses XML through it).

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
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.xml import DEFUSEDXML, LXML

from zwzx_dash.ingest.raw import REVIEW_SHEET, Problem, RawTable, attach_marks
from zwzx_dash.model import schema
from zwzx_dash.model.schema import INSTRUCTIONS

# A workbook's XML takes ~825 bytes per 指标 row, the other sheets included (measured on
# synthetic data written by export/workbook.py); the uncompressed cap follows ZWZX_MAX_ROWS
# with room to spare for long 原文语句.
UNCOMPRESSED_BYTES_PER_ROW = 1024
UNCOMPRESSED_BYTES_FIXED = 8 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_MEMBERS = 2000

if LXML or not DEFUSEDXML:  # see zwzx_dash/__init__.py
    raise ImportError("openpyxl must parse workbooks through defusedxml, not lxml")


def max_workbook_bytes() -> int:
    """The largest workbook accepted: ZWZX_MAX_UPLOAD_MB, default 20 MB."""
    return int(float(os.environ.get("ZWZX_MAX_UPLOAD_MB", "20")) * 1024 * 1024)


def max_rows() -> int:
    """The most data rows accepted in one sheet: ZWZX_MAX_ROWS, default 200,000."""
    return int(os.environ.get("ZWZX_MAX_ROWS", "200000"))


def max_uncompressed_bytes() -> int:
    """How large a workbook may be once unzipped: what max_rows() rows take, and a little."""
    return UNCOMPRESSED_BYTES_FIXED + max_rows() * UNCOMPRESSED_BYTES_PER_ROW


_MERGE = re.compile(rb'<mergeCell[^>]*\sref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


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
    if len(members) > MAX_MEMBERS:
        return [Problem(name, "工作簿内部文件过多，疑似异常文件")]
    if _has_macros(path, names):
        return [Problem(name, "含有宏（VBA）或 ActiveX 控件；请另存为不含宏的 .xlsx")]
    total, most = sum(m.file_size for m in members), max_uncompressed_bytes()
    if total > most:
        return [
            Problem(
                name,
                f"工作簿解压后 {_human(total)}，超过上限 {_human(most)}"
                f"（按每表最多 {max_rows():,} 行计）；请拆分后分批上传",
            )
        ]
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > MAX_COMPRESSION_RATIO * max(
            m.compress_size, 1
        ):
            return [Problem(name, "工作簿压缩比异常，疑似压缩炸弹，已拒绝")]
    return []


# What marks macros or controls, whatever the part is called: Excel finds a VBA project by
# its content type and relationship, not by the name xl/vbaProject.bin.
_MACRO_MARKS = (b"vbaproject", b"macroenabled", b"activex", b"ms-office.vba")
_MAX_TYPES_BYTES = 1024 * 1024


def _has_macros(path: Path, names: set[str]) -> bool:
    if any(m in n.lower().encode() for n in names for m in (b"vbaproject", b"activex")):
        return True
    with zipfile.ZipFile(path) as archive:
        typed = [n for n in names if n == "[Content_Types].xml" or n.endswith(".rels")]
        for member in typed:
            with archive.open(member) as fh:
                if any(m in fh.read(_MAX_TYPES_BYTES).lower() for m in _MACRO_MARKS):
                    return True
    return False


def _unreadable(err: BaseException) -> str:
    chain = [err]
    while chain[-1].__cause__ or chain[-1].__context__:
        chain.append(chain[-1].__cause__ or chain[-1].__context__)
    if any(isinstance(e, DefusedXmlException) for e in chain):
        return "无法读取工作簿：含有不安全的 XML 内容（实体或 DTD 声明），已拒绝"
    return f"无法读取工作簿：文件内容有误（{type(chain[-1]).__name__}）；请在 Excel/WPS 中重新另存"


def _broken_sheet(err: Exception) -> str:
    if isinstance(err, DefusedXmlException):
        return "工作表含有不安全的 XML 内容（实体或 DTD 声明），已拒绝"
    line, column = getattr(err, "position", (0, 0))
    return (
        f"工作表的内容已损坏（XML 第 {line} 行第 {column} 列附近）；"
        "请在 Excel/WPS 中打开后重新另存为 .xlsx"
    )


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
    by_label = {t.label: t for t in schema.INPUT_TABLES.values()}
    tables: dict[str, RawTable] = {}
    try:
        values = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except Exception as err:  # openpyxl raises many kinds on a broken file
        return {}, [Problem(name, _unreadable(err))], digest
    for ws in (*values.worksheets, *formulas.worksheets):
        # A read-only sheet stops at the size its <dimension> claims; a program that
        # wrote a stale one would silently drop every row past it. Read every row.
        ws.reset_dimensions()
    review: list[tuple[int, list[Any]]] = []
    try:
        with zipfile.ZipFile(path) as archive:
            for sheet in values.sheetnames:
                table = by_label.get(sheet) or schema.INPUT_TABLES.get(sheet)
                try:
                    if sheet == REVIEW_SHEET:
                        review = _plain_rows(values[sheet])
                        continue
                    if table is None:
                        if sheet != INSTRUCTIONS:
                            known = "、".join(by_label)
                            problems.append(
                                Problem(name, f"不认识的工作表；应为 {known}", sheet=sheet)
                            )
                        continue
                    ws = values[sheet]
                    problems += _merged_problems(archive, ws, name, sheet)
                    raw = _read_sheet(ws, formulas[sheet], table, name, sheet, problems)
                except (ParseError, DefusedXmlException) as err:
                    problems.append(Problem(name, _broken_sheet(err), sheet=sheet))
                    continue
                if raw is not None:
                    tables[table.name] = raw
    finally:
        values.close()
        formulas.close()
    for table in schema.INPUT_TABLES.values():
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
    by_header = table.header_names
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

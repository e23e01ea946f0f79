"""What readers produce: raw tables of cells with their row numbers, and the problems
found, each naming its place the way the user sees it (file, sheet, row, header)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zwzx_dash.model.schema import TABLES


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    sheet: str | None = None
    row: int | None = None  # numbered as the user's spreadsheet or editor numbers it
    column: str | None = None  # the header as the user sees it

    def __str__(self) -> str:
        where = [f"文件 {self.file}"]
        if self.sheet:
            where.append(f"工作表「{self.sheet}」")
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"「{self.column}」列")
        return "，".join(where) + "：" + self.message


class InputRefused(Exception):
    """The input was refused; nothing was published."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"数据未通过校验，共 {len(self.problems)} 处问题，未发布任何内容："]
        lines += [f"  {i}. {p}" for i, p in enumerate(self.problems, 1)]
        return "\n".join(lines)


@dataclass
class RawTable:
    """One table as read from the input: text (or already typed) cells keyed by column."""

    name: str
    file: str
    sheet: str | None
    header: list[str]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # column -> header as written
    # Cells a person still has to fill or check: (row, column) -> what to do (from 待核)
    marks: dict[tuple[int, str], str] = field(default_factory=dict)

    def shown(self, column: str | None) -> str | None:
        """The header the user sees for a column."""
        return None if column is None else self.labels.get(column, column)


# ---------------------------------------------------------------- 待核: cells marked for a person

REVIEW_SHEET = "待核"  # in a workbook
REVIEW_FILE = "review.csv"  # in a CSV folder
REVIEW_COLUMNS = ("工作表", "所在行", "列", "说明")  # a CSV may use table, row, column, note
_REVIEW_ALIASES = dict(zip(("table", "row", "column", "note"), REVIEW_COLUMNS, strict=True))
_REVIEW_ALIASES["行"] = "所在行"  # drafts written before rows were found by their key
# The column that finds a marked row again after rows are added, deleted or sorted in
# Excel: 所在行 says “顺序：12”, not a row number that moves.
ROW_KEYS = {
    "metrics": "seq",
    "highlights": "seq",
    "captions": "seq",
    "sections": "pillar_id",
    "sources": "source_id",
}


@dataclass(frozen=True)
class Mark:
    """A cell a person must fill (left empty) or check (filled with a guess)."""

    table: str  # table name: metrics, highlights, captions, ...
    index: int  # the row's position in the table, from 0
    column: str  # column name
    note: str  # what to fill or check, in Chinese

    @property
    def row(self) -> int:
        """The row as a spreadsheet numbers it, under the header row."""
        return self.index + 2


def attach_marks(
    tables: dict[str, RawTable],
    header: list[str],
    rows: list[tuple[int, list[object]]],
    file: str,
    sheet: str | None,
    problems: list[Problem],
) -> None:
    """Read the 待核 list (sheet or file) into the marks of the tables it names.
    Its rows name a table (sheet label or table name), the row (by its key, 顺序：12, or
    in an older draft by its number), a column (header or column name) and what to fill
    or check. A row that is no longer there has nothing left to do."""
    names = [_REVIEW_ALIASES.get(str(h).strip(), str(h).strip()) for h in header]
    if names[:4] != list(REVIEW_COLUMNS):
        problems.append(Problem(file, f"表头应为 {'、'.join(REVIEW_COLUMNS)}", sheet, 1))
        return
    by_label = {t.label: t for t in TABLES.values()} | TABLES
    for row_no, cells in rows:
        table_name, where, column, note = (list(cells) + [None] * 4)[:4]
        spec = by_label.get(str(table_name or "").strip())
        if spec is None:
            problems.append(Problem(file, "应写明工作表（如 指标）", sheet, row_no))
            continue
        name = spec.header_names.get(str(column or "").strip())
        if name is None:
            problems.append(Problem(file, f"“{spec.label}”表没有“{column}”列", sheet, row_no))
            continue
        if spec.name not in tables:
            continue
        row = _marked_row(tables[spec.name], where)
        if row == 0:
            key = spec.column(ROW_KEYS[spec.name]).label
            message = f"“所在行”应写成“{key}：…”（该行“{key}”列的值）"
            problems.append(Problem(file, message, sheet, row_no))
        elif row is not None:
            tables[spec.name].marks[(row, name)] = str(note or "").strip() or "请填写"


def _marked_row(table: RawTable, where: object) -> int | None:
    """The row number of the row a 待核 entry names: by its key (顺序：12, seq=12), or as
    a row number (older drafts); None when no row has that key any more, 0 when `where`
    says no row."""
    where = _cell_text(where)
    if where.isdigit():
        return int(where) if int(where) >= 2 else 0
    label, sep, value = where.replace("=", "：").replace(":", "：").partition("：")
    column = _header_names(table).get(label.strip())
    if not sep or column is None:
        return 0
    value = value.strip()
    return next((n for n, c in table.rows if _cell_text(c.get(column)) == value), None)


def _header_names(table: RawTable) -> dict[str, str]:
    spec = TABLES[table.name]
    return spec.header_names | {label: name for name, label in table.labels.items()}


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()

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
REVIEW_COLUMNS = ("工作表", "行", "列", "说明")  # a CSV may use table, row, column, note
_REVIEW_ALIASES = dict(zip(("table", "row", "column", "note"), REVIEW_COLUMNS, strict=True))


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
    Its rows name a table (sheet label or table name), a row, a column (header or column
    name) and what to fill or check."""
    names = [_REVIEW_ALIASES.get(str(h).strip(), str(h).strip()) for h in header]
    if names[:4] != list(REVIEW_COLUMNS):
        problems.append(Problem(file, f"表头应为 {'、'.join(REVIEW_COLUMNS)}", sheet, 1))
        return
    by_label = {t.label: t for t in TABLES.values()} | TABLES
    for row_no, cells in rows:
        table_name, row, column, note = (list(cells) + [None] * 4)[:4]
        spec = by_label.get(str(table_name or "").strip())
        try:
            row = int(str(row).strip())
        except ValueError:
            row = 0
        if spec is None or row < 2:
            problems.append(Problem(file, "应写明工作表（如 指标）和行号（2 起）", sheet, row_no))
            continue
        columns = spec.header_names
        name = columns.get(str(column or "").strip())
        if name is None:
            problems.append(Problem(file, f"“{spec.label}”表没有“{column}”列", sheet, row_no))
            continue
        if spec.name in tables:
            tables[spec.name].marks[(row, name)] = str(note or "").strip() or "请填写"

"""What readers produce: raw tables of cells with their row numbers, and the problems
found, each naming its place the way the user sees it (file, sheet, row, header)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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

    def shown(self, column: str | None) -> str | None:
        """The header the user sees for a column."""
        return None if column is None else self.labels.get(column, column)

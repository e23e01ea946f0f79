"""The tables of a snapshot, declared once: column types, keys and Chinese labels.

Every writer casts to these schemas before writing and every reader checks them on
read, so a snapshot on disk always has exactly these columns and types.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

DEFAULT_ORG = "中卫市政协"

QUALIFIERS: dict[str, str] = {
    "exact": "准确数",
    "over": "下限（余/多/以上/超过）",
    "about": "约数（约/近/左右）",
}
# How a workbook writes qualifiers and booleans, and the name of its instructions sheet.
QUALIFIER_WORDS = {"exact": "准确", "over": "下限", "about": "约数"}
BOOL_WORDS = {True: "是", False: "否"}
INSTRUCTIONS = "说明"


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    label: str  # Chinese header, used in messages and (later) workbook sheets
    nullable: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    label: str  # Chinese sheet name
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns])

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def header_names(self) -> dict[str, str]:
        """A header as a file may write it (the Chinese label or the column name) -> the
        column name."""
        return {c.label: c.name for c in self.columns} | {c.name: c.name for c in self.columns}

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _c(name: str, type_: pa.DataType, label: str, nullable: bool = False) -> Column:
    return Column(name, type_, label, nullable)


METRICS = Table(
    "metrics",
    "指标",
    (
        _c("org", pa.string(), "政协组织"),
        _c("year", pa.int16(), "年度"),
        _c("metric_id", pa.string(), "指标编码"),
        _c("pillar_id", pa.string(), "板块编码", nullable=True),
        _c("name", pa.string(), "指标名称"),
        _c("value", pa.float64(), "数值"),
        _c("unit", pa.string(), "计量单位"),
        _c("qualifier", pa.string(), "精确度"),
        _c("text", pa.string(), "原文写法"),
        _c("headline", pa.bool_(), "年度要点"),
        _c("topic", pa.string(), "主题", nullable=True),
        _c("seq", pa.int16(), "顺序"),
        _c("source_id", pa.string(), "来源编码"),
        _c("quote", pa.string(), "原文语句"),
    ),
    key=("org", "year", "metric_id"),
)

PILLARS = Table(
    "pillars",
    "板块名录",
    (
        _c("pillar_id", pa.string(), "板块编码"),
        _c("seq", pa.int16(), "顺序"),
        _c("name", pa.string(), "板块名称"),
    ),
    key=("pillar_id",),
)

# What one org's document for one year says of each pillar.
SECTIONS = Table(
    "sections",
    "板块",
    (
        _c("org", pa.string(), "政协组织"),
        _c("year", pa.int16(), "年度"),
        _c("pillar_id", pa.string(), "板块编码"),
        _c("section_no", pa.int16(), "原文部分", nullable=True),
        _c("slogan", pa.string(), "口号", nullable=True),
        _c("heading", pa.string(), "原文标题", nullable=True),
        _c("summary", pa.string(), "导语", nullable=True),
        _c("source_status", pa.string(), "原文状态"),
        _c("source_id", pa.string(), "来源编码"),
    ),
    key=("org", "year", "pillar_id"),
)

HIGHLIGHTS = Table(
    "highlights",
    "亮点",
    (
        _c("org", pa.string(), "政协组织"),
        _c("year", pa.int16(), "年度"),
        _c("pillar_id", pa.string(), "板块编码"),
        _c("seq", pa.int16(), "顺序"),
        _c("title", pa.string(), "标题"),
        _c("body", pa.string(), "正文"),
        _c("source_id", pa.string(), "来源编码"),
    ),
    key=("org", "year", "pillar_id", "seq"),
)

CAPTIONS = Table(
    "captions",
    "图片",
    (
        _c("org", pa.string(), "政协组织"),
        _c("year", pa.int16(), "年度"),
        _c("pillar_id", pa.string(), "板块编码"),
        _c("seq", pa.int16(), "顺序"),
        _c("caption", pa.string(), "图片说明"),
        _c("photo", pa.string(), "图片文件", nullable=True),
        _c("source_id", pa.string(), "来源编码"),
    ),
    key=("org", "year", "pillar_id", "seq"),
)

SOURCES = Table(
    "sources",
    "来源",
    (
        _c("source_id", pa.string(), "来源编码"),
        _c("org", pa.string(), "政协组织"),
        _c("year", pa.int16(), "年度"),  # the year the document reports on
        _c("title", pa.string(), "标题"),
        _c("publisher", pa.string(), "发布单位", nullable=True),
        _c("published", pa.string(), "发布日期", nullable=True),
        _c("authors", pa.string(), "作者", nullable=True),
        _c("text", pa.string(), "全文"),
    ),
    key=("source_id",),
)

TABLES: dict[str, Table] = {
    t.name: t for t in (METRICS, PILLARS, SECTIONS, HIGHLIGHTS, CAPTIONS, SOURCES)
}
# What staff fill in (a workbook's sheets, a CSV folder's files): every table but the fixed
# pillar vocabulary, which validation adds from model.pillars.
INPUT_TABLES: dict[str, Table] = {n: t for n, t in TABLES.items() if n != "pillars"}
# Tables whose rows belong to one org and year.
YEARLY = ("metrics", "sections", "highlights", "captions")

# Does this org's document for this year have the pillar's section? `missing`: it has one
# but the text is lost (section 3 of the 2023 review); `none`: it has no such section.
SOURCE_STATUSES = ("present", "missing", "none")
STATUS_WORDS = {"present": "有此部分", "missing": "原文缺失", "none": "本文未设"}
# A source whose 全文 is exactly this has no text to check quotes against, on purpose.
NO_TEXT = "无原文"

YEAR_MIN, YEAR_MAX = 1949, 2100


def check_schema(table_name: str, table: pa.Table) -> None:
    """Raise ValueError when an Arrow table does not have exactly the declared schema."""
    expected = TABLES[table_name].schema
    if not table.schema.equals(expected, check_metadata=False):
        raise ValueError(f"table {table_name!r} has schema {table.schema}, expected {expected}")

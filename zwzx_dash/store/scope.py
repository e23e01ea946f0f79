"""What a publish replaces, per org and year, in the figures staff and leaders count on:
how many the org-year had, and how many the publish removes, adds and changes. A publish
that would remove more than a third of an existing org-year's figures is risky (a draft
filed under the wrong org, a half-filled workbook) and the CLI asks for --yes."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

RISKY_SHARE = 1 / 3


@dataclass(frozen=True)
class OrgYearChange:
    org: str
    year: int
    before: int
    removed: int
    added: int
    changed: int

    @property
    def risky(self) -> bool:
        return self.before > 0 and self.removed > self.before * RISKY_SHARE

    def line(self) -> str:
        had = f"原有 {self.before} 个数字" if self.before else "新的单位年度"
        return (
            f"{self.org} {self.year}年：{had}，删除 {self.removed}、新增 {self.added}、"
            f"修改 {self.changed}"
        )


_COUNTS = """
SELECT org, year,
       count(o.metric_id) AS before,
       count(*) FILTER (WHERE n.metric_id IS NULL) AS removed,
       count(*) FILTER (WHERE o.metric_id IS NULL) AS added,
       count(*) FILTER (WHERE o.metric_id IS NOT NULL AND n.metric_id IS NOT NULL AND (
           o.value IS DISTINCT FROM n.value OR o.qualifier IS DISTINCT FROM n.qualifier
           OR o.unit IS DISTINCT FROM n.unit OR o.text IS DISTINCT FROM n.text
           OR o.quote IS DISTINCT FROM n.quote OR o.source_id IS DISTINCT FROM n.source_id
       )) AS changed
FROM o FULL OUTER JOIN n USING (org, year, metric_id)
GROUP BY org, year
HAVING removed + added + changed > 0
ORDER BY org, year
"""


def org_year_changes(
    live: dict[str, pa.Table] | None, published: dict[str, pa.Table]
) -> list[OrgYearChange]:
    """Every org-year whose figures differ between the live tables and what would be
    published, in (org, year) order. One join in DuckDB: a refresh at millions of figures
    does not walk them in Python."""
    columns = [
        "org",
        "year",
        "metric_id",
        "value",
        "qualifier",
        "unit",
        "text",
        "quote",
        "source_id",
    ]
    new = published["metrics"].select(columns)
    old = live["metrics"].select(columns) if live else new.schema.empty_table()
    con = duckdb.connect(":memory:")
    try:
        con.register("o", old)
        con.register("n", new)
        rows = con.execute(_COUNTS).fetchall()
    finally:
        con.close()
    return [OrgYearChange(*row) for row in rows]

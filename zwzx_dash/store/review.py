"""What a person must see before a publish lands, beyond the row-by-row validation:

- refusals: an incoming 来源 that takes the id of a live one still cited by data the
  publish keeps, and reports on another org or year, or no longer holds their 原文语句;
- confirmations (`--yes`, the staff page's red tick): an org-year the input's sources do
  not report on, and the risky scopes of store.scope;
- warnings (`--accept-warnings`, the staff page's tick): a figure whose text and 原文语句
  are those of the same org's adjacent year, and a year more than half such figures.

Computed on the merged tables with DuckDB, so that a refresh at millions of figures does
not walk them in Python."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from zwzx_dash.model import fidelity, schema
from zwzx_dash.store import merge, scope

UNCHANGED_SHARE = 1 / 2
SHOWN_REPEATS = 10  # repeated figures named one by one; the rest are counted

# Consecutive years of an org, where the later or the earlier is being published, with
# how many figures of the later repeat the earlier's text and quote exactly.
_REPEATS = """
WITH pairs AS (
    SELECT org, year, lag(year) OVER (PARTITION BY org ORDER BY year) AS prev_year
    FROM (SELECT DISTINCT org, year FROM m)),
touched AS (
    SELECT p.* FROM pairs p
    WHERE p.prev_year IS NOT NULL
      AND EXISTS (SELECT 1 FROM incoming i WHERE i.org = p.org
                  AND (i.year = p.year OR i.year = p.prev_year)))
SELECT t.org, t.year, t.prev_year, count(*) AS total,
       list(c.name ORDER BY c.seq) FILTER (WHERE o.metric_id IS NOT NULL) AS names
FROM touched t
JOIN m c ON c.org = t.org AND c.year = t.year
LEFT JOIN m o ON o.org = t.org AND o.year = t.prev_year AND o.metric_id = c.metric_id
             AND o.text = c.text AND o.quote = c.quote
GROUP BY t.org, t.year, t.prev_year
ORDER BY t.org, t.year
"""


@dataclass(frozen=True)
class Repeats:
    """The figures of (org, year) whose text and quote equal those of prev_year."""

    org: str
    year: int
    prev_year: int
    total: int
    names: tuple[str, ...]

    @property
    def mostly(self) -> bool:
        return self.total > 0 and len(self.names) > self.total * UNCHANGED_SHARE

    def lines(self) -> list[str]:
        where = f"{self.org} {self.year}年"
        shown = "、".join(self.names[:SHOWN_REPEATS])
        more = f"等 {len(self.names)} 个" if len(self.names) > SHOWN_REPEATS else ""
        out = [
            f"{where}的{shown}{more}数字与{self.prev_year}年原文写法、原文语句完全相同；"
            "请核对是否误用了上一年的数据"
        ]
        if self.mostly:
            out.append(
                f"{where}有 {len(self.names)}/{self.total} 个数字与{self.prev_year}年完全相同，"
                "超过一半；请确认这确实是新一年的原文"
            )
        return out


@dataclass(frozen=True)
class Review:
    changes: list[scope.OrgYearChange]
    refusals: list[str]
    confirmations: list[str]
    warnings: list[str]


def review(
    live: dict[str, pa.Table] | None, tables: dict[str, pa.Table], incoming: dict[str, pa.Table]
) -> Review:
    """What publishing `tables` (the merge of `incoming` onto `live`) asks of a person."""
    changes = scope.org_year_changes(live, tables)
    confirmations = [
        f"将删除{c.org} {c.year}年原有数字的三分之一以上（{c.line()}）；"
        "请确认单位和年度无误（如草稿是否记在了正确的单位名下）"
        for c in changes
        if c.risky
    ]
    confirmations += [
        f"本次数据含{org} {year}年，但来源表中没有报道{org} {year}年的原文；请确认单位和年度无误"
        for org, year in unreported(incoming)
    ]
    return Review(
        changes=changes,
        refusals=list(_reused_sources(live, tables, incoming)),
        confirmations=confirmations,
        warnings=[line for r in repeats(tables, incoming) for line in r.lines()],
    )


def unreported(incoming: dict[str, pa.Table]) -> list[tuple[str, int]]:
    """The input's org-years that none of its sources reports on (by the sources' org and
    year): a draft filed under the wrong org or year."""
    sources = incoming["sources"]
    orgs, years = sources.column("org").to_pylist(), sources.column("year").to_pylist()
    reported = set(zip(orgs, years, strict=True))
    return sorted(merge.org_years(incoming) - reported)


def repeats(tables: dict[str, pa.Table], incoming: dict[str, pa.Table]) -> list[Repeats]:
    """Per org-year next to a published one, the figures equal to the year before's."""
    pairs = sorted(merge.org_years(incoming))
    published = pa.table(
        {"org": [o for o, _ in pairs], "year": pa.array([y for _, y in pairs], pa.int16())}
    )
    columns = ["org", "year", "metric_id", "seq", "name", "text", "quote"]
    con = duckdb.connect(":memory:")
    try:
        con.register("m", tables["metrics"].select(columns))
        con.register("incoming", published)
        rows = con.execute(_REPEATS).fetchall()
    finally:
        con.close()
    found = [Repeats(o, y, p, total, tuple(names or ())) for o, y, p, total, names in rows]
    return [r for r in found if r.names]


def _reused_sources(
    live: dict[str, pa.Table] | None, tables: dict[str, pa.Table], incoming: dict[str, pa.Table]
) -> list[str]:
    """An incoming source replaces the live one with its id (merge by key); the rows the
    publish keeps that cite it must still be traceable to it."""
    if live is None:
        return []
    after = {s["source_id"]: s for s in incoming["sources"].to_pylist()}
    ids = pa.array(sorted(after), pa.string())
    live_sources = live["sources"].filter(pc.is_in(live["sources"].column("source_id"), ids))
    before = {s["source_id"]: s for s in live_sources.to_pylist()}  # only the ids reused
    touched = {i for i, s in after.items() if i in before and s != before[i]}
    if not touched:
        return []
    replaced = merge.org_years(incoming)
    citing = {
        name: tables[name]
        .filter(pc.is_in(tables[name].column("source_id"), pa.array(sorted(touched))))
        .to_pylist()
        for name in schema.YEARLY
    }
    problems = []
    for source_id in sorted(touched):
        new = after[source_id]
        document = fidelity.Document(new["text"] or "")
        kept = [
            (name, row)
            for name, rows in citing.items()
            for row in rows
            if row["source_id"] == source_id and (row["org"], row["year"]) not in replaced
        ]
        for org, year in sorted({(row["org"], row["year"]) for _, row in kept}):
            if (new["org"], new["year"]) != (org, year):
                problems.append(
                    f"来源“{source_id}”是{org} {year}年已发布数据的出处；本次把它改成"
                    f"报道{new['org']} {new['year']}年的原文，会让那些数据的出处失真。"
                    "新的原文请另起一个来源编码"
                )
        lost = [
            row
            for name, row in kept
            if name == "metrics"
            and new["text"] != schema.NO_TEXT
            and not document.holds(row["quote"])
        ]
        if lost:
            problems.append(
                f"来源“{source_id}”的全文改动后，已发布的{lost[0]['org']} {lost[0]['year']}年"
                f"“{lost[0]['name']}”等 {len(lost)} 个数字的原文语句不再出现在其中；"
                "新的原文请另起一个来源编码，或保留原有全文"
            )
    return problems

"""What a publish replaces, per org and year, in the figures staff and leaders count on:
how many the org-year had, and how many the publish removes, adds and changes. A publish
that would remove more than a third of an existing org-year's figures is risky (a draft
filed under the wrong org, a half-filled workbook) and the CLI asks for --yes."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

RISKY_SHARE = 1 / 3
_COMPARED = ("value", "qualifier", "unit", "text", "quote", "source_id")


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


def _figures(metrics: pa.Table | None) -> dict[tuple[str, int], dict[str, tuple]]:
    by_org_year: dict[tuple[str, int], dict[str, tuple]] = {}
    if metrics is None:
        return by_org_year
    for row in metrics.select(["org", "year", "metric_id", *_COMPARED]).to_pylist():
        figures = by_org_year.setdefault((row["org"], row["year"]), {})
        figures[row["metric_id"]] = tuple(row[c] for c in _COMPARED)
    return by_org_year


def org_year_changes(
    live: dict[str, pa.Table] | None, published: dict[str, pa.Table]
) -> list[OrgYearChange]:
    """Every org-year whose figures differ between the live tables and what would be
    published, in (org, year) order."""
    old = _figures(live["metrics"] if live else None)
    new = _figures(published["metrics"])
    out = []
    for org, year in sorted(old.keys() | new.keys()):
        before, after = old.get((org, year), {}), new.get((org, year), {})
        removed = len(before.keys() - after.keys())
        added = len(after.keys() - before.keys())
        changed = sum(1 for k in before.keys() & after.keys() if before[k] != after[k])
        if removed or added or changed:
            out.append(OrgYearChange(org, year, len(before), removed, added, changed))
    return out

"""What `refresh` asks before it publishes: the scope it replaces, and --yes when that is risky."""

from __future__ import annotations

import sys
from collections.abc import Callable

from zwzx_dash.store import scope, snapshots

SHOWN_LINES = 20  # org-years listed one by one; a first publish of thousands says how many


def scope_check(confirmed: bool) -> Callable[[dict | None, dict], None]:
    """Prints what the publish replaces, per org and year, and refuses one that would
    remove more than a third of an existing org-year's figures unless --yes."""
    shown: set[tuple] = set()

    def check(live: dict | None, tables: dict) -> None:
        changes = scope.org_year_changes(live, tables)
        if tuple(changes) not in shown:  # a retry onto new live data shows it again if new
            shown.add(tuple(changes))
            print("本次发布将改动：", file=sys.stderr)
            # Risky org-years first, so that a long list never hides them.
            ordered = sorted(changes, key=lambda c: not c.risky)
            for change in ordered[:SHOWN_LINES]:
                print(f"  {change.line()}", file=sys.stderr)
            if len(ordered) > SHOWN_LINES:
                print(f"  ……另有 {len(ordered) - SHOWN_LINES} 个单位年度", file=sys.stderr)
            if not changes:
                print("  数字没有变化", file=sys.stderr)
        risky = [c for c in changes if c.risky]
        if risky and not confirmed:
            names = "、".join(f"{c.org} {c.year}年" for c in risky)
            raise snapshots.SnapshotError(
                f"将删除{names}原有数字的三分之一以上；请确认单位和年度无误"
                "（如草稿是否记在了正确的单位名下），确认后加 --yes 重新运行"
            )

    return check

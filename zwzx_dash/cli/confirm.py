"""What `refresh` asks before it publishes: the scope it replaces, --yes when that is
risky, --accept-warnings when figures repeat last year's, and never a publish that would
leave kept data citing a document that no longer says what it quotes."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pyarrow as pa

from zwzx_dash.ingest import catalog
from zwzx_dash.store import merge, review, snapshots
from zwzx_dash.store.objects import Location

SHOWN_LINES = 20  # org-years listed one by one; a first publish of thousands says how many


def publish_check(
    incoming: dict[str, pa.Table], *, confirmed: bool, warnings_accepted: bool
) -> Callable[[dict | None, dict], None]:
    """Prints what the publish replaces, per org and year, and its warnings; refuses what
    needs --yes or --accept-warnings without them."""
    shown: set[tuple] = set()

    def check(live: dict | None, tables: dict) -> None:
        found = review.review(live, tables, incoming)
        said = (tuple(found.changes), tuple(found.warnings))
        if said not in shown:  # a retry onto new live data shows it again if new
            shown.add(said)
            _print_scope(found)
        if found.refusals:
            raise snapshots.SnapshotError("；".join(found.refusals))
        if found.confirmations and not confirmed:
            raise snapshots.SnapshotError(
                "；".join(found.confirmations) + "。确认后加 --yes 重新运行"
            )
        if found.warnings and not warnings_accepted:
            raise snapshots.SnapshotError(
                f"有 {len(found.warnings)} 条提醒（见上）；核对无误后加 --accept-warnings 重新运行"
            )

    return check


def _print_scope(found: review.Review) -> None:
    print("本次发布将改动：", file=sys.stderr)
    # Risky org-years first, so that a long list never hides them.
    ordered = sorted(found.changes, key=lambda c: not c.risky)
    for change in ordered[:SHOWN_LINES]:
        print(f"  {change.line()}", file=sys.stderr)
    if len(ordered) > SHOWN_LINES:
        print(f"  ……另有 {len(ordered) - SHOWN_LINES} 个单位年度", file=sys.stderr)
    if not found.changes:
        print("  数字没有变化", file=sys.stderr)
    _print_warnings(found.warnings)


def _print_warnings(warnings: list[str]) -> None:
    if warnings:
        print(f"提醒 {len(warnings)} 条：", file=sys.stderr)
        for i, line in enumerate(warnings, 1):
            print(f"  {i}. {line}", file=sys.stderr)


SHOWN_CODES = 12


def print_review(root: Location, incoming: dict[str, pa.Table]) -> None:
    """What refresh would ask on top of validation, against the live data, and the codes
    that other orgs' figures cannot be compared under."""
    live = merge.read_live(root).tables
    found = review.review(live, merge.with_live(live, incoming), incoming)
    for title, lines in (
        ("发布时会被拒绝", found.refusals),
        ("发布时须确认（refresh 加 --yes）", found.confirmations),
        ("提醒（refresh 加 --accept-warnings 才会发布）", found.warnings),
    ):
        if lines:
            print(f"{title}：")
            print("\n".join(f"  {i}. {line}" for i, line in enumerate(lines, 1)))
    outside = catalog.outside_catalog(incoming["metrics"], catalog.default_catalog())
    if outside:
        shown = "、".join(outside[:SHOWN_CODES]) + ("……" if len(outside) > SHOWN_CODES else "")
        print(
            f"提醒：{len(outside)} 个指标编码不在指标目录（data/catalog/metrics.csv）中，"
            f"在“对比”页不与其他单位比较：{shown}"
        )

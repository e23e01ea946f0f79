"""`zwzx-dash`: publish, inspect and roll back the dashboard's data.

Exit codes: 0 ok, 2 input refused (the message names file, row and column), 1 internal error.
"""

from __future__ import annotations

import argparse
import functools
import sys
import traceback
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from zwzx_dash.cli import confirm, users
from zwzx_dash.export import formats
from zwzx_dash.export.draft import write_draft
from zwzx_dash.export.tables import write_csv_folder
from zwzx_dash.export.workbook import write_template, write_workbook
from zwzx_dash.ingest import extract
from zwzx_dash.ingest.article import read_article
from zwzx_dash.ingest.load import load_input
from zwzx_dash.ingest.raw import InputRefused, Problem
from zwzx_dash.model import schema
from zwzx_dash.query import queries
from zwzx_dash.query.queries import Catalog
from zwzx_dash.store import durable, location, merge, reading, snapshots
from zwzx_dash.store.diff import diff_tables, format_diff
from zwzx_dash.store.objects import Location

EXIT_OK, EXIT_INTERNAL, EXIT_REFUSED = 0, 1, 2


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        padded = [v + " " * (w - display_width(v)) for v, w in zip(row, widths, strict=True)]
        lines.append("  ".join(padded).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def cmd_refresh(args: argparse.Namespace, root: Location) -> int:
    data = load_input(Path(args.path))
    manifest = merge.publish_merged(
        root,
        data.tables,
        replace_all=args.replace_all,
        input_name=data.name,
        input_sha256=data.sha256,
        note=args.note,
        publisher=args.by,
        on_retry=lambda: print(
            "数据刚被他人更新，正在合并到最新数据后重新发布……", file=sys.stderr, flush=True
        ),
        check=confirm.publish_check(
            data.tables, confirmed=args.yes, warnings_accepted=args.accept_warnings
        ),
        new_photos=data.photos,
    )
    rows = "，".join(
        f"{schema.TABLES[t].label} {n} 行" for t, n in manifest.rows.items() if t != "pillars"
    )
    print(manifest.id)
    pairs = [f"{org} {year}年" for org, year in sorted(merge.org_years(data.tables))]
    replaced = "、".join(pairs) if len(pairs) <= 5 else f"{len(pairs)} 个单位年度（{pairs[0]} 等）"
    scope = "替换全部数据" if args.replace_all else f"替换 {replaced}，其他年度保持不变"
    print(f"已发布并设为当前快照：{scope}（{rows}）", file=sys.stderr)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace, root: Location) -> int:
    current = functools.cache(lambda: _snapshot_tables(root, None))

    def tables_of(what: str) -> dict:
        """A snapshot id's tables, or what a file or folder would make live if published."""
        if snapshots.ID_PATTERN.fullmatch(what):
            return _snapshot_tables(root, what)
        return merge.with_live(current(), load_input(Path(what)).tables)

    old, new = (
        (current(), tables_of(args.a)) if args.b is None else map(tables_of, (args.a, args.b))
    )
    print(format_diff(diff_tables(old, new)))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, root: Location) -> int:
    data = load_input(Path(args.path), draft=True)
    rows = "，".join(
        f"{spec.label} {data.tables[t].num_rows} 行" for t, spec in schema.INPUT_TABLES.items()
    )
    to_fill = [n for n in data.notes if n.message.startswith("待填写")]
    to_check = [n for n in data.notes if not n.message.startswith("待填写")]
    if to_fill:
        print(f"草稿尚未完成：{data.name}（{rows}）格式无误，但不能发布。")
        print(f"还有 {len(to_fill)} 处待填写（“待核”中列出、仍为空的单元格；填好后才能发布）：")
        print("\n".join(f"  {i}. {n}" for i, n in enumerate(to_fill, 1)))
    else:
        print(f"校验通过：{data.name}（{rows}）。未发布；发布请用 zwzx-dash refresh。")
    if to_check:
        print(f"{len(to_check)} 处请核对（核对无误后可删去“待核”中对应行）：")
        print("\n".join(f"  {i}. {n}" for i, n in enumerate(to_check, 1)))
    confirm.print_review(root, data.tables)
    return EXIT_OK


def _latest_year_of(root: Location, org: str | None) -> dict:
    """The org's latest year (its metrics lend codes and its sections headings to a
    draft); the default org's when this org has no data yet."""
    view = Catalog(root).pin()
    if org is None or not view.years(org):
        org = schema.DEFAULT_ORG if view.years(schema.DEFAULT_ORG) else view.orgs()[0]
    return reading.read_org_year(root, view.snapshot_id, org, view.years(org)[0])


def cmd_extract(args: argparse.Namespace, root: Location) -> int:
    out = Path(args.out)
    try:
        text = read_article(Path(args.article))
        if not out.absolute().parent.is_dir():
            raise InputRefused([Problem(str(out), "输出位置的上级文件夹不存在")])
        reference = _latest_year_of(root, args.org)
        draft = extract.extract(
            text,
            file_name=Path(args.article).name,
            org=args.org,
            year=args.year,
            known_metrics=reference["metrics"],
            known_sections=reference["sections"],
        )
    except InputRefused as refused:
        for problem in refused.problems:
            print(f"无法生成草稿：{problem}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"草稿的{draft.scope}", file=sys.stderr)  # first, before anything else is read
    write_draft(draft, out)
    print(args.out)
    print(f"已生成草稿：{extract.summary(draft)}", file=sys.stderr)
    print(f"请核对后运行 zwzx-dash validate {args.out}", file=sys.stderr)
    return EXIT_OK


def _snapshot_tables(root: Location, snapshot_id: str | None) -> dict:
    return reading.read_tables(root, snapshot_id or queries.ensure_current(root))


def cmd_template(args: argparse.Namespace, root: Location) -> int:
    write_template(Path(args.out))
    print(f"已生成空白工作簿：{args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_export_workbook(args: argparse.Namespace, root: Location) -> int:
    write_workbook(Path(args.out), _snapshot_tables(root, args.snapshot))
    print(f"已导出工作簿：{args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_export_csv(args: argparse.Namespace, root: Location) -> int:
    tables = _snapshot_tables(root, args.snapshot)
    for path in write_csv_folder(Path(args.dir), tables, neutralised=not args.raw):
        print(path)
    if not args.raw:
        print(
            "以 = + - @ 开头的文字前加了 '，以免电子表格把它当作公式运行；"
            "要原样导出以便重新导入，请加 --raw。",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_export(args: argparse.Namespace, root: Location) -> int:
    """Briefing exports: progress on stderr, the written paths on stdout."""
    chosen = formats.FORMATS if not args.format or "all" in args.format else args.format
    src = formats.open_source(root, args.org, args.year, args.snapshot)
    written = formats.export(
        src,
        chosen,
        Path(args.out),
        watermark=args.watermark,
        progress=lambda message: print(message, file=sys.stderr, flush=True),
        full=args.full,
    )
    for path in written:
        print(path)
    print(f"导出完成：{len(written)} 个文件，在 {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_init(args: argparse.Namespace, root: Location) -> int:
    print(queries.ensure_current(root))
    return EXIT_OK


def cmd_snapshots(args: argparse.Namespace, root: Location) -> int:
    current = snapshots.current_id(root)
    manifests = snapshots.list_snapshots(root)
    if not manifests:
        print("还没有任何快照。运行 zwzx-dash refresh data/source 发布第一个。")
        return EXIT_OK
    rows = [
        (
            "*" if m.id == current else "",
            m.id,
            m.created_at,
            m.total_rows,
            m.input_name,
            m.publisher,
            m.note,
        )
        for m in manifests
    ]
    print(format_table(("当前", "快照", "发布时间(UTC)", "行数", "输入", "发布人", "备注"), rows))
    return EXIT_OK


def cmd_rollback(args: argparse.Namespace, root: Location) -> int:
    before = snapshots.current_id(root)
    manifest = snapshots.rollback(root, args.id)
    print(manifest.id)
    print(f"已回退：当前快照由 {before} 改为 {manifest.id}", file=sys.stderr)
    return EXIT_OK


def cmd_prune(args: argparse.Namespace, root: Location) -> int:
    removed = snapshots.prune(root, args.keep)
    for snapshot_id in removed:
        print(snapshot_id)
    print(f"已删除 {len(removed)} 个旧快照，保留最新 {args.keep} 个及当前快照", file=sys.stderr)
    return EXIT_OK


def cmd_show(args: argparse.Namespace, root: Location) -> int:
    view = Catalog(root).pin(args.snapshot)
    orgs = view.orgs()
    org = args.org or (schema.DEFAULT_ORG if schema.DEFAULT_ORG in orgs else orgs[0])
    years = view.years(org)
    if not years:
        raise snapshots.SnapshotError(f"快照 {view.snapshot_id} 中没有“{org}”的数据")
    year = args.year or years[0]
    frame = view.headline(org, year)
    print(f"{org} {year}年 年度要点（快照 {view.snapshot_id}）")
    rows = [(r.name, r.text, schema.QUALIFIERS[r.qualifier]) for r in frame.itertuples()]
    print(format_table(("指标", "原文写法", "精确度"), rows))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zwzx-dash", description="中卫市政协履职看板：数据管理")
    parser.add_argument(
        "--data-dir",
        help="数据位置：路径、file:// 地址或 s3://存储桶/前缀（默认取 ZWZX_DATA_DIR 或 data/）",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("refresh", help="校验并发布一份数据（.xlsx 工作簿或 CSV 文件夹）为新快照")
    p.add_argument("path", help=".xlsx 工作簿，或装有 metrics.csv 等文件的文件夹")
    p.add_argument("--note", default="", help="发布备注")
    p.add_argument("--by", default=None, help="发布人（默认当前用户）")
    p.add_argument(
        "--replace-all",
        action="store_true",
        help="用输入替换全部数据（默认只替换输入中出现的单位和年度）",
    )
    p.add_argument(
        "--yes",
        action="store_true",
        help="确认：即使删除某个单位年度原有数字的三分之一以上、或来源表未报道其中的单位年度，也发布",
    )
    p.add_argument(
        "--accept-warnings",
        action="store_true",
        help="已核对提醒（如数字与上一年完全相同）：仍然发布",
    )
    p.set_defaults(func=cmd_refresh)

    p = sub.add_parser("diff", help="比较：当前快照与待发布文件，或两个快照")
    p.add_argument("a", help="快照编号，或 .xlsx 工作簿 / CSV 文件夹")
    p.add_argument(
        "b", nargs="?", default=None, help="第二个快照编号或文件（省略时与当前快照比较）"
    )
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("validate", help="只校验、不发布（.xlsx 工作簿或 CSV 文件夹）")
    p.add_argument("path")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("extract", help="从一篇年度报道（.txt）生成草稿工作簿，供工作人员核对")
    p.add_argument("article", help="报道原文，UTF-8 的 .txt 文件")
    p.add_argument(
        "-o", "--out", required=True, help="输出：.xlsx 工作簿；不以 .xlsx 结尾时为 CSV 文件夹"
    )
    p.add_argument(
        "--org",
        default=None,
        help="政协组织（默认取原文标题中的单位，如“中卫市政协”，并在第一行说明）",
    )
    p.add_argument("--year", type=int, default=None, help="年度（默认取原文标题中的年份）")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("template", help="生成空白工作簿（含说明和下拉列表）")
    p.add_argument("out", help="输出的 .xlsx 文件")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("export-workbook", help="把当前（或指定）快照导出为工作簿")
    p.add_argument("out", help="输出的 .xlsx 文件")
    p.add_argument("--snapshot", default=None, help="快照编号（默认当前快照）")
    p.set_defaults(func=cmd_export_workbook)

    p = sub.add_parser("export-csv", help="把当前（或指定）快照导出为 CSV 文件夹")
    p.add_argument("dir", help="输出文件夹")
    p.add_argument("--snapshot", default=None, help="快照编号（默认当前快照）")
    p.add_argument("--raw", action="store_true", help="文字原样导出（用于重新导入；不防公式注入）")
    p.set_defaults(func=cmd_export_csv)

    p = sub.add_parser(
        "export",
        help="导出简报：Word 简报、PPT 汇报稿、PDF、每张图表的 PNG、离线网页",
    )
    p.add_argument(
        "--format",
        action="append",
        choices=[*formats.FORMATS, "all"],
        help="docx、pptx、pdf、png 或 html，可重复；省略时全部导出",
    )
    p.add_argument("--out", default=".", help="输出目录（默认当前目录）")
    p.add_argument("--year", type=int, default=None, help="年度（默认最近一年）")
    p.add_argument("--org", default=None, help="单位（默认中卫市政协）")
    p.add_argument("--snapshot", default=None, help="快照编号（默认当前快照）")
    p.add_argument(
        "--watermark",
        default=None,
        help="水印文字，如“内部资料 注意保密 {date}”（{date} 为当天日期）",
    )
    p.add_argument("--full", action="store_true", help="Word 简报附上每条工作亮点的全文")
    p.set_defaults(func=cmd_export)

    users.add_parsers(sub)

    p = sub.add_parser("init", help="还没有快照时，用默认数据（data/source/）建立第一个")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("snapshots", help="列出所有快照，标出当前快照")
    p.set_defaults(func=cmd_snapshots)

    p = sub.add_parser("rollback", help="回退到指定快照（默认回到上一个）")
    p.add_argument("id", nargs="?", default=None)
    p.set_defaults(func=cmd_rollback)

    p = sub.add_parser("prune", help="删除旧快照（当前快照总是保留）")
    p.add_argument("--keep", type=int, required=True, help="保留最新的快照个数")
    p.set_defaults(func=cmd_prune)

    p = sub.add_parser("show", help="显示当前快照的年度要点")
    p.add_argument("--org", default=None)
    p.add_argument("--year", type=int, default=None)
    p.add_argument("--snapshot", default=None, help="快照编号（默认当前快照）")
    p.set_defaults(func=cmd_show)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        root = location.location_of(args.data_dir) if args.data_dir else location.data_dir()
        return args.func(args, root)
    except InputRefused as refused:
        print(refused.report(), file=sys.stderr)
        return EXIT_REFUSED
    except (snapshots.SnapshotError, formats.ExportRefused) as err:
        print(f"操作被拒绝：{err}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return EXIT_INTERNAL
    except OSError as err:
        if durable.is_disk_full(err):
            print(durable.disk_full_text(err), file=sys.stderr)
            return EXIT_INTERNAL
        return _internal_error()
    except Exception:
        return _internal_error()


def _internal_error() -> int:
    traceback.print_exc()
    print("内部错误：以上信息请转交技术人员。数据未被改动。", file=sys.stderr)
    return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())

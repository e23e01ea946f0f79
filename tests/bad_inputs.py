"""The corpus of bad inputs: each case builds one broken CSV folder or workbook from the
default data (binary ones are made here, not committed) and names where the refusal
must point. Run as a script to write the corpus to a folder for a look:

    .venv/bin/python -m tests.bad_inputs /tmp/bad-inputs
"""

from __future__ import annotations

import csv
import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from zwzx_dash.export.workbook import write_workbook
from zwzx_dash.ingest.load import load_input

SOURCE_DIR = Path(__file__).resolve().parent.parent / "data" / "source"


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], Path]  # given an empty folder, returns the input's path
    expect: tuple[str, ...]  # fragments the refusal must contain
    env: tuple[tuple[str, str], ...] = ()


CASES: list[Case] = []


def case(name: str, *expect: str, env: tuple[tuple[str, str], ...] = ()):
    def register(build: Callable[[Path], Path]) -> Callable[[Path], Path]:
        CASES.append(Case(name, build, expect, env))
        return build

    return register


# ---------------------------------------------------------------- CSV folders


def csv_copy(folder: Path) -> Path:
    target = folder / "input"
    shutil.copytree(SOURCE_DIR, target)
    return target


def edit_csv(folder: Path, table: str, edit: Callable[[list[str], list[list[str]]], list]) -> Path:
    target = csv_copy(folder)
    path = target / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    rows = edit(header, rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return target


def set_csv(table: str, row: int, column: str, value: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        def edit(header, rows):
            rows[row][header.index(column)] = value
            return rows

        return edit_csv(folder, table, edit)

    return build


CELL_CASES = [
    ("csv-org-is-a-path", "metrics", 0, "org", "../../逃逸", "第 2 行，「org」列", "不能含“/”"),
    ("csv-org-hidden-name", "captions", 0, "org", ".政协", "第 2 行，「org」列", "不能以“.”开头"),
    ("csv-empty-value", "metrics", 0, "value", "", "第 2 行，「value」列", "不能为空"),
    ("csv-negative-value", "metrics", 0, "value", "-342", "第 2 行，「value」列", "负数"),
    ("csv-value-not-number", "metrics", 1, "value", "很多", "第 3 行，「value」列", "不是数字"),
    ("csv-value-infinite", "metrics", 1, "value", "inf", "第 3 行，「value」列", "有限"),
    ("csv-year-out-of-range", "metrics", 0, "year", "1800", "第 2 行，「year」列", "超出范围"),
    ("csv-year-fraction", "metrics", 0, "year", "2023.5", "第 2 行，「year」列", "整数"),
    ("csv-unknown-pillar", "metrics", 1, "pillar_id", "nowhere", "「pillar_id」列", "不存在"),
    ("csv-unknown-qualifier", "metrics", 2, "qualifier", "大概", "第 4 行", "精确度“大概”无效"),
    ("csv-text-vs-value", "metrics", 0, "value", "343", "第 2 行，「value」列", "不符"),
    ("csv-text-vs-qualifier", "metrics", 2, "qualifier", "exact", "「qualifier」列", "下限"),
    ("csv-text-vs-unit", "metrics", 0, "unit", "篇", "第 2 行，「unit」列", "不符"),
    ("csv-text-unreadable", "metrics", 0, "text", "很多件", "「text」列", "无法识别"),
    ("csv-text-not-in-quote", "metrics", 6, "quote", "无关的句子。", "第 8 行", "没有出现"),
    ("csv-empty-quote", "metrics", 3, "quote", "", "第 5 行，「quote」列", "不能为空"),
    (
        "csv-quote-not-in-source",
        "metrics",
        0,
        "quote",
        "一年来，中卫市政协收到提案342件，全部办复。",
        "第 2 行，「quote」列",
        "没有出现在来源“zw-cppcc-2023-review”的全文中",
    ),
    ("csv-headline-not-bool", "metrics", 0, "headline", "也许", "「headline」列", "是"),
    ("csv-seq-too-large", "metrics", 0, "seq", "99999", "「seq」列", "超出范围"),
    ("csv-unknown-source", "metrics", 0, "source_id", "elsewhere", "「source_id」列", "来源"),
    ("csv-bad-source-status", "sections", 0, "source_status", "gone", "sections.csv", "有此部分"),
    ("csv-empty-caption", "captions", 2, "caption", "", "captions.csv，第 4 行", "不能为空"),
    (
        "csv-highlight-pillar",
        "highlights",
        0,
        "pillar_id",
        "x",
        "highlights.csv，第 2 行",
        "不存在",
    ),
    ("csv-empty-org", "metrics", 4, "org", " ", "第 6 行，「org」列", "不能为空"),
]
for _name, _table, _row, _column, _value, *_expect in CELL_CASES:
    case(_name, *_expect)(set_csv(_table, _row, _column, _value))


@case("csv-duplicate-key", "第 25 行", "与第 2 行重复")
def _duplicate(folder: Path) -> Path:
    return edit_csv(folder, "metrics", lambda header, rows: [*rows, rows[0]])


@case("csv-review-names-no-row", "review.csv", "第 2 行", "“所在行”应写成“顺序：…”")
def _review_names_no_row(folder: Path) -> Path:
    """A 待核 list whose row is neither a key (顺序：12) nor a row number: hostile text."""
    target = csv_copy(folder)
    with open(target / "review.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [["table", "row", "column", "note"], ["metrics", "<script>x</script>", "name", "?"]]
        )
    return target


@case("csv-missing-column", "metrics.csv", "缺少“原文语句”列")
def _missing_column(folder: Path) -> Path:
    def edit(header, rows):
        i = header.index("quote")
        header.pop(i)
        return [r[:i] + r[i + 1 :] for r in rows]

    return edit_csv(folder, "metrics", edit)


@case("csv-unknown-column", "「备注」列", "不认识的列")
def _unknown_column(folder: Path) -> Path:
    def edit(header, rows):
        header.append("备注")
        return [[*r, "x"] for r in rows]

    return edit_csv(folder, "metrics", edit)


@case("csv-extra-cells", "captions.csv，第 3 行", "比表头多")
def _extra_cells(folder: Path) -> Path:
    def edit(header, rows):
        rows[1] = [*rows[1], "多出来的"]
        return rows

    return edit_csv(folder, "captions", edit)


@case("csv-missing-file", "文件 sources.csv", "缺少这个文件")
def _missing_file(folder: Path) -> Path:
    target = csv_copy(folder)
    (target / "sources.csv").unlink()
    return target


@case("csv-unknown-file", "文件 notes.csv", "不认识这个表")
def _unknown_file(folder: Path) -> Path:
    target = csv_copy(folder)
    (target / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return target


@case("csv-undecodable", "文件 highlights.csv", "无法识别文件编码")
def _undecodable(folder: Path) -> Path:
    target = csv_copy(folder)
    (target / "highlights.csv").write_bytes(b"org,year\n\xff\xfe\xff\xff,2023\n")
    return target


@case("csv-header-only", "metrics.csv", "没有任何数据行")
def _header_only(folder: Path) -> Path:
    return edit_csv(folder, "metrics", lambda header, rows: [])


@case("csv-empty-folder", "缺少这个文件", "metrics.csv")
def _empty_folder(folder: Path) -> Path:
    target = folder / "empty"
    target.mkdir()
    return target


@case("path-missing", "找不到这个文件或文件夹")
def _path_missing(folder: Path) -> Path:
    return folder / "absent"


# ---------------------------------------------------------------- workbooks


def workbook_copy(folder: Path) -> Path:
    path = folder / "data.xlsx"
    write_workbook(path, load_input(SOURCE_DIR).tables)
    return path


def edit_workbook(folder: Path, edit: Callable) -> Path:
    path = workbook_copy(folder)
    wb = load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


@case("xlsx-formula-without-value", "工作表「指标」，第 2 行，「数值」列", "没有计算结果的公式")
def _formula(folder: Path) -> Path:
    return edit_workbook(folder, lambda wb: wb["指标"].cell(2, 6, "=100*3+42"))


@case("xlsx-merged-cells", "工作表「亮点」", "A3:B4 是合并单元格")
def _merged(folder: Path) -> Path:
    return edit_workbook(folder, lambda wb: wb["亮点"].merge_cells("A3:B4"))


@case("xlsx-unknown-sheet", "工作表「Sheet1」", "不认识的工作表")
def _unknown_sheet(folder: Path) -> Path:
    return edit_workbook(folder, lambda wb: wb.create_sheet("Sheet1").append(["x"]))


@case("xlsx-missing-sheet", "缺少“来源”工作表")
def _missing_sheet(folder: Path) -> Path:
    return edit_workbook(folder, lambda wb: wb.remove(wb["来源"]))


@case("xlsx-unknown-header", "工作表「图片」，第 1 行，「备注」列", "不认识的列")
def _unknown_header(folder: Path) -> Path:
    return edit_workbook(folder, lambda wb: wb["图片"].cell(1, 9, "备注"))


@case("xlsx-text-in-number", "工作表「指标」，第 3 行，「数值」列", "不是数字")
def _text_in_number(folder: Path) -> Path:
    return edit_workbook(folder, lambda wb: wb["指标"].cell(3, 6, "很多"))


@case("xlsx-bad-pillar-name", "工作表「图片」，第 2 行，「板块编码」列", "不存在")
def _bad_pillar(folder: Path) -> Path:
    return edit_workbook(folder, lambda wb: wb["图片"].cell(2, 3, "无名政协"))


@case(
    "xlsx-too-many-rows", "工作表「指标」", "超过 10 行数据的上限", env=(("ZWZX_MAX_ROWS", "10"),)
)
def _too_many_rows(folder: Path) -> Path:
    return workbook_copy(folder)


@case("xlsx-too-large", "data.xlsx", "超过上限 10.2 KB", env=(("ZWZX_MAX_UPLOAD_MB", "0.01"),))
def _too_large(folder: Path) -> Path:
    return workbook_copy(folder)


@case("xlsx-not-a-workbook", "data.xlsx", "不是 Excel 工作簿")
def _not_workbook(folder: Path) -> Path:
    path = folder / "data.xlsx"
    path.write_text("org,year\n中卫市政协,2023\n", encoding="utf-8")
    return path


@case("xlsx-truncated", "data.xlsx", "文件已损坏")
def _truncated(folder: Path) -> Path:
    path = workbook_copy(folder)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


@case("xlsx-zip-without-workbook", "data.xlsx", "缺少 xl/workbook.xml")
def _plain_zip(folder: Path) -> Path:
    path = folder / "data.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "不是工作簿")
    return path


@case("xlsx-zip-bomb", "data.xlsx", "压缩炸弹")
def _zip_bomb(folder: Path) -> Path:
    path = workbook_copy(folder)
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w") as member,
    ):
        block = b"\0" * (1 << 20)
        for _ in range(64):
            member.write(block)
    return path


@case("xlsx-with-macros", "data.xlsx", "含有宏")
def _macros(folder: Path) -> Path:
    path = workbook_copy(folder)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    return path


def rebuilt_workbook(folder: Path, change: Callable[[str, bytes], bytes], extra=()) -> Path:
    """The default workbook with each member passed through `change` (name, bytes → bytes)
    and `extra` (name, bytes) members added: one archive, no duplicate names."""
    source = workbook_copy(folder)
    path = folder / "rebuilt.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, change(info.filename, old.read(info.filename)))
        for name, data in extra:
            new.writestr(name, data)
    source.unlink()
    return path.rename(folder / "data.xlsx")


@case("xlsx-macros-under-another-name", "data.xlsx", "含有宏")
def _macros_renamed(folder: Path) -> Path:
    override = (
        b'<Override PartName="/xl/code.bin" '
        b'ContentType="application/vnd.ms-office.vbaProject"/></Types>'
    )

    def declare(name: str, data: bytes) -> bytes:
        return data.replace(b"</Types>", override) if name == "[Content_Types].xml" else data

    return rebuilt_workbook(folder, declare, [("xl/code.bin", b"\xd0\xcf\x11\xe0" * 64)])


@case("xlsx-activex-control", "data.xlsx", "ActiveX")
def _activex(folder: Path) -> Path:
    return rebuilt_workbook(
        folder, lambda _n, d: d, [("xl/activeX/activeX1.bin", b"\xd0\xcf\x11\xe0" * 64)]
    )


@case("xlsx-malformed-sheet-xml", "工作表「指标」", "XML 第 1 行", "重新另存")
def _malformed_sheet(folder: Path) -> Path:
    def cut(name: str, data: bytes) -> bytes:  # the 指标 sheet, cut off mid-tag
        return data[: len(data) // 2] if name == "xl/worksheets/sheet2.xml" else data

    return rebuilt_workbook(folder, cut)


@case(
    "xlsx-unzipped-larger-than-its-rows-allow",
    "data.xlsx",
    "解压后",
    "按每表最多 10 行计",
    env=(("ZWZX_MAX_ROWS", "10"),),
)
def _unzipped_too_large(folder: Path) -> Path:
    import random

    noise = random.Random(7).randbytes(9 * 2**20)  # incompressible: no bomb, just large
    return rebuilt_workbook(folder, lambda _n, d: d, [("xl/media/image1.png", noise)])


@case("xlsx-xml-entity-bomb", "data.xlsx", "不安全的 XML 内容")
def _entity_bomb(folder: Path) -> Path:
    path = workbook_copy(folder)
    rebuilt = folder / "rebuilt.xlsx"
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rebuilt, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                declared = data.startswith(b"<?xml")
                data = bomb + (data.split(b"?>", 1)[1] if declared else data)
            dst.writestr(item, data)
    rebuilt.replace(path)
    return path


def workbook_with_stale_dimensions(folder: Path) -> Path:
    """A workbook that lies about its size: every sheet's <dimension> says A1:B2 (as some
    programs leave it after adding rows). Not a bad input: it must read in full."""
    path = workbook_copy(folder)
    rebuilt = folder / "rebuilt.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rebuilt, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:B2"/>', data)
            dst.writestr(item, data)
    rebuilt.replace(path)
    return path


@case("xlsx-empty-metrics", "工作表「指标」，第 2 行", "没有任何数据行")
def _empty_metrics(folder: Path) -> Path:
    def edit(wb):
        ws = wb["指标"]
        ws.delete_rows(2, ws.max_row)

    return edit_workbook(folder, edit)


@case("xlsx-org-is-a-path", "工作表「亮点」，第 2 行，「政协组织」列", "不能含“/”")
def _org_path(folder: Path) -> Path:
    return edit_workbook(folder, lambda wb: wb["亮点"].cell(2, 1, "..\\..\\逃逸"))


@case("xlsx-negative-in-workbook", "工作表「指标」，第 2 行，「数值」列", "负数")
def _negative(folder: Path) -> Path:
    return edit_workbook(folder, lambda wb: wb["指标"].cell(2, 6, -342))


@case("xlsx-renamed-text-file", "notes.xlsx", "不是 Excel 工作簿")
def _renamed(folder: Path) -> Path:
    path = folder / "notes.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    return path


def main(out: Path) -> None:
    for item in CASES:
        folder = out / item.name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        print(item.name, item.build(folder))


if __name__ == "__main__":
    main(Path(sys.argv[1]))

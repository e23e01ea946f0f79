"""Reading a CSV folder (`<table>.csv`, UTF-8, the shape of data/source/) into RawTables
of text cells with their line numbers."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from zwzx_dash.ingest.raw import REVIEW_FILE, Problem, RawTable, attach_marks
from zwzx_dash.model import schema
from zwzx_dash.model.numerals import normalise

MAX_INPUT_BYTES = 512 * 1024 * 1024
PILLARS_FILE = (
    "旧版的 pillars.csv 不再使用：五个板块是固定的；各单位各年度原文对每个板块的口号、标题、"
    "导语改放在 sections.csv（列：org,year,pillar_id,section_no,slogan,heading,summary,"
    "source_status,source_id），sources.csv 也须加上 org、year 两列"
)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; GB18030 only when the bytes are not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def read_csv_folder(folder: Path) -> tuple[dict[str, RawTable], list[Problem], str]:
    """Read `<table>.csv` files. Returns the tables, the problems found, and a sha256
    over the files' names and bytes."""
    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    digest = hashlib.sha256()
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
    review: list[list[str]] = []
    for path in files:
        table_name = path.stem
        if path.name == REVIEW_FILE:
            data = path.read_bytes()
            digest.update(path.name.encode() + b"\0" + data + b"\0")
            try:
                review = list(csv.reader(io.StringIO(decode_text(data), newline="")))
            except UnicodeDecodeError:
                problems.append(Problem(path.name, "无法识别文件编码；请另存为 UTF-8 的 CSV"))
            continue
        if table_name == "pillars":
            problems.append(Problem(path.name, PILLARS_FILE))
            continue
        if table_name not in schema.INPUT_TABLES:
            known = "、".join(f"{t}.csv" for t in schema.INPUT_TABLES)
            problems.append(Problem(path.name, f"不认识这个表；应为 {known} 之一"))
            continue
        if path.stat().st_size > MAX_INPUT_BYTES:
            problems.append(Problem(path.name, f"文件超过 {MAX_INPUT_BYTES // 2**20} MB 上限"))
            continue
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data + b"\0")
        try:
            text = decode_text(data)
        except UnicodeDecodeError:
            problems.append(Problem(path.name, "无法识别文件编码；请另存为 UTF-8 的 CSV"))
            continue
        reader = csv.reader(io.StringIO(text, newline=""))
        by_header = schema.INPUT_TABLES[table_name].header_names
        written = [normalise(h) for h in next(reader, [])]
        header = [by_header.get(h, h) for h in written]
        labels = {c: w for c, w in zip(header, written, strict=True) if c != w}
        raw = RawTable(table_name, path.name, None, header, labels=labels)
        for line_no, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                problems.append(Problem(path.name, "本行的单元格比表头多", row=line_no))
            raw.rows.append((line_no, dict(zip(header, cells, strict=False))))
        tables[table_name] = raw
    for table_name in schema.INPUT_TABLES:
        if table_name not in tables and not any(p.file == f"{table_name}.csv" for p in problems):
            problems.append(Problem(f"{table_name}.csv", "缺少这个文件"))
    if review:
        rows = [(n, cells) for n, cells in enumerate(review[1:], start=2) if any(cells)]
        attach_marks(tables, review[0], rows, REVIEW_FILE, None, problems)
    return tables, problems, digest.hexdigest()

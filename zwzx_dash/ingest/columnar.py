"""The fast path for large CSV folders: read and check whole columns with Arrow and DuckDB.

It accepts only what the row-wise validator (validate.py) would accept unchanged: canonical
cells (ASCII numbers, true/false, exact/over/about, pillar ids). When any row needs more
than that — an error to report, or a friendly form to normalise (３４２, 是, 下限, 忠诚政协)
— it returns None and the row-wise validator reads the folder, so the messages and the
accepted forms are exactly the same either way.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from zwzx_dash.ingest import citations
from zwzx_dash.model import fidelity, schema
from zwzx_dash.model.file_names import ORG_NAME_UNSAFE
from zwzx_dash.model.numerals import FigureError, parse_figure
from zwzx_dash.model.pillars import PILLAR_IDS, pillars_table

_PATTERNS = {
    pa.int16(): r"^-?[0-9]{1,5}$",
    pa.float64(): r"^[0-9]+(\.[0-9]+)?$",  # figures are never negative
    pa.bool_(): r"^(true|false)$",
}


def hash_folder(paths: list[Path]) -> str:
    """The same digest as the row-wise reader: name, NUL, bytes, NUL per file, streamed."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def _read(path: Path, spec: schema.Table) -> pa.Table | None:
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=True),
            # A 全文 (or a quote copied across a line break) spans lines; without this a
            # second such field anywhere in the file fails the parse.
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(spec.column_names, pa.string()),
                strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError):
        return None
    if table.column_names != spec.column_names:
        return None
    return table


def _column(values: pa.ChunkedArray, column: schema.Column) -> pa.ChunkedArray | None:
    """The typed column, or None when a cell is not in canonical form."""
    trimmed = pc.utf8_trim_whitespace(values)
    empty = pc.equal(trimmed, "")
    if not column.nullable and pc.any(empty).as_py():
        return None
    if column.type == pa.string():
        return pc.if_else(empty, pa.scalar(None, pa.string()), trimmed)
    canonical = pc.match_substring_regex(trimmed, _PATTERNS[column.type])
    if not pc.all(pc.or_(canonical, empty)).as_py():
        return None
    if column.type == pa.bool_():
        return pc.if_else(empty, pa.scalar(None, pa.bool_()), pc.equal(trimmed, "true"))
    nulled = pc.if_else(empty, pa.scalar(None, pa.string()), trimmed)
    if column.type == pa.int16():
        wide = pc.cast(nulled, pa.int32())
        if not pc.all(pc.and_(pc.greater_equal(wide, -32768), pc.less_equal(wide, 32767))).as_py():
            return None
        return pc.cast(wide, pa.int16())
    return pc.cast(nulled, pa.float64())


def _all_in(values: pa.ChunkedArray, allowed: pa.Array, nullable: bool) -> bool:
    present = pc.is_in(values, value_set=allowed)
    if nullable:
        present = pc.or_(present, pc.is_null(values))
    return bool(pc.all(present).as_py())


def _figures_agree(metrics: pa.Table) -> bool:
    """text ↔ value/qualifier/unit and text ⊂ quote, for every row; each distinct text is
    parsed once."""
    texts = metrics.column("text")
    distinct = pc.unique(texts).to_pylist()
    parsed = {}
    for text in distinct:
        try:
            parsed[text] = parse_figure(text)
        except FigureError:
            return False
    index = pc.index_in(texts, value_set=pa.array(distinct, pa.string()))
    values = pa.array([parsed[t].value for t in distinct], pa.float64()).take(index)
    qualifiers = pa.array([parsed[t].qualifier for t in distinct], pa.string()).take(index)
    units = pa.array([parsed[t].unit for t in distinct], pa.string()).take(index)
    value = metrics.column("value")
    tolerance = pc.multiply(pc.max_element_wise(pc.abs(value), pc.abs(values)), 1e-9)
    same_value = pc.less_equal(pc.abs(pc.subtract(value, values)), tolerance)
    same_qualifier = pc.equal(metrics.column("qualifier"), qualifiers)
    same_unit = pc.or_(pc.equal(units, ""), pc.equal(metrics.column("unit"), units))
    if not pc.all(pc.and_(same_value, pc.and_(same_qualifier, same_unit))).as_py():
        return False
    con = duckdb.connect(":memory:")
    try:
        con.register("m", metrics.select(["text", "quote"]))
        (outside,) = con.execute(
            "SELECT count(*) FROM m WHERE NOT contains(quote, text)"
        ).fetchone()
    finally:
        con.close()
    return outside == 0


def _quotes_in_sources(metrics: pa.Table, documents: dict[str, fidelity.Document]) -> bool:
    """Every 原文语句 occurs in its source's 全文, as the row-wise check asks (unless the
    source is 无原文); each distinct (source, sentence) pair is looked up once."""
    pairs = metrics.select(["source_id", "quote"]).group_by(["source_id", "quote"]).aggregate([])
    for start in range(0, pairs.num_rows, _BATCH):  # as Python strings a batch at a time
        batch = pairs.slice(start, _BATCH)
        for source, quote in zip(
            batch.column("source_id").to_pylist(), batch.column("quote").to_pylist(), strict=True
        ):
            if citations.quote_problem(quote, source, documents, "原文语句") is not None:
                return False
    return True


_BATCH = 65536


def _cite_own_year(table: pa.Table, sources: pa.Table) -> bool:
    """Every row cites a source that reports on the row's year."""
    at = pc.index_in(table.column("source_id"), value_set=sources.column("source_id"))
    source_years = sources.column("year").take(at)
    return bool(pc.all(pc.equal(table.column("year"), source_years)).as_py())


def _unique_keys(table: pa.Table, key: tuple[str, ...]) -> bool:
    counts = table.group_by(list(key)).aggregate([([], "count_all")])
    return counts.num_rows == table.num_rows


def fast_tables(folder: Path) -> tuple[dict[str, pa.Table], str] | None:
    """Typed tables and the input digest, or None when the row-wise validator must decide."""
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
    if sorted(p.stem for p in paths) != sorted(schema.INPUT_TABLES):
        return None
    tables: dict[str, pa.Table] = {}
    for path in paths:
        spec = schema.INPUT_TABLES[path.stem]
        raw = _read(path, spec)
        if raw is None:
            return None
        columns = []
        for column in spec.columns:
            typed = _column(raw.column(column.name), column)
            if typed is None:
                return None
            columns.append(typed)
        tables[spec.name] = pa.Table.from_arrays(columns, schema=spec.schema)
    if tables["metrics"].num_rows == 0 or tables["sources"].num_rows == 0:
        return None
    for name, spec in schema.INPUT_TABLES.items():
        if not _unique_keys(tables[name], spec.key):
            return None
    sources = tables["sources"].combine_chunks()
    pillars = pa.array(PILLAR_IDS)
    for name in (*schema.YEARLY, "sources"):
        t = tables[name]
        if pc.any(pc.match_substring_regex(t.column("org"), ORG_NAME_UNSAFE.pattern)).as_py():
            return None
        year = t.column("year")
        in_range = pc.and_(
            pc.greater_equal(year, schema.YEAR_MIN), pc.less_equal(year, schema.YEAR_MAX)
        )
        if not pc.all(in_range).as_py():
            return None
        if name == "sources":
            continue
        nullable = schema.TABLES[name].column("pillar_id").nullable
        if not _all_in(t.column("pillar_id"), pillars, nullable):
            return None
        if not _all_in(t.column("source_id"), sources.column("source_id"), False):
            return None
        if not _cite_own_year(t, sources):
            return None
    metrics = tables["metrics"]
    if not _all_in(metrics.column("qualifier"), pa.array(list(schema.QUALIFIERS)), False):
        return None
    if not _figures_agree(metrics):
        return None
    documents = citations.checkable_documents(sources.select(["source_id", "text"]).to_pylist())
    if not _quotes_in_sources(metrics, documents):
        return None
    for section in tables["sections"].to_pylist():
        if any(citations.section_problems(section, documents)):
            return None  # includes a status that is not a canonical code
    out = {name: tables[name].combine_chunks() for name in schema.INPUT_TABLES}
    return {"pillars": pillars_table(), **out}, hash_folder(paths)

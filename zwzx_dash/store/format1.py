"""Reading snapshots of format 1, published before each org's year had its own sections.

Format 1 kept one global `pillars` table with the slogan, heading and summary of the one
document the dashboard was built from, and `sources` without the org and year a document
reports on. A format-1 snapshot stays as it is on disk (snapshots are immutable); readers
get it upgraded to the current tables:

- `pillars` keeps only the vocabulary (pillar_id, seq, name);
- `sections` gives an org-year a pillar's text only where a document that org-year cites
  contains that text (a county's year never inherits another org's summary); a section the
  format-1 table marked missing goes to the same org-years, still marked missing;
- `sources` gets the org and year of the rows that cite it (most rows win; a document
  nobody cites takes the year its title names, else the latest year of the snapshot).
"""

from __future__ import annotations

import re
from collections import Counter

import pyarrow as pa

from zwzx_dash.model import fidelity, schema

VERSION = 1
UPGRADED = ("pillars", "sections", "sources")

_PILLARS = pa.schema(
    [
        pa.field("pillar_id", pa.string(), nullable=False),
        pa.field("seq", pa.int16(), nullable=False),
        pa.field("name", pa.string(), nullable=False),
        pa.field("slogan", pa.string()),
        pa.field("heading", pa.string()),
        pa.field("summary", pa.string()),
        pa.field("source_status", pa.string(), nullable=False),
    ]
)
_SOURCES = pa.schema(
    [f for f in schema.SOURCES.schema if f.name not in ("org", "year")],
)
# The tables a format-1 snapshot holds on disk, with their schemas.
STORED: dict[str, pa.Schema] = {
    "metrics": schema.METRICS.schema,
    "pillars": _PILLARS,
    "highlights": schema.HIGHLIGHTS.schema,
    "captions": schema.CAPTIONS.schema,
    "sources": _SOURCES,
}


def stored_schemas(version: int) -> dict[str, pa.Schema]:
    """The tables a snapshot of this format holds on disk, and their schemas."""
    if version == VERSION:
        return STORED
    return {name: table.schema for name, table in schema.TABLES.items()}


_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d\d)年")


def _citations(tables: dict[str, pa.Table]) -> Counter[tuple[str, str, int]]:
    """(source_id, org, year) -> how many rows cite the source for that org-year."""
    counts: Counter[tuple[str, str, int]] = Counter()
    for name in ("metrics", "highlights", "captions"):
        sizes = tables[name].group_by(["source_id", "org", "year"]).aggregate([("org", "count")])
        for row in sizes.to_pylist():
            counts[(row["source_id"], row["org"], row["year"])] += row["org_count"]
    return counts


def _sources(tables: dict[str, pa.Table], counts: Counter) -> pa.Table:
    years = [y for _, _, y in counts] or [schema.YEAR_MIN]
    orgs = Counter({org: n for (_, org, _), n in counts.items()})
    default_org = orgs.most_common(1)[0][0] if orgs else schema.DEFAULT_ORG
    rows = []
    for record in tables["sources"].to_pylist():
        cited = [(n, year, org) for (s, org, year), n in counts.items() if s == record["source_id"]]
        if cited:
            _, year, org = max(cited)  # most rows, then the latest year
        else:
            named = _YEAR_IN_TITLE.search(record["title"] or "")
            year, org = (int(named.group(1)) if named else max(years)), default_org
        rows.append({**record, "org": org, "year": year})
    return pa.Table.from_pylist(rows, schema=schema.SOURCES.schema)


def _sections(tables: dict[str, pa.Table], counts: Counter) -> pa.Table:
    documents = {
        r["source_id"]: fidelity.Document(r["text"] or "")
        for r in tables["sources"].select(["source_id", "text"]).to_pylist()
    }
    cited_by: dict[tuple[str, int], list[str]] = {}
    for source_id, org, year in sorted(counts):
        cited_by.setdefault((org, year), []).append(source_id)
    pillars = tables["pillars"].to_pylist()
    rows = []
    for (org, year), cited in sorted(cited_by.items()):
        found = []
        for pillar in pillars:
            text = pillar["summary"] or pillar["heading"]
            if pillar["source_status"] != "present" or not text:
                continue
            for source_id in cited:
                if documents.get(source_id) and documents[source_id].holds(text):
                    found.append((pillar, source_id))
                    break
        if not found:
            continue
        first_source = found[0][1]
        for pillar in pillars:
            if pillar["source_status"] == "missing":
                found.append((pillar, first_source))
        for pillar, source_id in found:
            rows.append(
                {
                    "org": org,
                    "year": year,
                    "pillar_id": pillar["pillar_id"],
                    "section_no": pillar["seq"],
                    "slogan": pillar["slogan"],
                    "heading": pillar["heading"],
                    "summary": pillar["summary"],
                    "source_status": pillar["source_status"],
                    "source_id": source_id,
                }
            )
    return pa.Table.from_pylist(rows, schema=schema.SECTIONS.schema)


def upgrade(tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """The upgraded pillars, sections and sources of a format-1 snapshot's tables."""
    counts = _citations(tables)
    pillars = tables["pillars"].select(schema.PILLARS.column_names).cast(schema.PILLARS.schema)
    return {
        "pillars": pillars,
        "sections": _sections(tables, counts),
        "sources": _sources(tables, counts),
    }

"""Named queries over a pinned snapshot, answered by DuckDB from its Parquet files.

One in-memory DuckDB database per process, one connection per thread. A query names
its tables as {metrics}, {pillars} …; each becomes read_parquet($metrics_file) and the
pinned snapshot's file path is bound like every other value, so no value is ever
spliced into SQL. Snapshot files are immutable, so DuckDB's Parquet metadata cache and
our per-snapshot manifest cache never go stale.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import duckdb
import pandas as pd

from zwzx_dash.ingest.load import load_input
from zwzx_dash.model import schema
from zwzx_dash.store import location, objects, reading, snapshots
from zwzx_dash.store.objects import Location

OVERVIEW_LABEL = "总览"  # where a figure with no pillar is filed
NO_SOURCE_LABEL = "（未注明来源）"

# The figures of one org and year, each with the same figure of the latest earlier year
# (for a change against last year) and the names of its pillar and source.
_FIGURES = """
    WITH cur AS (SELECT * FROM {metrics} WHERE org = $org AND year = $year),
    prev AS (
        SELECT metric_id, year AS prev_year, value AS prev_value,
               qualifier AS prev_qualifier, text AS prev_text
        FROM {metrics}
        WHERE org = $org
          AND year = (SELECT max(year) FROM {metrics} WHERE org = $org AND year < $year))
    SELECT cur.*, prev.prev_year, prev.prev_value, prev.prev_qualifier, prev.prev_text,
           p.name AS pillar_name, sec.heading AS pillar_heading,
           s.title AS source_title, s.text = $no_text AS unchecked
    FROM cur
    LEFT JOIN prev USING (metric_id)
    LEFT JOIN {pillars} p USING (pillar_id)
    LEFT JOIN {sections} sec
           ON sec.org = $org AND sec.year = $year AND sec.pillar_id = cur.pillar_id
    LEFT JOIN {sources} s ON s.source_id = cur.source_id
    WHERE %s
    ORDER BY cur.seq, cur.metric_id"""

# The words of the data model the queries compare with, bound like every other value.
_CONSTANTS = {"no_text": schema.NO_TEXT, "no_section": "none"}

# The five pillars with what this org's document for the year says of each; a pillar the
# year has no row for reads as a section this document does not have (`unreported`).
_SECTIONS = """
    SELECT p.pillar_id, p.seq, p.name, sec.section_no, sec.slogan, sec.heading,
           sec.summary, coalesce(sec.source_status, $no_section) AS source_status,
           sec.source_id, sec.source_status IS NULL AS unreported
    FROM {pillars} p
    LEFT JOIN {sections} sec ON sec.org = $org AND sec.year = $year
                            AND sec.pillar_id = p.pillar_id
    WHERE %s
    ORDER BY p.seq"""

QUERIES: dict[str, str] = {
    "headline": _FIGURES % "cur.headline",
    "metrics": _FIGURES % "TRUE",
    "pillar_metrics": _FIGURES % "cur.pillar_id = $pillar_id",
    "topic_metrics": _FIGURES % "cur.topic = $topic",
    "topics_metrics": _FIGURES % "list_contains($topics, cur.topic)",
    "pillars": "SELECT * FROM {pillars} ORDER BY seq",
    "sections": _SECTIONS % "TRUE",
    "section": _SECTIONS % "p.pillar_id = $pillar_id",
    "pillar_highlights": """
        SELECT * FROM {highlights}
        WHERE org = $org AND year = $year AND pillar_id = $pillar_id
        ORDER BY seq""",
    "highlights_mentioning": """
        SELECT h.*, p.name AS pillar_name, sec.heading AS pillar_heading
        FROM {highlights} h LEFT JOIN {pillars} p USING (pillar_id)
        LEFT JOIN {sections} sec ON sec.org = h.org AND sec.year = h.year
                                AND sec.pillar_id = h.pillar_id
        WHERE h.org = $org AND h.year = $year
          AND len(list_filter($words, lambda w: contains(h.title, w) OR contains(h.body, w))) > 0
        ORDER BY p.seq, h.seq""",
    "pillar_captions": """
        SELECT * FROM {captions}
        WHERE org = $org AND year = $year AND pillar_id = $pillar_id
        ORDER BY seq""",
    "captions": """
        SELECT c.*, p.name AS pillar_name FROM {captions} c
        LEFT JOIN {pillars} p USING (pillar_id)
        WHERE c.org = $org AND c.year = $year
        ORDER BY p.seq, c.seq""",
    "orgs": "SELECT DISTINCT org FROM {metrics} ORDER BY org",
    "span": "SELECT count(DISTINCT org) AS orgs, count(DISTINCT year) AS years FROM {metrics}",
    # One figure of one year across orgs with the same unit: the first and last $n by value
    # (lower bounds ranked by the number written), with how many orgs wrote another unit.
    # Only the columns the ranking shows: each one is read for every org, ~5–10 ms a column
    # at 3,000 orgs, the quote ~6× the rest; each org's own pages carry its sentences.
    "metric_ranking": """
        SELECT org, value, unit, qualifier, text,
               row_number() OVER (PARTITION BY unit = $unit ORDER BY value DESC, org) AS rank,
               count(*) OVER (PARTITION BY unit = $unit) AS total,
               count(*) FILTER (WHERE unit <> $unit) OVER () AS other_units,
               (SELECT count(DISTINCT org) FROM {metrics} WHERE year = $year)
                   - count(*) OVER () AS lacking
        FROM {metrics}
        WHERE year = $year AND metric_id = $metric_id
        QUALIFY unit = $unit AND (rank <= $n OR rank > total - $n OR org = $org)
        ORDER BY rank""",
    "metric_across_orgs_years": """
        SELECT org, year, name, value, unit, qualifier, text, quote, source_id
        FROM {metrics}
        WHERE list_contains($orgs, org) AND metric_id = $metric_id AND unit = $unit
        ORDER BY list_position($orgs, org), year""",
    "years": "SELECT DISTINCT year FROM {metrics} WHERE org = $org ORDER BY year DESC",
    "metric_across_years": """
        SELECT year, name, value, unit, qualifier, text, quote, source_id
        FROM {metrics}
        WHERE org = $org AND metric_id = $metric_id
        ORDER BY year""",
    "find_figures": """
        SELECT m.name, m.text, coalesce(p.name, $overview) AS pillar_name, m.quote,
               m.value, m.unit, m.qualifier, s.title AS source_title, m.metric_id, m.source_id
        FROM {metrics} m
        LEFT JOIN {pillars} p USING (pillar_id)
        LEFT JOIN {sources} s USING (source_id)
        WHERE m.org = $org AND m.year = $year
          AND (len($pillars) = 0 OR list_contains($pillars, coalesce(p.name, $overview)))
          AND (len($term) = 0 OR contains(m.name, $term) OR contains(m.text, $term)
               OR contains(m.quote, $term))
        ORDER BY m.seq""",
    "quotes": """
        SELECT DISTINCT quote FROM {metrics}
        WHERE org = $org AND year = $year AND source_id = $source_id""",
    "sources": "SELECT * FROM {sources} ORDER BY source_id",
    # The documents one org's year is told in: those its figures, highlights or captions cite.
    "year_sources": """
        SELECT * FROM {sources}
        WHERE source_id IN (
            SELECT source_id FROM {metrics} WHERE org = $org AND year = $year
            UNION SELECT source_id FROM {highlights} WHERE org = $org AND year = $year
            UNION SELECT source_id FROM {captions} WHERE org = $org AND year = $year)
        ORDER BY source_id""",
    "source": "SELECT * FROM {sources} WHERE source_id = $source_id",
}


def _compile(sql: str) -> tuple[str, tuple[str, ...]]:
    used = tuple(name for name in schema.TABLES if "{" + name + "}" in sql)
    refs = {name: f"read_parquet(${name}_file)" for name in schema.TABLES}
    return sql.format(**refs), used


COMPILED: dict[str, tuple[str, tuple[str, ...]]] = {k: _compile(v) for k, v in QUERIES.items()}


def ensure_current(root: Location) -> str:
    """The live snapshot id; on first use, the default source data, validated and published."""
    return snapshots.ensure_current(root, lambda: load_input(location.default_source(root)))


class Catalog:
    """Queries over the snapshots of one data folder, shared by all threads of a process."""

    def __init__(self, root: Location | str):
        self.root: Location = location.location_of(root) if isinstance(root, str) else root
        self._con = duckdb.connect(":memory:")
        self._con.execute("SET parquet_metadata_cache = true")
        objects.at(self.root).attach(self._con)
        self._local = threading.local()

    def pin(self, snapshot_id: str | None = None) -> SnapshotView:
        """A view of one snapshot: the given one, or the one CURRENT names right now.
        Callers resolve once per page run and use the view throughout.

        When the current snapshot does not verify (a damaged disk, a truncated file), the
        newest earlier snapshot that does is pinned instead, and the view names the one it
        stands in for: leaders keep a dashboard, staff are told."""
        if snapshot_id is not None:
            return SnapshotView(self, snapshot_id, open_snapshot(self.root, snapshot_id))
        current = ensure_current(self.root)
        try:
            return SnapshotView(self, current, open_snapshot(self.root, current))
        except snapshots.SnapshotError as damaged:
            earlier = [m.id for m in snapshots.list_snapshots(self.root) if m.id < current]
            for candidate in reversed(earlier):
                try:
                    manifest = open_snapshot(self.root, candidate)
                except snapshots.SnapshotError:
                    continue
                return SnapshotView(
                    self, candidate, manifest, stands_in_for=(current, str(damaged))
                )
            raise

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection for the calling thread; DuckDB connections are not shared."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._local.cursor = self._con.cursor()
        return cur

    def run(self, snapshot_id: str, query: str, params: dict[str, Any]) -> pd.DataFrame:
        sql, tables = COMPILED[query]
        files = {f"{t}_file": reading.query_path(self.root, snapshot_id, t) for t in tables}
        constants = {k: v for k, v in _CONSTANTS.items() if f"${k}" in sql}
        return self.cursor().execute(sql, {**params, **constants, **files}).df()


def open_snapshot(root: Location, snapshot_id: str) -> snapshots.Manifest:
    """A snapshot's manifest, once the snapshot verifies: every file with the hash, schema
    and row count its manifest records. Verified once per process, and a failure is
    remembered too: a snapshot never changes once published."""
    outcome = _verified(root, snapshot_id)
    if isinstance(outcome, snapshots.SnapshotError):
        raise outcome
    return outcome


@lru_cache(maxsize=256)
def _verified(root: Location, snapshot_id: str) -> snapshots.Manifest | snapshots.SnapshotError:
    try:
        return snapshots.verify(root, snapshot_id)
    except snapshots.SnapshotError as err:
        return err


@dataclass(frozen=True)
class SnapshotView:
    """Named queries over one pinned snapshot."""

    catalog: Catalog
    snapshot_id: str
    manifest: snapshots.Manifest
    # (id, why) of the current snapshot this one stands in for, when that one is damaged.
    stands_in_for: tuple[str, str] | None = None

    def _q(self, query: str, **params: Any) -> pd.DataFrame:
        return self.catalog.run(self.snapshot_id, query, params)

    def headline(self, org: str, year: int) -> pd.DataFrame:
        return self._q("headline", org=org, year=year)

    def metrics(self, org: str, year: int) -> pd.DataFrame:
        return self._q("metrics", org=org, year=year)

    def pillar_metrics(self, org: str, year: int, pillar_id: str) -> pd.DataFrame:
        return self._q("pillar_metrics", org=org, year=year, pillar_id=pillar_id)

    def topic_metrics(self, org: str, year: int, topic: str) -> pd.DataFrame:
        return self._q("topic_metrics", org=org, year=year, topic=topic)

    def topics_metrics(self, org: str, year: int, topics: list[str]) -> pd.DataFrame:
        return self._q("topics_metrics", org=org, year=year, topics=list(topics))

    def highlights_mentioning(self, org: str, year: int, words: list[str]) -> pd.DataFrame:
        return self._q("highlights_mentioning", org=org, year=year, words=list(words))

    def find_figures(
        self, org: str, year: int, term: str = "", pillars: list[str] | None = None
    ) -> pd.DataFrame:
        """Figures whose name, text or quote contains `term`, in the named pillars (or
        总览 for overview-only figures); empty filters match everything."""
        return self._q(
            "find_figures",
            org=org,
            year=year,
            term=term,
            pillars=list(pillars or []),
            overview=OVERVIEW_LABEL,
        )

    def quotes(self, org: str, year: int, source_id: str) -> list[str]:
        """The sentences of one document that this org's figures of the year quote."""
        return self._q("quotes", org=org, year=year, source_id=source_id)["quote"].tolist()

    def pillars(self) -> pd.DataFrame:
        return self._q("pillars")

    def sections(self, org: str, year: int) -> pd.DataFrame:
        """The five pillars, each with this org's section of the year (if any)."""
        return self._q("sections", org=org, year=year)

    def section(self, org: str, year: int, pillar_id: str) -> pd.DataFrame:
        return self._q("section", org=org, year=year, pillar_id=pillar_id)

    def pillar_highlights(self, org: str, year: int, pillar_id: str) -> pd.DataFrame:
        return self._q("pillar_highlights", org=org, year=year, pillar_id=pillar_id)

    def pillar_captions(self, org: str, year: int, pillar_id: str) -> pd.DataFrame:
        return self._q("pillar_captions", org=org, year=year, pillar_id=pillar_id)

    def captions(self, org: str, year: int) -> pd.DataFrame:
        return self._q("captions", org=org, year=year)

    def orgs(self) -> list[str]:
        return self._q("orgs")["org"].tolist()

    def span(self) -> tuple[int, int]:
        """How many orgs and years the snapshot holds."""
        row = self._q("span").iloc[0]
        return int(row["orgs"]), int(row["years"])

    def metric_ranking(
        self, year: int, metric_id: str, unit: str, n: int = 10, org: str = ""
    ) -> pd.DataFrame:
        """The top and bottom n orgs for one figure in one unit, with `org`'s own row
        (and rank) wherever it falls."""
        return self._q("metric_ranking", year=year, metric_id=metric_id, unit=unit, n=n, org=org)

    def metric_across_orgs_years(self, orgs: list[str], metric_id: str, unit: str) -> pd.DataFrame:
        """One figure over the years for each of `orgs` (in that order), same unit only."""
        return self._q("metric_across_orgs_years", orgs=list(orgs), metric_id=metric_id, unit=unit)

    def years(self, org: str) -> list[int]:
        return [int(y) for y in self._q("years", org=org)["year"]]

    def metric_across_years(self, org: str, metric_id: str) -> pd.DataFrame:
        return self._q("metric_across_years", org=org, metric_id=metric_id)

    def sources(self) -> pd.DataFrame:
        return self._q("sources")

    def year_sources(self, org: str, year: int) -> pd.DataFrame:
        return self._q("year_sources", org=org, year=year)

    def source_title(self, org: str, year: int) -> str:
        """The title charts and stamps cite for one org's year: its first document."""
        sources = self.year_sources(org, year)
        return str(sources["title"].iloc[0]) if len(sources) else NO_SOURCE_LABEL

    def source(self, source_id: str) -> pd.DataFrame:
        return self._q("source", source_id=source_id)

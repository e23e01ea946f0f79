"""The metric catalog (data/catalog/metrics.csv): the standard work figures of a CPPCC's
year, each with a stable metric_id, so that one org's 收到提案 is compared with another's
and not with whatever figure happens to carry the same made-up code.

A row names the figure (name), the words that say it in a sentence (patterns, `|`
between alternatives, `…` between words that come in this order with anything between),
the measure words it is counted in (units), its usual pillar and its topic. Staff edit the
file like any other input; it is read with the same located Chinese problems."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyarrow as pa

from zwzx_dash.ingest.raw import InputRefused, Problem
from zwzx_dash.model.numerals import measure_word_at
from zwzx_dash.model.pillars import ID_BY_NAME, PILLAR_IDS

CATALOG_FILE = Path(__file__).resolve().parents[2] / "data" / "catalog" / "metrics.csv"
COLUMNS = ("metric_id", "name", "patterns", "units", "pillar_id", "topic")
_LABELS = dict(zip(COLUMNS, ("指标编码", "名称", "句式", "单位", "默认板块", "主题"), strict=True))
_ID = re.compile(r"^[a-z][a-z0-9_]{1,47}$")
_BEFORE_BONUS = 2  # words before the figure name it more often than words after


@dataclass(frozen=True)
class Entry:
    metric_id: str
    name: str
    patterns: tuple[tuple[str, ...], ...]  # alternatives, each words in order
    units: frozenset[str]
    pillar_id: str | None
    topic: str | None

    def score(self, before: str, figure: str, after: str, unit: str) -> tuple[int, int]:
        """How strongly the words around a figure say this entry ((0, 0): not at all): the
        longest pattern found, more when it is all before the figure; then how near."""
        if unit not in self.units:
            return 0, 0
        window = before + figure + after
        best = (0, 0)
        for words in self.patterns:
            end = _ordered_end(window, words)
            if end is not None:
                length = sum(map(len, words)) + (_BEFORE_BONUS if end <= len(before) else 0)
                best = max(best, (length, -abs(len(before) - end)))
        return best


def _ordered_end(text: str, words: tuple[str, ...]) -> int | None:
    """Where the last of `words` ends when all occur in this order, else None."""
    at = 0
    for word in words:
        found = text.find(word, at)
        if found == -1:
            return None
        at = found + len(word)
    return at


@dataclass(frozen=True)
class Catalog:
    entries: tuple[Entry, ...]

    def __contains__(self, metric_id: object) -> bool:
        return any(e.metric_id == metric_id for e in self.entries)

    def get(self, metric_id: str) -> Entry | None:
        return next((e for e in self.entries if e.metric_id == metric_id), None)

    def match(self, before: str, figure: str, after: str, unit: str) -> Entry | None:
        """The entry the words around a figure say best."""
        scored = [
            (*e.score(before, figure, after, unit), -i, e) for i, e in enumerate(self.entries)
        ]
        best = max(scored, default=(0, 0, 0, None), key=lambda t: t[:3])
        return best[3] if best[0] > 0 else None


def outside_catalog(metrics: pa.Table, catalog: Catalog) -> list[str]:
    """The input's metric codes the catalog does not hold, each once, in order."""
    codes = dict.fromkeys(metrics.column("metric_id").to_pylist())
    return [c for c in codes if c is not None and c not in catalog]


def parse_catalog(data: str, file: str = "metrics.csv") -> Catalog:
    """The catalog from its CSV text; InputRefused naming each bad row and column."""
    problems: list[Problem] = []
    rows = list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))
    header = [h.strip() for h in rows[0]] if rows else []
    if tuple(header[: len(COLUMNS)]) != COLUMNS:
        raise InputRefused([Problem(file, f"表头应为 {','.join(COLUMNS)}", row=1)])
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for row_no, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        rec = dict(zip(COLUMNS, [c.strip() for c in cells] + [""] * len(COLUMNS), strict=False))

        def problem(message: str, column: str, row_no: int = row_no) -> None:
            problems.append(Problem(file, message, row=row_no, column=_LABELS[column]))

        metric_id = rec["metric_id"]
        if not _ID.match(metric_id):
            problem(f"编码“{metric_id}”应为小写英文字母开头的英文、数字和下划线", "metric_id")
        elif metric_id in seen:
            problem(f"编码“{metric_id}”与第 {seen[metric_id]} 行重复", "metric_id")
        seen.setdefault(metric_id, row_no)
        if not rec["name"]:
            problem("名称不能为空", "name")
        patterns = tuple(
            tuple(w for w in alternative.split("…") if w)
            for alternative in rec["patterns"].split("|")
            if alternative.strip("…")
        )
        if not patterns:
            problem("句式不能为空：写出句中说这项数字的词，多个用 | 隔开", "patterns")
        units = frozenset(u for u in rec["units"].split("|") if u)
        bad_units = sorted(u for u in units if measure_word_at(u) != u)
        if not units or bad_units:
            problem(f"单位“{'、'.join(bad_units) or '（空）'}”不是计量单位（如 件|篇）", "units")
        pillar = rec["pillar_id"] or None
        pillar = ID_BY_NAME.get(pillar, pillar) if pillar else None
        if pillar is not None and pillar not in PILLAR_IDS:
            names = "、".join(ID_BY_NAME)
            problem(f"板块“{rec['pillar_id']}”不存在；应为 {names} 之一，或留空", "pillar_id")
        entries.append(Entry(metric_id, rec["name"], patterns, units, pillar, rec["topic"] or None))
    if problems:
        raise InputRefused(problems)
    return Catalog(tuple(entries))


def read_catalog(path: Path = CATALOG_FILE) -> Catalog:
    try:
        data = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputRefused([Problem(str(path), f"无法读取指标目录：{err}")]) from None
    return parse_catalog(data, Path(path).name)


@cache
def default_catalog() -> Catalog:
    """The committed catalog, read once per process."""
    return read_catalog(CATALOG_FILE)

"""The 指标 rows of a draft: each figure named, coded and placed in a pillar — by the org's
own earlier year when a known metric is written in its clause, else by the metric catalog
(so that orgs compare), else left for review with a suggested name that is a whole phrase —
and what a person must still fill or check marked (raw.Mark)."""

from __future__ import annotations

import pyarrow as pa

from zwzx_dash.ingest.article import Layout
from zwzx_dash.ingest.article_figures import FoundFigure, suggest_name
from zwzx_dash.ingest.catalog import Catalog
from zwzx_dash.ingest.raw import Mark
from zwzx_dash.model import schema
from zwzx_dash.model.pillars import NAME_BY_ID


def section_label(layout: Layout, index: int) -> str:
    section = layout.sections[index]
    return f"「{section.heading}」一节" if section.heading else "开头部分"


def no_pillar_note(layout: Layout, index: int, lacking: str = "指标目录中也没有这项数字") -> str:
    section = layout.sections[index]
    if section.pillar_phrase:
        why = f"原文写“{section.pillar_phrase}”，不是五个板块之一"
    elif section.heading:
        why = "标题没有说是哪个板块"
    else:
        why = "原文没有板块标题" if not layout.has_headings else "开头部分不属于某个板块"
    return f"{section_label(layout, index)}：{why}，{lacking}；{PILLAR_HINT}"


PILLAR_HINT = (
    "请在“板块”列填写 " + "、".join(NAME_BY_ID.values()) + " 之一（也可填编码，如 effective）"
)


def draft_metrics(
    figures: list[FoundFigure],
    layout: Layout,
    org: str,
    year: int,
    source_id: str,
    known: pa.Table | None,
    catalog: Catalog,
    marks: list[Mark],
) -> pa.Table:
    references = _references(known, org)
    used: set[str] = set()
    rows = []
    for index, f in enumerate(figures):
        figure = f.found.figure
        ref = _matching_reference(f, references, used)
        entry = None if ref else catalog.match(f.fragment, figure.text, f.after, figure.unit)
        name, topic, pillar = suggest_name(f, f.view), None, f.pillar_id
        if ref is not None:
            metric_id, name, topic = ref["metric_id"], ref["name"], ref["topic"]
        elif entry is not None and entry.metric_id not in used:
            metric_id, name, topic = entry.metric_id, entry.name, entry.topic
            if pillar is None and not f.headline and entry.pillar_id:
                pillar = entry.pillar_id
                note = (
                    f"原文标题没有说板块，按指标目录“{entry.name}”归入{NAME_BY_ID[pillar]}；请核对"
                )
                marks.append(Mark("metrics", index, "pillar_id", note))
        elif entry is not None:
            metric_id = _free_id(f"{entry.metric_id}_", used)
            note = (
                f"与另一个数字同属指标目录的“{entry.name}”（{entry.metric_id}）：若是另一项工作，"
                "编码请改为有意义的英文；名称是建议"
            )
            marks.append(Mark("metrics", index, "metric_id", note))
        else:
            metric_id = _free_id("metric_", used, index + 1)
            note = (
                "指标目录中没有这项数字：名称是建议，编码请改为有意义的英文"
                "（目录外的指标不参与单位间对比）"
            )
            marks.append(Mark("metrics", index, "metric_id", note))
        used.add(metric_id)
        if pillar is None and not f.headline:
            marks.append(Mark("metrics", index, "pillar_id", no_pillar_note(layout, f.section)))
        if not figure.unit:
            word = f.sentence[f.found.end : f.found.end + 2]
            marks.append(
                Mark(
                    "metrics",
                    index,
                    "unit",
                    f"原文“{figure.text}{word}”没有计量单位；请填写（如 件、篇、人）",
                )
            )
        rows.append(
            {
                "org": org,
                "year": year,
                "metric_id": metric_id,
                "pillar_id": pillar,
                "name": name,
                "value": figure.value,
                "unit": figure.unit or None,
                "qualifier": figure.qualifier,
                "text": figure.text,
                "headline": f.headline,
                "topic": topic,
                "seq": index + 1,
                "source_id": source_id,
                "quote": f.sentence,
            }
        )
    return pa.Table.from_pylist(rows, schema=schema.METRICS.schema)


def _free_id(prefix: str, used: set[str], start: int = 2) -> str:
    n = start
    while f"{prefix}{n:02d}" in used:
        n += 1
    return f"{prefix}{n:02d}"


def _references(known: pa.Table | None, org: str) -> list[dict]:
    """The org's own known metrics, latest year first: another org's codes are its own
    (the catalog is what makes orgs compare)."""
    if known is None or known.num_rows == 0:
        return []
    own = [r for r in known.to_pylist() if r["org"] == org]
    return sorted(own, key=lambda r: -r["year"])


def _matching_reference(f: FoundFigure, references: list[dict], used: set[str]) -> dict | None:
    """A known metric with the same unit whose name is written in the figure's clause."""
    candidates = [
        r
        for r in references
        if r["unit"] == f.found.figure.unit and r["metric_id"] not in used and r["name"] in f.clause
    ]
    return max(candidates, key=lambda r: len(r["name"]), default=None)

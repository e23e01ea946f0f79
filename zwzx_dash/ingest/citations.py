"""The checks across tables that make every row traceable: each row names a pillar and a
source that exist, cites a document that reports on its own year, and quotes what that
document really says (the fidelity gate). A source whose 全文 is 无原文 has no text to
check against, on purpose; its rows are published and the pages say so."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from zwzx_dash.ingest.raw import Problem
from zwzx_dash.model import fidelity, schema
from zwzx_dash.model.file_names import ORG_NAME_UNSAFE
from zwzx_dash.model.pillars import ID_BY_NAME, PILLAR_IDS

Rows = dict[str, list[tuple[int, dict[str, Any]]]]
Place = Callable[..., dict[str, Any]]


def problems(rows: Rows, place: Place) -> Iterator[Problem]:
    sources = {rec["source_id"]: rec for _, rec in rows.get("sources", []) if rec.get("source_id")}
    documents = checkable_documents(sources.values())
    for name in (*schema.YEARLY, "sources"):
        for row_no, rec in rows.get(name, []):
            for message, column in _row_problems(name, rec, sources, "sources" in rows):
                yield Problem(message=message, **place(name, row_no, column))
    for row_no, rec in rows.get("metrics", []):
        message = quote_problem(rec.get("quote"), rec.get("source_id"), documents, "原文语句")
        if message:
            yield Problem(message=message, **place("metrics", row_no, "quote"))
    for row_no, rec in rows.get("sections", []):
        for message, column in section_problems(rec, documents):
            yield Problem(message=message, **place("sections", row_no, column))


def checkable_documents(sources: Iterable[dict[str, Any]]) -> dict[str, fidelity.Document]:
    """source_id -> its 全文, for every source that has a text to check against (not 无原文)."""
    return {
        rec["source_id"]: fidelity.Document(rec.get("text") or "")
        for rec in sources
        if rec.get("source_id") and rec.get("text") != schema.NO_TEXT
    }


def _row_problems(
    name: str, rec: dict[str, Any], sources: dict[str, dict[str, Any]], has_sources: bool
) -> Iterator[tuple[str, str]]:
    org = rec.get("org")
    if org is not None and ORG_NAME_UNSAFE.search(org):
        yield (
            f"单位名称“{org}”不能含“/”“\\”或控制字符，也不能以“.”开头"
            "（导出时单位名称是文件名的一部分）",
            "org",
        )
    year = rec.get("year")
    if year is not None and not schema.YEAR_MIN <= year <= schema.YEAR_MAX:
        yield f"年度 {year} 超出范围（{schema.YEAR_MIN}–{schema.YEAR_MAX}）", "year"
    if name == "sources":
        return
    pillar = rec.get("pillar_id")
    if pillar in ID_BY_NAME:  # workbooks name the pillar (忠诚政协)
        pillar = rec["pillar_id"] = ID_BY_NAME[pillar]
    if pillar is not None and pillar not in PILLAR_IDS:
        yield f"板块“{pillar}”不存在；应为 {'、'.join(ID_BY_NAME)} 之一", "pillar_id"
    source_id = rec.get("source_id")
    if source_id is None or not has_sources:
        return
    source = sources.get(source_id)
    if source is None:
        yield (
            f"来源“{source_id}”不在来源表中；请在来源表添加这份原文"
            f"（确实没有原文全文时，全文一栏写“{schema.NO_TEXT}”）",
            "source_id",
        )
    elif year is not None and source.get("year") is not None and source["year"] != year:
        yield (
            f"来源“{source_id}”报道的是{source['year']}年，本行是{year}年；"
            f"{year}年的数据须引用报道{year}年的原文（在来源表新增一行，填好年度和全文）",
            "source_id",
        )


def quote_problem(
    quote: str | None, source_id: str | None, documents: dict[str, fidelity.Document], what: str
) -> str | None:
    """Why a quoted text cannot be found in its source's 全文, if it cannot."""
    if quote is None or source_id not in documents:
        return None  # a missing value or source is reported on its own; 无原文 is not checked
    if not documents[source_id]:
        return (
            f"来源“{source_id}”的全文为空，无法核对{what}；请在来源表填入原文全文"
            f"（确实没有原文时写“{schema.NO_TEXT}”）"
        )
    if documents[source_id].holds(quote):
        return None
    return (
        f"{what}没有出现在来源“{source_id}”的全文中（已忽略空白、换行和全角/半角的差别）；"
        "请从原文复制，或改正来源编码"
    )


_SECTION_TEXTS = ("slogan", "heading", "summary")
_LABELS = {c: schema.SECTIONS.column(c).label for c in _SECTION_TEXTS}


def section_problems(
    rec: dict[str, Any], documents: dict[str, fidelity.Document]
) -> Iterator[tuple[str, str]]:
    status = rec.get("source_status")
    if status is not None and status not in schema.SOURCE_STATUSES:
        options = "、".join(schema.STATUS_WORDS.values())
        yield f"原文状态“{status}”无效；应为 {options} 之一", "source_status"
        return
    filled = [c for c in _SECTION_TEXTS if rec.get(c) is not None]
    if status in ("missing", "none"):
        for column in filled:
            yield (
                f"原文状态为“{schema.STATUS_WORDS[status]}”时不能填写{_LABELS[column]}"
                "（看板不补写原文没有的内容）",
                column,
            )
        return
    if status == "present" and "heading" not in filled and "summary" not in filled:
        yield "原文有此部分时，原文标题和导语至少填一项（从原文照抄）", "heading"
    for column in filled:
        message = quote_problem(rec[column], rec.get("source_id"), documents, _LABELS[column])
        if message:
            yield message, column
    number = rec.get("section_no")
    if number is not None and number < 1:
        yield "原文部分是从 1 开始的序号", "section_no"

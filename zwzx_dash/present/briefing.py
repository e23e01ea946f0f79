"""What each page shows — its figures, charts, highlights and captions — assembled from
the named queries once, for the app's pages and for every exporter alike, so a Word
briefing, a PNG set and the offline HTML never drift from the dashboard.

No Streamlit here: the app passes its cached PageContext, exporters pass a ViewSource;
both answer the same named queries over one pinned snapshot.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import pandas as pd
import plotly.graph_objects as go

from zwzx_dash.present import charts
from zwzx_dash.query.queries import SnapshotView
from zwzx_dash.store import photos, snapshots

# For 为民政协, whose section is missing from the source: items elsewhere that concern
# serving the people, found by topic (figures) and by wording (highlights).
PEOPLE_PILLAR = "people"
PEOPLE_TOPICS = ["为民", "社情民意"]
PEOPLE_WORDS = ["办实事", "真情为民", "爱心助农", "社情民意"]
SUGGESTIONS_TOPIC = "建言"
OVERVIEW = "总览"
UNCHECKED = "原文未收录，无法核对"  # a figure whose source is 无原文
# What every briefing says of its figures, in its sources part.
FIGURES_AS_WRITTEN = (
    "本简报中的数字均按原文写法列出；写作“余/多”的是下限，写作“约/近/左右”的是约数。"
)
WATERMARK_ENV = "ZWZX_WATERMARK"
WATERMARK_SETTING = "watermark"


class Source(Protocol):
    """Named queries over one pinned snapshot, for one org and year."""

    view: SnapshotView
    org: str
    year: int
    source_title: str

    def query(self, name: str, **params: Any) -> Any: ...

    def figures(self, name: str, **params: Any) -> pd.DataFrame: ...


@dataclass(frozen=True)
class ViewSource:
    """A Source straight from a SnapshotView, for exporters and the CLI (no cache needed:
    an export asks each query once)."""

    view: SnapshotView
    org: str
    year: int
    source_title: str

    @classmethod
    def of(cls, view: SnapshotView, org: str, year: int) -> ViewSource:
        return cls(view, org, year, view.source_title(org, year))

    def query(self, name: str, **params: Any) -> Any:
        return getattr(self.view, name)(**params)

    def figures(self, name: str, **params: Any) -> pd.DataFrame:
        return self.query(name, org=self.org, year=self.year, **params)


@dataclass(frozen=True)
class Chart:
    key: str  # the widget key in the app, unique per page
    title: str  # plain text, with year and unit: what a file or a caption is named after
    figure: go.Figure
    frame: pd.DataFrame  # the figures it draws


@dataclass(frozen=True)
class Page:
    slug: str  # "" for the overview, else the pillar id (also the page's URL path)
    name: str  # 总览, 忠诚政协 …
    seq: int
    heading: str  # the page's title
    intro: list[str] = field(default_factory=list)  # plain-text lines under the title
    # What the org's document for the year has of this pillar: present, missing (the
    # section is lost: related items are shown), none (it has no such section); "" for 总览.
    status: str = ""
    figures: pd.DataFrame = field(default_factory=pd.DataFrame)
    charts: list[Chart] = field(default_factory=list)
    highlights: pd.DataFrame = field(default_factory=pd.DataFrame)
    captions: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def missing(self) -> bool:
        return self.status == "missing"


@dataclass(frozen=True)
class Briefing:
    org: str
    year: int
    source_title: str
    snapshot_id: str
    updated: str  # the snapshot's publish time, Beijing time
    watermark: str | None
    headline: pd.DataFrame
    pages: list[Page]  # overview first, then the pillars in order
    sources: pd.DataFrame
    # The snapshot's photos the captions name (file name as in captions.photo -> bytes).
    photos: Mapping[str, bytes] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.org}{self.year}年履职情况简报"

    @property
    def charts(self) -> list[tuple[Page, Chart]]:
        return [(page, chart) for page in self.pages for chart in page.charts]


# ---------------------------------------------------------------- configuration


def configured_watermark(secrets: Mapping[str, Any] | None = None) -> str | None:
    """The app's watermark: ZWZX_WATERMARK, else `watermark` in .streamlit/secrets.toml."""
    text = os.environ.get(WATERMARK_ENV) or (secrets or {}).get(WATERMARK_SETTING)
    return expand_watermark(str(text)) if text else None


def expand_watermark(text: str | None) -> str | None:
    """`{date}` in a watermark becomes today's date (Beijing time)."""
    if not text or not text.strip():
        return None
    today = datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d")
    return text.strip().replace("{date}", today)


def _in_beijing(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(ZoneInfo("Asia/Shanghai"))


def beijing_time(iso: str) -> str:
    return _in_beijing(iso).strftime("%Y-%m-%d %H:%M") + "（北京时间）"


# ---------------------------------------------------------------- charts


def chart(
    src: Source,
    frame: pd.DataFrame,
    title: str,
    key: str,
    watermark: str | None = None,
    for_print: bool = False,
) -> Chart:
    """One bar chart that stands alone: title with year and unit, a footer with the
    source, the date of the data and when it was published (one line `for_print`, at
    the 640 px a briefing lays charts out at; phone-width lines on the pages)."""
    figure = charts.bar_by_name(
        frame,
        title=title,
        source_title=src.source_title,
        as_of=f"{src.year}年",
        updated=published_date(src.view.manifest.created_at),
        watermark=watermark,
        footer_width=charts.PRINT_FOOTER_WIDTH if for_print else charts.FOOTER_WIDTH,
    )
    unit = str(frame["unit"].iloc[0])
    return Chart(key, charts.titled_with_unit(title, unit), figure, frame)


def published_date(iso: str) -> str:
    """The day a snapshot was published, Beijing time: 2026-12-07."""
    return _in_beijing(iso).strftime("%Y-%m-%d")


def overview_charts(
    src: Source, watermark: str | None = None, for_print: bool = False
) -> list[Chart]:
    # The topic may hold figures of other units too (建言: 批示 in 次 beside 建议 in 条).
    suggestions = charts.largest_unit_group(src.figures("topic_metrics", topic=SUGGESTIONS_TOPIC))
    if suggestions is None or len(suggestions) < charts.MIN_BARS:
        return []
    title = f"{src.year}年各议题提出的建议"
    return [chart(src, suggestions, title, "chart-suggestions", watermark, for_print)]


def pillar_charts(
    src: Source,
    pillar_id: str,
    name: str,
    figures: pd.DataFrame,
    watermark: str | None = None,
    for_print: bool = False,
) -> list[Chart]:
    """A chart for each topic of the pillar with MIN_BARS or more figures of one unit
    (charts.chart_groups); none when its figures are too few or unrelated to compare."""
    out = []
    for group in charts.chart_groups(figures):
        topic, unit = group["topic"].iloc[0], group["unit"].iloc[0]
        title = f"{src.year}年{name}：{topic}"
        key = f"chart-{pillar_id}-{topic}-{unit}"
        out.append(chart(src, group, title, key, watermark, for_print))
    return out


# ---------------------------------------------------------------- pages


def overview_page(src: Source, watermark: str | None = None, for_print: bool = False) -> Page:
    return Page(
        slug="",
        name=OVERVIEW,
        seq=0,
        heading=f"{src.org} {src.year}年履职总览",
        figures=src.figures("headline"),
        charts=overview_charts(src, watermark, for_print),
        captions=src.figures("captions"),
    )


def cell_text(value: Any) -> str:
    """A query's cell as text: "" for an empty one (None, or NaN in a column with gaps)."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _part(section: Any) -> str:
    """第3部分 for the section's number in its document; "" when it has none."""
    number = cell_text(section["section_no"])  # a float when the column has empty cells
    return f"第{int(float(number))}部分" if number else ""


def section_origin(section: Any) -> str:
    """Where the section stands in its document: 勠力打造“忠诚政协” · 原文“坚持党的领导”一节."""
    number, heading = _part(section), cell_text(section["heading"])
    where = f"原文“{heading}”一节" if heading else (f"原文{number}" if number else "")
    return " · ".join(part for part in (cell_text(section["slogan"]), where) if part)


def none_notice(src: Source, section: Any) -> str:
    """Why a pillar page has no section: the year's data gave none, or its document has none."""
    whose, name = f"{src.org}{src.year}年", section["name"]
    if bool(section["unreported"]):
        return f"{whose}的资料没有提供“{name}”这一部分的原文。"
    return f"{whose}的原文没有“{name}”这一部分。"


def pillar_page(
    src: Source, pillar_id: str, watermark: str | None = None, for_print: bool = False
) -> Page:
    section = src.figures("section", pillar_id=pillar_id).iloc[0]
    status = str(section["source_status"])
    if status == "missing":
        return missing_pillar_page(src, section)
    if status == "none":
        intro = [none_notice(src, section)]
    else:
        intro = [line for line in (section_origin(section), cell_text(section["summary"])) if line]
    figures = src.figures("pillar_metrics", pillar_id=pillar_id)
    return Page(
        slug=pillar_id,
        name=section["name"],
        seq=int(section["seq"]),
        heading=section["name"],
        intro=intro,
        status=status,
        figures=figures,
        charts=pillar_charts(src, pillar_id, section["name"], figures, watermark, for_print),
        highlights=src.figures("pillar_highlights", pillar_id=pillar_id),
        captions=src.figures("pillar_captions", pillar_id=pillar_id),
    )


def missing_notice(section: Any) -> str:
    part = _part(section) or "这一部分"
    notice = f"原文缺少{part}（{section['name']}），这里不补写。"
    if section["pillar_id"] == PEOPLE_PILLAR:
        notice += "下面列出原文其他部分中与“为民”相关的内容，每项都注明出自哪一部分。"
    return notice


def missing_pillar_page(src: Source, section: Any) -> Page:
    """A section the document lost: nothing invented. For 为民政协, related items from
    other sections, each of which names where it came from (no chart: they mix units)."""
    people = section["pillar_id"] == PEOPLE_PILLAR
    return Page(
        slug=section["pillar_id"],
        name=section["name"],
        seq=int(section["seq"]),
        heading=section["name"],
        intro=[missing_notice(section)],
        status="missing",
        figures=src.figures("topics_metrics", topics=PEOPLE_TOPICS if people else []),
        highlights=src.figures("highlights_mentioning", words=PEOPLE_WORDS if people else []),
    )


def build(src: Source, watermark: str | None = None) -> Briefing:
    """Every page's content for one org and year: what the exporters write."""
    pillars = src.figures("sections")
    pages = [overview_page(src, watermark, for_print=True)] + [
        pillar_page(src, pillar_id, watermark, for_print=True) for pillar_id in pillars["pillar_id"]
    ]
    pages = without_repeated_charts(pages)
    manifest = src.view.manifest
    return Briefing(
        org=src.org,
        year=src.year,
        source_title=src.source_title,
        snapshot_id=manifest.id,
        updated=beijing_time(manifest.created_at),
        watermark=watermark,
        headline=pages[0].figures,
        pages=pages,
        sources=src.figures("year_sources"),  # the documents this org's year cites
        photos=snapshot_photos(src.view, pages[0].captions),
    )


def snapshot_photos(view: SnapshotView, captions: pd.DataFrame) -> dict[str, bytes]:
    """The photos the captions name that the snapshot holds, read through the store."""
    if captions.empty:
        return {}
    store, mapping = snapshots.at(view.catalog.root), view.manifest.photos
    found = {
        n: photos.read_photo(store, mapping, n) for n in sorted(set(captions["photo"].dropna()))
    }
    return {name: data for name, data in found.items() if data is not None}


def without_repeated_charts(pages: list[Page]) -> list[Page]:
    """The pages of an export with each chart once: a chart of the same figures as a
    later page's (the overview's 建议 chart is 有为政协's too) is left to that page, where
    the figures are told."""

    def figures_of(item: Chart) -> frozenset:
        return frozenset(zip(item.frame["metric_id"], item.frame["text"], strict=True))

    later: set[frozenset] = set()
    kept: list[Page] = []
    for page in reversed(pages):
        own = [c for c in page.charts if figures_of(c) not in later]
        later |= {figures_of(c) for c in page.charts}
        kept.append(dataclasses.replace(page, charts=own))
    return kept[::-1]


# ---------------------------------------------------------------- the summary a briefing opens with


def headline_sentence(b: Briefing) -> str:
    """The year in one sentence of its headline figures, as written:
    2023年，中卫市政协收到提案342件，……，得到领导批示90多次。"""
    parts = [f"{row.name}{row.text}" for row in b.headline.itertuples()]
    return f"{b.year}年，{b.org}" + "，".join(parts) + "。" if parts else ""


def pillar_line(page: Page, most: int = 3) -> str:
    """One line of a pillar for the summary: its first figures as written, or why it has
    none (忠诚政协：整改问题7个，建章立制9项……)."""
    if page.status in ("missing", "none"):
        return f"{page.name}：原文没有这一部分。"
    if page.figures.empty:
        return f"{page.name}：原文这一部分没有具体数字。"
    ordered = page.figures.sort_values("headline", ascending=False, kind="stable")
    parts = [f"{row.name}{row.text}" for row in ordered.head(most).itertuples()]
    more = "等" if len(ordered) > most else ""
    return f"{page.name}：" + "，".join(parts) + f"{more}。"


def gist(body: str, most: int = 80) -> str:
    """A work item's first sentence, cut at a comma when longer than `most` characters."""
    text = " ".join(str(body).split())
    ends = [i for i in (text.find(ch) for ch in "。！？") if i != -1]
    first = text[: min(ends) + 1] if ends else text
    if len(first) <= most:
        return first
    cut = max(first.rfind(ch, 0, most) for ch in "，；、")
    return first[: cut if cut > most // 2 else most] + "……"


def lower_bound_note(frame: pd.DataFrame) -> str | None:
    if not frame.empty and (frame["qualifier"] != "exact").any():
        return "注：写作“余/多”的数字是下限，写作“约/近/左右”的是约数，均按原文显示。"
    return None

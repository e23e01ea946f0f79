"""Two orgs × two years for tests: 中卫市政协 2023 (the default data) and, written here for
the tests only, 中卫市政协 2024 and 测试甲县政协 2023 and 2024, each with a short document
of its own, its own figures quoted from it and its own sections. Nothing is copied from
the 2023 article, so a page that shows 2023 text for another org or year is caught."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from zwzx_dash.model.numerals import parse_figure

COUNTY = "测试甲县政协"


@dataclass(frozen=True)
class Figure:
    metric_id: str
    pillar_id: str
    name: str
    text: str
    quote: str  # a line of the document
    headline: bool = False
    topic: str = ""


@dataclass(frozen=True)
class Section:
    pillar_id: str
    section_no: int
    slogan: str
    heading: str
    summary: str


@dataclass(frozen=True)
class OrgYear:
    org: str
    year: int
    source_id: str
    title: str
    text: str
    figures: tuple[Figure, ...]
    sections: tuple[Section, ...]
    highlight: tuple[str, str, str]  # pillar_id, title, body (a line of the document)


ZHONGWEI_2024 = OrgYear(
    org="中卫市政协",
    year=2024,
    source_id="test-zw-2024",
    title="凝心聚力启新程——中卫市政协2024年履职回眸（测试用原文）",
    text="""凝心聚力启新程——中卫市政协2024年履职回眸（测试用原文）
一年来，中卫市政协收到提案365件，反映社情民意信息160篇，开展协商活动40余次。
1 把牢政治方向 勠力打造“忠诚政协”
这一年，市政协把学习贯彻党的创新理论作为首要政治任务。
组织委员集中学习26次。
2 助推高质量发展 勠力打造“有为政协”
这一年，市政协围绕全市重点工作协商议政。
形成调研报告18篇。
深化“委员助企”行动，走访企业80余家。""",
    figures=(
        Figure("proposals", "", "收到提案", "365件", "", True, "提案"),
        Figure("social_opinions", "effective", "反映社情民意信息", "160篇", "", True, "社情民意"),
        Figure("consultations", "", "开展协商活动", "40余次", "", True, "协商"),
        Figure("study_sessions", "loyal", "组织委员集中学习", "26次", "组织委员集中学习26次。"),
        Figure("research_reports", "effective", "形成调研报告", "18篇", "形成调研报告18篇。"),
    ),
    sections=(
        Section(
            "loyal",
            1,
            "勠力打造“忠诚政协”",
            "把牢政治方向",
            "这一年，市政协把学习贯彻党的创新理论作为首要政治任务。",
        ),
        Section(
            "effective",
            2,
            "勠力打造“有为政协”",
            "助推高质量发展",
            "这一年，市政协围绕全市重点工作协商议政。",
        ),
    ),
    highlight=("effective", "委员助企", "深化“委员助企”行动，走访企业80余家。"),
)

COUNTY_2023 = OrgYear(
    org=COUNTY,
    year=2023,
    source_id="test-county-2023",
    title="测试甲县政协2023年工作回顾（测试用原文）",
    text="""测试甲县政协2023年工作回顾（测试用原文）
2023年，测试甲县政协收到提案88件，开展协商活动12次。
一、加强团结联谊 打造“聚力政协”
这一年，县政协广泛团结各界人士共谋县域发展。
举办委员讲堂6期。
组建界别活动小组，联系群众300余人。""",
    figures=(
        Figure("proposals", "", "收到提案", "88件", "", True, "提案"),
        Figure("consultations", "", "开展协商活动", "12次", "", True, "协商"),
        Figure("member_lectures", "cohesive", "举办委员讲堂", "6期", "举办委员讲堂6期。"),
    ),
    sections=(
        Section(
            "cohesive",
            1,
            "打造“聚力政协”",
            "加强团结联谊",
            "这一年，县政协广泛团结各界人士共谋县域发展。",
        ),
    ),
    highlight=("cohesive", "界别活动小组", "组建界别活动小组，联系群众300余人。"),
)

COUNTY_2024 = OrgYear(
    org=COUNTY,
    year=2024,
    source_id="test-county-2024",
    title="测试甲县政协2024年工作回顾（测试用原文）",
    text="""测试甲县政协2024年工作回顾（测试用原文）
2024年，测试甲县政协收到提案95件，开展协商活动15次。
一、聚焦县域发展 打造“有为政协”
这一年，县政协围绕乡村振兴建言献策。
提出意见建议40条。
开展“助农增收”专题视察。""",
    figures=(
        Figure("proposals", "", "收到提案", "95件", "", True, "提案"),
        Figure("consultations", "", "开展协商活动", "15次", "", True, "协商"),
        Figure("suggestions", "effective", "提出意见建议", "40条", "提出意见建议40条。"),
    ),
    sections=(
        Section(
            "effective",
            1,
            "打造“有为政协”",
            "聚焦县域发展",
            "这一年，县政协围绕乡村振兴建言献策。",
        ),
    ),
    highlight=("effective", "助农增收", "开展“助农增收”专题视察。"),
)

MADE_UP = (ZHONGWEI_2024, COUNTY_2023, COUNTY_2024)
PILLAR_IDS = ("loyal", "effective", "people", "cohesive", "vibrant")


def _append(folder: Path, table: str, rows: list[dict]) -> None:
    path = folder / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    with open(path, "a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, header, lineterminator="\n").writerows(rows)


def add_two_by_two(folder: Path) -> None:
    """Add the three made-up org-years to a copy of data/source/."""
    for oy in MADE_UP:
        place = {"org": oy.org, "year": oy.year, "source_id": oy.source_id}
        opening = oy.text.splitlines()[1]
        metrics = []
        for seq, f in enumerate(oy.figures, start=1):
            figure = parse_figure(f.text)
            metrics.append(
                {
                    **place,
                    "metric_id": f.metric_id,
                    "pillar_id": f.pillar_id,
                    "name": f.name,
                    "value": f"{figure.value:g}",
                    "unit": figure.unit,
                    "qualifier": figure.qualifier,
                    "text": f.text,
                    "headline": "true" if f.headline else "false",
                    "topic": f.topic,
                    "seq": seq,
                    "quote": f.quote or opening,
                }
            )
        _append(folder, "metrics", metrics)
        written = {s.pillar_id: s for s in oy.sections}
        sections = []
        for pillar_id in PILLAR_IDS:
            s = written.get(pillar_id)
            sections.append(
                {
                    **place,
                    "pillar_id": pillar_id,
                    "section_no": s.section_no if s else "",
                    "slogan": s.slogan if s else "",
                    "heading": s.heading if s else "",
                    "summary": s.summary if s else "",
                    "source_status": "present" if s else "none",
                }
            )
        _append(folder, "sections", sections)
        pillar_id, title, body = oy.highlight
        _append(
            folder,
            "highlights",
            [{**place, "pillar_id": pillar_id, "seq": 1, "title": title, "body": body}],
        )
        _append(
            folder,
            "sources",
            [
                {
                    **place,
                    "title": oy.title,
                    "publisher": "测试用",
                    "published": "",
                    "authors": "",
                    "text": oy.text,
                }
            ],
        )

"""Every page, run headless with streamlit.testing.v1.AppTest."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from zwzx_dash.ingest.load import load_input
from zwzx_dash.store import snapshots
from zwzx_dash.web import sidebar
from zwzx_dash.web.text import md_text

from .cards import card_values, figure_cards, shown
from .conftest import PROJECT, add_earlier_year, add_other_org, sign_in_app

HEADLINE = ["342件", "155篇", "50余次", "24篇", "12项", "90多次"]
PAGES = {
    "app_pages/overview.py": HEADLINE,
    "app_pages/loyal.py": ["24篇", "12项", "3个", "7个", "9项"],
    "app_pages/effective.py": ["155篇", "12条", "15条", "47条", "14条"],
    "app_pages/people.py": ["155篇", "12项", "3个"],
    "app_pages/cohesive.py": ["90余次", "4期", "86期", "30余次", "60余次", "6批次", "43批次"],
    "app_pages/vibrant.py": ["两期", "36次"],
}


def open_app(page: str | None = None) -> AppTest:
    app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60)
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize(("page", "figures"), PAGES.items())
def test_each_page_shows_its_figures_as_written(published, page, figures):
    app = open_app(page)
    shown = card_values(app)
    for text in figures:
        assert text in shown, (page, text, shown)
    footer = next(c.value for c in app.caption if c.value.startswith("数据来源"))
    assert "更新时间" in footer and "快照" not in footer, "no machinery for leaders"


def test_headline_cards_carry_their_sentence_and_document(published):
    app = open_app()
    help_text = next(c.help for c in figure_cards(app) if c.value == "342件")
    assert "原文：一年来，中卫市政协收到提案342件" in help_text
    assert "出处：《围绕中心大局议政建言" in help_text
    assert app.selectbox(key="year").value == 2023
    assert len(app.selectbox(key="year").options) == 1
    assert not any(c.below for c in figure_cards(app)), "no comparison with a single year"


def test_the_people_page_says_its_section_is_missing(published):
    app = open_app("app_pages/people.py")
    assert "原文缺少第3部分" in app.warning[0].value
    origins = {shown(c.below[-1]) for c in figure_cards(app) if c.below}
    assert {"出自有为政协", "出自忠诚政协"} <= origins
    titles = [m.value for m in app.markdown]
    assert any("践行初心真情为民" in t for t in titles)


def listed_figures(app: AppTest) -> list[str]:
    """The figures the sources page lists, as written, each with its sentence under it."""
    listing = next(
        m.value for m in app.markdown if m.value.startswith("**") and "\n\n> " in m.value
    )
    return re.findall(r"^\*\*(.+?)\*\*", listing, flags=re.MULTILINE)


def test_sources_page_filters_figures_and_lists_snapshots(published, default_input):
    app = open_app("app_pages/sources.py")
    assert len(listed_figures(app)) == 23
    app.text_input(key="figure_search").input("培训").run()
    assert listed_figures(app) == ["两期", "36次"]
    app.text_input(key="figure_search").input("").run()
    app.multiselect(key="figure_pillars").select("总览").run()
    assert listed_figures(app) == ["342件", "50余次", "90多次"]
    history = app.dataframe[-1].value
    assert len(history) == 1 and history["当前"].tolist() == ["✔"]
    marked = [m.value for m in app.markdown if ":orange-background[" in m.value]
    assert len(marked) == 1, "the whole document is one Markdown element"
    spans = re.findall(r":orange-background\[((?:\\.|[^\]\\])*)\]", marked[0])
    for quote in set(default_input.tables["metrics"]["quote"].to_pylist()):
        assert any(md_text(quote.replace("\n", "")) in span for span in spans), quote
    # Read in order: sections by their number (the page printed them 1, 4, 5, 2), the
    # captions apart at the end, a paragraph split by the print layout whole again.
    headings = re.findall(r"^##### (.+)$", marked[0], flags=re.MULTILINE)
    assert [h[:1] for h in headings[:4]] == ["1", "2", "4", "5"] and headings[-1] == "图片说明"
    assert "中卫市政协党组充分发挥" in marked[0].replace("\\", "")


def test_choosing_a_figure_on_the_sources_page_marks_its_sentence_apart(published):
    app = open_app("app_pages/sources.py")
    chooser = app.selectbox(key="figure_in_document")
    assert chooser.value is None and len(chooser.options) == 23
    assert not [m for m in app.markdown if ":blue-background[" in m.value]
    label = next(o for o in chooser.options if o.startswith("36次"))
    chooser.select(chooser.options[chooser.options.index(label)]).run()
    (chosen,) = [m.value for m in app.markdown if ":blue-background[" in m.value]
    (sentence,) = re.findall(r":blue-background\[\*\*((?:\\.|[^\]\\])*)\*\*\]", chosen)
    assert "36次" in sentence.replace("\\", "")
    before, after = [m.value for m in app.markdown if "\n\n##### " in m.value]
    assert "活力政协" in before and "##### 图片说明" in after, "in reading order"
    # Narrowed by a search, the chooser offers the figures listed.
    app.text_input(key="figure_search").input("培训").run()
    assert [o.split("\u3000")[0] for o in app.selectbox(key="figure_in_document").options] == [
        "两期",
        "36次",
    ]


def test_year_selector_drives_every_page_and_change_is_shown_only_when_exact(two_years):
    app = open_app()
    year = app.selectbox(key="year")
    assert year.options == ["2023年", "2022年"]
    cards = {c.value: c for c in figure_cards(app)}
    # Markdown source: shown as ↑ +10件（+3.0%） in green
    assert cards["342件"].below[0] == ":green[↑ \\+10件（\\+3\\.0%）]"
    assert "较2022年 332件" in cards["342件"].below[1]
    assert cards["50余次"].below[0] == ":gray[2022年 40余次]"
    assert "不计算增减" in cards["50余次"].below[1]

    year.select(2022).run()
    assert "332件" in card_values(app) and "342件" not in card_values(app)
    assert not any(c.below for c in figure_cards(app)), "2022 has no earlier year"

    # Keeping the choice across a page switch is checked in the real browser: AppTest
    # runs a switched-to page without the entry point's sidebar state.
    app.switch_page("app_pages/cohesive.py")
    app.run()
    app.selectbox(key="year").select(2022).run()
    assert "80余次" in card_values(app) and "90余次" not in card_values(app)


def test_app_builds_the_default_snapshot_on_first_use(data_root):
    app = open_app()
    assert (data_root / "CURRENT").exists()
    assert "50余次" in card_values(app)


def chart_specs(app: AppTest) -> list[str]:
    """Each chart's plotly JSON, with Chinese readable."""
    return [
        json.dumps(json.loads(c.proto.spec), ensure_ascii=False, separators=(",", ":"))
        for c in app.get("plotly_chart")
    ]


@pytest.mark.parametrize("page", [*PAGES, "app_pages/compare.py"])
def test_no_page_draws_a_chart_of_fewer_than_three_bars(two_orgs, page):
    """One or two figures are cards, never a one- or two-bar chart."""
    app = open_app(page)
    for chart in app.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            if trace["type"] == "bar":
                assert len(trace["y"]) >= 3, (page, trace["y"])  # one category a bar


def test_org_selector_drives_the_pages(two_orgs):
    app = open_app()
    org = app.selectbox(key="org")
    assert org.options == ["中卫市政协", "测试乙县政协", "测试甲县政协"]
    assert org.value == "中卫市政协"
    org.select("测试乙县政协").run()
    assert "347件" in card_values(app) and "342件" not in card_values(app)


def sidebar_notes(app: AppTest) -> str:
    """The sidebar's small print, the page list's section names included."""
    return "\n".join(c.value for c in app.sidebar.caption)


def test_with_many_orgs_a_search_narrows_the_selector(two_orgs, monkeypatch):
    monkeypatch.setattr(sidebar, "ORG_LIST_LIMIT", 2)
    monkeypatch.setattr(sidebar, "ORG_MATCHES_SHOWN", 1)
    app = open_app()
    assert app.text_input(key="org_search").label == "查找单位（共 3 个）"
    assert app.selectbox(key="org").options == ["中卫市政协"]
    assert "列出前 1 个单位" in sidebar_notes(app)
    app.text_input(key="org_search").input("县").run()
    assert app.selectbox(key="org").options == ["中卫市政协", "测试乙县政协"]
    assert "名称含“县”的单位有 2 个，列出前 1 个" in sidebar_notes(app)
    app.text_input(key="org_search").input("乙县").run()
    app.selectbox(key="org").select("测试乙县政协").run()
    assert "347件" in card_values(app) and "342件" not in card_values(app)
    app.text_input(key="org_search").input("没有这个").run()
    assert app.selectbox(key="org").options == ["测试乙县政协"], "the choice stays"
    assert "没有名称含“没有这个”的单位" in sidebar_notes(app)
    assert "347件" in card_values(app)


def test_with_many_orgs_the_compare_page_searches_before_it_lists(
    data_root, source_copy, monkeypatch
):
    add_other_org(source_copy, "测试甲县政协", change=-5)
    add_other_org(source_copy, "测试乙县政协", change=+5)
    add_earlier_year(source_copy)
    data = load_input(source_copy)
    snapshots.publish(data_root, data.tables, input_name=data.name, input_sha256=data.sha256)
    monkeypatch.setattr(sidebar, "ORG_LIST_LIMIT", 1)
    monkeypatch.setattr(sidebar, "ORG_MATCHES_SHOWN", 1)
    app = open_app("app_pages/compare.py")
    assert app.text_input(key="compare_org_search").label == "查找单位（共 2 个）"
    assert app.multiselect(key="compare_orgs").options == ["测试乙县政协"]
    app.multiselect(key="compare_orgs").select("测试乙县政协").run()
    app.text_input(key="compare_org_search").input("甲").run()
    others = app.multiselect(key="compare_orgs")
    assert others.options == ["测试乙县政协", "测试甲县政协"], "the chosen org stays"
    assert others.value == ["测试乙县政协"]
    others.select("测试甲县政协").run()
    assert not app.exception
    (_, years) = chart_specs(app)
    assert "测试甲县政协" in years and "测试乙县政协" in years and "中卫市政协" in years


def test_compare_ranks_one_figure_across_orgs_with_lower_bounds_as_written(two_orgs):
    app = open_app("app_pages/compare.py")
    assert app.selectbox(key="compare_metric").value == "proposals"
    (spec,) = chart_specs(app)
    assert "第1名 测试乙县政协" in spec and "347件" in spec and "337件" in spec
    assert "第2名 中卫市政协<br>（本单位）" in spec
    assert any(c.value.startswith("中卫市政协排第 2 名（342件）") for c in app.caption)
    assert "数据截至2023年" in spec and "更新 " in spec and "快照" not in spec
    app.selectbox(key="compare_metric").select("consultations").run()
    (spec,) = chart_specs(app)
    assert "50余次" in spec and '"shape":["/"' in spec
    assert any("下限" in c.value for c in app.caption)


def test_compare_follows_a_figure_over_the_years(two_years):
    app = open_app("app_pages/compare.py")
    assert not [s for s in app.selectbox if s.key == "org"], "one org: no org selector"
    specs = chart_specs(app)
    assert len(specs) == 1, "one org: no ranking, only the line over the years"
    assert "2022年" in specs[0] and "332件" in specs[0] and "342件" in specs[0]
    assert "数据截至2023年" in specs[0] and "更新 " in specs[0], "stands alone when pasted"


def test_a_damaged_current_snapshot_never_reaches_a_leader(
    published, default_input, monkeypatch, app_browser
):
    from zwzx_dash.access import passcodes

    from .test_queries import damage

    good = snapshots.current_id(published)
    bad = snapshots.publish(
        published, default_input.tables, input_name="x", input_sha256="0" * 64
    ).id
    damage(published, bad)
    app = open_app()
    assert "342件" in card_values(app)
    assert not app.error and not app.sidebar.warning, "leaders see the last good data, no notice"
    encoded = passcodes.hash_passcode("zhongwei-staff-2024", iterations=passcodes.MIN_ITERATIONS)
    monkeypatch.setenv(passcodes.ENV_VAR, encoded)
    app = open_app()
    sign_in_app(app, "zhongwei-staff-2024")
    notice = app.sidebar.warning[0].value
    assert bad in notice and good in notice and "已损坏" in notice


def test_an_export_is_built_on_click_once_and_then_offered_to_every_session(published, monkeypatch):
    from zwzx_dash.export import jobs

    monkeypatch.setattr(jobs, "QUEUE", jobs.ExportQueue())  # this test's server
    app = open_app()
    assert not [b for b in app.get("download_button")], "nothing is built on a page load"
    next(b for b in app.button if b.label == "生成离线网页").click().run(timeout=120)
    assert not app.exception, app.exception
    assert [d.proto.label for d in app.get("download_button")] == ["下载离线网页"]
    other = open_app()  # another leader, later: the file is offered at once
    assert [d.proto.label for d in other.get("download_button")] == ["下载离线网页"]
    assert [b.label for b in other.button if b.label.startswith("生成")] == [
        "生成Word 简报",
        "生成PPT 汇报稿",
        "生成PDF 简报",
        "生成图表 PNG",
    ]


def test_a_source_without_its_text_is_published_and_said_to_be_uncheckable(data_root, source_copy):
    """A source whose 全文 is 无原文 on purpose: the quotes cannot be checked, validation
    lets them through, and every card and the sources page say so."""
    import csv

    path = source_copy / "sources.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    rows[0][header.index("text")] = "无原文"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    data = load_input(source_copy)
    snapshots.publish(data_root, data.tables, input_name=data.name, input_sha256=data.sha256)
    app = open_app()
    help_text = next(c.help for c in figure_cards(app) if c.value == "342件")
    assert help_text.endswith("原文未收录，无法核对")
    app = open_app("app_pages/sources.py")
    assert any("没有收录原文全文" in w.value for w in app.warning)


def test_the_history_names_what_was_published_from_in_words():
    from zwzx_dash.web.blocks import input_label

    assert input_label("2024年数据.xlsx") == "2024年数据.xlsx"
    assert input_label("source") == "默认数据（data/source 文件夹）"
    assert input_label("县区数据") == "县区数据（CSV 文件夹）"

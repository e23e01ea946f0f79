"""A draft reviewed as rows (ingest/draft_review.py): what is still to do is named by the
row's drafted number, a check is done once its cell changes, and the reviewed tables pass
the same validation as an uploaded workbook. The staff page hands the reviewed draft on."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from zwzx_dash.export.draft import reviewed_workbook_bytes
from zwzx_dash.ingest import draft_review as review
from zwzx_dash.ingest import extract
from zwzx_dash.ingest.catalog import default_catalog
from zwzx_dash.ingest.load import load_input, load_upload
from zwzx_dash.store import snapshots

from .conftest import PROJECT, SOURCE_DIR, add_other_org, open_staff_app, run_cli
from .test_draft_review_browser import ARTICLE


@pytest.fixture
def draft():
    return extract.extract(ARTICLE, file_name="清河县政协2024.txt")


def items(draft) -> dict[str, list[dict]]:
    return {t: review.item_rows(draft, t) for t in ("highlights", "captions")}


def open_texts(draft, figures, item_rows=None, blocking=True) -> list[str]:
    found = review.open_items(draft, figures, item_rows or items(draft), default_catalog())
    return [str(o) for o in found if o.blocking == blocking]


def test_what_is_to_fill_is_named_by_the_drafted_number(draft):
    figures = review.figure_rows(draft)
    assert [f[review.ID] for f in figures] == list(range(1, 15))
    assert open_texts(draft, figures) == ["待填写：第14个数字（4轮）：请选择板块（年度要点可不选）"]
    # Dropping earlier rows does not renumber later ones.
    for row in figures[:5]:
        row[review.KEEP] = False
    assert open_texts(draft, figures) == ["待填写：第14个数字（4轮）：请选择板块（年度要点可不选）"]
    figures[13]["板块"] = "活力政协"
    assert open_texts(draft, figures) == []


def test_a_check_is_listed_until_its_cell_changes(draft):
    figures = review.figure_rows(draft)
    checks = open_texts(draft, figures, blocking=False)
    guess = "请核对：第6个数字（8次）：原文标题没有说板块，按指标目录“开展调研”归入有为政协；请核对"
    assert guess in checks
    figures[5]["板块"] = "忠诚政协"
    assert guess not in open_texts(draft, figures, blocking=False)


def test_edits_that_contradict_the_figure_or_each_other_must_be_fixed(draft):
    figures = review.figure_rows(draft)
    figures[13]["板块"] = "活力政协"
    figures[9]["精确度"] = "准确数"  # 40余场 is a lower bound
    figures[1]["指标编码"] = "proposals"  # the code of row 1 too
    figures[2]["指标名称"] = " "
    figures[0]["计量单位"] = "篇"  # 186件
    assert open_texts(draft, figures) == [
        "待填写：第1个数字（186件）：编码“proposals”与另一个保留的数字相同；请改为不同的编码",
        "待填写：第1个数字（186件）：原文写法“186件”的单位是“件”，计量单位不能填“篇”",
        "待填写：第2个数字（172件）：编码“proposals”与另一个保留的数字相同；请改为不同的编码",
        "待填写：第3个数字（26次）：请填写指标名称",
        "待填写：第10个数字（40余场）：原文写法“40余场”表示下限（余/多/以上/超过），精确度不能选“准确数”",
    ]


def test_the_reviewed_tables_validate_as_a_workbook_and_keep_the_edits(draft):
    figures = review.figure_rows(draft)
    figures[13]["板块"] = "活力政协"
    figures[0]["指标名称"] = "收到各类提案"
    figures[11][review.KEEP] = False  # 20余位
    rows = items(draft)
    rows["highlights"][0]["板块"] = "忠诚政协"
    data = load_upload(
        reviewed_workbook_bytes(review.reviewed_tables(draft, figures, rows)), "草稿.xlsx"
    )
    metrics = data.tables["metrics"].to_pylist()
    assert [m["text"] for m in metrics] == [f["原文写法"] for f in figures if f[review.KEEP]]
    assert [m["seq"] for m in metrics] == list(range(1, 14))
    assert metrics[0]["name"] == "收到各类提案" and metrics[-1]["pillar_id"] == "vibrant"
    highlights = data.tables["highlights"].to_pylist()
    assert highlights[0]["pillar_id"] == "loyal" and highlights[0]["seq"] == 1
    assert data.tables["sources"].to_pylist()[0]["org"] == "清河县政协"


def test_the_staff_page_hands_the_reviewed_draft_on(published, monkeypatch, app_browser):
    app = open_staff_app(monkeypatch)
    ready = ARTICLE.replace(",完成机关作风整顿4轮", "")  # nothing left to fill
    app.text_area(key="article_text").input(ready).run()
    assert not app.exception, app.exception
    go_on = next(b for b in app.button if b.label.startswith("用这份草稿继续"))
    assert not go_on.disabled
    go_on.click().run()
    assert not app.exception, app.exception
    infos = [i.value for i in app.info]
    assert any(i.startswith("使用上面核对好的草稿：粘贴的报道") for i in infos), infos
    assert any("数字**：新增 13，删除 0，修改 0" in m.value for m in app.markdown)


def test_the_fingerprint_of_the_rows_ignores_the_editors_types_not_the_edits(draft):
    figures = review.figure_rows(draft)
    same = [dict(r, **{review.ID: float(r[review.ID])}) for r in figures]
    same[0]["计量单位"] = "件"
    figures[0]["计量单位"] = "件"
    figures[13]["板块"] = same[13]["板块"] = None
    same[13]["板块"] = float("nan")
    rows = items(draft)
    assert review.fingerprint(figures, rows) == review.fingerprint(same, rows)
    same[2]["指标名称"] = "另一个名称"
    assert review.fingerprint(figures, rows) != review.fingerprint(same, rows)


def test_validate_names_the_codes_outside_the_catalog(published):
    done = run_cli("validate", str(SOURCE_DIR), root=published)
    assert done.returncode == 0, done.stderr
    assert "提醒：6 个指标编码不在指标目录（data/catalog/metrics.csv）中" in done.stdout
    assert "bigdata_suggestions" in done.stdout and "proposals、" not in done.stdout


def test_the_compare_page_says_whether_a_figure_is_in_the_catalog(data_root, source_copy):
    add_other_org(source_copy, "测试甲县政协", change=-5)
    data = load_input(source_copy)
    snapshots.publish(data_root, data.tables, input_name=data.name, input_sha256=data.sha256)
    app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60).run()
    app.switch_page("app_pages/compare.py").run()
    assert not app.exception, app.exception
    captions = " ".join(c.value for c in app.caption)
    assert "按指标目录的“收到提案”（proposals）与其他单位比较" in captions
    app.selectbox(key="compare_metric").set_value("bigdata_suggestions").run()
    captions = " ".join(c.value for c in app.caption)
    assert "不在指标目录中：只与用同一编码的单位比较" in captions


def test_the_marked_article_shows_hostile_text_literally():
    from zwzx_dash.web.draft_review import marked_article

    hostile = ARTICLE.replace(
        "五年来", "<img src=x onerror=alert(1)>[链接](javascript:alert(1)):red[红]五年来"
    )
    shown = marked_article(extract.extract(hostile, file_name="q.txt"))
    assert not re.search(
        r"(?<!\\)[<\[\]]", shown.replace(":orange-background[", "").replace("**]", "")
    )
    assert "\\<img src\\=x" in shown and "\\:red\\[" in shown
    assert ":orange-background[**186件**]" in shown  # the figures, and only they, marked
    assert shown.count(":orange-background[") == 14

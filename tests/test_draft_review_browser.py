"""A county's article reviewed and published in the browser, with no Excel round trip:
upload it, fix two rows, drop one, continue, publish; the county's overview then shows its
headline figures, and what was dropped is nowhere."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest

from zwzx_dash.access import passcodes
from zwzx_dash.ingest.article_figures import NOT_THE_YEARS
from zwzx_dash.store import reading, snapshots

from .browser import (
    ARTIFACTS,
    DESKTOP,
    require_chromium,
    screenshot_whole_page,
    serve_app,
    wait_ready,
)
from .test_browser import open_page, open_staff_page

pytestmark = pytest.mark.browser
require_chromium()

from playwright.sync_api import expect  # noqa: E402

# No headings, a byline first, ASCII commas, bullets, a rhetorical count, a measure word
# outside the common list, a term total, and one figure the catalog does not know (4轮).
ARTICLE = """记者 王明

清河县政协2024年履职工作综述

2024年,清河县政协围绕中心、服务大局,全年收到提案186件,立案172件,开展协商活动26次,报送社情民意信息94篇,得到县委县政府领导批示31次。

●建言资政有力度。围绕乡村振兴开展专题调研8次,形成调研报告12篇,提出意见建议56条。

●为民服务有温度。依托12所委员工作室开展活动40余场,为群众办实事38件,20余位委员参与。

●自身建设有强度。突出抓了三项重点工作,举办委员专题培训班两期,完成机关作风整顿4轮。

五年来,清河县政协共收到提案912件,立案850件。
"""
ARTICLE_UPLOAD = '.st-key-article [data-testid="stFileUploaderDropzoneInput"]'
FIGURES_GRID = '[class*="st-key-draft_figures_"] [data-testid="stDataFrameResizable"]'
COLUMNS = ["编号", "保留", "原文写法", "指标名称", "指标编码", "板块"]
ROW_HEIGHT = 35  # the editor's header and rows


def select_cell(page, row: int, column: str) -> None:
    """Put the editor's cursor on a cell: a click on the first row's 编号, then the keys."""
    grid = page.locator(FIGURES_GRID)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 30, box["y"] + ROW_HEIGHT * 1.5)
    for _ in range(COLUMNS.index(column)):
        page.keyboard.press("ArrowRight")
    for _ in range(row - 1):
        page.keyboard.press("ArrowDown")


EDITING = "() => !!document.activeElement && !!document.activeElement.closest('#portal')"


def type_into_cell(page, row: int, column: str, text: str) -> None:
    """Open the cell's editor (Enter), replace its text, commit (Enter), wait for the rerun."""
    select_cell(page, row, column)
    page.keyboard.press("Enter")
    page.wait_for_function(EDITING)  # the editor floats over the grid in #portal
    time.sleep(0.3)  # keys typed before the editor has taken its value are lost
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)
    time.sleep(0.3)
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => !({EDITING[6:]})")
    wait_ready(page)


def test_an_article_is_reviewed_and_published_in_the_browser(browser, published, tmp_path):
    passcode = "zhongwei-staff-2024"
    encoded = passcodes.hash_passcode(passcode, iterations=passcodes.MIN_ITERATIONS)
    article = tmp_path / "清河县政协2024.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = snapshots.current_id(published)

    with serve_app(published, env={passcodes.ENV_VAR: encoded}) as url:
        page = open_staff_page(browser, url, passcode)
        page.locator(ARTICLE_UPLOAD).set_input_files(str(article))
        expect(page.get_by_text("已读完《清河县政协2024年履职工作综述》")).to_be_visible(
            timeout=30_000
        )
        expect(page.get_by_text("单位：清河县政协（取自原文标题）")).to_be_visible()
        expect(page.get_by_text(f"{NOT_THE_YEARS}，未收入本年度：912件、850件")).to_be_visible()
        wait_ready(page)
        # 4轮 (row 14) is in no catalog entry and under no pillar heading: to fill.
        expect(page.get_by_text("还有 1 处待填写")).to_be_visible()
        expect(page.get_by_text("第14个数字（4轮）：请选择板块")).to_be_visible()
        go_on = page.get_by_role("button", name="用这份草稿继续：校验、比较改动")
        expect(go_on).to_be_disabled()
        screenshot_whole_page(page, ARTIFACTS / "draft-review-desktop.png")

        type_into_cell(page, 1, "指标名称", "收到各类提案")  # fix one row's name
        type_into_cell(page, 14, "板块", "活力政协")  # and another's pillar
        select_cell(page, 12, "保留")  # drop 20余位
        page.keyboard.press("Space")
        page.mouse.click(10, 10)  # the grid sends a toggle when it loses the focus
        expect(page.get_by_text("保留 13 个数字（共 14 个）")).to_be_visible()
        wait_ready(page)
        expect(page.get_by_text("还有 1 处待填写")).to_have_count(0)
        expect(go_on).to_be_enabled()
        go_on.click()
        wait_ready(page)
        expect(page.get_by_text("校验通过")).to_be_visible(timeout=30_000)
        expect(page.get_by_text("数字：新增 13，删除 0，修改 0", exact=True)).to_be_visible()
        page.get_by_label("发布备注（必填）").fill("清河县政协2024年报道")
        page.get_by_label("发布备注（必填）").press("Enter")
        publish = page.get_by_role("button", name="发布", exact=True)
        expect(publish).to_be_enabled(timeout=30_000)
        wait_ready(page)
        publish.click()
        expect(page.get_by_text("已发布快照")).to_be_visible(timeout=30_000)
        wait_ready(page)
        screenshot_whole_page(page, ARTIFACTS / "draft-review-published-desktop.png")

        after = snapshots.current_id(published)
        assert after != before
        tables = reading.read_org_year(published, after, "清河县政协", 2024)
        metrics = {m["text"]: m for m in tables["metrics"].to_pylist()}
        assert "20余位" not in metrics and "912件" not in metrics and "三项" not in metrics
        assert metrics["186件"]["name"] == "收到各类提案"
        assert metrics["186件"]["metric_id"] == "proposals"
        assert metrics["4轮"]["pillar_id"] == "vibrant"
        assert metrics["12所"]["unit"] == "所"
        assert {m["text"] for m in metrics.values() if m["headline"]} == {
            "186件", "172件", "26次", "94篇", "31次"
        }  # fmt: skip
        assert "中卫市政协" in reading.read_table(published, after, "metrics")["org"].to_pylist()

        overview = open_page(
            browser, f"{url}/?briefing=1&org={quote('清河县政协')}&year=2024", DESKTOP
        )
        for text in ("186件", "172件", "26次", "94篇", "31次"):
            expect(overview.get_by_text(text, exact=True).first).to_be_visible()
        screenshot_whole_page(overview, ARTIFACTS / "draft-review-county-overview-desktop.png")
        overview.context.close()
    page.context.close()

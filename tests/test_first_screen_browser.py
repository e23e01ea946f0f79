"""What a leader meets first, on a phone, a tablet and a desktop: the numbers on the first
screen, every figure's name whole, the pillars one tap away, a tab title per page."""

from __future__ import annotations

import re

import pytest

from .browser import (
    ARTIFACTS,
    CARD,
    CARD_FIGURE,
    CARD_NAME,
    DESKTOP,
    PHONE,
    TABLET,
    open_page,
    require_chromium,
    serve_app,
    sidebar_link,
    wait_ready,
)

require_chromium()

from playwright.sync_api import expect  # noqa: E402

pytestmark = pytest.mark.browser

HEADLINE = ["342件", "155篇", "50余次", "24篇", "12项", "90多次"]
PILLARS = ["忠诚政协", "有为政协", "为民政协", "聚力政协", "活力政协"]


def test_a_phone_shows_the_title_and_all_six_figures_without_scrolling(browser, default_app_url):
    page = open_page(browser, default_app_url + "/", PHONE)
    lines = page.locator("h1").first.evaluate(
        """h => { const w = document.createTreeWalker(h, NodeFilter.SHOW_TEXT); const tops = [];
                  while (w.nextNode()) { const r = document.createRange();
                    r.selectNodeContents(w.currentNode);
                    for (const b of r.getClientRects()) if (b.width) tops.push(Math.round(b.top)); }
                  return new Set(tops).size; }"""
    )
    assert lines == 1, "the title on one line, not 2023 / 年履职总览"
    for text in HEADLINE:
        box = page.get_by_text(text, exact=True).first.bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], (text, box)
    cards = page.locator(CARD)
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 2, "two cards to a row on a phone"
    page.screenshot(path=str(ARTIFACTS / "first-screen-phone.png"))
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, TABLET, DESKTOP], ids=["390", "820", "1400"])
@pytest.mark.parametrize("path", ["", "cohesive", "effective"])
def test_no_figure_name_is_cut(browser, default_app_url, path, viewport):
    page = open_page(browser, f"{default_app_url}/{path}", viewport)
    cut = page.locator(f"{CARD_NAME}, {CARD_FIGURE}").evaluate_all(
        """els => els.flatMap(e => [e, ...e.querySelectorAll('*')])
             .filter(e => e.scrollWidth > e.clientWidth + 1)
             .map(e => e.textContent)"""
    )
    assert cut == [], cut
    values = page.locator(CARD_FIGURE).evaluate_all(
        "els => els.map(e => [e.textContent, e.getClientRects().length, e.offsetHeight])"
    )
    for text, _, height in values:
        assert height < 64, ("a figure on one line", text)
    page.screenshot(path=str(ARTIFACTS / f"cards-{path or 'overview'}-{viewport['width']}.png"))
    page.context.close()


def test_the_pillars_are_one_tap_from_the_top_and_from_each_other(browser, default_app_url):
    page = open_page(browser, default_app_url + "/", PHONE)
    main = page.locator('[data-testid="stMain"]')
    for name in PILLARS:
        link = main.get_by_role("link", name=name, exact=True)
        assert link.bounding_box()["y"] < 200, name  # under the title, above the cards
    main.get_by_role("link", name="聚力政协", exact=True).click()
    page.wait_for_url("**/cohesive")
    wait_ready(page)
    expect(page).to_have_title("聚力政协 - 中卫市政协履职看板")
    page.get_by_role("link", name="下一个：活力政协 →").click()
    page.wait_for_url("**/vibrant")
    wait_ready(page)
    expect(page.get_by_role("heading", name="活力政协")).to_be_visible()
    expect(page.get_by_role("link", name="← 上一个：聚力政协")).to_be_visible()
    assert page.get_by_text("下一个：", exact=False).count() == 0, "the last pillar"
    page.context.close()


def test_on_a_phone_choosing_a_page_in_the_menu_closes_the_menu(browser, default_app_url):
    page = open_page(browser, default_app_url + "/", PHONE)
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    link = sidebar_link(page, "聚力政协")
    expect(link).to_be_in_viewport()
    link.click()
    expect(page.get_by_role("heading", name="聚力政协")).to_be_visible()
    expect(link).not_to_be_in_viewport()  # the page is no longer covered
    page.context.close()


def test_each_page_has_its_own_tab_title(browser, default_app_url):
    page = open_page(browser, default_app_url + "/sources", DESKTOP)
    expect(page).to_have_title("数据来源 - 中卫市政协履职看板")
    page.goto(default_app_url + "/")
    wait_ready(page)
    expect(page).to_have_title("总览 - 中卫市政协履职看板")
    page.context.close()


def test_the_charts_download_tip_is_chinese(browser, default_app_url):
    page = open_page(browser, default_app_url + "/effective", DESKTOP)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.hover()
    button = chart.locator(".modebar-btn").first
    button.hover()
    tip = button.evaluate("b => getComputedStyle(b, '::after').content")
    assert tip == '"下载图片（PNG）"', tip
    page.context.close()


def test_photos_missing_from_the_source_are_said_in_one_line(browser, default_app_url):
    page = open_page(browser, default_app_url + "/", DESKTOP)
    expect(page.get_by_text("原文所配的 7 张图片未随文收录。")).to_be_visible()
    assert page.get_by_text("原文未附图片").count() == 0
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1400"])
def test_choosing_a_figure_brings_its_sentence_into_view(browser, default_app_url, viewport):
    page = open_page(browser, default_app_url + "/sources", viewport)
    page.locator('.st-key-figure_in_document [data-testid="stSelectbox"]').click()
    page.keyboard.type("36次")
    options = page.get_by_role("option")
    expect(options).to_have_count(1)
    options.first.click()
    chosen = page.locator(".st-key-chosen_sentence")
    expect(chosen).to_contain_text("36次")
    # In view: inside the page's viewport and inside the document's own scrolling box.
    page.wait_for_function(
        """() => {
          const c = document.querySelector('.st-key-chosen_sentence strong');
          if (!c) return false;
          const r = c.getBoundingClientRect();
          let box = c.parentElement;
          while (box && getComputedStyle(box).overflowY !== 'auto') box = box.parentElement;
          const b = box.getBoundingClientRect();
          return r.top >= Math.max(0, b.top) && r.bottom <= Math.min(innerHeight, b.bottom);
        }""",
        timeout=10_000,
    )
    page.screenshot(path=str(ARTIFACTS / f"sources-chosen-{viewport['width']}.png"))
    page.context.close()


def test_a_tapped_figure_shows_its_whole_sentence_on_a_phone(browser, default_app_url):
    page = open_page(browser, default_app_url + "/", PHONE)
    for n in (0, 1):  # a card in the left column and one in the right
        page.locator(CARD).nth(n).locator('[data-testid="stTooltipHoverTarget"] button').click()
        tip = page.locator('[data-testid="stTooltipContent"]')
        expect(tip).to_contain_text("原文：一年来，中卫市政协收到提案342件")
        box = tip.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (n, box)
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (n, box)
        page.mouse.click(5, PHONE["height"] - 40)  # away: the tip closes
        expect(tip).to_have_count(0)
    page.context.close()


def test_a_tapped_bar_shows_its_whole_sentence_on_a_phone(browser, default_app_url):
    page = open_page(browser, default_app_url + "/effective", PHONE)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.scroll_into_view_if_needed()
    bars = chart.locator(".point path")
    assert bars.count() >= 3
    for n in range(bars.count()):
        bar = bars.nth(n).bounding_box()
        page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
        hover = chart.locator(".hoverlayer .hovertext")
        expect(hover).to_have_count(1)
        box = hover.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (n, box)
        assert "原文：" in hover.text_content() and "。" in hover.text_content()
    page.context.close()


# Latin a leader may meet: numbers, units and formats, file names and the snapshot id on
# the sources page; anything else is English the page should have said in Chinese.
ALLOWED_LATIN = re.compile(
    r"^(?:PNG|CSV|PDF|PPT|Word|HTML|XLSX|WPS|Excel|MB|KB|\d{8}T\d+Z-[0-9a-f]+|"
    r"[\w.-]+\.(?:txt|csv|xlsx|docx|pptx|pdf|png|html|zip)|zw-cppcc-\d{4}-review|"
    r"zwzx-dash|user|add)$"  # the command that makes an account, on the staff page
)


def latin_words(page) -> list[str]:
    texts = page.evaluate(
        """() => [document.body.innerText, document.title,
                  ...[...document.querySelectorAll('[aria-label],[title],[placeholder]')]
                     .filter(e => e.offsetParent !== null)
                     .flatMap(e => [e.getAttribute('aria-label'), e.getAttribute('title'),
                                    e.getAttribute('placeholder')])]"""
    )
    words = re.findall(r"[A-Za-z0-9][\w./-]*", " ".join(t for t in texts if t))
    latin = {w.strip("./-") for w in words if re.search(r"[A-Za-z]", w)}
    return sorted(w for w in latin if not ALLOWED_LATIN.match(w))


@pytest.mark.parametrize(
    "path", ["", "loyal", "effective", "people", "cohesive", "vibrant", "sources", "staff", "nope"]
)
def test_every_page_speaks_chinese(browser, default_app_url, path):
    page = open_page(browser, f"{default_app_url}/{path}", DESKTOP)
    found = latin_words(page)
    assert found == [], " ".join(found)
    page.context.close()


def test_a_lost_connection_and_an_unknown_page_are_said_in_chinese(browser, tmp_path):
    with serve_app(tmp_path / "data") as url:
        page = open_page(browser, url + "/nope", DESKTOP)
        expect(page.get_by_text("没有这个页面，已打开总览。")).to_be_visible()
        expect(page.get_by_text("找不到这个页面")).to_be_visible()
        page.keyboard.press("Escape")
    # The server has stopped: the open page says so in Chinese.
    expect(page.get_by_text("连接中断")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("看板服务器暂时没有响应。请检查网络，稍后刷新页面。")).to_be_visible()
    assert page.get_by_text("Connection error").count() == 0
    page.context.close()

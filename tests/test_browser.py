"""The app in a real Chromium, desktop and phone width."""

import os
import re

import pytest

from .browser import ARTIFACTS, CHROMIUM, DESKTOP, PHONE, fonts_used, launch, serve_app, wait_ready

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: /usr/bin/chromium is missing")
    pytest.skip(
        "BROWSER TESTS SKIPPED: /usr/bin/chromium is missing "
        "(as root: apt-get install chromium fonts-noto-cjk, or run make test)",
        allow_module_level=True,
    )

from playwright.sync_api import expect, sync_playwright  # noqa: E402

HEADLINE = ["342件", "155篇", "50余次", "24篇", "12项", "90多次"]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-data")  # empty: the app builds the default snapshot
    with serve_app(root) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.mark.parametrize(("device", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_entry_page_shows_headline_figures(browser, app_url, device, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(app_url + "/")
    wait_ready(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    for text in HEADLINE:
        expect(page.get_by_text(text, exact=True)).to_be_visible()
    scroll = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert scroll <= 0, "the page must not scroll sideways"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"home-{device}.png", full_page=True)
    context.close()


def test_chinese_glyphs_are_drawn_with_a_cjk_font(browser, app_url):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(app_url + "/")
    wait_ready(page)
    fonts = fonts_used(page, "h1")
    cjk = {name: n for name, n in fonts.items() if re.search(r"CJK|Hei|Song|Noto Sans SC", name)}
    assert cjk and sum(cjk.values()) >= 4, fonts
    page.close()

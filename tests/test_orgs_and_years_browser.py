"""Year two and org two in a real browser: a county's pillar pages show its own sections
or say its document has none, never 中卫市政协's; and a data folder written in format 1
still serves every page."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from zwzx_dash.ingest.load import load_input
from zwzx_dash.store import snapshots

from .browser import (
    ARTIFACTS,
    DESKTOP,
    PHONE,
    open_page,
    require_chromium,
    screenshot_whole_page,
    serve_app,
    wait_ready,
)
from .conftest import SOURCE_DIR
from .two_by_two import COUNTY, COUNTY_2023, COUNTY_2024, ZHONGWEI_2024, add_two_by_two

pytestmark = pytest.mark.browser

require_chromium()

from playwright.sync_api import expect  # noqa: E402

FORMAT1 = Path(__file__).resolve().parent / "fixtures" / "format1"
PILLAR_PAGES = ("loyal", "effective", "people", "cohesive", "vibrant")
MAIN = '[data-testid="stMain"]'


def zhongwei_section_texts() -> list[str]:
    """Every slogan, heading and summary of 中卫市政协's sections, both years."""
    with open(SOURCE_DIR / "sections.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    texts = [r[c] for r in rows for c in ("heading", "summary") if r[c]]
    texts += [t for s in ZHONGWEI_2024.sections for t in (s.heading, s.summary)]
    return [*texts, "勠力打造", "中卫市政协"]


@pytest.fixture(scope="module")
def two_by_two_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-by-two") / "input"
    shutil.copytree(SOURCE_DIR, folder)
    add_two_by_two(folder)
    root = folder.parent / "data"
    data = load_input(folder)
    snapshots.publish(root, data.tables, input_name=data.name, input_sha256=data.sha256)
    with serve_app(root) as url:
        yield url


@pytest.mark.parametrize("org_year", [COUNTY_2023, COUNTY_2024], ids=["2023", "2024"])
def test_a_countys_pillar_pages_show_only_its_own_sections(browser, two_by_two_app, org_year):
    foreign = zhongwei_section_texts()
    own = {s.pillar_id: s for s in org_year.sections}
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    for path in PILLAR_PAGES:
        page.goto(f"{two_by_two_app}/{path}?briefing=1&org={quote(COUNTY)}&year={org_year.year}")
        wait_ready(page)
        main = page.locator(MAIN)
        expect(main.get_by_text(f"数据来源：《{org_year.title}》", exact=False)).to_be_visible()
        expect(main.get_by_text(f"{COUNTY} · {org_year.year}年", exact=True)).to_be_visible()
        text = main.inner_text()
        assert not [t for t in foreign if t in text], (path, text)
        if path in own:
            assert own[path].heading in text and own[path].summary in text
        else:
            assert f"{COUNTY}{org_year.year}年的原文没有" in text, (path, text)
        if org_year is COUNTY_2023:
            screenshot_whole_page(page, ARTIFACTS / f"county-{path}-desktop.png")
    page.context.close()


def test_a_second_year_shows_its_own_document_and_change(browser, two_by_two_app):
    page = open_page(browser, f"{two_by_two_app}/loyal?briefing=1&year=2024", PHONE)
    text = page.locator(MAIN).inner_text()
    assert ZHONGWEI_2024.sections[0].summary in text and "26次" in text
    page.goto(f"{two_by_two_app}/?briefing=1&year=2024")
    wait_ready(page)
    expect(page.get_by_text("365件", exact=True)).to_be_visible()
    expect(page.get_by_text("+23件", exact=False).first).to_be_visible()
    screenshot_whole_page(page, ARTIFACTS / "second-year-overview-phone.png")
    page.goto(f"{two_by_two_app}/sources?year=2024")
    wait_ready(page)
    page.context.close()


@pytest.fixture(scope="module")
def format1_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("format1") / "data"
    shutil.copytree(FORMAT1, root)
    with serve_app(root) as url:
        yield url, root


@pytest.mark.parametrize("path", ["", *PILLAR_PAGES, "compare", "sources"])
def test_a_format1_snapshot_serves_every_page(browser, format1_app, path):
    url, root = format1_app
    before = sorted(p.name for p in (root / "snapshots").iterdir())
    page = open_page(browser, f"{url}/{path}", DESKTOP)
    assert page.locator('[data-testid="stException"]').count() == 0
    text = page.locator(MAIN).inner_text()
    assert "看板暂时无法读取数据" not in text
    if path in ("", "loyal"):
        assert "24篇" in text
    if path == "loyal":
        assert "坚持党的领导" in text  # its section, upgraded from the format-1 pillars
    if path == "people":
        assert "原文缺少" in text or "缺失" in text
    assert sorted(p.name for p in (root / "snapshots").iterdir()) == before, "read only"
    page.context.close()

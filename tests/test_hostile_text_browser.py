"""Hostile text in every text column of every table, and in the publish record and an
account name, across every page and the staff page of a real server: shown literally,
no element made from it, no request to any other host, no dialog."""

from __future__ import annotations

import re

import pyarrow as pa
import pytest

from zwzx_dash.access import accounts
from zwzx_dash.model import schema
from zwzx_dash.store import snapshots
from zwzx_dash.web.text import WORD_JOINER

from .browser import (
    ARTIFACTS,
    DESKTOP,
    PHONE,
    require_chromium,
    screenshot_whole_page,
    sidebar_link,
    sign_in,
    wait_ready,
)
from .test_browser import open_page, serve_app

pytestmark = pytest.mark.browser
require_chromium()

from playwright.sync_api import expect  # noqa: E402

HOST = "127.0.0.9"  # nothing listens there: a request to it means data became markup
PAYLOAD = (
    f"<img src=http://{HOST}/i.png onerror=alert(1)>**粗体**[链接](http://{HOST}/l)"
    f" http://{HOST}/auto www.{HOST}.cn :red[红字] :smile: <script>alert(2)</script>"
)
# Columns whose values are a fixed vocabulary the pages look things up by; validation
# refuses anything else in them, so they keep their values.
VOCABULARY = {"pillar_id", "qualifier", "source_status"}
HOSTILE_ORG = f"![x](http://{HOST}/o.png)**粗体**政协"
PERSON = "**粗体**张三"


def hostile_tables(tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """Every text column of every table with the payload: appended to free text, the same
    hostile value everywhere for the org and the source codes (so that rows still join)."""
    out = {}
    for name, table in tables.items():
        for field in schema.TABLES[name].schema:
            column = field.name
            if field.type != pa.string() or column in VOCABULARY:
                continue
            values = table.column(column).to_pylist()
            if column == "org":
                values = [HOSTILE_ORG] * len(values)
            elif column == "source_id":
                values = [None if v is None else f"{v}{PAYLOAD}" for v in values]
            elif column == "photo":
                values = [f"http://{HOST}/p.png" if i == 0 else v for i, v in enumerate(values)]
            else:
                values = [None if v is None else f"{v}{PAYLOAD}" for v in values]
            i = table.schema.get_field_index(column)
            table = table.set_column(i, table.schema.field(i), pa.array(values, pa.string()))
        out[name] = table
    return out


def check_page(page, requests: list[str], dialogs: list[str], origin: str) -> None:
    main = page.locator('[data-testid="stApp"]')
    assert main.locator(f'img[src*="{HOST}"]').count() == 0
    links = main.locator(f'a[href*="{HOST}"]')
    where = "a => a.closest('[data-testid]').dataset.testid + ': ' + a.parentElement.innerText"
    assert links.count() == 0, [links.nth(k).evaluate(where) for k in range(links.count())]
    assert main.locator("script", has_text="alert").count() == 0
    # Our own bold may hold data (a figure's 原文写法); bold made *by* the data holds
    # exactly the word the payload wraps.
    made_bold = page.locator("[data-testid=stApp] strong", has_text=re.compile("^粗体$"))
    assert made_bold.count() == 0
    assert main.locator("span", has_text=re.compile("^红字$")).count() == 0
    text = main.inner_text().replace(WORD_JOINER, "")
    assert "**粗体**" in text and "😄" not in text
    assert not [u for u in requests if not u.startswith(origin) and not u.startswith("data:")]
    assert dialogs == []


def test_hostile_text_everywhere_is_shown_as_text(browser, tmp_path, default_input):
    root = tmp_path / "data"
    tables = hostile_tables(dict(default_input.tables))
    snapshots.publish(root, tables, input_name=PAYLOAD, input_sha256="0" * 64, note=PAYLOAD)
    accounts.add_account(root / "accounts.json", PERSON, "hostile-staff-2024", "staff")
    with serve_app(root) as url:
        for path in (
            "",
            "loyal",
            "effective",
            "people",
            "cohesive",
            "vibrant",
            "sources",
            "compare",
        ):
            for viewport in (DESKTOP, PHONE):
                page = open_page(browser, f"{url}/{path}", viewport)
                requests: list[str] = []
                dialogs: list[str] = []
                page.on("request", lambda r, seen=requests: seen.append(r.url))
                page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
                page.reload()
                wait_ready(page)
                page.wait_for_timeout(300)
                if path != "compare":  # one org and one year: nothing to compare, no data
                    check_page(page, requests, dialogs, url)
                name = f"hostile-all-{path or 'overview'}-{viewport['width']}.png"
                screenshot_whole_page(page, ARTIFACTS / name)
                page.context.close()

        page = open_page(browser, url + "/", DESKTOP)
        requests, dialogs = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        sign_in(page, "hostile-staff-2024", PERSON)
        expect(page.get_by_text(re.compile(r"已登录：.*粗体"))).to_be_visible()
        sidebar_link(page, "数据管理").click()
        wait_ready(page)
        expect(page.get_by_role("heading", name="数据管理")).to_be_visible()
        check_page(page, requests, dialogs, url)
        screenshot_whole_page(page, ARTIFACTS / "hostile-all-staff.png")
        page.context.close()

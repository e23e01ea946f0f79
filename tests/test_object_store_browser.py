"""The app served from snapshots in object storage (moto's S3 server on loopback): the
first run builds the default snapshot there, and pages read it through DuckDB and s3fs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from . import s3_server
from .browser import DESKTOP, open_page, require_chromium, serve_app, wait_ready

pytestmark = pytest.mark.browser

require_chromium()

from playwright.sync_api import expect  # noqa: E402

MAIN = '[data-testid="stMain"]'


@pytest.fixture(scope="module")
def s3_app() -> Iterator[str]:
    with s3_server.moto_server() as endpoint:
        url = f"s3://{s3_server.new_bucket(endpoint)}/zwzx"
        with serve_app(url, env=s3_server.aws_env(endpoint)) as app:  # type: ignore[arg-type]
            yield app


def test_pages_are_served_from_object_storage(browser, s3_app):
    page = open_page(browser, f"{s3_app}/?briefing=1", DESKTOP)
    expect(page.locator(MAIN).get_by_text("342件", exact=True).first).to_be_visible()
    page.goto(f"{s3_app}/loyal?briefing=1")
    wait_ready(page)
    expect(page.locator(MAIN).get_by_text("忠诚政协", exact=False).first).to_be_visible()
    assert s3_server.SECRET not in page.content()
    page.context.close()

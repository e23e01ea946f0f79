"""Sign-in as a browser and an attacker see it, against a real server: per-person
accounts, the HttpOnly cookie that binds a sign-in to one browser, sign-out, idle expiry,
the publisher recorded as the person, and a second client that knows the session id."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from websockets.sync.client import connect

from zwzx_dash.access import accounts
from zwzx_dash.export.workbook import write_workbook
from zwzx_dash.store import snapshots

from .browser import DESKTOP, require_chromium, sidebar_link, sign_in, wait_ready
from .test_browser import (
    WORKBOOK_UPLOAD,
    open_page,
    serve_app,
    upload_and_fill_note,
)
from .test_merge import as_year

pytestmark = pytest.mark.browser
require_chromium()

from playwright.sync_api import expect  # noqa: E402

STAFF, STAFF_CODE = "张三", "zhang-san-2024"
VIEWER, VIEWER_CODE = "李四", "li-si-viewer-2024"


@pytest.fixture
def people(published: Path) -> Path:
    """An accounts file with one staff member and one viewer, made by the real CLI code."""
    path = published / "accounts.json"
    accounts.add_account(path, STAFF, STAFF_CODE, "staff")
    accounts.add_account(path, VIEWER, VIEWER_CODE, "viewer")
    return path


def staff_link(page):
    return sidebar_link(page, "数据管理")


def open_staff_page(browser, url: str):
    """Signed in as the staff member 张三, on 数据管理."""
    page = open_page(browser, url + "/", DESKTOP)
    sign_in(page, STAFF_CODE, STAFF)
    staff_link(page).click()
    wait_ready(page)
    return page


def test_the_sign_in_cookie_is_httponly_strict_and_holds_across_reloads(browser, published, people):
    with serve_app(published) as url:
        page = open_page(browser, url + "/", DESKTOP)
        (cookie,) = [c for c in page.context.cookies() if c["name"] == "zwzx_browser"]
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        assert page.evaluate("document.cookie").find("zwzx_browser") < 0, "scripts cannot read it"
        sign_in(page, STAFF_CODE, STAFF)
        expect(staff_link(page)).to_be_visible()
        expect(page.get_by_text(f"已登录：{STAFF}（工作人员）")).to_be_visible()
        page.reload()
        wait_ready(page)
        expect(staff_link(page)).to_be_visible()
        page.get_by_role("button", name="退出登录").click()
        wait_ready(page)
        expect(staff_link(page)).to_have_count(0)
        page.reload()
        wait_ready(page)
        expect(staff_link(page)).to_have_count(0)
        page.context.close()


def test_a_viewer_cannot_open_the_staff_page(browser, published, people):
    with serve_app(published) as url:
        page = open_page(browser, url + "/", DESKTOP)
        sign_in(page, VIEWER_CODE, VIEWER)
        expect(page.get_by_text(f"已登录：{VIEWER}（查看）")).to_be_visible()
        assert staff_link(page).count() == 0
        page.goto(url + "/staff")
        wait_ready(page)
        expect(page.get_by_text(re.compile("数据管理需要工作人员账号"))).to_be_visible()
        page.context.close()


def test_a_sign_in_goes_idle(browser, published, people):
    with serve_app(published, env={"ZWZX_IDLE_MINUTES": "0.05"}) as url:  # 3 seconds
        page = open_page(browser, url + "/", DESKTOP)
        sign_in(page, STAFF_CODE, STAFF)
        expect(staff_link(page)).to_be_visible()
        time.sleep(4)
        page.reload()
        wait_ready(page)
        expect(staff_link(page)).to_have_count(0)
        page.context.close()


def test_the_site_can_require_sign_in_for_the_leaders_pages_too(browser, published, people):
    with serve_app(published, env={"ZWZX_VIEWERS_REQUIRED": "1"}) as url:
        page = open_page(browser, url + "/loyal", DESKTOP)
        expect(page.get_by_text("本看板仅供内部查看：请用管理员分配的账号登录。")).to_be_visible()
        assert page.get_by_text("24篇").count() == 0
        page.get_by_label("账号").fill(VIEWER)
        page.get_by_label("口令").fill(VIEWER_CODE)
        page.get_by_role("button", name="登录").click()
        wait_ready(page)
        expect(page.get_by_role("heading", name="忠诚政协")).to_be_visible()  # the page asked for
        expect(page.get_by_text("24篇").first).to_be_visible()
        page.context.close()


def _upload_session_id(page, book: Path) -> str:
    """The Streamlit session id, as anyone reading a proxy log sees it in upload URLs."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if "/upload_file/" in r.url else None)
    page.locator(WORKBOOK_UPLOAD).set_input_files(str(book))
    expect(page.get_by_text("校验通过")).to_be_visible(timeout=30_000)
    (found,) = {re.search(r"/upload_file/([^/]+)/", u).group(1) for u in seen}
    return found


def _rerun_as(url: str, session_id: str, page_name: str, cookie: str | None) -> bytes:
    """A raw second WebSocket naming an existing session, as an attacker's client would;
    everything the server sends back for one run of `page_name`."""
    headers = {"Origin": url} | ({"Cookie": cookie} if cookie else {})
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    received = b""
    with connect(
        ws_url,
        subprotocols=["streamlit", "no-xsrf-token", session_id],  # type: ignore[list-item]
        additional_headers=headers,
        open_timeout=10,
    ) as ws:
        back = BackMsg()
        back.rerun_script.page_name = page_name
        ws.send(back.SerializeToString())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                frame = ws.recv(timeout=5)
            except TimeoutError:
                break
            received += frame if isinstance(frame, bytes) else frame.encode()
            if "发布".encode() in received and "历史与回退".encode() in received:
                break
    return received


def test_a_second_client_with_the_session_id_gets_no_staff_page(
    browser, published, people, tmp_path, default_input
):
    book = tmp_path / "2024.xlsx"
    write_workbook(book, as_year(default_input.tables, 2024))
    with serve_app(published) as url:
        page = open_staff_page(browser, url)
        session_id = _upload_session_id(page, book)

        stolen = _rerun_as(url, session_id, "staff", cookie=None)
        assert "数据管理需要工作人员账号".encode() in stolen
        assert "准备工作簿".encode() not in stolen
        # The control: the same raw client with the browser's cookie is let in, so the
        # refusal above is the cookie's doing.
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
        assert "准备工作簿".encode() in _rerun_as(url, session_id, "staff", cookie=cookie)

        # An upload from a client without the sign-in is refused before its bytes are kept.
        request = urllib.request.Request(  # noqa: S310 - our own loopback server
            f"{url}/_stcore/upload_file/{session_id}/x", data=b"x" * 1000, method="PUT"
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)  # noqa: S310
        assert refused.value.code == 403
        assert "只有登录的工作人员可以上传文件" in refused.value.read().decode()
        page.context.close()


def test_a_publish_records_the_person_who_published(
    browser, published, people, tmp_path, default_input
):
    book = tmp_path / "2024.xlsx"
    write_workbook(book, as_year(default_input.tables, 2024))
    with serve_app(published) as url:
        page = open_staff_page(browser, url)
        upload_and_fill_note(page, book, "补充2024年数据", warned=True)
        expect(page.get_by_text(f"发布人：{STAFF}（记入快照的发布记录）")).to_be_visible()
        page.get_by_role("button", name="发布").click()
        expect(page.get_by_text(re.compile("已发布快照"))).to_be_visible(timeout=30_000)
        page.context.close()
    current = snapshots.current_id(published)
    manifest = json.loads((published / "snapshots" / current / "manifest.json").read_text())
    assert manifest["publisher"] == STAFF

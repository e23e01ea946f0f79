"""deploy/nginx/zwzx-dash.conf as nginx reads it, and two replicas served through it over
HTTPS to a real Chromium (WebSocket included)."""

from __future__ import annotations

import http.client
import re
import ssl
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from zwzx_dash.web.site import APP_TITLE

from .browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    free_port,
    require_chromium,
    serve_app,
    wait_ready,
)
from .conftest import publish_default
from .nginx import (
    TEST_HOST,
    Nginx,
    check_config,
    prepare,
    require_nginx,
    serve_nginx,
    site_for_test,
)

require_nginx()

APP_HEADERS = (
    "content-security-policy",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
)


def test_the_site_passes_nginx_t(tmp_path: Path) -> None:
    nginx = prepare(tmp_path / "nginx", [free_port(), free_port()])
    done = check_config(nginx)
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


def test_nginx_t_refuses_a_broken_site(tmp_path: Path) -> None:
    """The control: the same check fails when the site file is wrong."""
    ports = [free_port(), free_port()]
    good = prepare(tmp_path / "good", ports)
    text = site_for_test(ports, good.http_port, good.https_port, good.cert, good.cert)
    broken = prepare(tmp_path / "broken", ports, text.replace("ip_hash;", "ip_hashh;"))
    done = check_config(broken)
    assert done.returncode != 0
    assert "ip_hashh" in done.stderr


def _get(nginx: Nginx, path: str, host: str | None = None) -> http.client.HTTPResponse:
    """A request through nginx over HTTPS, the certificate checked against the test's own."""
    context = ssl.create_default_context(cafile=str(nginx.cert))
    conn = http.client.HTTPSConnection("127.0.0.1", nginx.https_port, context=context, timeout=30)
    conn.request("GET", path, headers={"Host": host or f"{TEST_HOST}:{nginx.https_port}"})
    response = conn.getresponse()
    response.read()
    return response


def _counts(response: http.client.HTTPResponse) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name, _ in response.getheaders():
        counts[name.lower()] = counts.get(name.lower(), 0) + 1
    return counts


def _check_http(nginx: Nginx) -> None:
    health = _get(nginx, "/_stcore/health")
    assert health.status == 200
    page = _get(nginx, "/")
    assert page.status == 200
    counts = _counts(page)
    # The app's security headers once each (nginx adds none of them), HSTS once (nginx).
    assert {name: counts.get(name) for name in APP_HEADERS} == dict.fromkeys(APP_HEADERS, 1)
    assert counts.get("strict-transport-security") == 1
    # X-Forwarded-Proto reached the app: its browser cookie is marked Secure.
    cookies = page.headers.get_all("set-cookie") or []
    assert cookies and all("Secure" in c for c in cookies), cookies
    # The client's Host reaches the app, which refuses names outside ZWZX_ALLOWED_HOSTS.
    assert _get(nginx, "/", host="rebound.example").status == 400
    plain = http.client.HTTPConnection("127.0.0.1", nginx.http_port, timeout=30)
    plain.request("GET", "/loyal?year=2023", headers={"Host": TEST_HOST})
    redirect = plain.getresponse()
    assert redirect.status == 301
    assert redirect.getheader("location") == f"https://{TEST_HOST}/loyal?year=2023"


@pytest.mark.browser
def test_two_replicas_behind_nginx_over_https(tmp_path: Path) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    root = publish_default(tmp_path / "data")
    env = {"ZWZX_ALLOWED_HOSTS": f"{TEST_HOST},localhost,127.0.0.1"}
    with serve_app(root, env=env) as first, serve_app(root, env=env) as second:
        replicas = [urlsplit(url).port or 0 for url in (first, second)]
        nginx = prepare(tmp_path / "nginx", replicas)
        with serve_nginx(nginx):
            _check_http(nginx)
            with sync_playwright() as p:
                resolve = f"--host-resolver-rules=MAP {TEST_HOST} 127.0.0.1"
                browser = p.chromium.launch(
                    executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, resolve]
                )
                context = browser.new_context(
                    ignore_https_errors=True, viewport=DESKTOP, locale="zh-CN"
                )
                page = context.new_page()
                page.goto(f"https://{TEST_HOST}:{nginx.https_port}/")
                wait_ready(page)  # connected: the WebSocket went through nginx
                assert page.title().endswith(APP_TITLE)
                expect(page.get_by_text("342件", exact=True)).to_be_visible()
                browser.close()
            log = nginx.access_log.read_text(encoding="utf-8").splitlines()
    stream = [line for line in log if re.match(r'"GET /_stcore/stream HTTP/1\.1" 101 ', line)]
    assert stream, log
    # ip_hash: one client, one replica, for the page and its WebSocket alike.
    used = {line.rsplit(" ", 1)[1] for line in log if not line.endswith(" -")}
    assert len(used) == 1 and used <= {f"127.0.0.1:{port}" for port in replicas}, log

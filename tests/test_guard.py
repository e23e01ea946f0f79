"""The HTTP guard in front of Streamlit, against a real server on 127.0.0.1: allowed
hosts, same-origin WebSockets, closed endpoints, security headers, no outbound calls,
and the client's clear_cache message dropped."""

from __future__ import annotations

import asyncio
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from zwzx_dash.web import guard

from .browser import serve_app

SITECUSTOMIZE = """
import os, socket
_log = os.environ["ZWZX_TEST_CONNECT_LOG"]
_real = socket.socket.connect
def _connect(self, address):
    host = address[0] if isinstance(address, tuple) else str(address)
    if not (str(host).startswith("127.") or host in ("::1", "localhost")):
        with open(_log, "a") as f:
            f.write(f"{host}\\n")
    return _real(self, address)
socket.socket.connect = _connect
open(_log + ".loaded", "w").close()  # the hook is in place in the server process
"""


def get(url: str, host: str | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as r:  # noqa: S310
            return r.status, dict(r.headers), r.read().decode(errors="replace")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode(errors="replace")


@pytest.fixture(scope="module")
def server(tmp_path_factory, request):
    """The app with a socket hook that logs every connection to a non-loopback address."""
    from zwzx_dash.export.tables import write_csv_folder  # noqa: F401 - warm imports
    from zwzx_dash.ingest.load import load_input
    from zwzx_dash.store import snapshots

    from .conftest import SOURCE_DIR

    root = tmp_path_factory.mktemp("guarded")
    snapshots.publish(
        root, load_input(SOURCE_DIR).tables, input_name="source", input_sha256="0" * 64
    )
    hook = tmp_path_factory.mktemp("hook")
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = hook / "connects.log"
    log.touch()
    env = {
        "PYTHONPATH": os.pathsep.join([str(hook), *sys.path]),
        "ZWZX_TEST_CONNECT_LOG": str(log),
        "ZWZX_ALLOWED_HOSTS": "localhost,127.0.0.1,dash.example.cn",
    }
    with serve_app(root, env=env) as url:
        yield url, log


def test_only_the_allowed_host_names_are_served(server):
    url, _ = server
    assert get(url + "/")[0] == 200
    assert get(url + "/", host="dash.example.cn")[0] == 200
    status, _, body = get(url + "/", host="rebound.attacker.example")
    assert status == 400 and "ZWZX_ALLOWED_HOSTS" in body
    assert get(url + "/_stcore/health", host="rebound.attacker.example")[0] == 400


def test_every_response_carries_the_security_headers(server):
    url, _ = server
    for path in ("/", "/loyal", "/_stcore/health", "/favicon.png"):
        status, headers, _ = get(url + path)
        assert status == 200, path
        lowered = {k.lower(): v for k, v in headers.items()}
        assert lowered["x-frame-options"] == "DENY"
        assert lowered["x-content-type-options"] == "nosniff"
        assert lowered["referrer-policy"] == "same-origin"
        policy = lowered["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
        assert "unsafe-eval" not in policy and "http:" not in policy
    _, headers, _ = get(url + "/")
    assert "'sha256-" in headers["content-security-policy"], "the shell's scripts by hash"


def test_metrics_are_not_public(server):
    url, _ = server
    assert get(url + "/_stcore/metrics")[0] == 404


def test_a_cross_origin_websocket_is_refused_without_any_outbound_call(server):
    url, log = server
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    for origin in ("http://evil.example", "http://192.0.2.7:8501"):
        with pytest.raises(InvalidStatus) as refused:
            connect(ws_url, additional_headers={"Origin": origin}, open_timeout=10).close()
        assert refused.value.response.status_code == 403
    with connect(ws_url, additional_headers={"Origin": url}, subprotocols=["streamlit"]):  # type: ignore[list-item]
        pass  # the same origin is let in
    get(url + "/")
    assert Path(f"{log}.loaded").exists(), "the socket hook ran in the server"
    assert log.read_text() == "", "no connection to any host but loopback"


def _run_guard(frames: list[bytes]) -> list[bytes]:
    """What the app behind the guard receives of these client frames."""
    seen: list[bytes] = []

    async def app(scope, receive, send):
        while (message := await receive())["type"] == "websocket.receive":
            seen.append(message["bytes"])

    queue = [{"type": "websocket.receive", "bytes": f} for f in frames]
    queue.append({"type": "websocket.disconnect"})

    async def receive():
        return queue.pop(0)

    async def send(message):
        raise AssertionError(f"nothing is sent: {message}")

    scope = {"type": "websocket", "path": "/_stcore/stream", "headers": [(b"host", b"localhost")]}
    asyncio.run(guard.Guard(app)(scope, receive, send))
    return seen


def test_the_clients_clear_cache_message_never_reaches_streamlit():
    clear, rerun = BackMsg(), BackMsg()
    clear.clear_cache = True
    rerun.rerun_script.page_name = "loyal"
    frames = [rerun.SerializeToString(), clear.SerializeToString(), b"\xff not protobuf"]
    assert _run_guard(frames) == [frames[0], frames[2]]


@pytest.mark.parametrize(
    "host",
    ["", "user@localhost", "localhost/x", "localhost:99999", "evil.example", "localhost.evil.cn"],
)
def test_malformed_or_foreign_host_headers_are_refused(host):
    assert not guard.host_allowed(host, ["localhost", "*.example.cn"])


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST:8501", "a.example.cn", "localhost."])
def test_allowed_host_headers(host):
    assert guard.host_allowed(host, ["localhost", "*.example.cn"])


def test_the_allowed_hosts_setting(monkeypatch):
    monkeypatch.delenv(guard.ALLOWED_HOSTS_ENV, raising=False)
    assert guard.allowed_hosts() == ["localhost", "127.0.0.1", "::1"]
    monkeypatch.setenv(guard.ALLOWED_HOSTS_ENV, " Dash.Example.cn , 10.0.0.5 ")
    assert guard.allowed_hosts() == ["dash.example.cn", "10.0.0.5"]


def _upload_status(headers: list[tuple[bytes, bytes]], signed_in: bool = True) -> int:
    """The status the guard gives an upload request with these headers."""
    from zwzx_dash.access import signins

    sent: list[dict] = []
    cookie = f"{signins.COOKIE_NAME}={signins.BROWSER_IDS.issue()}".encode()

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "PUT",
        "path": "/_stcore/upload_file/session/file",
        "headers": [(b"host", b"localhost"), (b"cookie", cookie), *headers],
    }
    asyncio.run(guard.Guard(app, staff_signed_in=lambda _b: signed_in)(scope, receive, send))
    return sent[0]["status"]


def test_the_one_upload_cap_is_enforced_before_the_body_is_read(monkeypatch):
    monkeypatch.setenv("ZWZX_MAX_UPLOAD_MB", "20")
    assert _upload_status([(b"content-length", str(19 * 2**20).encode())]) == 204
    assert _upload_status([(b"content-length", str(21 * 2**20).encode())]) == 413
    assert _upload_status([]) == 411, "a body of unstated length is refused"
    assert _upload_status([(b"content-length", b"10")], signed_in=False) == 403
    monkeypatch.setenv("ZWZX_MAX_UPLOAD_MB", "50")
    assert _upload_status([(b"content-length", str(40 * 2**20).encode())]) == 204
    assert guard.upload_cap_megabytes() == 50

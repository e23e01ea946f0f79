"""The HTTP guard in front of Streamlit: what every request must pass before Streamlit
sees it, and what every response carries. A plain ASGI middleware for `st.App`
(serve.py), outermost.

- Host: only the names in ZWZX_ALLOWED_HOSTS (default: this machine's loopback names)
  are served, so a DNS-rebinding page cannot read the dashboard.
- WebSocket: a connection whose Origin is not the address it was opened at is refused
  here. Streamlit would otherwise ask an external IP-lookup host whether the origin is
  the machine's own public address, inside its event loop.
- The client's `clear_cache` message is dropped: it would empty every cache of every
  session of the server.
- Uploads are accepted only from a browser signed in as staff, checked before the
  bytes are read.
- `/_stcore/metrics` is not served.
- The browser id cookie (access/signins.py) is issued where missing; security headers
  (CSP, frame-ancestors, nosniff, referrer policy) go on every response.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg

from zwzx_dash.access import signins
from zwzx_dash.ingest.workbook import max_workbook_bytes
from zwzx_dash.web.page_shell import (
    ASGIApp,
    Message,
    Receive,
    Scope,
    Send,
    csp,
    is_page_request,
)

ALLOWED_HOSTS_ENV = "ZWZX_ALLOWED_HOSTS"
DEFAULT_ALLOWED_HOSTS = ("localhost", "127.0.0.1", "::1")
UPLOAD_PREFIX = "/_stcore/upload_file/"
MULTIPART_MARGIN = 64 * 1024  # a multipart body's boundaries and part headers
CLOSED_PATHS = ("/_stcore/metrics",)

SECURITY_HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]


def upload_cap_megabytes() -> int:
    """The upload cap in whole megabytes, as the upload boxes state it."""
    return max(1, math.ceil(max_workbook_bytes() / 2**20))


def allowed_hosts() -> list[str]:
    """ZWZX_ALLOWED_HOSTS, comma-separated host names (`*.example.cn` for subdomains,
    `*` for any), else the loopback names."""
    env = os.environ.get(ALLOWED_HOSTS_ENV, "")
    names = [h.strip().lower().rstrip(".") for h in env.split(",") if h.strip()]
    return names or list(DEFAULT_ALLOWED_HOSTS)


def host_name(host: str) -> str | None:
    """The host name of a Host header (without the port), or None when malformed."""
    try:
        parsed = urlsplit(f"//{host}")
        _ = parsed.port  # validates the port
    except ValueError:
        return None
    if parsed.hostname is None or parsed.username or parsed.password or parsed.path:
        return None
    return parsed.hostname.lower().rstrip(".")


def host_allowed(host: str | None, allowed: list[str]) -> bool:
    name = host_name(host) if host else None
    if name is None:
        return False
    for pattern in allowed:
        if pattern == "*" or name == pattern:
            return True
        if pattern.startswith("*.") and name.endswith(pattern[1:]):
            return True
    return False


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def browser_id(scope: Scope) -> str | None:
    """The signed browser id the request carries, when the server issued it."""
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    cookie = SimpleCookie()
    try:
        cookie.load(raw)
    except Exception:
        return None
    morsel = cookie.get(signins.COOKIE_NAME)
    value = morsel.value if morsel else None
    return value if signins.BROWSER_IDS.valid(value) else None


def _is_https(scope: Scope) -> bool:
    return (
        scope.get("scheme") in ("https", "wss") or _header(scope, b"x-forwarded-proto") == "https"
    )


def browser_cookie(value: str, secure: bool) -> bytes:
    attributes = f"{signins.COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Strict"
    return (attributes + ("; Secure" if secure else "")).encode()


def _wants_browser_id(scope: Scope) -> bool:
    """A page or health request without a valid id gets one, except a navigation from
    another site: a SameSite=Strict cookie is not sent then, and replacing it would sign
    the person out."""
    if scope["method"] != "GET" or browser_id(scope) is not None:
        return False
    if _header(scope, b"sec-fetch-site") == "cross-site":
        return False
    return scope["path"].endswith("/_stcore/health") or is_page_request(scope)


async def _refuse(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _drops_clear_cache(receive: Receive) -> Receive:
    async def filtered() -> Message:
        while True:
            message = await receive()
            data = message.get("bytes") if message["type"] == "websocket.receive" else None
            if data:
                back = BackMsg()
                try:
                    back.ParseFromString(data)
                except Exception:
                    return message
                if back.WhichOneof("type") == "clear_cache":
                    continue
            return message

    return filtered


class Guard:
    def __init__(
        self,
        app: ASGIApp,
        hosts: Callable[[], list[str]] = allowed_hosts,
        staff_signed_in: Callable[[str], bool] | None = None,
    ) -> None:
        self.app = app
        self.hosts = hosts
        # Whether a browser id is signed in as staff; given by serve.py (it reads accounts).
        self.staff_signed_in = staff_signed_in or (lambda _browser: False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        host, origin = _header(scope, b"host"), _header(scope, b"origin")
        same_origin = origin is None or urlsplit(origin).netloc.lower() == (host or "").lower()
        if not host_allowed(host, self.hosts()) or not same_origin:
            await send({"type": "websocket.close", "code": 1008})
            return
        await self.app(scope, _drops_clear_cache(receive), send)

    def _upload_refusal(self, scope: Scope) -> tuple[int, str] | None:
        """Why an upload request is refused before its body is read, if it is: the sender
        is not signed in as staff, or the body is larger than the one upload cap
        (ZWZX_MAX_UPLOAD_MB, which validation and the upload boxes use too)."""
        browser = browser_id(scope)
        if browser is None or not self.staff_signed_in(browser):
            return 403, "只有登录的工作人员可以上传文件。"
        length = _header(scope, b"content-length")
        if length is None or not length.isdigit():
            return 411, "上传请求缺少长度。"
        if int(length) > max_workbook_bytes() + MULTIPART_MARGIN:
            return 413, f"文件超过上限 {upload_cap_megabytes()} MB。"
        return None

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        if not host_allowed(_header(scope, b"host"), self.hosts()):
            await _refuse(send, 400, "此地址不在允许的主机名之内（ZWZX_ALLOWED_HOSTS）。")
            return
        if any(path.endswith(closed) for closed in CLOSED_PATHS):
            await _refuse(send, 404, "Not Found")
            return
        if UPLOAD_PREFIX in path and scope["method"] in ("PUT", "POST"):
            refusal = self._upload_refusal(scope)
            if refusal is not None:
                await _refuse(send, *refusal)
                return
        new_id = signins.BROWSER_IDS.issue() if _wants_browser_id(scope) else None
        secure = _is_https(scope)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", csp().encode()))
                if new_id is not None:
                    headers.append((b"set-cookie", browser_cookie(new_id, secure)))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)

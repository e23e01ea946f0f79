"""Who is signed in, bound to the browser rather than to a Streamlit session.

Every browser gets a random id in an HttpOnly, SameSite=Strict cookie, signed with this
server's key, from the page shell (web/guard.py). Signing in binds that id to an account
here, in the server process; every run of the app looks the binding up from the cookie
its own connection sent. Knowing a Streamlit session id (it shows in upload URLs and
logs) is therefore not enough to act as someone: the other client lacks the cookie.
Bindings end on sign-out, after `idle_seconds` without a page run, and on restart.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

COOKIE_NAME = "zwzx_browser"
IDLE_ENV = "ZWZX_IDLE_MINUTES"
DEFAULT_IDLE_MINUTES = 30
MAX_BINDINGS = 10_000  # the least recently used are dropped first


def idle_seconds() -> float:
    """The idle expiry: ZWZX_IDLE_MINUTES (a positive number), else 30 minutes."""
    try:
        minutes = float(os.environ.get(IDLE_ENV, DEFAULT_IDLE_MINUTES))
    except ValueError:
        minutes = DEFAULT_IDLE_MINUTES
    return 60 * (minutes if minutes > 0 else DEFAULT_IDLE_MINUTES)


class BrowserIds:
    """Issues and checks browser ids: a random part and its HMAC under a key that lives
    only in this process, so that a value the server did not issue is ignored."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key or secrets.token_bytes(32)

    def _mac(self, nonce: str) -> str:
        return hmac.new(self._key, nonce.encode(), hashlib.sha256).hexdigest()[:32]

    def issue(self) -> str:
        nonce = secrets.token_urlsafe(24)
        return f"{nonce}.{self._mac(nonce)}"

    def valid(self, value: str | None) -> bool:
        if not value or value.count(".") != 1 or len(value) > 100:
            return False
        nonce, mac = value.split(".")
        return hmac.compare_digest(mac, self._mac(nonce))


@dataclass
class SignIn:
    account: str
    last_seen: float


class SignIns:
    """Browser id → the account signed in from that browser."""

    def __init__(
        self, idle: Callable[[], float] = idle_seconds, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._idle, self._clock = idle, clock
        self._bindings: OrderedDict[str, SignIn] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _key(browser_id: str) -> str:
        return hashlib.sha256(browser_id.encode()).hexdigest()

    def sign_in(self, browser_id: str, account: str) -> None:
        with self._lock:
            key = self._key(browser_id)
            self._bindings[key] = SignIn(account, self._clock())
            self._bindings.move_to_end(key)
            while len(self._bindings) > MAX_BINDINGS:
                self._bindings.popitem(last=False)

    def account(self, browser_id: str, *, touch: bool = True) -> str | None:
        """The account signed in from this browser, if its binding has not gone idle;
        `touch` counts this as activity."""
        with self._lock:
            key = self._key(browser_id)
            found = self._bindings.get(key)
            if found is None:
                return None
            now = self._clock()
            if now - found.last_seen > self._idle():
                del self._bindings[key]
                return None
            if touch:
                found.last_seen = now
                self._bindings.move_to_end(key)
            return found.account

    def sign_out(self, browser_id: str) -> None:
        with self._lock:
            self._bindings.pop(self._key(browser_id), None)


# One of each per server process: the page shell issues ids, every session looks them up.
BROWSER_IDS = BrowserIds()
SIGN_INS = SignIns()

"""Sign-in in the sidebar: a named account and its passcode, bound to this browser's
cookie (access/signins.py) so that it holds across reloads and cannot be taken by another
client that knows the Streamlit session id. Wrong tries are throttled per client address
and per account, across every session of the server (access/throttle.py)."""

from __future__ import annotations

import functools
import os
import secrets

import streamlit as st

from zwzx_dash.access import accounts, passcodes, signins
from zwzx_dash.access.accounts import Account
from zwzx_dash.access.throttle import Throttle, wait_text
from zwzx_dash.web.data import settings
from zwzx_dash.web.text import md_text

VIEWERS_ENV = "ZWZX_VIEWERS_REQUIRED"
VIEWERS_SETTING = "viewers_required"
THROTTLE = Throttle()  # one per server process, like the sign-ins


def configured() -> dict[str, Account]:
    return accounts.configured_accounts(settings())


def sign_in_offered() -> bool:
    """Whether anyone can sign in at all (an account or a shared passcode is set)."""
    return bool(configured())


def viewers_required() -> bool:
    """The site setting that closes the leaders' pages to anyone not signed in (for
    internal documents); off by default."""
    value = os.environ.get(VIEWERS_ENV) or settings().get(VIEWERS_SETTING, "")
    return str(value).strip().lower() in ("1", "true", "yes", "on", "是")


def browser_cookie() -> str | None:
    """The browser id this run's connection sent, when the server issued it."""
    value = st.context.cookies.get(signins.COOKIE_NAME)
    return value if signins.BROWSER_IDS.valid(value) else None


def _account_of(browser: str, *, touch: bool) -> Account | None:
    """The configured account signed in from this browser id, if any."""
    name = signins.SIGN_INS.account(browser, touch=touch)
    if name is None:
        return None
    account = configured().get(name)
    if account is None:  # removed by the admin since
        signins.SIGN_INS.sign_out(browser)
    return account


def current_account(*, touch: bool = False) -> Account | None:
    """The account signed in from this browser, still configured; `touch` (once per run,
    from app.py) keeps the sign-in from going idle."""
    browser = browser_cookie()
    return None if browser is None else _account_of(browser, touch=touch)


def staff_signed_in() -> bool:
    account = current_account()
    return account is not None and account.is_staff


def browser_is_staff(browser: str) -> bool:
    """For the HTTP guard (uploads): whether this browser id is signed in as staff."""
    account = _account_of(browser, touch=False)
    return account is not None and account.is_staff


def _throttle_keys(name: str) -> tuple[str, str]:
    """Failures count against the client's address and against the account alike: a
    reload, a new session or a second browser on the same machine does not reset them."""
    address = st.context.ip_address
    return (f"client:{address if isinstance(address, str) else 'unknown'}", f"account:{name}")


def _locked_message(wait: float) -> str:
    return f"口令错误次数过多，已锁定：请 {wait_text(wait)}后再试。"


@functools.cache
def _unknown_account_hash() -> str:
    return passcodes.hash_passcode(secrets.token_urlsafe(16))


def _check(name: str, passcode: str, known: dict[str, Account]) -> Account | None:
    account = known.get(name.strip())
    # An unknown name costs a hash too, so that timing does not tell which names exist.
    encoded = account.passcode_hash if account else _unknown_account_hash()
    return account if passcodes.verify_passcode(passcode, encoded) and account else None


def sign_in_form(where: str = "sidebar") -> None:
    """The sign-in form (in the sidebar, or on the page when the site is closed to
    visitors); nothing when no account is configured or someone is signed in."""
    known = configured()
    if not known or current_account() is not None:
        return
    box = st.sidebar.expander("登录") if where == "sidebar" else st.container(border=True)
    with box:
        browser = browser_cookie()
        if browser is None:
            st.warning("浏览器没有本站的登录 Cookie：请允许本站使用 Cookie，然后刷新页面。")
            return
        shared_only = set(known) == {accounts.SHARED_ACCOUNT}
        # A locked-out client (or the one shared account) gets no form at all.
        before = _throttle_keys(accounts.SHARED_ACCOUNT)
        early_wait = THROTTLE.wait_seconds(before if shared_only else before[:1])
        if early_wait > 0:
            st.error(_locked_message(early_wait))
            return
        with st.form(f"sign_in_{where}", clear_on_submit=True):
            name = (
                accounts.SHARED_ACCOUNT
                if shared_only
                else st.text_input("账号", key=f"sign_in_name_{where}")
            )
            passcode = st.text_input("口令", type="password", key=f"sign_in_passcode_{where}")
            submitted = st.form_submit_button("登录")
        if not submitted:
            return
        keys = _throttle_keys(name.strip())
        wait = THROTTLE.wait_seconds(keys)
        if wait > 0:  # checked before the passcode is hashed: a throttled guess costs nothing
            st.error(_locked_message(wait))
            return
        account = _check(name, passcode, known)
        if account is not None:
            THROTTLE.succeeded(keys)
            signins.SIGN_INS.sign_in(browser, account.name)
            st.rerun()
        wait = THROTTLE.failed(keys)
        if wait > 0:
            st.error(_locked_message(wait))
        else:
            st.error(f"账号或口令不正确，还可尝试 {THROTTLE.tries_left(keys)} 次。")


def signed_in_box() -> None:
    """Who is signed in, and the sign-out button, in the sidebar."""
    account = current_account()
    if account is None:
        return
    role = accounts.ROLE_NAMES[account.role]
    st.sidebar.caption(f"已登录：{md_text(account.name)}（{role}）")
    if st.sidebar.button("退出登录", key="sign_out"):
        browser = browser_cookie()
        if browser is not None:
            signins.SIGN_INS.sign_out(browser)
        st.rerun()

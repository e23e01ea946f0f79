"""Staff sign-in: the passcode form in the sidebar, shown only when a passcode hash is
configured; wrong tries are throttled across sessions (access/throttle.py)."""

from __future__ import annotations

import streamlit as st

from zwzx_dash.access import passcodes
from zwzx_dash.access.throttle import Throttle, wait_text
from zwzx_dash.web.data import settings

_STAFF_OK = "_staff_ok"


def staff_hash() -> str | None:
    return passcodes.configured_hash(settings())


def staff_signed_in() -> bool:
    """Whether this session entered the staff passcode (decided before the page list)."""
    return bool(st.session_state.get(_STAFF_OK)) and staff_hash() is not None


@st.cache_resource(show_spinner=False)
def _throttle(encoded: str) -> Throttle:
    """One throttle per configured passcode, shared by every session of this server (a
    new passcode starts afresh)."""
    return Throttle()


def _throttle_keys() -> tuple[str, str]:
    """Failures count against the client's address and against the staff account alike:
    a reload, a new session or a second browser on the same machine does not reset them."""
    return (f"client:{st.context.ip_address or 'unknown'}", "account:staff")


def _locked_message(wait: float) -> str:
    return f"口令错误次数过多，已锁定：请 {wait_text(wait)}后再试。"


def staff_sign_in() -> None:
    """The sidebar sign-in, shown only when a passcode hash is configured. After five
    wrong tries the client and the account wait, longer after each further one."""
    encoded = staff_hash()
    if encoded is None or staff_signed_in():
        return
    throttle, keys = _throttle(encoded), _throttle_keys()
    with st.sidebar.expander("工作人员登录"):
        wait = throttle.wait_seconds(keys)
        if wait > 0:  # checked before the passcode is hashed: a throttled guess costs nothing
            st.error(_locked_message(wait))
            return
        with st.form("staff_sign_in", clear_on_submit=True):
            passcode = st.text_input("口令", type="password", key="staff_passcode")
            submitted = st.form_submit_button("登录")
        if submitted:
            if passcodes.verify_passcode(passcode, encoded):
                throttle.succeeded(keys)
                st.session_state[_STAFF_OK] = True
                st.rerun()
            wait = throttle.failed(keys)
            if wait > 0:
                st.error(_locked_message(wait))
            else:
                st.error(f"口令不正确，还可尝试 {throttle.tries_left(keys)} 次。")

"""Staff sign-in: the passcode form in the sidebar, shown only when a passcode hash is
configured; five wrong tries lock the session."""

from __future__ import annotations

import streamlit as st

from zwzx_dash.access import passcodes
from zwzx_dash.web.data import settings

_STAFF_OK, _STAFF_TRIES = "_staff_ok", "_staff_tries"


def staff_hash() -> str | None:
    return passcodes.configured_hash(settings())


def staff_signed_in() -> bool:
    """Whether this session entered the staff passcode (decided before the page list)."""
    return bool(st.session_state.get(_STAFF_OK)) and staff_hash() is not None


def staff_sign_in() -> None:
    """The sidebar sign-in, shown only when a passcode hash is configured. Five wrong
    tries lock this session."""
    encoded = staff_hash()
    if encoded is None or staff_signed_in():
        return
    tries = st.session_state.get(_STAFF_TRIES, 0)
    with st.sidebar.expander("工作人员登录"):
        if tries >= passcodes.MAX_TRIES:
            st.error("口令错误次数过多，本次会话已锁定。")
            return
        with st.form("staff_sign_in", clear_on_submit=True):
            passcode = st.text_input("口令", type="password", key="staff_passcode")
            submitted = st.form_submit_button("登录")
        if submitted:
            if passcodes.verify_passcode(passcode, encoded):
                st.session_state[_STAFF_OK] = True
                st.rerun()
            tries += 1
            st.session_state[_STAFF_TRIES] = tries
            if tries >= passcodes.MAX_TRIES:
                st.error("口令错误次数过多，本次会话已锁定。")
            else:
                st.error(f"口令不正确，还可尝试 {passcodes.MAX_TRIES - tries} 次。")

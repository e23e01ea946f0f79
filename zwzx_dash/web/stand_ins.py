"""What a page a session may not open shows at its address: a Chinese sentence saying why,
instead of Streamlit's English "Page not found"."""

from __future__ import annotations

import streamlit as st

from zwzx_dash.web import site
from zwzx_dash.web.signin import sign_in_form, sign_in_offered


def staff_closed_page() -> None:
    """What /staff shows to a session that has not signed in: the staff page itself is not
    even registered for it, yet a bookmarked address should answer in Chinese rather than
    with Streamlit's English "Page not found"."""
    st.title(site.STAFF.title)
    if not sign_in_offered():
        st.info("数据管理未开启：管理员尚未设置工作人员账号（zwzx-dash user add）。")
    else:
        st.warning("数据管理需要工作人员账号：请在侧栏“登录”中输入账号和口令，本页随即打开。")


def closed_to_visitors_page() -> None:
    """Every page, when the site requires sign-in for viewing and nobody is signed in."""
    st.title(site.APP_TITLE)
    st.info("本看板仅供内部查看：请用管理员分配的账号登录。")
    sign_in_form(where="page")


def comparison_closed_page() -> None:
    """What /compare shows while the snapshot holds one org and one year."""
    st.title(site.COMPARE.title)
    st.info(
        "当前数据只有一个单位、一个年度，暂无可对比的内容。发布更多单位或年度的数据后，本页自动出现在侧栏。"
    )

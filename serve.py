"""Serves the dashboard: `streamlit run serve.py` runs app.py behind the HTTP guard
(zwzx_dash/web/guard.py: allowed hosts, same-origin WebSockets, uploads only from signed-in
staff, security headers, the browser id cookie) and the page shell
(zwzx_dash/web/page_shell.py: each page's language, title and base URL)."""

import streamlit as st
from starlette.middleware import Middleware

from zwzx_dash.web import guard, page_shell, signin, site

app = st.App(
    "app.py",
    middleware=[
        Middleware(guard.Guard, staff_signed_in=signin.browser_is_staff),
        Middleware(page_shell.PageShell, page_paths=site.url_paths(), title=site.APP_TITLE),
    ],
)

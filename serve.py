"""Serves the dashboard: `streamlit run serve.py` runs app.py behind the page shell
(zwzx_dash/web/page_shell.py), which tells each page's HTML its language, title and base URL."""

import streamlit as st
from starlette.middleware import Middleware

from zwzx_dash.web import page_shell, site

app = st.App(
    "app.py",
    middleware=[
        Middleware(page_shell.PageShell, page_paths=site.url_paths(), title=site.APP_TITLE)
    ],
)

"""The page shell: Streamlit's index.html told its language, title and base URL."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import streamlit

from zwzx_dash.web import page_shell, preload, site

INDEX_HTML = Path(streamlit.__file__).parent / "static" / "index.html"
PAGES = site.url_paths()


def test_streamlits_shell_still_has_what_the_rewrite_replaces():
    html = INDEX_HTML.read_text(encoding="utf-8")
    for marker in ('<html lang="en">', "<title>Streamlit</title>", "<head>"):
        assert html.count(marker) == 1, f"Streamlit's index.html changed: {marker}"
    out = page_shell.rewrite_shell(html, PAGES, site.APP_TITLE)
    assert '<html lang="zh-CN">' in out and 'lang="en"' not in out
    assert "<title>中卫市政协履职看板</title>" in out
    script = out.index("BACKEND_BASE_URL")
    assert out.index("<head>") < script < out.index('<script type="module"')
    assert '"loyal"' in out and '"sources"' in out


def test_the_first_screens_code_is_preloaded_with_the_shell():
    html = INDEX_HTML.read_text(encoding="utf-8")
    assert html.count("</head>") == 1, "Streamlit's index.html changed: </head>"
    folder = preload.static_js_folder()
    assert folder is not None
    chunks = preload.first_screen_chunks(preload.shell_scripts(html))
    # Every name is still found in this Streamlit: an upgrade that renamed one fails here.
    for name in preload.FIRST_SCREEN:
        assert preload.chunk_named(folder, name) in chunks, name
    assert len(set(chunks)) == len(chunks) and all((folder / c).is_file() for c in chunks)
    assert not set(chunks) & preload.shell_scripts(html), "nothing the shell loads already"
    # Each file after the files it imports, so none waits on one asked for later.
    for i, name in enumerate(chunks):
        imported = preload._STATIC_IMPORT.findall((folder / name).read_text())
        assert not set(imported) & set(chunks[i + 1 :]), name
    out = page_shell.rewrite_shell(html, PAGES, site.APP_TITLE)
    links = re.findall(r'<link rel="modulepreload" crossorigin href="\./static/js/([^"]+)">', out)
    assert set(chunks) <= set(links)
    assert out.index(chunks[-1]) < out.index("</head>")


def call(app: Any, path: str, method: str = "GET", headers: list | None = None) -> list[dict]:
    """Drive the shell around an ASGI app with one request; return the messages it sent."""
    sent: list[dict] = []
    scope = {"type": "http", "method": method, "path": path, "headers": headers or []}

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(page_shell.PageShell(app, PAGES, "看板")(scope, receive, send))
    return sent


def downstream(content_type: bytes, chunks: list[bytes], extra: list | None = None) -> Any:
    asked: list[dict] = []

    async def app(scope: dict, receive: Any, send: Any) -> None:
        asked.append(scope)
        length = str(sum(map(len, chunks))).encode()
        headers = [
            (b"content-type", content_type),
            (b"content-length", length),
            (b"etag", b'"abc"'),
            *(extra or []),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        for n, chunk in enumerate(chunks):
            more = n < len(chunks) - 1
            await send({"type": "http.response.body", "body": chunk, "more_body": more})

    app.asked = asked
    return app


SHELL = b'<html lang="en"><head><title>Streamlit</title></head></html>'


def test_the_html_of_a_page_is_rewritten_with_a_matching_length():
    app = downstream(b"text/html; charset=utf-8", [SHELL[:20], SHELL[20:]])
    asked = [(b"accept-encoding", b"gzip"), (b"if-none-match", b'"abc"'), (b"x-other", b"1")]
    sent = call(app, "/loyal", headers=asked)
    assert app.asked[0]["headers"] == [(b"x-other", b"1")], "asks for the shell whole"
    start, body = sent
    data = body["body"]
    assert b'lang="zh-CN"' in data and "<title>看板</title>".encode() in data
    headers = dict(start["headers"])
    assert headers[b"content-length"] == str(len(data)).encode()
    assert b"etag" not in headers, "the rewritten shell is not the file Streamlit's ETag names"
    assert start["status"] == 200 and not body.get("more_body")


def test_everything_else_passes_untouched():
    for path, content_type, extra, method in (
        ("/static/js/index.js", b"text/javascript", [], "GET"),
        ("/_stcore/health", b"text/html", [], "GET"),
        ("/loyal", b"text/html", [(b"content-encoding", b"gzip")], "GET"),
        ("/loyal", b"text/html", [], "HEAD"),
        ("/media/photo", b"image/png", [], "GET"),
    ):
        app = downstream(content_type, [SHELL], extra)
        sent = call(app, path, method, headers=[(b"accept-encoding", b"gzip")])
        assert sent[1]["body"] == SHELL, path

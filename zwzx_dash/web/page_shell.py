"""The HTML shell Streamlit serves for every page, told what this app already knows.

- Its words: Streamlit's frontend writes a few things in English (connection lost, page
  not found, the uploader, table and chart buttons); a small script puts them in Chinese.
- Its language: Streamlit ships `<html lang="en">`; with `zh-CN` the browser picks the
  Simplified Chinese forms of CJK glyphs and screen readers read Chinese.
- Its title, until the script sets it.
- The code for the first screen's elements, fetched with the shell (web/preload.py).
- A script that brings the sentence of a figure chosen on the sources page into view, and
  one that closes the sidebar on a phone once a page is chosen from it.
- Where its server is. Opened at `/loyal`, Streamlit's frontend cannot tell whether
  `/loyal` is a page or the prefix the app is served under, so it first asks
  `/loyal/_stcore/health`, gets a 404, waits 100 ms and asks `/` — on every load of every
  page but the overview. The shell knows the page paths: a small script takes the last
  path segment off when it names a page and tells the frontend the base URL
  (`window.__streamlit.BACKEND_BASE_URL`, the setting Streamlit reads for hosted apps).
  Computed in the browser from the address it was opened at, it stays right behind a
  proxy that serves the app under a prefix; at a path that is no page it sets nothing
  and Streamlit probes as before.

A plain ASGI middleware for `st.App` (see serve.py); only HTML responses are touched.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from zwzx_dash.web import preload

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BASE_URL_SCRIPT = """<script>(function () {
  var pages = %s;
  var path = location.pathname.replace(/\\/+$/, "");
  var cut = path.lastIndexOf("/");
  var last = path.slice(cut + 1);
  var base = last === "" ? path + "/" : pages.indexOf(last) >= 0 ? path.slice(0, cut + 1) : null;
  if (base !== null) {
    window.__streamlit = Object.assign({}, window.__streamlit, {
      BACKEND_BASE_URL: location.origin + base
    });
  }
})();</script>"""


# Streamlit's and plotly's own words, in Chinese: texts and tips of the frontend that no
# setting reaches (connection lost, page not found, the uploader, the tables' toolbar, the
# chart's download button). A text or attribute equal to an English phrase is replaced as
# it appears; data is never touched (only these whole phrases match, and what replaces them
# goes in as text).
CHINESE_UI_SCRIPT = """<script>(function () {
  var words = {
    "Connection error": "连接中断",
    "Page not found": "找不到这个页面",
    "Drag and drop file here": "把文件拖到这里",
    "Drag and drop a file here": "把文件拖到这里",
    "Drag and drop files here": "把文件拖到这里",
    "Upload": "选择文件",
    "Browse files": "选择文件",
    "Download as CSV": "下载 CSV",
    "Search": "搜索",
    "Fullscreen": "全屏",
    "Close fullscreen": "退出全屏",
    "Show/hide columns": "显示或隐藏列",
    "Skip to main content": "跳到正文",
    "Link to heading": "本节链接",
    "Collapse sidebar": "收起侧栏",
    "Expand sidebar": "展开侧栏",
    "Download plot as a png": "下载图片（PNG）",
    "Download plot as a PNG": "下载图片（PNG）",
    "Download plot": "下载图片",
    "Sidebar": "侧栏",
    "Help": "说明",
    "App pages": "页面",
    "Choose an option": "请选择",
    "Choose options": "请选择",
    "Open": "展开",
    "Close": "关闭",
    "Clear all": "全部清除",
    "Clear value": "清除",
    "Show password text": "显示口令",
    "Hide password text": "隐藏口令"
  };
  var patterns = [
    [/^(\\d+(?:\\.\\d+)?)\\s*([KMG]B) per file$/, "单个文件不超过 $1 $2"],
    [/^Help for (.+)$/, "$1：说明"],
    [/^Fullscreen: (.+)$/, "全屏查看：$1"],
    [/^ \u2022 (.+)$/, "，限 $1 文件"],
    [/^.*is not responding\\. Are you connected to the internet\\?$/,
      "看板服务器暂时没有响应。请检查网络，稍后刷新页面。"],
    [/^You have requested page .*Running the app's main page\\.$/, "没有这个页面，已打开总览。"],
    [/^The page that you have requested does not seem to exist.*$/, "没有这个页面，已打开总览。"]
  ];
  var attributes = ["aria-label", "title", "data-title", "placeholder"];
  function chinese(text) {
    var key = text.trim();
    if (!key) return null;
    if (Object.prototype.hasOwnProperty.call(words, key)) return text.replace(key, words[key]);
    for (var i = 0; i < patterns.length; i++) {
      if (patterns[i][0].test(text)) return text.replace(patterns[i][0], patterns[i][1]);
    }
    return null;
  }
  function fixAttributes(element) {
    for (var i = 0; i < attributes.length; i++) {
      var value = element.getAttribute(attributes[i]);
      var fixed = value && chinese(value);
      if (fixed) element.setAttribute(attributes[i], fixed);
    }
  }
  function fix(node) {
    if (node.nodeType === 3) {
      var fixed = chinese(node.nodeValue);
      if (fixed) node.nodeValue = fixed;
      return;
    }
    if (node.nodeType !== 1) return;
    fixAttributes(node);
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      var current = walker.currentNode;
      if (current.nodeType === 3) fix(current); else fixAttributes(current);
    }
  }
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "childList") record.addedNodes.forEach(fix); else fix(record.target);
    });
  }).observe(document.documentElement, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: attributes
  });
})();</script>"""

# The sources page draws the paragraph of the figure a reader chose in a container keyed
# CHOSEN_SENTENCE_KEY (Streamlit gives it the class st-key-<key>); this brings it into view,
# inside the document's scrolling box and on the page, each time another sentence is chosen.
CHOSEN_SENTENCE_KEY = "chosen_sentence"
SCROLL_TO_CHOSEN_SCRIPT = """<script>(function () {
  var shown = null;
  new MutationObserver(function () {
    var chosen = document.querySelector(".st-key-CHOSEN");
    var text = chosen ? chosen.textContent : null;
    if (chosen && text && text !== shown) chosen.scrollIntoView({block: "center"});
    shown = text;
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true});
})();</script>""".replace("CHOSEN", CHOSEN_SENTENCE_KEY)

# On a phone the sidebar lies over the page; Streamlit's own navigation closed it when a
# page was chosen, and the app's page list (sidebar.page_list, key page_list) does the same.
# 768 px: where Streamlit's layout turns the sidebar into an overlay.
CLOSE_SIDEBAR_SCRIPT = """<script>(function () {
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".st-key-page_list a");
    if (!link || window.innerWidth > 768) return;
    setTimeout(function () {
      var close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (close) close.click();
    }, 0);
  });
})();</script>"""

SHELL_SCRIPTS = [CHINESE_UI_SCRIPT, SCROLL_TO_CHOSEN_SCRIPT, CLOSE_SIDEBAR_SCRIPT]

# Inline scripts run only by their hashes (the page shell's own and Streamlit's one-liner);
# Streamlit's components style themselves inline. Everything else comes from this origin.
BASE_CSP = (
    "default-src 'self'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; frame-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def csp(script_hashes: list[str] | None = None) -> str:
    """The Content-Security-Policy, allowing the inline scripts with these sha256 hashes."""
    return BASE_CSP.format(scripts="".join(f" 'sha256-{h}'" for h in script_hashes or []))


def inline_script_hashes(shell: str) -> list[str]:
    return [
        base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        for body in _INLINE_SCRIPT.findall(shell)
    ]


def rewrite_shell(shell: str, page_paths: list[str], title: str) -> str:
    """Streamlit's index.html with the language, the title, the base-URL script and the
    first screen's chunks preloaded (web/preload.py)."""
    script = BASE_URL_SCRIPT % json.dumps(page_paths)
    return (
        shell.replace('<html lang="en">', '<html lang="zh-CN">', 1)
        .replace("<title>Streamlit</title>", f"<title>{html.escape(title)}</title>", 1)
        .replace("<head>", "\n".join(["<head>", script, *SHELL_SCRIPTS]), 1)
        .replace("</head>", preload.preload_links(shell) + "\n</head>", 1)
    )


_REQUEST_DROPPED = {b"accept-encoding", b"if-none-match", b"if-modified-since", b"range"}
_RESPONSE_DROPPED = {b"content-length", b"etag", b"last-modified", b"content-security-policy"}


def is_page_request(scope: Scope) -> bool:
    """A GET for a page address: no file extension, not one of Streamlit's endpoints."""
    if scope["type"] != "http" or scope["method"] != "GET":
        return False
    path: str = scope["path"]
    return "/_stcore/" not in path and "." not in path.rsplit("/", 1)[-1]


class PageShell:
    """Rewrites the HTML shell on its way out; every other response passes untouched."""

    def __init__(self, app: ASGIApp, page_paths: list[str], title: str) -> None:
        self.app = app
        self.page_paths = page_paths
        self.title = title

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_page_request(scope):
            await self.app(scope, receive, send)
            return
        # Ask for the shell whole and uncompressed (it is 2 kB) so that it can be rewritten;
        # no validators either way, or a browser could keep a shell rewritten by an earlier
        # version of this app as long as Streamlit's file stays the same.
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in _REQUEST_DROPPED]
        scope = {**scope, "headers": headers}
        held: Message | None = None
        body: list[bytes] = []

        async def rewrite(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                found = {k.lower(): v for k, v in message.get("headers", [])}
                is_html = found.get(b"content-type", b"").startswith(b"text/html")
                if is_html and b"content-encoding" not in found and message["status"] == 200:
                    held = message
                    return
            elif message["type"] == "http.response.body" and held is not None:
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                shell = b"".join(body).decode()
                data = rewrite_shell(shell, self.page_paths, self.title).encode()
                start_headers = [
                    (k, v) for k, v in held["headers"] if k.lower() not in _RESPONSE_DROPPED
                ]
                start_headers.append((b"content-length", str(len(data)).encode()))
                policy = csp(inline_script_hashes(data.decode()))
                start_headers.append((b"content-security-policy", policy.encode()))
                await send({**held, "headers": start_headers})
                await send({"type": "http.response.body", "body": data})
                return
            await send(message)

        await self.app(scope, receive, rewrite)

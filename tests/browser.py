"""Real-browser helpers: serve the app, drive Debian's Chromium, wait until a page is ready."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}
ARTIFACTS = PROJECT / "artifacts" / "screenshots"

READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return charts.every(c => c.querySelector('.main-svg'));
}"""


def require_chromium() -> None:
    """At the top of a browser test module: skip it without Debian's Chromium, except in
    CI, where a missing browser is an error rather than a pass."""
    import pytest

    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: /usr/bin/chromium is missing")
    pytest.skip(
        "BROWSER TESTS SKIPPED: /usr/bin/chromium is missing "
        "(as root: apt-get install chromium fonts-noto-cjk, or run make test)",
        allow_module_level=True,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_app(
    data_root: Path, script: Path = PROJECT / "serve.py", env: dict[str, str] | None = None
) -> Iterator[str]:
    """Run `streamlit run` on a free loopback port; yield its base URL."""
    with serve_process(data_root, script, env) as (url, _):
        yield url


@contextlib.contextmanager
def serve_process(
    data_root: Path, script: Path = PROJECT / "serve.py", env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """serve_app, yielding the server process too (for benchmarks that read its memory)."""
    port = free_port()
    env = dict(os.environ, ZWZX_DATA_DIR=str(data_root), **(env or {}))
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not start") from None
                time.sleep(0.2)
        yield url, proc
    finally:
        stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """Ask a server process to stop; kill it if it has not within ten seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# A figure card (blocks.figure_cards), its name and its figure.
CARD = '[class*="st-key-figure_cards"] > [data-testid="stLayoutWrapper"]'
CARD_NAME = f"{CARD} [data-testid=stMarkdownContainer] > p:first-child"
CARD_FIGURE = f"{CARD} h3"


def sidebar_links(page):
    """The page list in the sidebar (sidebar.page_list), as links."""
    return page.locator('.st-key-page_list [data-testid="stPageLink"] a')


def sidebar_link(page, name: str):
    return sidebar_links(page).filter(has_text=name)


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def wait_ready(page, timeout_ms: int = 30_000) -> None:
    page.wait_for_function(READY_JS, timeout=timeout_ms)


def open_page(browser, url: str, viewport: dict):
    """A page of a new browser context at `url`, ready."""
    page = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
    page.goto(url)
    wait_ready(page)
    return page


def fonts_used(page, selector: str) -> dict[str, int]:
    """Font family → glyph count that Chromium really used to draw the element's text."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {f["familyName"]: f["glyphCount"] for f in fonts}


def screenshot_whole_page(page, path: Path) -> None:
    """Streamlit scrolls inside its main block, so grow the viewport to the content's
    height for one picture of the whole page, then restore it."""
    viewport = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], section')]"
        ".map(e => e.scrollHeight), window.innerHeight)"
    )
    page.set_viewport_size({"width": viewport["width"], "height": min(int(height), 12000)})
    page.wait_for_timeout(300)
    wait_ready(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path)
    page.set_viewport_size(viewport)


def open_sign_in(page) -> None:
    """Open the sidebar's 登录 box."""
    page.locator('[data-testid="stSidebar"] [data-testid="stExpander"] summary').filter(
        has_text="登录"
    ).click()


def sign_in(page, passcode: str, name: str | None = None) -> None:
    """Sign in from the sidebar (the box open or not) and wait for the run it starts."""
    if not page.get_by_label("口令").is_visible():
        open_sign_in(page)
    if name is not None:
        page.get_by_label("账号").fill(name)
    page.get_by_label("口令").fill(passcode)
    page.get_by_role("button", name="登录").click()
    wait_ready(page)

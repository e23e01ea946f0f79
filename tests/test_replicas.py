"""Replicas (README 扩展到多台机器): two app processes over one data folder, a page open in
each, one publish through the real CLI; both pages show the new snapshot without a reload."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zwzx_dash.store import snapshots

from .browser import DESKTOP, PROJECT, open_page, require_chromium, serve_app
from .conftest import corrected_copy, publish_default

pytestmark = pytest.mark.browser

require_chromium()

from playwright.sync_api import expect  # noqa: E402

FOLLOW_SECONDS = 2
# What a page needs beyond ZWZX_FOLLOW_SECONDS to rerun and draw on a loaded 2-core machine.
RERUN_SECONDS = 20
ZWZX_DASH = Path(sys.executable).with_name("zwzx-dash")


def test_two_replicas_follow_one_publish(browser, tmp_path: Path) -> None:
    root = publish_default(tmp_path / "data")
    before = snapshots.current_id(root)
    env = {"ZWZX_FOLLOW_SECONDS": str(FOLLOW_SECONDS)}
    with serve_app(root, env=env) as first, serve_app(root, env=env) as second:
        assert first != second
        pages = [open_page(browser, url + "/", DESKTOP) for url in (first, second)]
        for page in pages:
            expect(page.get_by_text("155篇", exact=True).first).to_be_visible()
            page.evaluate("() => { window.zwzxNotReloaded = true; }")

        changed = corrected_copy(tmp_path, "155", "156", "篇", "社情民意信息")
        done = subprocess.run(
            [str(ZWZX_DASH), "refresh", str(changed), "--note", "副本测试"],
            env=dict(os.environ, ZWZX_DATA_DIR=str(root)),
            cwd=PROJECT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        published = time.monotonic()
        assert done.returncode == 0, done.stderr
        after = done.stdout.strip()
        assert after != before and snapshots.current_id(root) == after

        lags = []
        for page in pages:
            expect(page.get_by_text("156篇", exact=True).first).to_be_visible(
                timeout=(FOLLOW_SECONDS + RERUN_SECONDS) * 1000
            )
            lags.append(time.monotonic() - published)
            expect(page.get_by_text("155篇", exact=True)).to_have_count(0)
            assert page.evaluate("() => window.zwzxNotReloaded === true")
        print(f"both replicas showed the publish after {lags[0]:.1f} s and {lags[1]:.1f} s")
        for page in pages:
            page.context.close()

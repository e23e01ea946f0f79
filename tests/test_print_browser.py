"""A browser print (Ctrl+P, A4) of a dashboard page, as Chromium prints it: the content
only, every figure and chart on the paper, nothing cut at the right edge."""

from __future__ import annotations

import logging
import subprocess

import pytest

from .browser import ARTIFACTS, CARD, DESKTOP, require_chromium, wait_ready

require_chromium()

pytestmark = pytest.mark.browser
logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Chromium's Type 3 CJK glyphs

CONTROLS = ["简报视图", "生成Word 简报", "生成PPT 汇报稿", "登录", "年度"]


@pytest.mark.parametrize(
    ("path", "figures"),
    [
        ("", ["342件", "50余次", "90多次"]),
        ("effective", ["155篇", "47条", "医药卫生体制改革意见建议"]),
        ("cohesive", ["90余次", "86期", "43批次"]),
    ],
)
def test_a_printed_page_fits_a4_without_chrome_or_controls(browser, default_app_url, path, figures):
    import pdfplumber

    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{default_app_url}/{path}")
    wait_ready(page)
    page.emulate_media(media="print")
    for selector in ('[data-testid="stSidebar"]', '[data-testid="stHeader"]', ".modebar"):
        hidden = page.locator(selector).evaluate_all(
            "els => els.every(e => getComputedStyle(e).display === 'none')"
        )
        assert hidden, selector
    whole = page.locator(
        f'{CARD} [data-testid="stVerticalBlockBorderWrapper"], [data-testid="stPlotlyChart"]'
    )
    assert whole.evaluate_all(
        "els => els.every(e => getComputedStyle(e).breakInside === 'avoid')"
    ), "cards and charts are never split across pages"
    out = ARTIFACTS.parent / "print" / f"{path or 'overview'}.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(out), format="A4", print_background=True)
    context.close()

    with pdfplumber.open(out) as pdf:
        for p in pdf.pages:
            assert abs(p.width - 595) <= 2 and abs(p.height - 842) <= 2, "A4"
            for ch in p.chars:
                assert ch["x0"] >= 0 and ch["x1"] <= p.width + 0.5, ("cut at the edge", ch["text"])
    # poppler reads CJK text as written (pdfplumber reads some as Kangxi radicals: 心 → ⼼)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    squeezed = text.replace("\n", "").replace(" ", "")
    for figure in figures:
        assert figure in squeezed, figure
    for control in CONTROLS:
        assert control not in squeezed, control

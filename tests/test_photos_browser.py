"""A pillar page and the overview show a snapshot's photos with their captions as alt text,
at a desktop's and a phone's width (screenshots in artifacts/screenshots/)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from zwzx_dash.ingest.load import load_input
from zwzx_dash.store import snapshots

from .browser import (
    ARTIFACTS,
    DESKTOP,
    PHONE,
    open_page,
    require_chromium,
    screenshot_whole_page,
    serve_app,
)
from .photo_files import folder_with_photos, image_bytes, jpeg_with_gps

require_chromium()

from playwright.sync_api import expect  # noqa: E402

pytestmark = pytest.mark.browser

CAPTION = "组织政协委员调研重大项目建设情况。"  # the first caption row: 有为政协


@pytest.fixture(scope="module")
def photo_app(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("input") / "input"
    photos = {"调研.jpg": jpeg_with_gps((1600, 1000), "#2B6CB0"), "座谈.png": image_bytes("PNG")}
    data = load_input(folder_with_photos(folder, photos, named={0: "调研.jpg", 1: "座谈.png"}))
    root: Path = tmp_path_factory.mktemp("data")
    snapshots.publish(
        root, data.tables, input_name=data.name, input_sha256=data.sha256, new_photos=data.photos
    )
    with serve_app(root) as url:
        yield url


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1400", "390"])
def test_a_pillar_page_shows_its_photo_with_the_caption_as_alt(browser, photo_app, viewport):
    page = open_page(browser, f"{photo_app}/effective", viewport)
    image = page.locator(f'[data-testid="stImage"] img[alt="{CAPTION}"]')
    expect(image).to_have_count(1)
    expect(image).to_be_visible()
    image.scroll_into_view_if_needed()
    width = image.evaluate("img => img.naturalWidth && img.getBoundingClientRect().width")
    assert 0 < width <= viewport["width"]
    expect(page.locator('[data-testid="stImageCaption"]')).to_have_text(CAPTION)
    assert page.get_by_text("原文所配的").count() == 0
    screenshot_whole_page(page, ARTIFACTS / f"photos-effective-{viewport['width']}.png")
    if viewport is DESKTOP:  # the image's toolbar opens the whole picture
        image.hover()
        # The toolbar's button is named after the caption, in Chinese (the page shell's
        # words for Streamlit's "Fullscreen: …").
        toolbar = '[data-testid="stBaseButton-elementToolbar"]'
        page.locator(f'{toolbar}[aria-label="全屏查看：{CAPTION}"]').click()
        page.wait_for_timeout(500)
        wide = image.evaluate("img => img.getBoundingClientRect().width")
        assert wide > width
        page.screenshot(path=str(ARTIFACTS / "photos-effective-fullscreen-1400.png"))
    page.context.close()


def test_the_overview_shows_every_photo_and_lists_the_rest(browser, photo_app):
    page = open_page(browser, f"{photo_app}/", DESKTOP)
    expect(page.locator('[data-testid="stImage"] img')).to_have_count(2)
    expect(page.get_by_text("以下图片未随文收录")).to_be_visible()
    screenshot_whole_page(page, ARTIFACTS / "photos-overview-1400.png")
    page.context.close()


def test_staff_upload_a_zip_preview_its_photo_and_publish(browser, published, tmp_path):
    from zwzx_dash.access import passcodes

    from .test_browser import open_staff_page, upload_and_fill_note
    from .test_photo_zip import workbook_naming

    passcode = "zhongwei-staff-2024"
    encoded = passcodes.hash_passcode(passcode, iterations=passcodes.MIN_ITERATIONS)
    book = workbook_naming(tmp_path / "数据.xlsx", {0: "调研.jpg"})
    bundle = tmp_path / "2023年配图.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.write(book, "数据.xlsx")
        archive.writestr("photos/调研.jpg", jpeg_with_gps((1600, 1000), "#2B6CB0"))
    with serve_app(published, env={passcodes.ENV_VAR: encoded}) as url:
        page = open_staff_page(browser, url, passcode)
        upload_and_fill_note(page, bundle, "补充配图")
        preview = page.locator(f'[data-testid="stImage"] img[alt="{CAPTION}"]')
        expect(preview).to_be_visible()
        expect(page.get_by_text("随附图片 1 张", exact=False)).to_be_visible()
        screenshot_whole_page(page, ARTIFACTS / "photos-staff-preview-1400.png")
        page.get_by_role("button", name="发布", exact=True).click()
        expect(page.get_by_text(re.compile("已发布快照"))).to_be_visible(timeout=30_000)
    page.context.close()
    manifest = snapshots.load_manifest(published, snapshots.current_id(published))
    assert list(manifest.photos) == ["调研.jpg"]
    assert manifest.input_name == "2023年配图.zip"


def test_staff_upload_a_workbook_with_several_images(browser, published, tmp_path):
    from zwzx_dash.access import passcodes

    from .test_browser import open_staff_page, upload_and_fill_note, wait_ready
    from .test_photo_zip import workbook_naming

    passcode = "zhongwei-staff-2024"
    encoded = passcodes.hash_passcode(passcode, iterations=passcodes.MIN_ITERATIONS)
    book = workbook_naming(tmp_path / "数据.xlsx", {0: "调研.jpg", 1: "座谈.png"})
    (tmp_path / "调研.jpg").write_bytes(jpeg_with_gps((1600, 1000), "#2B6CB0"))
    (tmp_path / "座谈.png").write_bytes(image_bytes("PNG"))
    with serve_app(published, env={passcodes.ENV_VAR: encoded}) as url:
        page = open_staff_page(browser, url, passcode)
        images = '.st-key-photos_upload [data-testid="stFileUploaderDropzoneInput"]'
        page.locator(images).set_input_files([tmp_path / "调研.jpg", tmp_path / "座谈.png"])
        wait_ready(page)
        upload_and_fill_note(page, book, "补充两张配图")
        expect(page.get_by_text("随附图片 2 张", exact=False)).to_be_visible()
        expect(page.locator(f'[data-testid="stImage"] img[alt="{CAPTION}"]')).to_be_visible()
        page.get_by_role("button", name="发布", exact=True).click()
        expect(page.get_by_text(re.compile("已发布快照"))).to_be_visible(timeout=30_000)
    page.context.close()
    manifest = snapshots.load_manifest(published, snapshots.current_id(published))
    assert sorted(manifest.photos) == ["座谈.png", "调研.jpg"]

"""Hostile photos beside a CSV folder, each refused with the caption row and the photo
named (run by tests/test_bad_inputs.py with the rest of the corpus)."""

from __future__ import annotations

from pathlib import Path

from zwzx_dash.ingest.photos import MAX_PHOTO_BYTES

from .bad_inputs import Case
from .photo_files import folder_with_photos, image_bytes, jpeg_with_gps, png_declaring

ROW = "captions.csv，第 2 行，「photo」列"


def _html_as_png(folder: Path) -> Path:
    page = b"<html><body><script>alert(1)</script></body></html>"
    return folder_with_photos(folder / "input", {"现场.png": page})


def _bomb(folder: Path) -> Path:
    return folder_with_photos(folder / "input", {"炸弹.png": png_declaring(100_000, 100_000)})


def _too_many_pixels(folder: Path) -> Path:
    # Under Pillow's own bomb threshold (89 million pixels), over ours (MAX_PHOTO_PIXELS).
    return folder_with_photos(folder / "input", {"巨幅.png": png_declaring(9000, 9000)})


def _oversize(folder: Path) -> Path:
    target = folder_with_photos(folder / "input", {"大图.jpg": image_bytes("JPEG")})
    with open(target / "photos" / "大图.jpg", "r+b") as fh:
        fh.truncate(MAX_PHOTO_BYTES + 1)  # sparse: cheap to write, over the cap to read
    return target


def _truncated(folder: Path) -> Path:
    data = jpeg_with_gps((800, 600))
    return folder_with_photos(folder / "input", {"半张.jpg": data[: len(data) // 2]})


def _unnamed(folder: Path) -> Path:
    return folder_with_photos(folder / "input", {"多余.jpg": image_bytes("JPEG")}, named={})


PHOTO_CASES = [
    Case("photo-html-named-png", _html_as_png, (ROW, "photos/现场.png", "不是 JPEG、PNG 或 WebP")),
    Case("photo-decompression-bomb", _bomb, (ROW, "photos/炸弹.png", "解压炸弹")),
    Case("photo-too-many-pixels", _too_many_pixels, (ROW, "9000×9000 像素超过上限")),
    Case("photo-over-size", _oversize, (ROW, "photos/大图.jpg", "MB 上限")),
    Case("photo-truncated-jpeg", _truncated, (ROW, "photos/半张.jpg", "无法完整解码")),
    Case("photo-named-by-no-caption", _unnamed, ("photos/多余.jpg", "没有哪一行")),
]

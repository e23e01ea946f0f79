"""Real image files made with Pillow for the photo tests (none are committed)."""

from __future__ import annotations

import csv
import io
import shutil
import struct
import zlib
from pathlib import Path

from PIL import ExifTags, Image

SOURCE_DIR = Path(__file__).resolve().parent.parent / "data" / "source"


def jpeg_with_gps(size: tuple[int, int] = (3000, 2000), color: str = "#2B6CB0") -> bytes:
    """A JPEG carrying EXIF with a GPS position and a camera model."""
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "ZWZX-CAMERA"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (37.0, 30.0, 0.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (105.0, 11.0, 0.0)
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def image_bytes(kind: str, size: tuple[int, int] = (640, 400), color: str = "#A4161A") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, kind)
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares width × height pixels (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + chunk(b"IEND", b"")
    )


def folder_with_photos(
    target: Path, photos: dict[str, bytes], named: dict[int, str] | None = None
) -> Path:
    """A copy of data/source/ with `photos` in its photos/ folder and caption rows (0-based)
    naming them: `named` row -> file name, by default row i names the i-th photo."""
    shutil.copytree(SOURCE_DIR, target)
    (target / "photos").mkdir()
    for name, data in photos.items():
        (target / "photos" / name).write_bytes(data)
    name_captions(target, named if named is not None else dict(enumerate(photos)))
    return target


def name_captions(folder: Path, named: dict[int, str]) -> None:
    path = folder / "captions.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    for row, name in named.items():
        rows[row][header.index("photo")] = name
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])

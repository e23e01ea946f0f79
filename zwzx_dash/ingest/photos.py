"""Photos supplied with an input: a `photos/` folder beside the CSV files (or beside the
workbook, in a zip or uploaded with it: ingest/load.py). Each is matched to the caption
rows whose 图片文件 cell names it, checked by its bytes (JPEG, PNG or WebP by magic bytes
and by decoding it, never by its name; size and pixels capped) and encoded again:
orientation applied, EXIF, GPS and every other metadata dropped, the long side at most
LONG_SIDE pixels. Every refusal names the photo, the caption row and why."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from zwzx_dash.ingest.raw import Problem, RawTable
from zwzx_dash.model.images import JPEG, PNG, image_kind

PHOTOS_FOLDER = "photos"
MAX_PHOTO_BYTES = 30 * 2**20  # one file as supplied
MAX_PHOTO_PIXELS = 60_000_000  # width × height as the file declares it, before decoding
MAX_PHOTOS = 300
LONG_SIDE = 2560  # what is stored: enough for a full-screen view and a printed page
JPEG_QUALITY = 85
_IGNORED = {"thumbs.db", "desktop.ini"}  # what Windows leaves in a folder of pictures


class PhotoRefused(Exception):
    """Why a photo cannot be used (the message is shown to staff)."""


@dataclass(frozen=True)
class Photos:
    """Photos ready to store (file name -> encoded bytes) and the problems found."""

    data: dict[str, bytes]
    problems: list[Problem]
    sha256: str  # over the names and the bytes as supplied, for the manifest's input hash


def read_photo_folder(folder: Path, captions: RawTable | None) -> Photos:
    """Check and encode every photo in `folder`, matched to the caption rows naming it."""
    rows = _rows_naming(captions)
    files = sorted(p for p in folder.iterdir() if not _ignored(p))
    data: dict[str, bytes] = {}
    problems: list[Problem] = []
    digest = hashlib.sha256()
    if len(files) > MAX_PHOTOS:
        problems.append(Problem(f"{PHOTOS_FOLDER}/", f"图片超过 {MAX_PHOTOS} 张上限"))
        return Photos(data, problems, digest.hexdigest())
    for path in files:
        shown = f"{PHOTOS_FOLDER}/{path.name}"
        if path.name not in rows:
            problems.append(Problem(shown, _UNNAMED))
            continue
        try:
            raw = _read_capped(path)
            digest.update(path.name.encode() + b"\0" + hashlib.sha256(raw).digest())
            data[path.name] = encode_photo(raw)
        except PhotoRefused as why:
            problems += [_at_row(captions, row, f"图片 {shown}：{why}") for row in rows[path.name]]
    return Photos(data, problems, digest.hexdigest())


_UNNAMED = "图片表中没有哪一行的“图片文件”写这个文件名；请填上它，或把这个文件移出 photos 文件夹"


def _ignored(path: Path) -> bool:
    return path.name.startswith(".") or path.name.lower() in _IGNORED


def _rows_naming(captions: RawTable | None) -> dict[str, list[int]]:
    """Photo file name -> the caption rows whose photo cell names it."""
    rows: dict[str, list[int]] = {}
    for row_no, cells in captions.rows if captions else []:
        name = str(cells.get("photo") or "").strip()
        if name:
            rows.setdefault(name, []).append(row_no)
    return rows


def _at_row(captions: RawTable | None, row: int, message: str) -> Problem:
    assert captions is not None  # a photo is only checked when a caption row names it
    return Problem(captions.file, message, captions.sheet, row, captions.shown("photo"))


def _read_capped(path: Path) -> bytes:
    if not path.is_file():
        raise PhotoRefused("不是文件")
    if path.stat().st_size > MAX_PHOTO_BYTES:
        raise PhotoRefused(f"文件超过 {MAX_PHOTO_BYTES // 2**20} MB 上限")
    return path.read_bytes()


def encode_photo(raw: bytes) -> bytes:
    """The photo checked and encoded again: PNG stays PNG (so a diagram stays sharp),
    JPEG and WebP become JPEG (Word and PowerPoint take no WebP); raises PhotoRefused."""
    if len(raw) > MAX_PHOTO_BYTES:
        raise PhotoRefused(f"文件超过 {MAX_PHOTO_BYTES // 2**20} MB 上限")
    kind = image_kind(raw)
    if kind is None:
        raise PhotoRefused("按文件内容不是 JPEG、PNG 或 WebP 图片（与扩展名无关）")
    image = _decoded(raw, kind)
    try:
        return _encoded(image, keep_png=kind == PNG or _has_alpha(image))
    except (OSError, ValueError, SyntaxError) as err:
        raise PhotoRefused(
            f"图片无法转换（{type(err).__name__}）；请另存为普通的 JPEG 或 PNG"
        ) from None


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _encoded(image: Image.Image, keep_png: bool) -> bytes:
    """Orientation applied, at most LONG_SIDE, rebuilt from its pixels alone (no EXIF, GPS,
    ICC or text chunks survive), saved as PNG or JPEG."""
    image = ImageOps.exif_transpose(image) or image
    image.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
    mode = "RGBA" if keep_png and image.mode != "RGB" else "RGB"
    clean = Image.frombytes(mode, image.size, image.convert(mode).tobytes())
    out = io.BytesIO()
    if keep_png:
        clean.save(out, "PNG", optimize=True)
    else:
        clean.save(out, JPEG, quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _decoded(raw: bytes, kind: str) -> Image.Image:
    """The image fully decoded, its declared size checked before any pixel is read."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(raw), formats=[kind])
            width, height = image.size
            if width * height > MAX_PHOTO_PIXELS:
                raise PhotoRefused(
                    f"图片尺寸 {width}×{height} 像素超过上限"
                    f"（{MAX_PHOTO_PIXELS // 10**6} 百万像素）"
                )
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRefused("图片声明的尺寸过大，疑似“解压炸弹”，已拒绝") from None
        except PhotoRefused:
            raise
        except (OSError, SyntaxError, ValueError, EOFError) as err:
            raise PhotoRefused(
                f"图片无法完整解码（文件损坏或不完整：{type(err).__name__}）"
            ) from None
    return image

"""The entry to ingest: read an input (a CSV folder, or a workbook recognised by its
bytes), validate it, and hand back the tables with what the manifest records of them."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from zwzx_dash.ingest import columnar, data_zip, workbook
from zwzx_dash.ingest.csv_folder import read_csv_folder
from zwzx_dash.ingest.photos import PHOTOS_FOLDER, read_photo_folder
from zwzx_dash.ingest.raw import InputRefused, Problem, RawTable
from zwzx_dash.ingest.validate import validate


@dataclass(frozen=True)
class Input:
    """Validated tables plus what the manifest records about where they came from."""

    tables: dict[str, pa.Table]
    name: str
    sha256: str
    # What the 待核 list still asks of a person: cells to fill (a draft only) and to check.
    notes: tuple[Problem, ...] = ()
    # Photos supplied with it (file name as captions.photo names it -> checked, re-encoded
    # bytes), stored with the snapshot.
    photos: dict[str, bytes] = field(default_factory=dict)


def load_input(path: Path, name: str | None = None, draft: bool = False) -> Input:
    """Read and validate an input: a CSV folder, an .xlsx workbook (recognised by its
    bytes, not its name), or a zip holding either with its photos/. `name` is what
    messages call the file (an upload's own name). A draft may still have cells its 待核
    list marks as to be filled; anything to be published may not. Raises InputRefused."""
    path = Path(path)
    name = name or path.name
    if not path.exists():
        raise InputRefused([Problem(str(path), "找不到这个文件或文件夹")])
    if path.is_dir():
        folder = path / PHOTOS_FOLDER
        fast = None if folder.is_dir() else columnar.fast_tables(path)
        if fast is not None:
            return Input(tables=fast[0], name=name, sha256=fast[1])
        return _validated(*read_csv_folder(path), folder, name, draft)
    with open(path, "rb") as fh:
        head = fh.read(4)
    if not workbook.is_workbook(head):
        raise InputRefused(
            [Problem(name, "不是 Excel 工作簿（.xlsx），也不是装有 CSV 文件的文件夹")]
        )
    if data_zip.is_data_zip(path):
        return _load_zip(path, name, draft)
    return _validated(*workbook.read_workbook(path, name), None, name, draft)


def _load_zip(path: Path, name: str, draft: bool) -> Input:
    """A zip of the data and its photos, unpacked into a temporary folder and read."""
    with tempfile.TemporaryDirectory(prefix="zwzx-zip-") as tmp:
        folder = data_zip.unpack(path, name, Path(tmp))
        books = sorted(folder.glob("*.xlsx"))
        if len(books) > 1:
            raise InputRefused([Problem(name, "压缩包中只能有一个工作簿（.xlsx）")])
        if not books:
            return load_input(folder, name=name, draft=draft)
        shown = f"{name} 中的 {books[0].name}"
        raw, problems, sha = workbook.read_workbook(books[0], shown)
        return _validated(raw, problems, sha, folder / PHOTOS_FOLDER, name, draft)


def _validated(
    raw: dict[str, RawTable],
    problems: list[Problem],
    sha: str,
    photo_folder: Path | None,
    name: str,
    draft: bool,
) -> Input:
    """Validate what was read, with the photos of `photo_folder` (matched to the caption
    rows as read, so that a refusal names their lines) when it is there."""
    photos: dict[str, bytes] = {}
    if photo_folder is not None and photo_folder.is_dir():
        found = read_photo_folder(photo_folder, raw.get("captions"))
        photos, problems = found.data, problems + found.problems
        sha = hashlib.sha256(f"{sha}\0{found.sha256}".encode()).hexdigest()
    notes: list[Problem] = []
    tables = validate(raw, problems, notes=notes if draft else None)
    return Input(tables=tables, name=name, sha256=sha, notes=tuple(notes), photos=photos)


def load_upload(data: bytes, name: str, photos: Mapping[str, bytes] | None = None) -> Input:
    """Validate an uploaded workbook, or a zip of the data and its photos (its bytes and
    the name it was uploaded under); `photos` are images uploaded beside a workbook (file
    name -> bytes), read as if they were its photos/ folder."""
    with tempfile.TemporaryDirectory(prefix="zwzx-upload-") as folder:
        path = Path(folder) / "upload.xlsx"
        path.write_bytes(data)
        if not photos:
            return load_input(path, name=Path(name).name)
        return _workbook_with_photos(path, Path(name).name, Path(folder) / "photos", photos)


def _workbook_with_photos(
    path: Path, name: str, folder: Path, photos: Mapping[str, bytes]
) -> Input:
    with open(path, "rb") as fh:
        head = fh.read(4)
    if not workbook.is_workbook(head) or data_zip.is_data_zip(path):
        raise InputRefused([Problem(name, SEPARATE_PHOTOS)])
    folder.mkdir()
    for given, image in photos.items():
        (folder / Path(given).name).write_bytes(image)  # a name only, never a path
    return _validated(*workbook.read_workbook(path, name), folder, name, False)


SEPARATE_PHOTOS = (
    "单独上传的图片只能配 .xlsx 工作簿；压缩包里的数据，请把图片放进压缩包的 photos 文件夹"
)

"""A zip holding the data and its photos: a workbook (.xlsx) or the CSV files, with a
`photos/` folder beside them (one top folder around it all is allowed, as Windows' “发送到
压缩文件夹” makes). Unpacked into a temporary folder only after every entry is checked:
plain relative names, no links, few enough entries, declared sizes within the caps and
not compressed suspiciously far (zipfile then holds each entry to its declared size)."""

from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath

from zwzx_dash.ingest.photos import MAX_PHOTOS, PHOTOS_FOLDER
from zwzx_dash.ingest.raw import InputRefused, Problem

MAX_ENTRIES = MAX_PHOTOS + 50
MAX_UNZIPPED_BYTES = 2 * 2**30  # all entries together, as declared
MAX_RATIO = 100  # uncompressed / compressed for an entry over RATIO_FROM bytes
RATIO_FROM = 1 * 2**20
WORKBOOK_MARK = "[Content_Types].xml"  # what every .xlsx holds at its root


def is_data_zip(path: Path) -> bool:
    """A zip that is not itself a workbook but holds one or CSV files (anything else is
    left to the workbook reader, which says what a workbook lacks)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    data = (n for n in names if n.lower().endswith((".csv", ".xlsx")))
    return WORKBOOK_MARK not in names and any(True for _ in data)


def unpack(path: Path, name: str, into: Path) -> Path:
    """Check and unpack the zip into `into`; return the folder holding the data (the CSV
    files or the workbook, and photos/). Raises InputRefused."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = [i for i in archive.infolist() if not i.is_dir()]
            _check(entries, name)
            for info in entries:
                target = into.joinpath(*PurePosixPath(info.filename).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as src, open(target, "wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as err:
        raise InputRefused(
            [Problem(name, f"压缩包已损坏，无法解压（{type(err).__name__}）")]
        ) from None
    return _data_folder(into)


def _check(entries: list[zipfile.ZipInfo], name: str) -> None:
    problems = [Problem(name, why) for why in _archive_problems(entries)]
    for info in entries:
        why = _entry_problem(info)
        if why:
            problems.append(Problem(f"{name} 中的 {info.filename}", why))
    if problems:
        raise InputRefused(problems)


def _archive_problems(entries: list[zipfile.ZipInfo]) -> list[str]:
    found = []
    if len(entries) > MAX_ENTRIES:
        found.append(f"压缩包中的文件超过 {MAX_ENTRIES} 个")
    if sum(i.file_size for i in entries) > MAX_UNZIPPED_BYTES:
        found.append(f"解压后超过 {MAX_UNZIPPED_BYTES // 2**30} GB 上限")
    return found


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    parts = PurePosixPath(info.filename).parts
    if info.filename.startswith("/") or "\\" in info.filename or ".." in parts or not parts:
        return "文件名不是压缩包内的普通相对路径"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "是符号链接"
    if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return "压缩比异常（疑似压缩炸弹）"
    return None


def _data_folder(root: Path) -> Path:
    """The folder with the data: the root, or the one folder it holds (photos/ aside)."""
    inside = [p for p in root.iterdir() if not p.name.startswith(("__MACOSX", "."))]
    folders = [p for p in inside if p.is_dir() and p.name != PHOTOS_FOLDER]
    if len(inside) == 1 and len(folders) == 1:
        return folders[0]
    return root

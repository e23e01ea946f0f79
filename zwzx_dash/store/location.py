"""Where the data lives: the data location (ZWZX_DATA_DIR: a path, a file:// URI or an
s3://bucket/prefix in S3-compatible object storage) and the default source data."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from zwzx_dash.store.objects import Location, SnapshotError

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


def configured() -> str:
    """The data location as configured: ZWZX_DATA_DIR, else <project>/data."""
    return os.environ.get("ZWZX_DATA_DIR") or str(PROJECT_ROOT / "data")


def data_dir(s3: Mapping[str, Any] | None = None) -> Location:
    """The data location: a folder on disk, or snapshots in object storage (`s3` fills in
    credentials the AWS environment variables do not give: secrets.toml's [s3] table)."""
    return location_of(configured(), s3)


def location_of(location: str, s3: Mapping[str, Any] | None = None) -> Location:
    """A data location from its text. Plain paths and file:// URIs are local; s3:// is
    S3-compatible object storage; other schemes are refused with what to use instead."""
    parsed = urlparse(location)
    if parsed.scheme in ("", "file") or len(parsed.scheme) == 1:  # C:\… on Windows
        if parsed.scheme == "file":
            if parsed.netloc not in ("", "localhost"):
                raise SnapshotError(f"数据位置 {location} 指向其他主机；请挂载后使用本地路径")
            return Path(unquote(parsed.path))
        return Path(location)
    if parsed.scheme == "s3":
        from zwzx_dash.store.s3 import S3Objects  # boto3 and s3fs load only when used

        return S3Objects.at(location, s3)
    raise SnapshotError(
        f"数据位置 {location} 的协议 {parsed.scheme}:// 不支持；"
        "请使用本地路径、file:// 地址或 s3://存储桶/前缀"
    )


def local_folder(root: Location) -> Path:
    """Where what stays on this machine lives (accounts, photos): the data folder when it
    is on disk, else <project>/data."""
    return root if isinstance(root, Path) else PROJECT_ROOT / "data"


def default_source(root: Location) -> Path:
    """The human-edited default data: <data>/source when present, else the shipped one."""
    own = local_folder(root) / "source"
    return own if own.is_dir() else PROJECT_ROOT / "data" / "source"

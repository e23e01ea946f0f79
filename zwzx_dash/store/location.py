"""Where the data lives: the data folder (ZWZX_DATA_DIR, a path or a file:// URI) and the
default source data inside it."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from zwzx_dash.store.snapshots import SnapshotError

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


def data_dir() -> Path:
    """The data folder: ZWZX_DATA_DIR as a path or a file:// URI, else <project>/data."""
    env = os.environ.get("ZWZX_DATA_DIR")
    return location_path(env) if env else PROJECT_ROOT / "data"


def location_path(location: str) -> Path:
    """A data location as a local path. Plain paths and file:// URIs are local; other
    schemes (s3://…) are refused with a message saying what to use instead."""
    parsed = urlparse(location)
    if parsed.scheme in ("", "file") or len(parsed.scheme) == 1:  # C:\… on Windows
        if parsed.scheme == "file":
            if parsed.netloc not in ("", "localhost"):
                raise SnapshotError(f"数据位置 {location} 指向其他主机；请挂载后使用本地路径")
            return Path(unquote(parsed.path))
        return Path(location)
    raise SnapshotError(
        f"数据位置 {location} 的协议 {parsed.scheme}:// 尚不支持；"
        "请使用本地路径或 file:// 地址（对象存储的做法见 README“扩展到多台机器”）"
    )


def default_source(root: Path) -> Path:
    """The human-edited default data: <root>/source when present, else the shipped one."""
    own = root / "source"
    return own if own.is_dir() else PROJECT_ROOT / "data" / "source"

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from zwzx_dash import store
from zwzx_dash.ingest import load_input

PROJECT = Path(__file__).resolve().parent.parent
SOURCE_DIR = PROJECT / "data" / "source"
SOURCE_DOC = PROJECT / "data" / "sources" / "zw-cppcc-2023-review.txt"


@pytest.fixture(scope="session")
def document() -> str:
    return SOURCE_DOC.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def default_input():
    return load_input(SOURCE_DIR)


@pytest.fixture
def data_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder, set as ZWZX_DATA_DIR for this test and its subprocesses."""
    root = tmp_path / "data"
    root.mkdir()
    monkeypatch.setenv("ZWZX_DATA_DIR", str(root))
    return root


@pytest.fixture
def published(data_root: Path, default_input) -> Path:
    """A data folder whose CURRENT is the default 2023 data."""
    store.publish(
        data_root,
        default_input.tables,
        input_name=default_input.name,
        input_sha256=default_input.sha256,
        note="测试",
    )
    return data_root


@pytest.fixture
def source_copy(tmp_path: Path) -> Path:
    """A writable copy of data/source/ to break in a test."""
    target = tmp_path / "input"
    shutil.copytree(SOURCE_DIR, target)
    return target


def run_cli(
    *args: str, root: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess:
    """The real CLI, as a subprocess."""
    env = dict(os.environ)
    if root is not None:
        env["ZWZX_DATA_DIR"] = str(root)
    return subprocess.run(
        [sys.executable, "-m", "zwzx_dash", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT,
        timeout=timeout,
    )


def snapshot_state(root: Path) -> tuple[bytes | None, list[str]]:
    """What a failed publish must leave untouched: CURRENT's bytes and the snapshot folders."""
    current = root / "CURRENT"
    folders = (
        sorted(p.name for p in (root / "snapshots").iterdir())
        if (root / "snapshots").is_dir()
        else []
    )
    return (current.read_bytes() if current.exists() else None), folders

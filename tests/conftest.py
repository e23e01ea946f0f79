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
    *args: str, root: Path | str | None = None, timeout: float = 60
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


def add_earlier_year(folder: Path, year: int = 2022) -> None:
    """Make a CSV folder hold two years: the 2023 rows plus a made-up earlier year for
    tests only, where exact Arabic figures are 10 lower, 50余次 becomes 40余次 and every
    other figure stays as it is."""
    import csv
    import re

    def rows(name: str) -> tuple[list[str], list[dict[str, str]]]:
        with open(folder / f"{name}.csv", encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            return list(reader.fieldnames or []), list(reader)

    def write(name: str, header: list[str], data: list[dict[str, str]]) -> None:
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(data)

    header, metrics = rows("metrics")
    earlier = []
    for m in metrics:
        old = dict(m, year=str(year))
        match = re.fullmatch(r"(\d+)(余|多)?(.+)", m["text"])
        if match and int(match.group(1)) > 10:
            value = int(match.group(1)) - 10
            old["value"] = str(value)
            old["text"] = f"{value}{match.group(2) or ''}{match.group(3)}"
            old["quote"] = f"（测试用{year}年数据）{old['text']}"
        earlier.append(old)
    write("metrics", header, metrics + earlier)
    for name in ("highlights", "captions"):
        header, data = rows(name)
        write(name, header, data + [dict(r, year=str(year)) for r in data])


@pytest.fixture
def two_years(data_root: Path, source_copy: Path) -> Path:
    """A data folder whose CURRENT holds 2023 and a made-up 2022."""
    add_earlier_year(source_copy)
    data = load_input(source_copy)
    store.publish(data_root, data.tables, input_name=data.name, input_sha256=data.sha256)
    return data_root

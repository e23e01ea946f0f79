"""A full disk, for real: a small tmpfs mounted for the test (the machine's tests run as
root). Publishing and exporting onto it fail with a Chinese message and exit 1, and the
data that was there is untouched."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import SOURCE_DIR, run_cli, snapshot_state

if os.geteuid() != 0:
    pytest.skip("DISK-FULL TESTS SKIPPED: mounting a tmpfs needs root", allow_module_level=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave: int) -> None:
    """Fill the disk but for about `leave` bytes."""
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with open(disk / "filler", "wb") as f:
        f.write(b"\0" * max(0, free - leave))


def test_a_publish_onto_a_full_disk_says_so_and_changes_nothing(small_disk, tmp_path):
    root = small_disk / "data"
    assert run_cli("init", root=root).returncode == 0
    before = snapshot_state(root)
    fill(small_disk, leave=8 * 1024)
    done = run_cli("refresh", str(SOURCE_DIR), "--replace-all", "--note", "再发一次", root=root)
    assert done.returncode == 1, done.stderr
    assert "磁盘已满" in done.stderr and "已有的数据未被改动" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot_state(root) == before
    assert run_cli("show", root=root).returncode == 0, "the dashboard's data still reads"


def test_an_export_onto_a_full_disk_says_so(small_disk, published, tmp_path):
    fill(small_disk, leave=4 * 1024)
    done = run_cli("export", "--out", str(small_disk / "out"), "--format", "html", root=published)
    assert done.returncode == 1, done.stderr
    assert "磁盘已满" in done.stderr and "Traceback" not in done.stderr
    left = [p.name for p in (small_disk / "out").iterdir()] if (small_disk / "out").exists() else []
    assert not [n for n in left if n.endswith(".part")], "no half-written file left behind"

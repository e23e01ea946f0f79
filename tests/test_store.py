"""Publishing, listing, rollback and pruning; a failed publish changes nothing."""

import json
import subprocess
import sys
import textwrap

import pytest

from zwzx_dash.query import queries
from zwzx_dash.store import objects, reading, snapshots
from zwzx_dash.store.snapshots import SnapshotError

from .conftest import PROJECT, snapshot_state


def publish(root, data, note=""):
    return snapshots.publish(
        root, data.tables, input_name=data.name, input_sha256=data.sha256, note=note
    )


def test_publish_writes_a_complete_snapshot_and_points_current_at_it(data_root, default_input):
    manifest = publish(data_root, default_input, note="首次")
    assert snapshots.current_id(data_root) == manifest.id
    assert (data_root / "CURRENT").read_text() == manifest.id + "\n"
    folder = data_root / "snapshots" / manifest.id
    assert sorted(p.name for p in folder.iterdir()) == [
        "captions.parquet",
        "highlights.parquet",
        "manifest.json",
        "metrics.parquet",
        "pillars.parquet",
        "sections.parquet",
        "sources.parquet",
    ]
    recorded = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert recorded["id"] == manifest.id
    assert recorded["input_name"] == "source"
    assert recorded["input_sha256"] == default_input.sha256
    assert recorded["note"] == "首次"
    assert recorded["rows"]["metrics"] == default_input.tables["metrics"].num_rows
    assert recorded["publisher"]
    assert snapshots.verify(data_root, manifest.id) == manifest
    assert reading.read_table(data_root, manifest.id, "metrics").equals(
        default_input.tables["metrics"]
    )


def test_list_rollback_and_prune(data_root, default_input):
    ids = [publish(data_root, default_input, note=str(i)).id for i in range(4)]
    assert [m.id for m in snapshots.list_snapshots(data_root)] == ids
    assert snapshots.rollback(data_root).id == ids[2]
    assert snapshots.rollback(data_root).id == ids[1]
    assert snapshots.rollback(data_root, ids[3]).id == ids[3]
    snapshots.rollback(data_root, ids[0])
    with pytest.raises(SnapshotError, match="最早"):
        snapshots.rollback(data_root)
    with pytest.raises(SnapshotError):
        snapshots.rollback(data_root, "20990101T000000000000Z-deadbeef")
    with pytest.raises(SnapshotError, match="格式"):
        snapshots.rollback(data_root, "../../etc")
    removed = snapshots.prune(data_root, keep=2)
    assert removed == ids[1:2]  # the newest two and the current one stay
    assert [m.id for m in snapshots.list_snapshots(data_root)] == [ids[0], ids[2], ids[3]]
    assert snapshots.current_id(data_root) == ids[0]


def test_tampered_snapshot_fails_verification(published):
    snapshot_id = snapshots.current_id(published)
    path = published / "snapshots" / snapshot_id / "metrics.parquet"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(SnapshotError):
        snapshots.verify(published, snapshot_id)


def test_ensure_current_builds_the_default_snapshot_once(data_root):
    first = queries.ensure_current(data_root)
    assert queries.ensure_current(data_root) == first
    assert len(snapshots.list_snapshots(data_root)) == 1


def test_publish_refuses_tables_with_the_wrong_schema(published, default_input):
    before = snapshot_state(published)
    tables = dict(default_input.tables)
    tables["metrics"] = tables["metrics"].drop_columns(["quote"])
    with pytest.raises(ValueError):
        snapshots.publish(published, tables, input_name="x", input_sha256="0" * 64)
    assert snapshot_state(published) == before


@pytest.mark.parametrize("fail_on", [1, 3, 5])
def test_exception_mid_write_changes_nothing(published, default_input, monkeypatch, fail_on):
    before = snapshot_state(published)
    real_write = snapshots.pq.write_table
    calls = []

    def failing_write(*args, **kwargs):
        calls.append(1)
        if len(calls) == fail_on:
            raise OSError(28, "No space left on device")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(snapshots.pq, "write_table", failing_write)
    with pytest.raises(OSError):
        publish(published, default_input)
    assert snapshot_state(published) == before
    assert list((published / "staging").iterdir()) == []


def test_failure_after_the_rename_removes_the_new_snapshot(published, default_input, monkeypatch):
    before = snapshot_state(published)

    def failing_replace(src, dst):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(snapshots.os, "replace", failing_replace)
    with pytest.raises(OSError):
        publish(published, default_input)
    assert snapshot_state(published) == before


def test_first_publish_failing_leaves_no_current(data_root, default_input, monkeypatch):
    monkeypatch.setattr(
        objects, "fsync_dir", lambda path: (_ for _ in ()).throw(OSError(28, "full"))
    )
    with pytest.raises(OSError):
        publish(data_root, default_input)
    assert snapshot_state(data_root) == (None, [])


def test_full_disk_in_a_real_process_changes_nothing(published):
    """The file size limit makes the kernel refuse writes, as a full disk would."""
    before = snapshot_state(published)
    child = textwrap.dedent(
        f"""
        import resource, signal, sys
        from pathlib import Path
        from zwzx_dash.store import reading, snapshots
        from zwzx_dash.ingest.load import load_input
        data = load_input(Path({str(PROJECT / "data" / "source")!r}))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))
        try:
            snapshots.publish(
                Path({str(published)!r}), data.tables, input_name="x", input_sha256="0"
            )
        except OSError as err:
            print("refused", err.errno)
            sys.exit(0)
        sys.exit("publish should have failed")
        """
    )
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("refused 27")  # EFBIG
    assert snapshot_state(published) == before

"""The real `zwzx-dash` CLI, run as a subprocess."""

import shutil
import subprocess
import sys
from pathlib import Path

from zwzx_dash.store import snapshots

from .conftest import SOURCE_DIR, run_cli, snapshot_state


def test_refresh_show_snapshots_rollback_and_prune(data_root):
    first = run_cli("refresh", str(SOURCE_DIR), "--note", "首次发布", root=data_root)
    assert first.returncode == 0, first.stderr
    first_id = first.stdout.strip()
    assert snapshots.current_id(data_root) == first_id
    assert "已发布" in first.stderr

    second = run_cli(
        "refresh", str(SOURCE_DIR), "--note", "再次发布", "--by", "办公室张三", root=data_root
    )
    second_id = second.stdout.strip()
    assert snapshots.load_manifest(data_root, second_id).publisher == "办公室张三"

    listing = run_cli("snapshots", root=data_root)
    assert listing.returncode == 0
    lines = listing.stdout.splitlines()
    assert any(line.startswith("*") and second_id in line for line in lines)
    assert any(
        first_id in line and "首次发布" in line and not line.startswith("*") for line in lines
    )

    shown = run_cli("show", root=data_root)
    assert shown.returncode == 0
    for text in ("342件", "155篇", "50余次", "24篇", "12项", "90多次"):
        assert text in shown.stdout

    back = run_cli("rollback", root=data_root)
    assert back.returncode == 0, back.stderr
    assert back.stdout.strip() == first_id == snapshots.current_id(data_root)

    again = run_cli("rollback", root=data_root)
    assert again.returncode == 2 and "最早" in again.stderr

    pruned = run_cli("prune", "--keep", "1", root=data_root)
    assert pruned.returncode == 0
    assert pruned.stdout.split() == []  # the newest and the current one are both kept
    run_cli("rollback", second_id, root=data_root)
    pruned = run_cli("prune", "--keep", "1", root=data_root)
    assert pruned.stdout.split() == [first_id]


def test_refused_input_exits_2_names_the_place_and_changes_nothing(published, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(SOURCE_DIR, bad)
    text = (bad / "metrics.csv").read_text(encoding="utf-8")
    (bad / "metrics.csv").write_text(text.replace(",50余次,", ",50次,", 1), encoding="utf-8")
    before = snapshot_state(published)
    done = run_cli("refresh", str(bad), root=published)
    assert done.returncode == 2
    assert "文件 metrics.csv，第 4 行，「qualifier」列" in done.stderr
    assert "未发布任何内容" in done.stderr
    assert snapshot_state(published) == before


def test_bad_arguments_and_unknown_snapshot_exit_2(published):
    assert run_cli("rollback", "nope", root=published).returncode == 2
    assert run_cli("prune", "--keep", "0", root=published).returncode == 2
    assert run_cli("frobnicate", root=published).returncode == 2


def test_internal_error_exits_1(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    done = run_cli("refresh", str(SOURCE_DIR), root=blocker / "data")
    assert done.returncode == 1
    assert "内部错误" in done.stderr


def test_show_on_an_empty_data_folder_builds_the_default_snapshot(data_root):
    done = run_cli("show", root=data_root)
    assert done.returncode == 0, done.stderr
    assert "50余次" in done.stdout
    assert len(snapshots.list_snapshots(data_root)) == 1


def test_console_script_runs(published):
    exe = Path(sys.executable).parent / "zwzx-dash"
    done = subprocess.run([exe, "show"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "342件" in done.stdout


def test_data_location_as_file_uri(tmp_path):
    """ZWZX_DATA_DIR and --data-dir take a path or a file:// URI (with %-escapes)."""
    root = tmp_path / "数据 目录"
    uri = root.as_uri()
    assert "%" in uri
    made = run_cli("--data-dir", uri, "init")
    assert made.returncode == 0, made.stderr
    assert snapshots.current_id(root) is not None
    shown = run_cli("show", root=uri)  # through ZWZX_DATA_DIR
    assert shown.returncode == 0, shown.stderr
    assert "342件" in shown.stdout


def test_an_unknown_location_scheme_is_refused_in_chinese(tmp_path):
    refused = run_cli("--data-dir", "ftp://host/zwzx", "snapshots")
    assert refused.returncode == 2
    assert "ftp://" in refused.stderr and "不支持" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_object_storage_without_credentials_says_what_is_missing(tmp_path, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    refused = run_cli("--data-dir", "s3://bucket/zwzx", "snapshots")
    assert refused.returncode == 2
    assert "s3://bucket/zwzx" in refused.stderr and "凭据" in refused.stderr
    assert "Traceback" not in refused.stderr

"""deploy/: the nginx site agrees with what the app enforces itself, and the systemd unit's
commands, run as the unit would run them, serve the app and pass its health check."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from zwzx_dash.ingest.workbook import max_workbook_bytes
from zwzx_dash.web import guard

from .browser import PROJECT, free_port, stop
from .nginx import SITE

UNIT = PROJECT / "deploy" / "systemd" / "zwzx-dash@.service"
SYSTEMD_ANALYZE = Path("/usr/bin/systemd-analyze")
HEALTH = PROJECT / "deploy" / "health.py"
INSTALL_DIR = "/opt/zwzx-dash"
MIB = 2**20


def test_the_proxy_body_limit_is_the_apps_upload_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """nginx lets through every upload the app accepts (the app then refuses larger ones
    itself, in Chinese), and not a megabyte more."""
    monkeypatch.delenv("ZWZX_MAX_UPLOAD_MB", raising=False)
    limits = re.findall(r"^\s*client_max_body_size (\d+)m;", SITE.read_text(), re.M)
    assert len(limits) == 1
    allowed = int(limits[0]) * MIB
    largest = max_workbook_bytes() + guard.MULTIPART_MARGIN
    assert largest <= allowed < largest + MIB


def test_the_proxy_adds_no_header_the_app_sends() -> None:
    added = {name.lower() for name in re.findall(r"^\s*add_header (\S+)", SITE.read_text(), re.M)}
    from_app = {name.decode() for name, _ in guard.SECURITY_HEADERS}
    assert from_app | {"content-security-policy"} == {
        "x-frame-options",
        "x-content-type-options",
        "referrer-policy",
        "content-security-policy",
    }
    assert added == {"strict-transport-security"}


def unit_settings() -> dict[str, list[str]]:
    """The unit's [Service] settings, continuation lines joined; a repeated key keeps each."""
    settings: dict[str, list[str]] = {}
    section = ""
    text = re.sub(r"\\\n\s*", " ", UNIT.read_text(encoding="utf-8"))
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line
        elif section == "[Service]":
            key, _, value = line.partition("=")
            settings.setdefault(key, []).append(value)
    return settings


def test_the_unit_runs_one_unprivileged_hardened_replica_per_port() -> None:
    s = unit_settings()
    assert s["User"] != ["root"] and s["Group"] != ["root"]
    environment = dict(e.split("=", 1) for e in s["Environment"])
    data_dir = environment["ZWZX_DATA_DIR"]
    assert s["ReadWritePaths"] == [data_dir]
    assert s["WorkingDirectory"] == [INSTALL_DIR]
    start = shlex.split(s["ExecStart"][0])
    assert start[0] == f"{INSTALL_DIR}/.venv/bin/streamlit" and start[1:3] == ["run", "serve.py"]
    assert start[start.index("--server.port") + 1] == "%i"
    assert start[start.index("--server.address") + 1] == "127.0.0.1"
    assert "%i" in s["ExecStartPost"][0] and "deploy/health.py" in s["ExecStartPost"][0]
    assert s["Restart"] == ["on-failure"]
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "PrivateTmp": "yes",
        "ProtectHome": "yes",
    }.items():
        assert s[key] == [value], key


def test_systemd_reads_the_unit_without_a_complaint(tmp_path: Path) -> None:
    """`systemd-analyze verify` on an instance of the unit, the install folder being this
    checkout (it checks that the commands exist). Unknown keys are only warnings to it, so
    any output fails the test."""
    if not SYSTEMD_ANALYZE.exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"CI must check the systemd unit: {SYSTEMD_ANALYZE} is missing")
        pytest.skip(
            f"SYSTEMD CHECK SKIPPED: {SYSTEMD_ANALYZE} is missing (apt-get install systemd)"
        )
    venv = Path(sys.executable).parent.parent
    text = UNIT.read_text(encoding="utf-8").replace(f"{INSTALL_DIR}/.venv", str(venv))
    (tmp_path / UNIT.name).write_text(text.replace(INSTALL_DIR, str(PROJECT)), encoding="utf-8")
    done = subprocess.run(
        [str(SYSTEMD_ANALYZE), "verify", "--man=no", str(tmp_path / "zwzx-dash@8501.service")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0 and not (done.stdout + done.stderr).strip(), done.stderr


def _as_here(command: str, port: int) -> list[str]:
    """A unit command as it runs from this checkout: its environment's bin folder for the
    install's, the port for the instance."""
    here = command.replace(f"{INSTALL_DIR}/.venv/bin/", f"{Path(sys.executable).parent}/")
    return shlex.split(here.replace("%i", str(port)))


@contextmanager
def unit_started(tmp_path: Path) -> Iterator[tuple[int, subprocess.CompletedProcess]]:
    """ExecStartPre, ExecStart and ExecStartPost as systemd runs them, in this checkout,
    with the unit's environment (its data folder and HOME moved into tmp)."""
    s = unit_settings()
    environment = dict(e.split("=", 1) for e in s["Environment"])
    environment |= {"ZWZX_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path / "home")}
    env = dict(os.environ, **environment)
    port = free_port()
    pre = subprocess.run(
        _as_here(s["ExecStartPre"][0], port), cwd=PROJECT, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert pre.returncode == 0, pre.stderr
    proc = subprocess.Popen(
        _as_here(s["ExecStart"][0], port), cwd=PROJECT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        post = subprocess.run(
            _as_here(s["ExecStartPost"][0], port), cwd=PROJECT, env=env, capture_output=True,
            text=True, timeout=150,
        )  # fmt: skip
        yield port, post
    finally:
        stop(proc)


def test_the_units_commands_serve_and_pass_the_health_check(tmp_path: Path) -> None:
    with unit_started(tmp_path) as (port, post):
        assert post.returncode == 0, post.stderr
        assert (tmp_path / "data" / "CURRENT").is_file()  # ExecStartPre built the first snapshot
    # And once the replica is gone, the health check says so (exit 1, in Chinese).
    gone = subprocess.run(
        [sys.executable, str(HEALTH), str(port)], capture_output=True, text=True, timeout=30
    )
    assert gone.returncode == 1
    assert "没有应答" in gone.stderr

"""The intranet bundle (README 内网安装), as the README tells a person to use it: `make
bundle` on a networked machine; on the other, unpack, `./install.sh`, `make run`, with every
package index out of reach."""

from __future__ import annotations

import os
import signal
import subprocess
import tarfile
import tomllib
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from zwzx_dash.web.site import APP_TITLE

from .browser import DESKTOP, PROJECT, free_port, require_chromium, wait_ready

# Building downloads every wheel (PyPI, or pip's cache) and installing unpacks them all.
pytestmark = [pytest.mark.bundle, pytest.mark.timeout(900)]

NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing answers
TEST_ONLY = ("pytest", "playwright", "ruff", "import_linter", "pdfplumber")


def offline_env(**extra: str) -> dict[str, str]:
    """This environment without pip's settings, make's flags or this checkout's venv, and
    with every index and proxy pointing nowhere: an install that needs the network fails."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PIP_") and k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "VIRTUAL_ENV")
    }
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(PROJECT))
    )
    return env | {
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_NO_INDEX": "1",
        "PIP_INDEX_URL": NOWHERE + "/simple",
        "http_proxy": NOWHERE,
        "https_proxy": NOWHERE,
        "HTTP_PROXY": NOWHERE,
        "HTTPS_PROXY": NOWHERE,
        **extra,
    }


def unpack(archive: Path, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    (top,) = into.iterdir()
    return top


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    done = subprocess.run(
        ["make", "bundle", f"DIST={out}"], cwd=PROJECT, env=env, capture_output=True,
        text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    version = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["version"]
    made = out / f"zwzx-dash-bundle-{version}.tar.gz"
    assert made.is_file()
    return made


@pytest.fixture(scope="module")
def installed(archive: Path, tmp_path_factory) -> Path:
    top = unpack(archive, tmp_path_factory.mktemp("intranet"))
    done = subprocess.run(
        ["./install.sh"], cwd=top, env=offline_env(), capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return top


@pytest.fixture(scope="module")
def served(installed: Path, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """`make run` in the installed bundle, on a free port with an empty data folder."""
    data = tmp_path_factory.mktemp("bundle-data")
    port = free_port()
    proc = subprocess.Popen(
        ["make", "run", f"PORT={port}"], cwd=installed, env=offline_env(ZWZX_DATA_DIR=str(data)),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, proc)
        yield url, data
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def wait_for_health(url: str, proc: subprocess.Popen, seconds: float = 120) -> None:
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:  # noqa: S310
                if r.status == 200 and r.read() == b"ok":
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("make run in the bundle did not serve")
        time.sleep(0.3)


def test_the_bundle_holds_the_source_the_runtime_wheels_and_nothing_private(
    archive: Path,
) -> None:
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        installer = tar.getmember(next(n for n in names if n.endswith("/install.sh")))
    top = names[0].split("/")[0]
    inside = {n.removeprefix(top + "/") for n in names}
    assert {"serve.py", "app.py", "Makefile", "pyproject.toml", ".streamlit/config.toml"} <= inside
    assert "install.sh" in inside and installer.mode & 0o111
    assert "data/source/metrics.csv" in inside
    assert not any(
        n.startswith((".venv/", ".git/", "artifacts/", "data/snapshots/")) for n in inside
    )
    assert not {"data/CURRENT", "data/accounts.json", ".streamlit/secrets.toml"} & inside
    wheels = {n.removeprefix("wheels/").split("-")[0].lower() for n in inside if "wheels/" in n}
    assert {"streamlit", "duckdb", "pyarrow", "pandas", "plotly", "kaleido", "setuptools"} <= wheels
    assert not wheels & set(TEST_ONLY)


def test_an_install_without_a_wheel_fails_offline(archive: Path, tmp_path: Path) -> None:
    """The control: with one wheel taken out, nothing else supplies it."""
    top = unpack(archive, tmp_path / "unpacked")
    (missing,) = (top / "wheels").glob("xlsxwriter-*.whl")
    missing.unlink()
    done = subprocess.run(
        ["./install.sh"], cwd=top, env=offline_env(), capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip
    assert done.returncode != 0
    assert "xlsxwriter" in (done.stdout + done.stderr).lower()


def test_make_run_in_the_installed_bundle_serves_the_dashboard(
    installed: Path, served: tuple[str, Path]
) -> None:
    url, data = served
    with urllib.request.urlopen(url + "/", timeout=30) as r:  # noqa: S310
        shell = r.read().decode("utf-8")
    assert '<html lang="zh-CN"' in shell
    assert f"<title>{APP_TITLE}</title>" in shell
    assert (data / "CURRENT").is_file()  # make run's `zwzx-dash init` built the snapshot
    where = subprocess.run(
        [str(installed / ".venv/bin/python"), "-c", "import zwzx_dash; print(zwzx_dash.__file__)"],
        cwd=installed, env=offline_env(), capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert Path(where.stdout.strip()).is_relative_to(installed)


@pytest.mark.browser
def test_the_installed_bundle_serves_a_page_to_a_browser(
    browser_module, served: tuple[str, Path]
) -> None:
    from playwright.sync_api import expect

    page = browser_module.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    page.goto(served[0] + "/")
    wait_ready(page)
    expect(page.get_by_text("342件", exact=True)).to_be_visible()
    page.context.close()


@pytest.fixture(scope="module")
def browser_module():
    require_chromium()
    from playwright.sync_api import sync_playwright

    from .browser import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()

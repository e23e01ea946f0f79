from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from zwzx_dash.ingest.load import load_input
from zwzx_dash.store import snapshots

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


def publish_default(root: Path) -> Path:
    """`root` as a data folder whose CURRENT is the default 2023 data."""
    default = load_input(SOURCE_DIR)
    snapshots.publish(root, default.tables, input_name=default.name, input_sha256=default.sha256)
    return root


@pytest.fixture(scope="module")
def default_app_url(tmp_path_factory) -> Iterator[str]:
    """The app served over an empty data folder: it builds the default 2023 snapshot."""
    from .browser import serve_app

    with serve_app(tmp_path_factory.mktemp("app-data")) as url:
        yield url


@pytest.fixture
def published(data_root: Path, default_input) -> Path:
    """A data folder whose CURRENT is the default 2023 data."""
    snapshots.publish(
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


def corrected_copy(tmp_path: Path, old: str, new: str, unit: str, before: str) -> Path:
    """The default CSV folder with one figure corrected, in the figure, its sentence and
    the document alike (validation checks that the sentence is in the 全文)."""
    changed = tmp_path / "changed"
    shutil.copytree(SOURCE_DIR, changed)
    metrics = (changed / "metrics.csv").read_text(encoding="utf-8")
    metrics = metrics.replace(
        f",{old},{unit},exact,{old}{unit},", f",{new},{unit},exact,{new}{unit},", 1
    )
    written = f"{before}{old}{unit}", f"{before}{new}{unit}"
    (changed / "metrics.csv").write_text(metrics.replace(*written), encoding="utf-8")
    sources = (changed / "sources.csv").read_text(encoding="utf-8")
    (changed / "sources.csv").write_text(sources.replace(*written), encoding="utf-8")
    return changed


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
    add_copy(folder, year=year, change=-10, label=f"测试用{year}年数据")


def add_other_org(folder: Path, org: str, change: int) -> None:
    """Add a made-up org for tests only: the 2023 rows of the first org under another
    name, Arabic figures above 10 moved by `change`."""
    add_copy(folder, org=org, change=change, label=f"测试用{org}数据")


def add_copy(
    folder: Path, *, change: int, label: str, year: int | None = None, org: str | None = None
) -> None:
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

    # The copy cites a made-up document of its own: the original text plus the copy's
    # edited sentences, so that every 原文语句 is in its source's 全文.
    source_header, sources = rows("sources")
    copy_source = f"test-copy-{len(sources)}"

    def moved(row: dict[str, str]) -> dict[str, str]:
        place = {**({"year": str(year)} if year else {}), **({"org": org} if org else {})}
        return {**row, **place, "source_id": copy_source}

    header, metrics = rows("metrics")
    first = metrics[0]["org"], metrics[0]["year"]
    copies = []
    for m in metrics:
        if (m["org"], m["year"]) != first:
            continue
        new = moved(m)
        match = re.fullmatch(r"(\d+)(余|多)?(.+)", m["text"])
        if match and int(match.group(1)) > 10:
            value = int(match.group(1)) + change
            new["value"] = str(value)
            new["text"] = f"{value}{match.group(2) or ''}{match.group(3)}"
            new["quote"] = f"（{label}）{new['text']}"
        copies.append(new)
    write("metrics", header, metrics + copies)
    original = next(r for r in sources if r["source_id"] == metrics[0]["source_id"])
    edited = "\n".join(c["quote"] for c in copies if c["quote"].startswith(f"（{label}）"))
    document = {
        **original,
        **moved(original),
        "source_id": copy_source,
        "title": f"{label}（测试用原文）",
        "text": f"{original['text']}\n{edited}",
    }
    write("sources", source_header, [*sources, document])
    for name in ("sections", "highlights", "captions"):
        header, data = rows(name)
        write(name, header, data + [moved(r) for r in data if (r["org"], r["year"]) == first])


@pytest.fixture
def two_orgs(data_root: Path, source_copy: Path) -> Path:
    """A data folder whose CURRENT holds 中卫市政协 and two made-up county CPPCCs."""
    add_other_org(source_copy, "测试甲县政协", change=-5)
    add_other_org(source_copy, "测试乙县政协", change=+5)
    data = load_input(source_copy)
    snapshots.publish(data_root, data.tables, input_name=data.name, input_sha256=data.sha256)
    return data_root


@pytest.fixture
def two_years(data_root: Path, source_copy: Path) -> Path:
    """A data folder whose CURRENT holds 2023 and a made-up 2022."""
    add_earlier_year(source_copy)
    data = load_input(source_copy)
    snapshots.publish(data_root, data.tables, input_name=data.name, input_sha256=data.sha256)
    return data_root


@pytest.fixture
def two_by_two(data_root: Path, source_copy: Path) -> Path:
    """A data folder whose CURRENT holds 中卫市政协 and 测试甲县政协, 2023 and 2024, every
    made-up org-year with its own document (tests/two_by_two.py)."""
    from .two_by_two import add_two_by_two

    add_two_by_two(source_copy)
    data = load_input(source_copy)
    snapshots.publish(data_root, data.tables, input_name=data.name, input_sha256=data.sha256)
    return data_root


@pytest.fixture
def app_browser(monkeypatch: pytest.MonkeyPatch) -> str:
    """For AppTest, which sends no cookies: a browser id the server issued, as the page
    shell's cookie would carry it, and a sign-in throttle of the test's own (the server's
    is one per process). tests/test_sign_in_browser.py drives the real cookie."""
    from zwzx_dash.access import signins, throttle
    from zwzx_dash.web import signin

    issued = signins.BROWSER_IDS.issue()
    monkeypatch.setattr(signin, "browser_cookie", lambda: issued)
    monkeypatch.setattr(signin, "THROTTLE", throttle.Throttle())
    return issued


def sign_in_app(app, passcode: str, name: str | None = None):
    """Fill the sidebar sign-in of an AppTest and submit it."""
    if name is not None:
        app.text_input(key="sign_in_name_sidebar").input(name)
    app.text_input(key="sign_in_passcode_sidebar").input(passcode)
    return next(b for b in app.button if b.label == "登录").click().run()


STAFF_PASSCODE = "zhongwei-staff-2024"


def open_staff_app(monkeypatch: pytest.MonkeyPatch):
    """An AppTest signed in with the staff passcode (set for this test) on 数据管理; needs
    the app_browser fixture."""
    from streamlit.testing.v1 import AppTest

    from zwzx_dash.access import passcodes

    encoded = passcodes.hash_passcode(STAFF_PASSCODE, iterations=passcodes.MIN_ITERATIONS)
    monkeypatch.setenv(passcodes.ENV_VAR, encoded)
    app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60).run()
    sign_in_app(app, STAFF_PASSCODE)
    app.switch_page("app_pages/staff.py")
    return app.run()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through playwright, one per test module (browser test modules
    skip themselves, or fail in CI, when it is missing)."""
    from playwright.sync_api import sync_playwright

    from .browser import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()

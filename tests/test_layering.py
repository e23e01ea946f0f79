"""The package's shape: layers import only downward (import-linter contracts in
pyproject.toml), only web/ imports streamlit, and no module grows past one concern."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import zwzx_dash

PACKAGE = Path(zwzx_dash.__file__).parent
PROJECT = PACKAGE.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MAX_MODULE_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(module_name(p) for p in PACKAGE.rglob("*.py"))
LIBRARY = [m for m in MODULES if not m.startswith("zwzx_dash.web") and m != "zwzx_dash.__main__"]


@pytest.mark.parametrize("module", LIBRARY)
def test_library_module_does_not_import_streamlit(module):
    code = (
        f"import sys, {module}; sys.exit(any(m.split('.')[0] == 'streamlit' for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_the_check_can_see_streamlit():
    code = "import sys, zwzx_dash.web.blocks; sys.exit(0 if 'streamlit' in sys.modules else 1)"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_every_stage_is_a_package():
    stages = {"model", "ingest", "store", "query", "present", "export", "web", "access", "cli"}
    assert stages <= {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert {p.stem for p in PACKAGE.glob("*.py")} == {"__init__", "__main__"}


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(project), "PATH": "/usr/bin:/bin"},
    )


def test_the_import_contracts_hold():
    result = lint_imports(PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("store/snapshots.py", "from zwzx_dash.ingest import load", "never imports ingest"),
        ("model/schema.py", "from zwzx_dash.query import queries", "Layers import only downward"),
        ("present/charts.py", "import streamlit", "Only web imports streamlit"),
    ],
)
def test_the_contracts_catch_an_import_that_runs_backwards(tmp_path, module, line, contract):
    shutil.copy(PROJECT / "pyproject.toml", tmp_path)
    copy = tmp_path / "zwzx_dash"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(target.read_text() + f"\n{line}  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: module_name(p))
def test_no_module_outgrows_one_concern(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.name}: {lines} lines; split it by concern"

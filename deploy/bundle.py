"""The intranet bundle (`make bundle`): one archive a machine without internet access installs
from. `python deploy/bundle.py --out DIR` writes DIR/zwzx-dash-bundle-<version>.tar.gz:

    zwzx-dash-<version>/
      install.sh     a virtual environment in .venv, every package from wheels/ (no index)
      wheels/        every runtime dependency (pyproject's [project] dependencies, not the
                     test extra) for Linux x86-64 and CPython 3.11, plus setuptools to build
                     the project itself
      …              the source tree as git sees it, without .venv, artifacts, snapshots,
                     secrets or accounts

Needs PyPI (pip download) on the machine that builds it; run from any checkout.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator, Sequence
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
INSTALLER = Path("deploy/install.sh")
PYTHON_VERSION = "3.11"
# Debian 12 (Python 3.11) has glibc 2.36: any manylinux wheel up to that runs there.
PLATFORMS = [
    *(f"manylinux_2_{minor}_x86_64" for minor in range(36, 16, -1)),
    "manylinux2014_x86_64",
    "manylinux2010_x86_64",
    "manylinux1_x86_64",
]
# Building the project (pip install -e .) needs its build backend, offline too.
BUILD_REQUIREMENTS = ["setuptools>=68"]
# Never carried: environments, build output, the live data and anything secret.
EXCLUDED_PREFIXES = (
    ".venv/",
    ".git/",
    "artifacts/",
    "dist/",
    "build/",
    "bench/out/",
    "data/snapshots/",
    "data/staging/",
)
EXCLUDED_FILES = {
    ".git",
    "data/CURRENT",
    "data/.lock",
    "data/accounts.json",
    ".streamlit/secrets.toml",
    str(INSTALLER),
}
EXCLUDED_PARTS = ("__pycache__", ".pytest_cache", ".ruff_cache", ".import_linter_cache")


def project_metadata(root: Path = PROJECT) -> tuple[str, list[str]]:
    """The version and the runtime dependencies pyproject.toml declares."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["version"], list(project["dependencies"])


def carried(relative: str) -> bool:
    """Whether a file of the source tree goes into the bundle."""
    parts = relative.split("/")
    return not (
        relative in EXCLUDED_FILES
        or relative.startswith(EXCLUDED_PREFIXES)
        or any(p in EXCLUDED_PARTS or p.endswith(".egg-info") for p in parts)
    )


def _listed_by_git(root: Path) -> list[str] | None:
    """Tracked and untracked files that .gitignore does not exclude, or None outside git."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root, capture_output=True, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    return [name for name in out.decode("utf-8").split("\0") if name]


def _walked(root: Path) -> Iterator[str]:
    for path in root.rglob("*"):
        if path.is_file():
            yield path.relative_to(root).as_posix()


def source_files(root: Path = PROJECT) -> list[str]:
    """The source tree's files, relative to `root`, that the bundle carries."""
    names = _listed_by_git(root)
    names = names if names is not None else list(_walked(root))
    return sorted(n for n in set(names) if carried(n) and (root / n).is_file())


def download_wheels(requirements: Sequence[str], dest: Path) -> list[Path]:
    """Every wheel `requirements` need on Linux x86-64 with CPython 3.11, from the index
    pip is configured with."""
    platforms = [arg for p in PLATFORMS for arg in ("--platform", p)]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--dest", str(dest),
         "--only-binary=:all:", *platforms, "--python-version", PYTHON_VERSION,
         "--implementation", "cp", "--abi", "cp" + PYTHON_VERSION.replace(".", ""),
         *requirements],
        check=True,
    )  # fmt: skip
    wheels = sorted(dest.glob("*.whl"))
    if not wheels:
        raise RuntimeError("pip download 没有得到任何 wheel")
    return wheels


def _add_file(tar: tarfile.TarFile, source: Path, name: str) -> None:
    info = tar.gettarinfo(str(source), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with source.open("rb") as fh:
        tar.addfile(info, fh)


def write_archive(
    out: Path, top: str, root: Path, files: Sequence[str], wheels: Sequence[Path]
) -> None:
    """The archive, written beside `out` and renamed into place when complete."""
    partial = out.with_name(out.name + ".part")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        for name in files:
            _add_file(tar, root / name, f"{top}/{name}")
        for wheel in wheels:
            _add_file(tar, wheel, f"{top}/wheels/{wheel.name}")
        installer = (root / INSTALLER).read_bytes()
        info = tarfile.TarInfo(f"{top}/install.sh")
        info.size, info.mode = len(installer), 0o755
        info.mtime = int((root / INSTALLER).stat().st_mtime)
        tar.addfile(info, io.BytesIO(installer))
    os.replace(partial, out)


def build_bundle(out_dir: Path, root: Path = PROJECT) -> Path:
    version, dependencies = project_metadata(root)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"zwzx-dash-bundle-{version}.tar.gz"
    files = source_files(root)
    with tempfile.TemporaryDirectory(prefix="zwzx-wheels-") as tmp:
        wheels = download_wheels([*dependencies, *BUILD_REQUIREMENTS], Path(tmp))
        write_archive(out, f"zwzx-dash-{version}", root, files, wheels)
    print(f"已生成 {out}：{len(files)} 个项目文件，{len(wheels)} 个依赖包")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成内网安装包（源代码和全部依赖包）")
    parser.add_argument("--out", type=Path, default=PROJECT / "dist", help="输出目录")
    args = parser.parse_args(argv)
    build_bundle(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

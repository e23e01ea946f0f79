"""Reading exported Word and PowerPoint files as their readers would: LibreOffice turns
them into PDF (Debian's libreoffice-writer-nogui and -impress-nogui, which make test
installs), pdfplumber reads the PDF back."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SOFFICE = Path("/usr/bin/soffice")


def require_soffice() -> None:
    """Skip without LibreOffice, except in CI, where a missing one is an error."""
    import pytest

    if SOFFICE.exists():
        return
    if os.environ.get("CI"):
        raise RuntimeError("CI must read the exports back: /usr/bin/soffice is missing")
    pytest.skip("LibreOffice is missing (as root: make system-deps)")


def to_pdf(path: Path, out: Path) -> Path:
    """The file as LibreOffice prints it, in its own profile so tests can run side by side."""
    out.mkdir(parents=True, exist_ok=True)
    profile = out / ".profile"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / f"{path.stem}.pdf"

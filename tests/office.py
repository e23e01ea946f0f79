"""Reading exported Word and PowerPoint files as their readers would: LibreOffice turns
them into PDF (Debian's libreoffice-writer-nogui and -impress-nogui, which make test
installs), pdfplumber reads the PDF back."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SOFFICE = Path("/usr/bin/soffice")
PDFTOPPM = Path("/usr/bin/pdftoppm")


def require_soffice() -> None:
    """Skip without LibreOffice and poppler, except in CI, where that is an error."""
    import pytest

    if SOFFICE.exists() and PDFTOPPM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail("CI must read the exports back: /usr/bin/soffice or pdftoppm is missing")
    pytest.skip("READ-BACK SKIPPED: /usr/bin/soffice or pdftoppm is missing (make system-deps)")


def to_pdf(path: Path, out: Path) -> Path:
    """The file as LibreOffice prints it, in its own profile so tests can run side by side."""
    out.mkdir(parents=True, exist_ok=True)
    profile = out / "libreoffice-profile"
    command = [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    command += ["--convert-to", "pdf", "--outdir", str(out), str(path)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    return out / f"{path.stem}.pdf"


def render(pdf: Path, folder: Path, prefix: str) -> list[Path]:
    """Each page as a PNG at 60 dpi in `folder`, to be looked at."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{prefix}-*.png"):
        old.unlink()
    command = [str(PDFTOPPM), "-png", "-r", "60", str(pdf), str(folder / prefix)]
    subprocess.run(command, check=True, timeout=120)
    return sorted(folder.glob(f"{prefix}-*.png"))

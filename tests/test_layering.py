"""The library never imports streamlit; only ui.py (the UI layer) may."""

import subprocess
import sys
from pathlib import Path

import pytest

import zwzx_dash

PACKAGE = Path(zwzx_dash.__file__).parent
UI_MODULES = {"ui"}
LIBRARY = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in UI_MODULES | {"__main__"})


@pytest.mark.parametrize("module", LIBRARY)
def test_library_module_does_not_import_streamlit(module):
    code = (
        f"import sys, zwzx_dash.{module}; "
        "sys.exit(any(m.split('.')[0] == 'streamlit' for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_the_check_can_see_streamlit():
    code = "import sys, zwzx_dash.ui; sys.exit(0 if 'streamlit' in sys.modules else 1)"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0

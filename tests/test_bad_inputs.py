"""Every case of the bad-input corpus, through the real CLI: refused with exit code 2, a
Chinese message naming the place, CURRENT byte-identical and no new snapshot folder."""

import os
import subprocess
import sys

import pytest

from .bad_inputs import CASES
from .bad_photos import PHOTO_CASES
from .conftest import PROJECT, snapshot_state


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES + PHOTO_CASES, ids=lambda c: c.name)
def test_bad_input_is_refused_where_it_is_wrong(case, published, tmp_path):
    path = case.build(tmp_path)
    before = snapshot_state(published)
    env = dict(os.environ, ZWZX_DATA_DIR=str(published), **dict(case.env))
    done = subprocess.run(
        [sys.executable, "-m", "zwzx_dash", "refresh", str(path), "--note", case.name],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    for fragment in case.expect:
        assert fragment in done.stderr, (fragment, done.stderr)
    assert "Traceback" not in done.stderr
    assert snapshot_state(published) == before
    assert not (published / "photos").exists()

"""A publishing process killed with SIGKILL at random moments never leaves a reader
with a partial snapshot."""

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

from zwzx_dash.query.queries import Catalog
from zwzx_dash.store import snapshots

from .conftest import SOURCE_DIR

KILLS = 60

PUBLISHER = textwrap.dedent(
    f"""
    import sys
    from pathlib import Path
    from zwzx_dash.ingest.load import load_input
    from zwzx_dash.store import snapshots
    data = load_input(Path({str(SOURCE_DIR)!r}))
    root = Path(sys.argv[1])
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        snapshots.publish(root, data.tables, input_name=data.name, input_sha256=data.sha256,
                      note=f"publish {{n}}")
    """
)


def test_sigkill_during_publish_never_exposes_a_partial_snapshot(data_root):
    rng = random.Random(int(os.environ.get("ZWZX_CRASH_SEED", "20231231")))
    staged_at_kill = 0
    verified: set[str] = set()
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", PUBLISHER, str(data_root)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()

        staging = data_root / "staging"
        if staging.is_dir() and any(staging.iterdir()):
            staged_at_kill += 1
        listed = snapshots.list_snapshots(data_root)
        folders = sorted(p.name for p in (data_root / "snapshots").glob("*"))
        assert folders == sorted(m.id for m in listed), "a snapshot folder without a manifest"
        for manifest in listed:
            if manifest.id not in verified:  # snapshots are immutable: checking once is enough
                snapshots.verify(data_root, manifest.id)
                verified.add(manifest.id)
        current = snapshots.current_id(data_root)
        if current is not None:
            assert current in folders
            view = Catalog(data_root).pin(current)
            assert view.headline("中卫市政协", 2023)["text"].tolist()[:3] == [
                "342件",
                "155篇",
                "50余次",
            ]
    # The kills must really have landed inside publishes, not only between them.
    assert staged_at_kill > 0
    assert snapshots.current_id(data_root) is not None

"""One export at a time per server, and a built file kept for everyone who asks next."""

from __future__ import annotations

import threading
import time

import pytest

from zwzx_dash.export.jobs import ExportQueue


def test_builds_run_one_at_a_time_and_the_same_file_is_built_once():
    queue = ExportQueue()
    running, most, made, waited = 0, 0, [], []
    lock = threading.Lock()

    def make_for(key: str):
        def make() -> tuple[str, bytes]:
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
            time.sleep(0.15)
            with lock:
                running -= 1
                made.append(key)
            return f"{key}.docx", key.encode()

        return make

    results: dict[int, tuple[str, bytes]] = {}

    def ask(i: int, key: str) -> None:
        results[i] = queue.build(key, make_for(key), on_wait=lambda: waited.append(i))

    keys = ["a", "a", "b", "c", "a", "b"]
    threads = [threading.Thread(target=ask, args=(i, k)) for i, k in enumerate(keys)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == 1, "never two builds at once"
    assert sorted(made) == ["a", "b", "c"], "each file built once"
    assert waited, "someone was told to wait"
    assert all(results[i] == (f"{k}.docx", k.encode()) for i, k in enumerate(keys))


def test_a_failed_build_frees_the_turn_and_keeps_nothing():
    queue = ExportQueue()

    def broken() -> tuple[str, bytes]:
        raise RuntimeError("chromium crashed")

    for _ in range(2):
        with pytest.raises(RuntimeError):
            queue.build("x", broken)
    assert queue.kept("x") is None
    assert queue.build("x", lambda: ("x", b"1")) == ("x", b"1")


def test_the_least_recently_asked_file_is_dropped_first():
    queue = ExportQueue(max_kept=2)
    queue.build("a", lambda: ("a", b""))
    queue.build("b", lambda: ("b", b""))
    assert queue.kept("a")  # asked again: now the most recent
    queue.build("c", lambda: ("c", b""))
    assert queue.kept("b") is None and queue.kept("a") and queue.kept("c")

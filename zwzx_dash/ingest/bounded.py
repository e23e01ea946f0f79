"""Validating an upload with a bound on its time and memory. The staff page runs
`load_upload` in a child process forked from a small, single-threaded fork server (so a
job starts in milliseconds and never inherits the web server's threads); the parent
watches the child's resident memory and its time, and kills it past either bound. A file
that would take minutes or gigabytes is refused in Chinese, and the dashboard keeps
serving meanwhile.

Resident memory, not an address-space rlimit: pyarrow's and glibc's per-thread arenas
reserve gigabytes of address space they never touch (2.5 GB of VmPeak validating a
6,500-row workbook that used 270 MB), so RLIMIT_AS would refuse ordinary files.

ZWZX_VALIDATE_SECONDS (default 300) and ZWZX_VALIDATE_MEMORY_MB (default 2048) set the
bounds."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading
import time
from typing import Any

from zwzx_dash.ingest.load import Input, load_upload
from zwzx_dash.ingest.raw import InputRefused, Problem

SECONDS_ENV, MEMORY_ENV = "ZWZX_VALIDATE_SECONDS", "ZWZX_VALIDATE_MEMORY_MB"
DEFAULT_SECONDS, DEFAULT_MEMORY_MB = 300.0, 2048.0
WATCH_SECONDS = 0.05  # how often the parent looks at the child

_context: Any = None
_context_lock = threading.Lock()


def _setting(env: str, default: float) -> float:
    try:
        value = float(os.environ.get(env, default))
    except ValueError:
        return default
    return value if value > 0 else default


def time_bound() -> float:
    return _setting(SECONDS_ENV, DEFAULT_SECONDS)


def memory_bound() -> int:
    return int(_setting(MEMORY_ENV, DEFAULT_MEMORY_MB) * 2**20)


def _fork_server() -> Any:
    global _context  # one fork server per process, started on first use
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["zwzx_dash.ingest.load"])
            _context = context
        return _context


def _resident_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _job(
    conn: multiprocessing.connection.Connection,
    data: bytes,
    name: str,
    photos: dict[str, bytes] | None,
) -> None:
    """In the child: validate; send back the outcome."""
    try:
        conn.send(("ok", load_upload(data, name, photos)))
    except InputRefused as refused:
        conn.send(("refused", refused.problems))
    except MemoryError:
        conn.send(("memory", None))
    finally:
        conn.close()


def _watch(receive: Any, child: Any, seconds: float, memory: int) -> str:
    """Wait for the child's answer: "answered", or why not ("time", "memory")."""
    deadline = time.monotonic() + seconds
    while not receive.poll(WATCH_SECONDS):
        if not child.is_alive():
            return "answered" if receive.poll(0) else "memory"  # killed by the kernel
        if _resident_bytes(child.pid) > memory:
            return "memory"
        if time.monotonic() > deadline:
            return "time"
    return "answered"


def _stopped(name: str, why: str) -> InputRefused:
    return InputRefused(
        [Problem(name, f"{why}，已停止：文件过大或过于复杂；请把数据拆成几个工作簿分批上传")]
    )


def load_upload_bounded(
    data: bytes,
    name: str,
    seconds: float | None = None,
    memory: int | None = None,
    photos: dict[str, bytes] | None = None,
) -> Input:
    """load_upload (with the images uploaded beside the workbook, if any) in a child
    process with a time and a memory bound. Raises InputRefused, also when a bound is
    exceeded (with a message saying which)."""
    seconds = time_bound() if seconds is None else seconds
    memory = memory_bound() if memory is None else memory
    shown = os.path.basename(name)
    context = _fork_server()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_job, args=(send, data, name, photos), daemon=True)
    child.start()
    send.close()
    try:
        state = _watch(receive, child, seconds, memory)
        if state == "answered":
            try:
                outcome, value = receive.recv()
            except EOFError:  # the child died without a word
                outcome, value = "memory", None
        else:
            outcome, value = state, None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if outcome == "ok":
        return value
    if outcome == "refused":
        raise InputRefused(value)
    if outcome == "time":
        raise _stopped(shown, f"校验超过 {seconds:g} 秒仍未完成")
    raise _stopped(shown, f"校验所需内存超过上限 {memory / 2**20:.0f} MB")

"""Replicas: N simultaneous sessions against one app process and against two over one data
folder, time to ready (p50/p95).

One data folder (the default 2023 data, or a SYNTHETIC ORGS × 10 years with --orgs) is
published first. Every round starts three fresh `streamlit run serve.py` processes over it:
one serves alone ("1 replica"), two serve as a pair ("2 replicas", sessions dealt round-robin
across the two ports, which is what nginx's `ip_hash` sticky sessions give many clients).
Each is warmed with one load of every page. Then for each N the two set-ups take the same N
in turn — one Chromium, a fresh browser context (a new Streamlit session) per session, all
navigated at once (bench/concurrency.py's open_ready) — the order alternating by round.
Sessions rotate over the leader pages. CPU seconds of the app processes and of Chromium over
each trial show where the time goes: the browser runs on the same cores as the servers.

    .venv/bin/python bench/replicas.py [--sessions 10 20] [--rounds 3] [--orgs 0] \
        [--out bench/out/replicas.md]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.async_api import Browser, async_playwright

from bench.concurrency import cpu_seconds, cpu_used, family, open_ready, percentile, warm
from bench.pages import PAGES, emit, machine
from bench.scale import publish_synthetic
from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve_process

SETUPS = (1, 2)  # app processes


@dataclass
class Trial:
    replicas: int
    sessions: int
    times: list[float] = field(default_factory=list)  # seconds to ready, one per session
    failed: int = 0
    server_cpu: float = 0.0
    browser_cpu: float = 0.0


def publish(root: Path, orgs: int, years: int) -> str:
    """The data folder every app process reads; a line saying what it holds."""
    if orgs:
        return publish_synthetic(root, orgs, years)
    subprocess.run(
        [sys.executable, "-m", "zwzx_dash", "--data-dir", str(root), "init"],
        check=True, capture_output=True,
    )  # fmt: skip
    return "the default 2023 data"


def session_urls(bases: list[str], sessions: int, pages: list[str]) -> list[str]:
    """Session i goes to app process i mod k and page i mod len(pages)."""
    return [f"{bases[i % len(bases)]}/{pages[i % len(pages)]}" for i in range(sessions)]


@contextlib.contextmanager
def servers(root: Path, count: int) -> Iterator[list[tuple[str, int]]]:
    """`count` fresh app processes over `root`: (base URL, pid) each."""
    with contextlib.ExitStack() as stack:
        started = [stack.enter_context(serve_process(root)) for _ in range(count)]
        yield [(url, proc.pid) for url, proc in started]


async def run_trial(
    browser: Browser, setup: list[tuple[str, int]], all_pids: list[int], sessions: int,
    pages: list[str], timeout_ms: int,
) -> Trial:  # fmt: skip
    trial = Trial(len(setup), sessions)
    mine = [pid for _, pid in setup]
    server_pids = [q for pid in mine for q in family(pid)]
    browser_pids = family(os.getpid(), exclude=all_pids)
    server_cpu, browser_cpu = cpu_seconds(server_pids), cpu_seconds(browser_pids)
    before = set(browser.contexts)
    start = time.perf_counter()
    urls = session_urls([base for base, _ in setup], sessions, pages)
    results = await asyncio.gather(*(open_ready(browser, url, start, timeout_ms) for url in urls))
    trial.server_cpu = cpu_used(server_cpu, cpu_seconds([q for p in mine for q in family(p)]))
    browser_pids = family(os.getpid(), exclude=all_pids)
    trial.browser_cpu = cpu_used(browser_cpu, cpu_seconds(browser_pids))
    trial.times = [t for t in results if t is not None]
    trial.failed = sessions - len(trial.times)
    for context in set(browser.contexts) - before:
        await context.close()
    return trial


async def run_round(
    browser: Browser, root: Path, round_: int, args: argparse.Namespace
) -> list[Trial]:
    timeout_ms = int(args.timeout * 1000)
    trials = []
    with servers(root, 3) as procs:
        setups = {1: procs[:1], 2: procs[1:]}
        all_pids = [pid for _, pid in procs]
        for base, _ in procs:
            await warm(browser, [f"{base}/{page}" for page in args.pages], timeout_ms)
        for sessions in args.sessions:
            order = SETUPS if round_ % 2 == 0 else SETUPS[::-1]
            for replicas in order:
                trial = await run_trial(
                    browser, setups[replicas], all_pids, sessions, args.pages, timeout_ms
                )
                trials.append(trial)
                print(describe(round_, trial), file=sys.stderr, flush=True)
    return trials


async def run(args: argparse.Namespace, root: Path) -> list[Trial]:
    trials: list[Trial] = []
    deadline = time.monotonic() + args.deadline * 60
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for round_ in range(args.rounds):
            if time.monotonic() > deadline:
                print("deadline reached, stopping early", file=sys.stderr)
                break
            trials += await run_round(browser, root, round_, args)
        await browser.close()
    return trials


def describe(round_: int, t: Trial) -> str:
    p95 = percentile(t.times, 95) * 1000 if t.times else float("nan")
    return (
        f"round {round_ + 1} replicas={t.replicas} N={t.sessions:2}: p95 {p95:.0f} ms, "
        f"failed {t.failed}, server CPU {t.server_cpu:.1f} s, browser CPU {t.browser_cpu:.1f} s"
    )


def cells(trials: list[Trial], replicas: int, sessions: int) -> dict[str, float] | None:
    """Pooled times over the rounds; CPU per session, summed over the rounds."""
    mine = [t for t in trials if t.replicas == replicas and t.sessions == sessions]
    if not mine:
        return None
    times = [x for t in mine for x in t.times] or [float("nan")]
    count = sum(t.sessions for t in mine)
    return {
        "p50": percentile(times, 50) * 1000,
        "p95": percentile(times, 95) * 1000,
        "server": sum(t.server_cpu for t in mine) / count,
        "browser": sum(t.browser_cpu for t in mine) / count,
        "rounds": len(mine),
        "failed": sum(t.failed for t in mine),
    }


def report(args: argparse.Namespace, trials: list[Trial], data: str, loads: list[str]) -> str:
    lines = [
        f"Replicas: N simultaneous sessions on 1 app process vs 2 (round-robin), {data}, "
        f"sessions rotating over {', '.join(f'/{p}' for p in args.pages)} "
        f"({datetime.now(UTC):%Y-%m-%d}, {machine()})",
        "",
        f"Load average (1, 5, 15 min) at start: {loads[0]}; at end: {loads[1]}.",
        "",
        "| N | rounds | 1 replica p50 (ms) | 1 replica p95 (ms) | 2 replicas p50 (ms) "
        "| 2 replicas p95 (ms) | p95 2 ÷ 1 | server CPU s/session (1 / 2) "
        "| browser CPU s/session (1 / 2) | failed (1 / 2) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n in args.sessions:
        one, two = cells(trials, 1, n), cells(trials, 2, n)
        if one is None or two is None:
            continue
        lines.append(
            f"| {n} | {min(one['rounds'], two['rounds'])} | {one['p50']:.0f} | {one['p95']:.0f} "
            f"| {two['p50']:.0f} | {two['p95']:.0f} | {two['p95'] / one['p95']:.2f} "
            f"| {one['server']:.2f} / {two['server']:.2f} "
            f"| {one['browser']:.2f} / {two['browser']:.2f} | {one['failed']} / {two['failed']} |"
        )
    lines += [
        "",
        "Times: from navigating all N sessions at once to each one's ready, pooled over the "
        "rounds. CPU: user + system seconds over the trial ÷ N — of the app process(es) "
        "serving the trial, and of Chromium with its driver, which shares the same cores.",
    ]
    return "\n".join(lines)


def loadavg() -> str:
    return "{:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", nargs="+", type=int, default=[10, 20])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--orgs", type=int, default=0, help="synthetic orgs; 0 = default data")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--pages", nargs="+", default=PAGES, help="URL paths, '' for /")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per session")
    parser.add_argument("--deadline", type=float, default=30.0, help="minutes for the run")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    start = loadavg()
    with tempfile.TemporaryDirectory(prefix="zwzx-bench-replicas-") as scratch:
        data = publish(Path(scratch) / "data", args.orgs, args.years)
        trials = asyncio.run(run(args, Path(scratch) / "data"))
    emit(report(args, trials, data, [start, loadavg()]), args.out)


if __name__ == "__main__":
    main()

"""Concurrent sessions: time to ready and server memory per session, against the bare app.

For each load N (default 1, 5, 10, 20) and each round, the dashboard (`serve.py`, default data
in a temporary ZWZX_DATA_DIR) and the bare app (`bench/bare_app.py`) are started side by
side as fresh `streamlit run` processes and each warmed with one page load. Then N browser
sessions are opened on one at once — one Chromium, a fresh browser context (so a new
Streamlit session) per session — and each is timed to ready (READY_JS in tests/browser.py).
With all N open and ready, the server's resident memory (VmRSS, with any children) is read
again after a short settle; memory per session = (settled − before) ÷ N. CPU seconds used by
the server and by Chromium over the trial show where the time went; the server's CPU while
the N sessions then sit open for --hold seconds is the cost of an idle open page. The
sessions close, the other app gets the same N, and the servers stop. The order of app and
bare alternates by round, so both see the same machine load.

A fresh server per trial, because Streamlit keeps a closed session for
server.disconnectedSessionTTL (120 s) and Python does not give freed memory back: a server
reused across trials would count earlier sessions or reuse their memory.

Dashboard sessions rotate over its pages (/, /loyal, /effective, /people, /cohesive,
/vibrant, /sources; --pages / for the front page only); the bare app is always at /.
Only 127.0.0.1 is contacted; every wait has a timeout and --deadline bounds the whole run.

    .venv/bin/python bench/concurrency.py [--sessions 1 5 10 20] [--rounds 3] \
        [--out bench/out/concurrency.md]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.async_api import Browser, async_playwright

from bench.pages import PAGES, emit, machine
from tests.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, READY_JS, serve_process

BARE = Path(__file__).resolve().parent / "bare_app.py"
APPS = ("app", "bare")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
MB = 1024 * 1024


# ---------------------------------------------------------------- process accounting


def _children() -> dict[int, list[int]]:
    """Parent pid → child pids, for every process visible in /proc."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def family(pid: int, exclude: Iterable[int] = ()) -> list[int]:
    """pid and all its descendants, leaving out the subtrees rooted at `exclude`."""
    tree, skip, out, todo = _children(), set(exclude), [], [pid]
    while todo:
        current = todo.pop()
        if current in skip:
            continue
        out.append(current)
        todo.extend(tree.get(current, []))
    return out


def rss_bytes(pids: Iterable[int]) -> int:
    """Sum of VmRSS over pids (a pid that has ended counts nothing)."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def cpu_seconds(pids: Iterable[int]) -> dict[int, float]:
    """pid → user + system CPU seconds so far."""
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
    return out


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two samples by the processes alive at the second one."""
    return sum(t - before.get(pid, 0.0) for pid, t in after.items())


# ---------------------------------------------------------------- one trial


@dataclass
class Trial:
    app: str
    sessions: int
    times: list[float] = field(default_factory=list)  # seconds to ready, one per session
    failed: int = 0
    rss_before: int = 0
    rss_ready: int = 0
    rss_settled: int = 0
    server_cpu: float = 0.0
    browser_cpu: float = 0.0
    held_cpu: float = 0.0  # server CPU seconds while the N sessions sat open for `hold`
    load: float = 0.0  # 1-minute load average when the trial began

    @property
    def mb_per_session(self) -> float:
        return (self.rss_settled - self.rss_before) / MB / self.sessions


async def open_ready(browser: Browser, url: str, start: float, timeout_ms: int) -> float | None:
    """Open url in a fresh context; seconds from `start` to ready, None on timeout.
    The context stays open (the caller closes every context of the trial)."""
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    try:
        await page.goto(url, timeout=timeout_ms)
        await page.wait_for_function(READY_JS, timeout=timeout_ms, polling=50)
    except Exception as error:  # a Playwright timeout or a lost page: count it as failed
        print(f"  session at {url} failed: {type(error).__name__}", file=sys.stderr)
        return None
    return time.perf_counter() - start


def session_urls(base: str, app: str, sessions: int, pages: list[str]) -> list[str]:
    """The dashboard rotates over `pages`; the bare app is always at /."""
    if app == "bare":
        return [f"{base}/"] * sessions
    return [f"{base}/{pages[i % len(pages)]}" for i in range(sessions)]


async def run_trial(
    browser: Browser,
    app: str,
    base: str,
    server_pid: int,
    other_servers: list[int],
    sessions: int,
    pages: list[str],
    settle: float,
    hold: float,
    timeout_ms: int,
) -> Trial:
    trial = Trial(app, sessions, load=os.getloadavg()[0])
    server = family(server_pid)
    browser_pids = family(os.getpid(), exclude=[server_pid, *other_servers])
    trial.rss_before = rss_bytes(server)
    server_cpu, browser_cpu = cpu_seconds(server), cpu_seconds(browser_pids)
    contexts_before = set(browser.contexts)
    start = time.perf_counter()
    results = await asyncio.gather(
        *(
            open_ready(browser, url, start, timeout_ms)
            for url in session_urls(base, app, sessions, pages)
        )
    )
    server = family(server_pid)
    trial.rss_ready = rss_bytes(server)
    await asyncio.sleep(settle)
    server = family(server_pid)
    trial.rss_settled = rss_bytes(server)
    trial.server_cpu = cpu_used(server_cpu, cpu_seconds(server))
    browser_pids = family(os.getpid(), exclude=[server_pid, *other_servers])
    trial.browser_cpu = cpu_used(browser_cpu, cpu_seconds(browser_pids))
    held_from = cpu_seconds(server)
    await asyncio.sleep(hold)
    trial.held_cpu = cpu_used(held_from, cpu_seconds(family(server_pid)))
    trial.times = [t for t in results if t is not None]
    trial.failed = sessions - len(trial.times)
    for context in set(browser.contexts) - contexts_before:
        await context.close()
    return trial


async def warm(browser: Browser, urls: list[str], timeout_ms: int) -> None:
    """One load of each URL, the first alone: the dashboard's very first load builds the
    default snapshot; the rest fill each page's caches (its queries and charts)."""
    start = time.perf_counter()
    first = [await open_ready(browser, urls[0], start, timeout_ms)]
    rest = await asyncio.gather(*(open_ready(browser, url, start, timeout_ms) for url in urls[1:]))
    if None in first + rest:
        raise RuntimeError(f"a warm-up load of {urls} did not get ready")
    for context in browser.contexts:
        await context.close()


# ---------------------------------------------------------------- the whole run


async def run(args: argparse.Namespace, data: Path) -> list[Trial]:
    trials: list[Trial] = []
    deadline = time.monotonic() + args.deadline * 60
    timeout_ms = int(args.timeout * 1000)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for round_ in range(args.rounds):
            order = APPS if round_ % 2 == 0 else APPS[::-1]
            for sessions in args.sessions:
                if time.monotonic() > deadline:
                    print("deadline reached, stopping early", file=sys.stderr)
                    await browser.close()
                    return trials
                with serve_process(data, env=args.app_env) as (app_url, app_proc), \
                        serve_process(data, script=BARE) as (bare_url, bare_proc):  # fmt: skip
                    servers = {"app": (app_url, app_proc.pid), "bare": (bare_url, bare_proc.pid)}
                    for app, (base, _) in servers.items():
                        urls = session_urls(base, app, len(args.pages), args.pages)
                        await warm(browser, list(dict.fromkeys(urls)), timeout_ms)
                    for app in order:
                        base, pid = servers[app]
                        others = [q for _, q in servers.values() if q != pid]
                        trial = await run_trial(
                            browser, app, base, pid, others, sessions, args.pages,
                            args.settle, args.hold, timeout_ms,
                        )  # fmt: skip
                        trials.append(trial)
                        print(describe(round_, trial), file=sys.stderr)
        await browser.close()
    return trials


def describe(round_: int, t: Trial) -> str:
    p95 = percentile(t.times, 95) * 1000 if t.times else float("nan")
    return (
        f"round {round_ + 1} {t.app:4} N={t.sessions:2}: p95 {p95:.0f} ms, failed {t.failed}, "
        f"{t.mb_per_session:.1f} MB/session, server CPU {t.server_cpu:.1f} s, "
        f"browser CPU {t.browser_cpu:.1f} s, load {t.load:.1f}"
    )


def percentile(values: list[float], pct: int) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(trials: list[Trial], app: str, sessions: int, hold: float) -> dict[str, float] | None:
    """Pooled times of every session over the rounds; medians of the per-trial figures."""
    mine = [t for t in trials if t.app == app and t.sessions == sessions]
    if not mine:
        return None
    times = [x for t in mine for x in t.times] or [float("nan")]
    return {
        "p50": percentile(times, 50) * 1000,
        "p95": percentile(times, 95) * 1000,
        "mb": statistics.median(t.mb_per_session for t in mine),
        "before": statistics.median(t.rss_before for t in mine) / MB,
        "open": statistics.median(t.rss_settled for t in mine) / MB,
        "server_cpu": statistics.median(t.server_cpu for t in mine) / sessions,
        "browser_cpu": statistics.median(t.browser_cpu for t in mine) / sessions,
        "held": statistics.median(t.held_cpu for t in mine) / sessions / hold * 1000,
        "samples": sum(len(t.times) for t in mine),
        "failed": sum(t.failed for t in mine),
    }


def report(args: argparse.Namespace, trials: list[Trial], loads: tuple[str, str]) -> str:
    mix = "/" if args.pages == [""] else ", ".join(f"/{p}" for p in args.pages)
    env = "".join(f" with {name}={value}" for name, value in args.app_env.items())
    lines = [
        f"Concurrency: N simultaneous sessions, {args.rounds} rounds, fresh servers per trial, "
        f"dashboard sessions rotating over {mix}{env}, bare app at / "
        f"({datetime.now(UTC):%Y-%m-%d}, {machine()})",
        "",
        f"Load average (1, 5, 15 min) at start: {loads[0]}; at end: {loads[1]}.",
        "",
        "| N | bare p50 (ms) | bare p95 (ms) | app p50 (ms) | app p95 (ms) | p95 app ÷ bare "
        "| bare MB/session | app MB/session | bare RSS before → open (MB) "
        "| app RSS before → open (MB) | bare / app server CPU s/session "
        "| bare / app browser CPU s/session | bare / app server CPU while open (ms/s/session) "
        "| failed (bare / app) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n in args.sessions:
        b, a = (summary(trials, app, n, args.hold) for app in ("bare", "app"))
        if a is None or b is None:
            continue
        lines.append(
            f"| {n} | {b['p50']:.0f} | {b['p95']:.0f} | {a['p50']:.0f} | {a['p95']:.0f} "
            f"| {a['p95'] / b['p95']:.2f} | {b['mb']:.1f} | {a['mb']:.1f} "
            f"| {b['before']:.0f} → {b['open']:.0f} | {a['before']:.0f} → {a['open']:.0f} "
            f"| {b['server_cpu']:.2f} / {a['server_cpu']:.2f} "
            f"| {b['browser_cpu']:.2f} / {a['browser_cpu']:.2f} "
            f"| {b['held']:.1f} / {a['held']:.1f} "
            f"| {b['failed']} / {a['failed']} |"
        )
    lines += [
        "",
        "Times: from navigating all N sessions at once to each one's ready, pooled over the "
        f"rounds. MB/session: (server RSS with all N open, after a {args.settle:g} s settle "
        "− RSS before) ÷ N, median over rounds; RSS columns are those medians. CPU: user + "
        "system seconds of the server and of Chromium (with its driver) over the trial ÷ N, "
        "median over rounds. Chromium runs on the same cores as the servers. While open: "
        f"server CPU over the next {args.hold:g} s with all N sessions idle, in ms per "
        "second per session.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", nargs="+", type=int, default=[1, 5, 10, 20])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", nargs="+", default=PAGES, help="URL paths, '' for /")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds before memory")
    parser.add_argument(
        "--hold", type=float, default=10.0, help="seconds the sessions stay open, for idle CPU"
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per session")
    parser.add_argument("--deadline", type=float, default=40.0, help="minutes for the run")
    parser.add_argument(
        "--app-env", nargs="*", default=[], metavar="NAME=VALUE", help="for the dashboard"
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    args.app_env = dict(item.split("=", 1) for item in args.app_env)
    start_load = "{:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg())
    with tempfile.TemporaryDirectory() as data:
        trials = asyncio.run(run(args, Path(data)))
    end_load = "{:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg())
    text = report(args, trials, (start_load, end_load))
    emit(text, args.out)


if __name__ == "__main__":
    main()

"""Whether a replica answers its health URL: `python deploy/health.py PORT [--wait SECONDS]`.

Asks http://127.0.0.1:PORT/_stcore/health (Streamlit's own check, served through the app's
guard) for "ok". Exit 0 when it answers, 1 when it does not (within --wait seconds, when
given). The systemd unit runs it after start (ExecStartPost), so `systemctl restart` returns
only once the replica serves; monitoring can run it too. Standard library only.
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.request
from collections.abc import Sequence

HEALTH_PATH = "/_stcore/health"


def healthy(port: int, host: str = "127.0.0.1", timeout: float = 3.0) -> bool:
    """One request: True when the replica answers 200 "ok"."""
    url = f"http://{host}:{port}{HEALTH_PATH}"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except OSError:
        return False


def wait_healthy(port: int, wait: float, host: str = "127.0.0.1") -> bool:
    """Ask every half second until the replica answers or `wait` seconds have passed."""
    deadline = time.monotonic() + wait
    while True:
        if healthy(port, host):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.5)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="检查一个看板副本是否正常服务（/_stcore/health）")
    parser.add_argument("port", type=int, help="副本监听的端口")
    parser.add_argument("--host", default="127.0.0.1", help="副本的地址（默认 127.0.0.1）")
    parser.add_argument("--wait", type=float, default=0, help="最多等待的秒数（默认不等待）")
    args = parser.parse_args(argv)
    if wait_healthy(args.port, args.wait, args.host):
        return 0
    print(f"看板副本 {args.host}:{args.port} 没有应答 {HEALTH_PATH}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

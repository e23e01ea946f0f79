"""How often someone may try a passcode. Failures are counted per key (the client's
address, the account) in the server process, shared by every session, so that reloading
the page or opening a new session does not reset them. After FREE_TRIES failures a key
waits, twice as long after each further failure."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

FREE_TRIES = 5
FIRST_WAIT_SECONDS = 30.0
MAX_WAIT_SECONDS = 3600.0
MAX_KEYS = 10_000  # the oldest keys are forgotten first, so memory stays bounded


@dataclass
class _Record:
    failures: int = 0
    locked_until: float = 0.0


class Throttle:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._records: OrderedDict[str, _Record] = OrderedDict()
        self._lock = threading.Lock()

    def wait_seconds(self, keys: Sequence[str]) -> float:
        """How long these keys must wait before the next try (0 when they may try now)."""
        now = self._clock()
        with self._lock:
            waits = [self._records[k].locked_until - now for k in keys if k in self._records]
        return max([0.0, *waits])

    def tries_left(self, keys: Sequence[str]) -> int:
        with self._lock:
            failures = [self._records[k].failures for k in keys if k in self._records]
        return max(0, FREE_TRIES - max([0, *failures]))

    def failed(self, keys: Sequence[str]) -> float:
        """Count a wrong passcode; the wait it brings (0 while free tries are left)."""
        now = self._clock()
        with self._lock:
            for key in keys:
                record = self._records.pop(key, None) or _Record()
                record.failures += 1
                beyond = record.failures - FREE_TRIES
                if beyond >= 0:
                    wait = min(MAX_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2**beyond)
                    record.locked_until = max(record.locked_until, now + wait)
                self._records[key] = record
            while len(self._records) > MAX_KEYS:
                self._records.popitem(last=False)
        return self.wait_seconds(keys)

    def succeeded(self, keys: Sequence[str]) -> None:
        with self._lock:
            for key in keys:
                self._records.pop(key, None)


def wait_text(seconds: float) -> str:
    """A wait as staff read it: 30 秒, 2 分钟, 1 小时."""
    if seconds < 60:
        return f"{max(1, round(seconds))} 秒"
    if seconds < 3600:
        return f"{round(seconds / 60)} 分钟"
    return f"{round(seconds / 3600)} 小时"

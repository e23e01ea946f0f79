"""One export at a time per server. Building a briefing renders every chart in Chromium
(seconds of CPU and a few hundred MB each); without a queue every click from every visitor
starts another. Built files are kept per snapshot, org, year, format and watermark, so a
second person asking for the same file gets it at once."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

MAX_KEPT = 12  # built files kept, the least recently asked for dropped first


class ExportQueue:
    def __init__(self, max_kept: int = MAX_KEPT) -> None:
        self._turn = threading.Lock()  # held while a file is being built
        self._kept: OrderedDict[Hashable, tuple[str, bytes]] = OrderedDict()
        self._kept_lock = threading.Lock()
        self._max_kept = max_kept

    def kept(self, key: Hashable) -> tuple[str, bytes] | None:
        with self._kept_lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def build(
        self,
        key: Hashable,
        make: Callable[[], tuple[str, bytes]],
        on_wait: Callable[[], None] = lambda: None,
    ) -> tuple[str, bytes]:
        """The file for `key`: kept, or made now — after any build already running, in
        which case `on_wait` is called first (to tell the person why they wait)."""
        if (found := self.kept(key)) is not None:
            return found
        if not self._turn.acquire(blocking=False):
            on_wait()
            self._turn.acquire()
        try:
            if (found := self.kept(key)) is not None:  # built by the one we waited for
                return found
            built = make()
        finally:
            self._turn.release()
        with self._kept_lock:
            self._kept[key] = built
            while len(self._kept) > self._max_kept:
                self._kept.popitem(last=False)
        return built


QUEUE = ExportQueue()  # one per server process

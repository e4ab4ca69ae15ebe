"""A bounded, per-container cache with a time to live: what the reference cache (karmayogi.domain.refcache)
and token revocation (karmayogi.platform.revocation) both keep.

Entries expire on the container's monotonic clock (`clock`, which tests may replace), not on
karmayogi.platform.clock, which the dev server may move. Least recently used entries go first beyond
`max_entries`. The cache belongs to one table: when the table client is replaced (tests create a fresh
table, the dev server re-provisions), everything cached is dropped."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from karmayogi.platform import db

MISSING = object()  # what `get` answers for a key not cached (or expired)


class ContainerCache:
    def __init__(self, ttl: float, max_entries: int, clock: Callable[[], float]) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self.clock = clock
        self.entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._owner: Any = None
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        """The cached value (which may itself be a remembered absence), or MISSING. Call under `lock`."""
        self._check_owner()
        entry = self.entries.get(key)
        if entry is None or entry[0] <= self.clock():
            return MISSING
        self.entries.move_to_end(key)
        return entry[1]

    def put(self, key: Hashable, value: Any, ttl: float | None = None) -> None:
        """Cache a value for `ttl` (the cache's own by default). Call under `lock`."""
        self._check_owner()
        self.entries[key] = (self.clock() + (self.ttl if ttl is None else ttl), value)
        self.entries.move_to_end(key)
        while len(self.entries) > self.max_entries:
            self.entries.popitem(last=False)

    def forget(self, *keys: Hashable) -> None:
        with self.lock:
            for key in keys:
                self.entries.pop(key, None)

    def expired(self, key: Hashable) -> bool:
        """Whether `key` needs loading (not cached or out of date). Call under `lock`."""
        self._check_owner()
        entry = self.entries.get(key)
        return entry is None or entry[0] <= self.clock()

    def reset(self) -> None:
        with self.lock:
            self.entries.clear()
            self._owner = None

    def _check_owner(self) -> None:
        table = db.table()
        if table is not self._owner:
            self.entries.clear()
            self._owner = table

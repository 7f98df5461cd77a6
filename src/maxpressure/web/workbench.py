"""The workbench's state: one read-only store shared by every request, and cached results.

Requests run in a thread pool and a DuckDB connection is not safe to share between threads, so
every use of the store takes one lock. Analyses that take seconds (reconciliation, the network
ranking, the demo maritime run) are computed once per server and kept: the store is opened
read-only, so what it holds cannot change while the server runs (`maxpressure load` needs the
server stopped; DuckDB lets one process write a file only when no other holds it).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TypeVar

from maxpressure.config import Settings
from maxpressure.store import Store

T = TypeVar("T")


class Workbench:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._store: Store | None = None
        self._lock = threading.RLock()
        self._cache: dict[str, Any] = {}
        self._computing: dict[str, threading.Lock] = {}

    @contextmanager
    def store(self) -> Iterator[Store]:
        with self._lock:
            if self._store is None:
                self._store = Store.open(self.settings, read_only=True)
            yield self._store

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` once per server; concurrent first callers wait for the one computing."""
        if key in self._cache:
            return self._cache[key]
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            if key not in self._cache:
                self._cache[key] = compute()
        return self._cache[key]

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

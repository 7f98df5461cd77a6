"""The workbench's state: the read-only store, cached results, and slow analyses in the background.

Requests run in a thread pool and a DuckDB connection is not safe to share between threads, so
the store the pages use is behind one lock. A workbench reads one store file, read-only, so what
it holds cannot change under it and results are computed once per workbench. A load while the
server runs writes a new store file (`store/swap.py`); the server then builds a new workbench
over it aside and switches to it at once (`web/switch.py`). The brief reads through a
workbench too, computing the slow parts inline.

Some analyses take minutes on the full lists (cross-list reconciliation, the network ranking, the
demo maritime run). They run in a background thread, each with its own read-only connection, so
no page waits on them: until one is ready, the parts of pages that need it say it is being
computed. `status()` reports every job; `wait_ready()` lets tests and benchmarks wait.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from maxpressure.config import Settings
from maxpressure.store import Store

T = TypeVar("T")
log = logging.getLogger(__name__)


class Pending(Exception):
    """A slow analysis is still running in the background."""

    def __init__(self, key: str, started: float):
        self.key, self.started = key, started
        super().__init__(f"{key} is being computed (started {time.time() - started:.0f} s ago); reload shortly")


class Failed(Exception):
    """A background analysis raised; the message names the error (the log has the traceback)."""


@dataclass
class Job:
    key: str
    started: float
    finished: float | None = None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        state = "failed" if self.error else ("ready" if self.finished else "running")
        end = self.finished or time.time()
        return {"job": self.key, "state": state, "seconds": round(end - self.started, 1), "error": self.error}


class Workbench:
    def __init__(self, settings: Settings, background_jobs: bool = True, inline: bool = False,
                 store_path: Path | None = None):
        self.settings = settings
        # The store file this workbench reads (a generation's own path while serving).
        self.store_path = store_path or settings.store_path
        # Off in tests that must not leave threads running: slow parts then stay "not ready".
        self.background_jobs = background_jobs
        # On for one-shot surfaces (the brief): slow parts are computed in the caller's thread.
        self.inline = inline
        self._store: Store | None = None
        self._lock = threading.RLock()
        self._cache: dict[str, Any] = {}
        self._gates: dict[str, threading.Lock] = {}
        self._jobs: dict[str, Job] = {}
        self._recent: OrderedDict[str, Any] = OrderedDict()

    @contextmanager
    def store(self) -> Iterator[Store]:
        with self._lock:
            if self._store is None:
                self._store = Store(self.store_path, read_only=True)
            yield self._store

    @contextmanager
    def private_store(self) -> Iterator[Store]:
        """A connection of its own, for a background job that holds the store for long."""
        store = Store(self.store_path, read_only=True)
        try:
            yield store
        finally:
            store.close()

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` once per server, in the caller's thread (for results that take moments)."""
        if key in self._cache:
            return self._cache[key]
        with self._lock:
            gate = self._gates.setdefault(key, threading.Lock())
        with gate:
            if key not in self._cache:
                self._cache[key] = compute()
        return self._cache[key]

    def recent(self, key: str, compute: Callable[[], T], keep: int, final: Callable[[T], bool]) -> T:
        """`compute()`, kept among the `keep` most recently asked for while `final(result)`: for
        results there are too many of to keep all (a dossier per list entry), and only once
        they are complete (not while a part of them is still being computed)."""
        with self._lock:
            if key in self._recent:
                self._recent.move_to_end(key)
                return self._recent[key]
        result = compute()
        if final(result):
            with self._lock:
                self._recent[key] = result
                while len(self._recent) > keep:
                    self._recent.popitem(last=False)
        return result

    def background(self, key: str, compute: Callable[[], T]) -> T:
        """The result of `compute()`, started in a background thread on first call.

        Raises `Pending` until the result is ready, and `Failed` if the computation raised.
        """
        if key in self._cache:
            return self._cache[key]
        if self.inline:
            try:
                return self.cached(key, compute)
            except Exception as exc:  # noqa: BLE001 - the brief names the failure in its section
                log.exception("analysis %s failed", key)
                raise Failed(f"{key} failed: {type(exc).__name__}: {exc}") from exc
        with self._lock:
            job = self._jobs.get(key)
            if job is None and not self.background_jobs:
                raise Pending(key, time.time())
            if job is None:
                job = self._jobs[key] = Job(key, time.time())
                threading.Thread(target=self._run, args=(job, compute), name=f"mp-{key}",
                                 daemon=True).start()
        if job.error:
            raise Failed(f"{key} failed: {job.error}")
        if key in self._cache:
            return self._cache[key]
        raise Pending(key, job.started)

    def after(self, key: str, compute: Callable[[], T]) -> T:
        """Inside a background job: the result of job `key`, waiting for it if it is running.

        Jobs that build on the reconciliation wait for it instead of running it again alongside
        (three concurrent runs would triple the work and race on its cache file).
        """
        while True:
            try:
                return self.background(key, compute)
            except Pending:
                time.sleep(0.5)

    def _run(self, job: Job, compute: Callable[[], Any]) -> None:
        try:
            self._cache[job.key] = compute()
        except Exception as exc:  # noqa: BLE001 - reported by status() and on every page asking
            log.exception("background analysis %s failed", job.key)
            job.error = f"{type(exc).__name__}: {exc}"
        job.finished = time.time()

    def status(self) -> list[dict[str, Any]]:
        return [job.to_json() for job in self._jobs.values()]

    def wait_ready(self, timeout: float) -> bool:
        """Whether every background job started so far finished within `timeout` seconds."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if all(job.finished for job in self._jobs.values()):
                return True
            time.sleep(0.2)
        return False

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

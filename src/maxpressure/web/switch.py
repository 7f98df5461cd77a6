"""Switching the served store: a new store file is prepared aside, then swapped in at once.

A load or `update` while the server runs publishes a new store file (`store/swap.py`). A watcher
thread notices (it compares the published file's inode and mtime every few seconds), opens the new
file under its own path, builds everything a request would otherwise wait for (the screening
index behind `/match`, the overview's changes, the background analyses) while every request is
still answered from the previous workbench, and then replaces `app.state.workbench` and
`app.state.served` (the screening API's index) in two assignments. Requests already running finish on the old workbench,
which is closed after a grace period.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from fastapi import FastAPI

from maxpressure.store.swap import (
    Generation, current_generation, prune_serving_links, release_serving_path, serving_path,
)
from maxpressure.views.overview import overview
from maxpressure.views.parts import optional
from maxpressure.views.workbench import Workbench

log = logging.getLogger(__name__)

CHECK_EVERY_S = 2.0
# How long the slow analyses of the new store (reconciliation, network, pressure) may take before
# the switch happens without them: the screening index and the lists are always ready first, and
# the pages say "being computed" for the parts still running, as on a fresh start.
PREPARE_TIMEOUT_S = 15.0
# Requests that started on the old workbench get this long before its connection closes.
GRACE_S = 30.0


def new_workbench(app: FastAPI, background_jobs: bool) -> tuple[Generation | None, Workbench]:
    generation, path = serving_path(app.state.settings)
    return generation, Workbench(app.state.settings, background_jobs, store_path=path)


class StoreSwitch:
    """Follows the published store file and switches the app to each new one."""

    def __init__(self, app: FastAPI, check_every_s: float = CHECK_EVERY_S,
                 prepare_timeout_s: float = PREPARE_TIMEOUT_S, grace_s: float = GRACE_S):
        self.app = app
        self.check_every_s = check_every_s
        self.prepare_timeout_s = prepare_timeout_s
        self.grace_s = grace_s
        self.switches = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._follow, name="mp-store-switch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _follow(self) -> None:
        while not self._stop.wait(self.check_every_s):
            published = current_generation(self.app.state.settings)
            if published is not None and published != self.app.state.store_generation:
                try:
                    self.switch()
                except Exception:  # noqa: BLE001 - keep serving the old store; try again next round
                    log.exception("could not switch to the new store file; still serving the previous one")

    def switch(self) -> None:
        state = self.app.state
        old: Workbench = state.workbench
        generation, fresh = new_workbench(self.app, old.background_jobs)
        log.info("new store file published (%s); preparing it while serving the previous one", generation)
        served = self._prepare(fresh, had_served=getattr(state, "served", None) is not None)
        # The switch: new requests see the new workbench and the screening API's index from here on.
        state.workbench, state.store_generation = fresh, generation
        if served is not None:
            state.served = served
        self.switches += 1
        log.info("now serving %s", ", ".join(f"{s['list']} {s['as_of']}" for s in _snapshots(fresh)))
        threading.Timer(self.grace_s, self._retire, args=(old,)).start()

    def _prepare(self, fresh: Workbench, had_served: bool) -> Any:
        from maxpressure.web.mount import warm_up

        started = time.monotonic()
        served = None
        if had_served:  # otherwise it is built on first use, from the store then served
            from maxpressure.web.yente_served import load_served

            served = load_served(fresh.settings, fresh.store_path)
            log.info("screening index of the new store built in %.1f s", time.monotonic() - started)
        optional(lambda: overview(fresh))  # changes, and starts the slow parts
        warm_up(fresh)
        if fresh.background_jobs and not fresh.wait_ready(self.prepare_timeout_s):
            log.info("slow analyses of the new store still running after %.0f s; switching, they finish "
                     "in the background", self.prepare_timeout_s)
        log.info("new store prepared in %.1f s", time.monotonic() - started)
        return served

    def _retire(self, old: Workbench) -> None:
        old.close()
        if old.store_path != self.app.state.workbench.store_path:
            release_serving_path(old.settings, old.store_path)


def _snapshots(workbench: Workbench) -> list[dict]:
    with workbench.store() as store:
        return [s.to_json() for s in store.latest_snapshots()]


def follow_store(app: FastAPI, **options: float) -> StoreSwitch:
    """Serve the store file published now under its own path, and switch `app` to every store file
    published while it runs (the watcher starts with the app)."""
    generation, workbench = new_workbench(app, app.state.workbench.background_jobs)
    app.state.workbench, app.state.store_generation = workbench, generation
    prune_serving_links(app.state.settings, keep=workbench.store_path)
    switch = StoreSwitch(app, **options)
    app.router.on_startup.append(switch.start)
    app.router.on_shutdown.append(switch.stop)
    app.state.store_switch = switch
    return switch

"""`maxpressure update`: download the current official lists and load the ones that changed."""

from __future__ import annotations

import logging
import threading
from typing import Annotated, Optional

import httpx
import typer

from maxpressure.cli.app import app
from maxpressure.cli.common import HomeOpt, JsonOpt, console, err_console, open_store, print_json, settings
from maxpressure.config import Settings
from maxpressure.errors import InputError, MaxpressureError
from maxpressure.sources.fetch import OFFICIAL_SOURCES, FetchPolicy, UpdateResult, update_list
from maxpressure.store.swap import writable_store

log = logging.getLogger(__name__)

ListOpt = Annotated[
    Optional[list[str]],
    typer.Option("--list", help=f"List to update (repeatable); default all: {', '.join(OFFICIAL_SOURCES)}."),
]
SourceOpt = Annotated[
    Optional[list[str]],
    typer.Option("--source", help="LIST=URL: download LIST from this base URL instead (repeatable)."),
]


def _overrides(values: list[str] | None) -> dict[str, str]:
    overrides = {}
    for value in values or []:
        name, sep, url = value.partition("=")
        if not sep or not name or not url:
            raise InputError(None, f"--source expects LIST=URL, got {value!r}")
        overrides[name.strip()] = url.strip()
    return overrides


@app.command()
def update(
    lists: ListOpt = None,
    source: SourceOpt = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for a server.")] = 60.0,
    home: HomeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Download the official list files (conditional, checksummed) and load what changed."""
    overrides = _overrides(source)
    policy = FetchPolicy(timeout_s=timeout)
    results = []
    with httpx.Client(follow_redirects=True) as client:
        for name in lists or list(OFFICIAL_SOURCES):
            err_console.print(f"updating {name} ...")
            # One store write per list: a list that fails later never takes an earlier one with it.
            with open_store(home) as store:
                result = update_list(store, settings(home), name, client, policy, overrides)
            results.append(result)
            if not as_json:
                for item in result.files:
                    state = "new" if item.changed else "not modified"
                    console.print(f"{name}  {item.filename}  sha256 {item.sha256}  {item.size} bytes  ({state})")
                detail = f" as snapshot {result.snapshot.snapshot_id}" if result.snapshot else ""
                console.print(f"{name}: {result.status}{detail}")
    if as_json:
        print_json([r.to_json() for r in results])


def update_all(config: Settings, lists: list[str] | None = None, policy: FetchPolicy = FetchPolicy()) -> list[UpdateResult]:
    """One round of `update` over every list, for the server's schedule: a list that fails is
    logged and the others still update."""
    results = []
    with httpx.Client(follow_redirects=True) as client:
        for name in lists or list(OFFICIAL_SOURCES):
            try:
                with writable_store(config) as store:
                    results.append(update_list(store, config, name, client, policy))
                log.info("scheduled update of %s: %s", name, results[-1].status)
            except MaxpressureError as exc:
                log.error("scheduled update of %s failed: %s", name, exc)
    return results


def schedule_updates(config: Settings, every_s: float, lists: list[str] | None = None) -> threading.Event:
    """Run `update_all` every `every_s` seconds in a daemon thread; set the returned event to stop."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every_s):
            try:
                update_all(config, lists)
            except Exception:  # noqa: BLE001 - a bug of ours must not stop the schedule or the server
                log.exception("scheduled update failed")

    threading.Thread(target=loop, name="mp-scheduled-update", daemon=True).start()
    return stop

"""`maxpressure update`: download the current official lists and load the ones that changed."""

from __future__ import annotations

from typing import Annotated, Optional

import httpx
import typer

from maxpressure.cli.app import app
from maxpressure.cli.common import HomeOpt, JsonOpt, console, err_console, open_store, print_json, settings
from maxpressure.errors import InputError
from maxpressure.sources.fetch import OFFICIAL_SOURCES, FetchPolicy, update_list

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
    with open_store(home) as store, httpx.Client(follow_redirects=True) as client:
        for name in lists or list(OFFICIAL_SOURCES):
            err_console.print(f"updating {name} ...")
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

"""What every command shares: the --home and --json options, the store, JSON output."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Iterator, Optional

import typer
from rich.console import Console

from maxpressure.config import HOME_ENV, Settings

HomeOpt = Annotated[
    Optional[Path],
    typer.Option("--home", envvar=HOME_ENV, help="Data directory (default: platform data dir)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def settings(home: Path | None) -> Settings:
    return Settings.from_home(home)


@contextmanager
def open_store(home: Path | None, read_only: bool = False) -> Iterator[Any]:
    """The store; for writing, one that works while `serve` holds it (the load is swapped in)."""
    from maxpressure.store import Store
    from maxpressure.store.swap import writable_store

    if not read_only:
        with writable_store(settings(home)) as store:
            yield store
        return
    store = Store.open(settings(home), read_only=True)
    try:
        yield store
    finally:
        store.close()


def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(value: Any, indent: int | None = 2) -> str:
    return json.dumps(value, default=_default, ensure_ascii=False, indent=indent)


def print_json(value: Any) -> None:
    sys.stdout.write(to_json(value) + "\n")

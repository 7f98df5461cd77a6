"""What every command shares: the --home and --json options, the store, JSON output."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Iterable, Iterator, Optional, Sequence

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

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


# A cited word longer than this (a Panel of Experts key) folds onto the next line rather than
# squeezing every other column out of an 80-column terminal.
LONGEST_WHOLE_WORD = 24
LONGEST_TEXT_WORD = 14  # a longer word of a name or note (a URL) folds


def _break_reference(word: str) -> str:
    """A LIST:LIST_ID reference too long to keep whole breaks after its colon, so the list and
    the key each stay whole on their own line instead of folding mid-key."""
    head, colon, key = word.partition(":")
    if cell_len(word) <= LONGEST_WHOLE_WORD or not colon or not key:
        return word
    return f"{head}:\n{key}"


def _cited_cell(text: str) -> str:
    return " ".join(_break_reference(w) for w in text.split(" "))


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], cited: Iterable[str] = (),
          right: Iterable[str] = ()) -> Table:
    """A table that keeps what an analyst cites whole at 80 columns: the `cited` columns (ids,
    dates, counts) are as wide as their longest word, so they wrap between items, never inside
    one; names and notes share the room left and wrap. No cell is ever cut with an ellipsis."""
    cited, right = set(cited), set(right)
    rows = [["" if cell is None else _cited_cell(str(cell)) if columns[i] in cited else str(cell)
             for i, cell in enumerate(row)] for row in rows]
    widths = {}
    for i, name in enumerate(columns):
        if name in cited:
            words = [w for row in rows for w in row[i].split()] + name.split()
            widths[i] = min(max(map(cell_len, words)), LONGEST_WHOLE_WORD)
    texts = [i for i in range(len(columns)) if i not in widths]
    # Each column has a space either side and a rule between it and the next.
    room = console.width - sum(widths.values()) - 3 * len(columns) + 1
    need = {i: max([cell_len(row[i]) for row in rows] + [cell_len(columns[i])]) for i in texts}
    # First every text column's longest word (names stay readable), then the rest of the room
    # in proportion to what each column still needs; only a terminal too narrow folds words.
    base = {i: min(LONGEST_TEXT_WORD, max([cell_len(w) for row in rows for w in row[i].split()]
                                          + [cell_len(w) for w in columns[i].split()])) for i in texts}
    if sum(base.values()) > room:
        base = {i: max(4, room * base[i] // max(1, sum(base.values()))) for i in texts}
    spare, wanted = room - sum(base.values()), sum(need[i] - base[i] for i in texts if need[i] > base[i])
    for i in texts:
        extra = (need[i] - base[i]) * spare // wanted if wanted > 0 and need[i] > base[i] else 0
        widths[i] = max(base[i], min(need[i], base[i] + extra))
    shown = Table(title=title, show_edge=False)
    for i, name in enumerate(columns):
        shown.add_column(name, justify="right" if name in right else "left", overflow="fold", width=widths[i])
    for row in rows:
        shown.add_row(*row)
    return shown

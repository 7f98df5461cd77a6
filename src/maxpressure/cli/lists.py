"""List maintenance commands: init, load, lists, changes, entity, export, status."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table  # the type `table` returns

from maxpressure.cli.app import app
from maxpressure.cli.common import HomeOpt, JsonOpt, console, err_console, open_store, print_json, settings, table
from maxpressure.designations import Designation, designation_of
from maxpressure.errors import InputError
from maxpressure.loading import load_bundled_datasets, load_bundled_default, load_paths
from maxpressure.model import Entry
from maxpressure.prepare import prepare_analyses
from maxpressure.store import Snapshot
from maxpressure.store.export import export_csv, export_ftm
from maxpressure.store.summary import summarise_changes


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(None, f"{option} expects a date as YYYY-MM-DD, got {value!r}") from None


def _spinner() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                    console=err_console, transient=True)


@app.command()
def init(home: HomeOpt = None) -> None:
    """Load the bundled real lists and the UN Panel of Experts' named parties into the store if it
    is empty (works offline), then prepare the reconciliation and screening index so the first
    query answers at once. A store that holds data gets only the bundled datasets it lacks."""
    with open_store(home) as store, _spinner() as progress:
        task = progress.add_task("loading bundled lists")

        def say(what: str) -> None:
            progress.update(task, description=f"parsing {what}")

        if store.is_empty():
            result = load_bundled_default(store, say)
            _print_warnings(result.warnings)
            for note in result.notes:
                err_console.print(f"note on the bundled data: {note}", markup=False)
            err_console.print(f"loaded {len(result.written)} bundled snapshots into {store.path}")
        else:
            result = load_bundled_datasets(store, say)
            if result.written:
                _print_warnings(result.warnings)
            added = "".join(f"; added the bundled dataset {s.list}" for s in result.written)
            err_console.print(f"store {store.path} already holds data; no lists loaded{added}")
        prepare_analyses(store, settings(home), lambda what: progress.update(task, description=what))


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="List files or folders (OFAC CSV: the folder or sdn.csv and its siblings).")],
    list_name: Annotated[Optional[str], typer.Option("--list", help="un_sc, us_ofac_sdn, us_ofac_cons, eu_fsf, gb_hmt, gb_fcdo or ftm")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Snapshot date when the file has none (YYYY-MM-DD).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Load even if the newest snapshot holds the same entries.")] = False,
    allow_shrink: Annotated[bool, typer.Option(
        "--allow-shrink", help="Load even if the list would lose more than 5% of its entries.")] = False,
    home: HomeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Parse list files and add one snapshot per list to the store, all in one transaction."""
    when = _parse_date(as_of, "--as-of")
    with open_store(home) as store, _spinner() as progress:
        task = progress.add_task("parsing")
        result = load_paths(store, paths, list_name, when, force,
                            lambda what: progress.update(task, description=f"parsing {what}"), allow_shrink)
    if as_json:
        print_json({"written": [s.to_json() for s in result.written], "unchanged": result.unchanged,
                    "warnings": result.warnings})
        return
    _print_warnings(result.warnings)
    for snapshot in result.written:
        console.print(f"loaded {snapshot.list} as of {snapshot.as_of}: {snapshot.entries:,} entries "
                      f"(snapshot {snapshot.snapshot_id})")
    for name in result.unchanged:
        console.print(f"{name}: unchanged since the newest snapshot, nothing loaded")


def _print_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        err_console.print(f"note: {warning}", markup=False)


def _snapshot_table(snapshots: list[Snapshot]) -> Table:
    rows = [(s.list, s.snapshot_id, s.as_of or "-", s.loaded_at.strftime("%Y-%m-%d %H:%M"), f"{s.entries:,}",
             ", ".join(Path(f).name for f in s.source_files)) for s in snapshots]
    return table("Snapshots held", ("list", "snapshot", "as of", "loaded at", "entries", "files"), rows,
                 cited={"list", "snapshot", "as of", "loaded at", "entries"}, right={"snapshot", "entries"})


@app.command("lists")
def lists_(home: HomeOpt = None, as_json: JsonOpt = False) -> None:
    """The snapshots held, one per list load."""
    with open_store(home, read_only=True) as store:
        snapshots = store.snapshots()
    if as_json:
        print_json([s.to_json() for s in snapshots])
    else:
        console.print(_snapshot_table(snapshots))


@app.command()
def changes(
    list_name: Annotated[Optional[str], typer.Option("--list", help="Only this list.")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Only snapshots dated on or after (YYYY-MM-DD).")] = None,
    regime: Annotated[Optional[str], typer.Option("--regime", help="Only entries of this regime, e.g. dprk.")] = None,
    home: HomeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Entries added, removed and amended between consecutive snapshots of each list."""
    with open_store(home, read_only=True) as store:
        found = store.changes(list_name, _parse_date(since, "--since"))
    if regime:
        from maxpressure.model import regimes_of

        found = [c for c in found if regime in regimes_of(c.programs)]
    if as_json:
        print_json([c.to_json() for c in found])
        return
    rows = [(c.as_of or "-", c.kind, f"{c.list}:{c.list_id}", f"{c.caption} ({c.schema})", c.listed_on or "",
             ", ".join(c.changed_properties)) for c in found]
    console.print(table("Changes between consecutive snapshots",
                        ("as of", "kind", "entry", "name (schema)", "list's own date", "what changed"), rows,
                        cited={"as of", "kind", "entry", "list's own date"}))
    console.print(f"{len(found):,} changes")


@app.command()
def entity(
    entity_id: Annotated[str, typer.Argument(help="Entity id (un-sc-KPi.033), list id (KPi.033) or list:id.")],
    home: HomeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Everything the store holds about one list entry, with the snapshots it appears in."""
    from maxpressure.store.codec import entity_to_dict

    with open_store(home, read_only=True) as store:
        history = store.history(entity_id)
        snapshot, entry = history[-1]
        designation = designation_of(store, entry)
    record = {
        "entity_id": entry.entity_id, "list": entry.list, "list_id": entry.list_id,
        "schema": entry.schema, "caption": entry.caption, "programs": list(entry.programs),
        "listed_on": entry.listed_on, "regimes": entry.regimes,
        "designation": designation.to_json() if designation else None,
        "entities": [entity_to_dict(e) for e in entry.entities],
        "snapshots": [{"snapshot_id": s.snapshot_id, "as_of": s.as_of} for s, _ in history],
    }
    if as_json:
        print_json(record)
        return
    console.print(f"[bold]{entry.caption}[/bold]  {entry.schema}  {entry.list}:{entry.list_id}", markup=True)
    _print_designation(entry, designation)
    for ent in entry.entities:
        console.print(f"\n[bold]{ent.schema.name}[/bold] {ent.id}", markup=True)
        for prop, values in sorted(ent.properties.items()):
            console.print(f"  {prop}: {'; '.join(values)}", markup=False)
    dates = ", ".join(str(s.as_of) for s, _ in history)
    console.print(f"\nin snapshots dated: {dates}")


def _print_designation(entry: Entry, designation: Designation | None) -> None:
    if designation is None:
        console.print(f"{entry.list}: this record names the party; the dataset designates nobody, and its "
                      "snapshot date is the day it was compiled, not a designation date")
        return
    implementing = f" (implementing the {designation.implements.upper()}'s designation)" if designation.implements else ""
    console.print(f"programmes: {', '.join(entry.programs) or '-'}   designated: {designation.date.text()}{implementing}")
    if designation.date.citation:
        console.print(f"date source: {designation.date.citation.source_url} ({designation.date.citation.note})")


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="ftm (JSON lines) or csv (one row per entry).")] = "ftm",
    output: Annotated[Optional[Path], typer.Option("--output", help="File to write (default: stdout).")] = None,
    list_name: Annotated[Optional[str], typer.Option("--list", help="Only this list.")] = None,
    home: HomeOpt = None,
) -> None:
    """Export the newest snapshot of each list as FollowTheMoney JSON lines or CSV."""
    if fmt not in {"ftm", "csv"}:
        raise InputError(None, f"--format must be ftm or csv, got {fmt!r}")
    with open_store(home, read_only=True) as store:
        entries = store.current_entries([list_name] if list_name else None)
    writer = export_ftm if fmt == "ftm" else export_csv
    if output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            count = writer(entries, handle)
        err_console.print(f"wrote {count:,} {'entities' if fmt == 'ftm' else 'rows'} to {output}")
    else:
        import sys

        writer(entries, sys.stdout)


@app.command()
def status(home: HomeOpt = None, as_json: JsonOpt = False) -> None:
    """The state of the lists, what changed between the bundled snapshots, and where `serve` runs."""
    with open_store(home, read_only=True) as store:
        snapshots = store.snapshots()
        summary = summarise_changes(store)
    if as_json:
        print_json({"snapshots": [s.to_json() for s in snapshots], "changes": summary})
        return
    console.print(_snapshot_table(snapshots))
    def counts(row: dict, prefix: str = "") -> str:
        return " / ".join(f"{row[prefix + k]:,}" for k in ("added", "removed", "amended"))

    rows = [(row["list"], row["from"], row["to"], counts(row), counts(row, "dprk_")) for row in summary]
    console.print(table("What changed between consecutive snapshots (all regimes / DPRK)",
                        ("list", "from", "to", "added / removed / amended", "DPRK added / removed / amended"),
                        rows, cited={"list", "from", "to"}))
    console.print("The web workbench runs with `maxpressure serve` at http://127.0.0.1:8000")


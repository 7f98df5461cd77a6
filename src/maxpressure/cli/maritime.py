"""`maxpressure maritime detect|simulate`: evasion at sea from AIS files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from maxpressure.cli.app import app
from maxpressure.cli.common import HomeOpt, JsonOpt, console, err_console, print_json, settings
from maxpressure.errors import StoreError

maritime_app = typer.Typer(help="Ship-to-ship transfers, dark periods, DPRK port calls, identity tampering.",
                           no_args_is_help=True)
app.add_typer(maritime_app, name="maritime")



def _designated_entries(home: Path | None) -> list | None:
    """Current list entries from the store, for sanctions context; None when there is no store."""
    from maxpressure.store import Store

    config = settings(home)
    if not config.store_path.exists():
        return None
    try:
        with Store.open(config, read_only=True) as store:
            return store.current_entries()
    except StoreError:
        return None


@maritime_app.command()
def detect(
    ais_files: Annotated[list[Path], typer.Argument(help="AIS CSV, Parquet or raw NMEA files.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Events as JSON lines.")],
    engine: Annotated[str, typer.Option("--engine", help="duckdb (default) or spark.")] = "duckdb",
    param: Annotated[Optional[list[str]], typer.Option(
        "--param", help="A detector parameter, name=value (repeatable), e.g. encounter.max_distance_m=500.")] = None,
    timezone: Annotated[Optional[str], typer.Option(
        "--timezone", help="Zone of times written without one (IANA name, e.g. Europe/Oslo); default UTC.")] = None,
    home: HomeOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Detect encounters, loitering, AIS gaps, port calls, identity changes and position jumps.

    Beside EVENTS.jsonl goes EVENTS.run.json: the inputs' SHA-256, every parameter and the ingest counts."""
    from maxpressure.maritime.engine import DetectParams
    from maxpressure.maritime.params import with_overrides
    from maxpressure.maritime.pipeline import STAGES, detect as run_detect, write_events, write_record
    from maxpressure.sources.ais import NOT_VESSEL_KINDS

    params = with_overrides(DetectParams(), param or [])

    entries = _designated_entries(home)
    if entries is None:
        err_console.print("no store: events carry no sanctions context (run `maxpressure init`)")
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task("maritime", total=len(STAGES))

        def progress(stage: str) -> None:
            bar.update(task, description=stage, completed=STAGES.index(stage) if stage in STAGES else None)

        result = run_detect(ais_files, engine=engine, entries=entries, progress=progress, params=params,
                            timezone=timezone)
        bar.update(task, completed=len(STAGES))
    written = write_events(result.events, output)
    record = write_record(result, output)
    for warning in result.ingest.warnings:
        err_console.print(f"warning: {warning}")
    summary = {"events": written, "by_type": result.counts(), "engine": result.engine,
               "sanctioned": sum(e.sanctioned for e in result.events),
               "possible_matches": sum(any(v.possible_matches for v in e.vessels) for e in result.events),
               "anchorages_inferred": result.anchorages_inferred, "run_record": str(record),
               "ingest": result.ingest.to_json()}
    if json_out:
        print_json(summary)
        return
    table = Table(title=f"{written} events -> {output}")
    table.add_column("event")
    table.add_column("count", justify="right")
    table.add_column("sanctioned", justify="right")
    for kind, count in sorted(result.counts().items()):
        table.add_row(kind, str(count), str(sum(e.sanctioned for e in result.events if e.type == kind)))
    console.print(table)
    console.print(f"run record (inputs' SHA-256, parameters): {record}")
    counts = result.ingest.counts
    console.print(
        f"read {counts.get('rows_read', 0):,} rows: {counts.get('positions', 0):,} positions of "
        f"{counts.get('vessels', 0):,} vessels; invalid position {counts.get('invalid_position', 0):,}, "
        f"invalid time {counts.get('invalid_time', 0):,}, time out of range {counts.get('time_out_of_range', 0):,}, "
        f"invalid MMSI {counts.get('invalid_mmsi', 0):,}, not a vessel (base station, AtoN, SAR aircraft ...) "
        f"{sum(counts.get(k, 0) for k in NOT_VESSEL_KINDS):,}, duplicates {counts.get('duplicates', 0):,}, "
        f"out of order {counts.get('out_of_order', 0):,}; sentinels: speed {counts.get('sentinel_speed', 0):,}, "
        f"heading {counts.get('sentinel_heading', 0):,}, IMO {counts.get('sentinel_imo', 0):,}")
    if counts.get("nmea_lines"):
        console.print(
            f"NMEA: {counts['nmea_lines']:,} lines, {counts.get('nmea_messages', 0):,} decoded; "
            f"malformed {counts.get('nmea_malformed', 0):,}, bad checksum {counts.get('nmea_bad_checksum', 0):,}, "
            f"failed to decode {counts.get('nmea_decode_failed', 0):,}, incomplete multi-part "
            f"{counts.get('nmea_incomplete_multipart', 0):,}, orphan fragments {counts.get('nmea_orphan_fragments', 0):,}")


@maritime_app.command()
def simulate(
    output: Annotated[Path, typer.Option("--output", "-o", help="AIS file to write (.csv or .parquet).")],
    seed: Annotated[int, typer.Option("--seed", help="Random seed; the same seed gives the same file.")] = 7,
    labels: Annotated[Optional[Path], typer.Option("--labels", help="Labels JSONL (default: beside the AIS).")] = None,
    blocks: Annotated[int, typer.Option("--blocks", help="Scenario blocks, ~39,000 positions each.")] = 1,
) -> None:
    """Write simulated AIS with labelled evasion scenarios and distractors."""
    from maxpressure.maritime.simulate import write

    rows, count = write(output, seed=seed, blocks=blocks, labels_path=labels)
    console.print(f"wrote {rows:,} positions to {output} and {count} labels")

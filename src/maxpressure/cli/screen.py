"""`maxpressure screen`: one name (table or --json), or a CSV batch to JSON Lines in input order."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from maxpressure.cli.app import app
from maxpressure.cli.common import HomeOpt, JsonOpt, console, err_console, open_store, print_json, settings, table
from maxpressure.errors import InputError, StoreError


def _screener(home: Path | None):
    from maxpressure.prepare import reconciled_screener

    with open_store(home, read_only=True) as store:
        if store.is_empty():
            raise StoreError("the store holds no lists; run `maxpressure init` or `maxpressure load` first")
        return reconciled_screener(store, settings(home))


@app.command()
def screen(
    name: Annotated[Optional[str], typer.Argument(help="The name to screen.")] = None,
    schema: Annotated[Optional[str], typer.Option(help="Person, Organization, Company, Vessel, LegalEntity.")] = None,
    birth_date: Annotated[Optional[str], typer.Option("--birth-date", help="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    nationality: Annotated[Optional[str], typer.Option(help="Country code or name, e.g. kp.")] = None,
    imo: Annotated[Optional[str], typer.Option(help="IMO number (decisive for vessels).")] = None,
    threshold: Annotated[Optional[float], typer.Option(help="Alarm line; default 0.70.")] = None,
    limit: Annotated[int, typer.Option(help="Results per query.")] = 5,
    input: Annotated[Optional[Path], typer.Option("--input", help="CSV of queries (id,name,...).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", help="JSON Lines results, one per row.")] = None,
    workers: Annotated[Optional[int], typer.Option("--workers", help="Processes for --input; default every core.")] = None,
    engine: Annotated[str, typer.Option("--engine", help="local (this machine's cores) or spark (--input only).")] = "local",
    home: HomeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Is this person, company or ship designated, under any spelling?"""
    from maxpressure.screening import DEFAULT_THRESHOLD, Query
    from maxpressure.screening.batch import read_queries

    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    if not 0 <= threshold <= 1:
        raise InputError(None, f"--threshold must be between 0 and 1, got {threshold}")
    if input is not None:
        if output is None:
            raise InputError(None, "--input needs --output RESULTS.jsonl")
        if engine not in ("local", "spark"):
            raise InputError(None, f"--engine must be local or spark, got {engine!r}")
        if workers is not None and workers < 1:
            raise InputError(None, f"--workers must be at least 1, got {workers}")
        queries = read_queries(input)  # every row checked before any screening starts
        screener = _screener(home)
        if engine == "spark":
            from maxpressure.screening.spark import screen_lines_spark

            chunks = screen_lines_spark(screener, queries, threshold, limit, settings(home).cache_dir)
        else:
            from maxpressure.screening.parallel import screen_lines

            chunks = screen_lines(screener, queries, threshold, limit, workers)
        _run_batch(chunks, len(queries), output)
        return
    if not name:
        raise InputError(None, "give a NAME to screen, or --input QUERIES.csv --output RESULTS.jsonl")
    query = Query(name=name, schema=schema, birth_date=birth_date, nationality=nationality, imo=imo)
    results = _screener(home).screen(query, threshold=threshold, limit=limit)
    if as_json:
        print_json({"query": name, "threshold": threshold, "results": [r.to_json() for r in results]})
        return
    _print_table(name, results)


def _run_batch(chunks, total: int, output: Path) -> None:
    """Write the result lines, chunk by chunk in input order, to a temporary file then `output`."""
    columns = (TextColumn("screening"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    tmp = output.with_name(output.name + ".part")
    with tmp.open("w", encoding="utf-8") as fh, Progress(*columns, console=err_console) as progress:
        task = progress.add_task("screening", total=total)
        for lines in chunks:
            fh.writelines(lines)
            progress.advance(task, len(lines))
    tmp.replace(output)
    err_console.print(f"{total} queries screened -> {output}")


def _print_table(name: str, results) -> None:
    if not results:
        console.print(f"No candidates for {name!r}.")
        return
    rows = [(f"{r.score:.2f}", "yes" if r.match else "", f"{r.caption} ({r.schema})",
             ", ".join(f"{ref.list}:{ref.list_id}" for ref in r.lists),
             "; ".join(f"{k} {v['contribution']:+.2f}" for k, v in r.explanation["features"].items()))
            for r in results]
    console.print(table(f"Screening {name!r}", ("score", "match", "name (schema)", "lists", "why"), rows,
                        cited={"score", "match", "lists"}))

"""`maxpressure network`: candidates, the path between two parties, and the backtest."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

import typer
from rich.table import Table

from maxpressure.cli.app import app
from maxpressure.cli.common import HomeOpt, JsonOpt, console, open_store, print_json
from maxpressure.errors import InputError, NotFound

network_app = typer.Typer(help="Evasion networks: who helps designated parties but is not designated yet.",
                          no_args_is_help=True)
app.add_typer(network_app, name="network")


@network_app.command()
def candidates(
    limit: Annotated[int, typer.Option("--limit", help="How many candidates to show.")] = 20,
    authority: Annotated[str, typer.Option("--authority", help="Whose designations seed the ranking: un, us, eu, gb, a list name, or any (designated by no list at all).")] = "un",
    regime: Annotated[Optional[str], typer.Option("--regime", help="Seeds designated under this regime (dprk); candidates with a nexus to it.")] = None,
    country: Annotated[Optional[str], typer.Option("--country", help="Candidates with this nexus country (ISO code, e.g. cn).")] = None,
    schema: Annotated[Optional[str], typer.Option("--schema", help="Candidates of this FtM schema (Person, Vessel, LegalEntity ...).")] = None,
    home: HomeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Rank parties not designated by the authority by how strongly they connect to designated ones."""
    from maxpressure.network.load import current_graph
    from maxpressure.network.rank import METHOD, RankOptions, candidates_of, score_candidates

    options = RankOptions(authority=None if authority == "any" else authority, regime=regime, country=country,
                          schema=schema, limit=limit)
    with open_store(home, read_only=True) as store:
        graph = current_graph(store)
    ranking = score_candidates(graph, options)
    shown = candidates_of(ranking, options)
    if as_json:
        on_paths = {n for c in shown for p in c.paths for n in p.nodes}
        print_json({"method": METHOD, "authority": options.authority, "regime": regime, "country": country,
                    "schema": schema, "seeds": len(ranking.seeds), "eligible": len(ranking.order),
                    "candidates": [c.to_json(graph) for c in shown], "graph": graph.to_json(on_paths)})
        return
    from maxpressure.network.paths import describe

    table = Table(title=f"{len(shown)} of {len(ranking.order)} candidates ({len(ranking.seeds)} designated seeds)")
    for column in ("#", "candidate", "schema", "score", "lists", "strongest evidence path"):
        table.add_column(column)
    for c in shown:
        lists = ", ".join(f"{m.list}:{m.list_id}" for m in c.lists) or "-"
        path = describe(graph, c.paths[0]) if c.paths else "-"
        table.add_row(str(c.rank), c.caption, c.schema, f"{c.score:.5f}", lists, path)
    console.print(table)
    if not shown:
        console.print("no candidates: every connected party is already designated by this authority")


@network_app.command()
def path(
    a: Annotated[str, typer.Argument(help="A party: entity id, LIST:LIST_ID or exact name.")],
    b: Annotated[str, typer.Argument(help="Another party.")],
    home: HomeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The strongest evidence path between two parties, each edge with its source."""
    from maxpressure.network.load import current_graph, find_node
    from maxpressure.network.matrix import weighted_graph
    from maxpressure.network.paths import describe, shortest_path

    with open_store(home, read_only=True) as store:
        graph = current_graph(store)
    start, end = find_node(graph, a), find_node(graph, b)
    found = shortest_path(graph, weighted_graph(graph), start.node_id, end.node_id)
    if found is None:
        raise NotFound(f"no path between {start.caption} and {end.caption} in the loaded data")
    if as_json:
        print_json({"from": start.node_id, "to": end.node_id, "path": found.to_json(graph),
                    "graph": graph.to_json(found.nodes)})
        return
    console.print(describe(graph, found))
    for edge in found.edges:
        ev = edge.evidence
        console.print(f"  {graph.nodes[edge.source].caption} {edge.label} {graph.nodes[edge.target].caption}"
                      f"  [dim]({ev.list}:{ev.list_id}: {ev.document})[/dim]")
    if found.through_common:
        console.print("note: this path runs through a common identifier (a value many parties share)")


@network_app.command()
def backtest(
    freeze: Annotated[str, typer.Option("--freeze", help="Designations on or before this date are the seeds (YYYY-MM-DD).")],
    authority: Annotated[str, typer.Option("--authority", help="The authority whose later designations are the targets.")] = "un_sc",
    regime: Annotated[str, typer.Option("--regime", help="The regime of seeds and targets.")] = "dprk",
    home: HomeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Rank with what the graph held at the freeze, and score it on the designations that followed."""
    from maxpressure.network.backtest import run_backtest
    from maxpressure.network.cache import CachedReconciliation
    from maxpressure.network.load import cache_dir_of
    from maxpressure.reconcile import judgements

    try:
        when = date.fromisoformat(freeze)
    except ValueError:
        raise InputError(None, f"--freeze expects a date as YYYY-MM-DD, got {freeze!r}") from None
    with open_store(home, read_only=True) as store:
        reconcile = CachedReconciliation(cache_dir_of(store), judgements.load(store))
        result = run_backtest(store, when, authority, regime, resolver_factory=reconcile)
    if as_json:
        print_json(result.to_json())
        return
    console.print(f"backtest {result.authority}/{result.regime}, freeze {result.freeze}: {result.seeds} seeds, "
                  f"{result.targets} targets designated after the freeze, {result.in_graph} of them in the graph")
    console.print(f"ranked: all {result.ranked} parties not designated at the freeze "
                  f"({result.with_evidence_path} with an evidence path to a seed)")
    console.print(f"method: {result.method}")
    console.print("graph: " + ", ".join(f"{s['list']} {s['as_of']}" for s in result.graph_snapshots))
    for leak in result.leaks:
        console.print(f"[bold]leak:[/bold] {leak}")
    table = Table()
    table.add_column("ranking")
    keys = list(result.metrics)
    for key in keys:
        table.add_column(key, justify="right")
    table.add_row("method", *(f"{result.metrics[k]:.3f}" for k in keys))
    for name, metrics in result.baselines.items():
        table.add_row(f"baseline: {name}", *(f"{metrics[k]:.3f}" for k in keys))
    console.print(table)

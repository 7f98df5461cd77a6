"""`maxpressure network`: candidates, the path between two parties, and the backtest."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from maxpressure.cli.app import app
from maxpressure.cli.common import HomeOpt, JsonOpt, console, err_console, open_store, print_json, table
from maxpressure.errors import InputError, NotFound

network_app = typer.Typer(help="Evasion networks: who helps designated parties but is not designated yet.",
                          no_args_is_help=True)
app.add_typer(network_app, name="network")


@network_app.command()
def candidates(
    limit: Annotated[int, typer.Option("--limit", help="How many candidates to show.")] = 20,
    authority: Annotated[Optional[str], typer.Option("--authority", help="Whose designations seed the ranking: un (default), us, eu, gb, a list name, or any (designated by no list at all).")] = None,
    regime: Annotated[Optional[str], typer.Option("--regime", help="Seeds designated under this regime; candidates with a nexus to it. Default: dprk when the data holds DPRK designations; any for none.")] = None,
    country: Annotated[Optional[str], typer.Option("--country", help="Candidates with this nexus country (ISO code, e.g. cn).")] = None,
    schema: Annotated[Optional[str], typer.Option("--schema", help="Candidates of this FtM schema (Person, Vessel, LegalEntity ...).")] = None,
    ais_events: Annotated[Optional[Path], typer.Option("--ais-events", help="AIS events (JSON lines from `maritime detect`): encounters and identity changes become relations.")] = None,
    home: HomeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Rank parties not designated by the authority by how strongly they connect to designated ones."""
    from maxpressure.network.load import current_graph
    from maxpressure.network.rank import METHOD, candidates_of, score_candidates, surface_options

    with open_store(home, read_only=True) as store:
        graph = current_graph(store)
        if ais_events is not None:
            from maxpressure.network.ais import add_ais_events, read_events
            from maxpressure.network.load import party_of_entity

            events, skipped = read_events(ais_events)
            add_ais_events(graph, events, party_of_entity(graph))
            if skipped:
                err_console.print(f"{ais_events}: {skipped} unreadable lines skipped")
    options = surface_options(graph, authority, regime, country=country, schema=schema, limit=limit)
    ranking = score_candidates(graph, options)
    shown = candidates_of(ranking, options)
    if as_json:
        on_paths = {n for c in shown for p in c.paths for n in p.nodes}
        print_json({"method": METHOD, "authority": options.authority, "regime": options.regime, "country": country,
                    "schema": schema, "seeds": len(ranking.seeds), "eligible": len(ranking.order),
                    "candidates": [c.to_json(graph) for c in shown], "graph": graph.to_json(on_paths)})
        return
    rows = [(c.rank, f"{c.caption} ({c.schema})", f"{c.score:.5f}", ", ".join(f"{m.list}:{m.list_id}" for m in c.lists) or "-",
             c.why(graph)[0] if c.paths else "-") for c in shown]
    console.print(table(f"{len(shown)} of {len(ranking.order)} candidates ({len(ranking.seeds)} designated seeds; "
                        f"authority {options.authority or 'any'}, regime {options.regime or 'any'})",
                        ("#", "candidate (schema)", "score", "lists", "why (strongest evidence path)"), rows,
                        cited={"#", "score", "lists"}, right={"#", "score"}))
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
    from maxpressure.network.backtest_report import backtest_lines
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
    for line in backtest_lines(result):
        console.print(line, markup=False, highlight=False)

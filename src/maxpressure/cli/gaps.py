"""`maxpressure gaps` and `maxpressure reconcile judge|show`: where the lists are out of step."""

from __future__ import annotations

import csv
import sys
from typing import Annotated

import typer

from maxpressure.cli.app import app
from maxpressure.cli.common import HomeOpt, JsonOpt, console, open_store, print_json, settings, table
from maxpressure.errors import InputError, NotFound

reconcile_app = typer.Typer(help="Cross-list reconciliation: show a cluster, judge a pair.", no_args_is_help=True)
app.add_typer(reconcile_app, name="reconcile")


def _cache_dir(home):
    return settings(home).cache_dir


@app.command()
def gaps(
    regime: Annotated[str, typer.Option("--regime", help="Regime to report on (e.g. dprk).")] = "dprk",
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV, one row per reconciled entity.")] = False,
    home: HomeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Per reconciled entity of a regime: who lists it, since when, who does not."""
    from maxpressure.reconcile.gaps import gaps_from_store
    from maxpressure.views.gaps import DEFAULT_GAP_SORT, GAP_SORTS

    if as_csv and as_json:
        raise InputError(None, "choose one of --json and --csv")
    with open_store(home, read_only=True) as store:
        found = gaps_from_store(store, regime, cache_dir=_cache_dir(home))
    # The web's order: the entities missing from the most authorities, listed longest ago, first.
    order = GAP_SORTS[DEFAULT_GAP_SORT]
    found = sorted(found, key=lambda gap: order(gap.to_json()))
    if as_json:
        print_json([gap.to_json() for gap in found])
    elif as_csv:
        _write_csv(found)
    else:
        console.print(_table(found, regime))


def _write_csv(found) -> None:
    from maxpressure.views.gaps import gap_csv_rows

    csv.writer(sys.stdout).writerows(gap_csv_rows(gap.to_json() for gap in found))


def _table(found, regime: str):
    missing = sum(1 for g in found if g.missing_from)
    rows = [(gap.entity_id, f"{gap.caption} ({gap.schema})", "; ".join(f"{a}: {d.text()}" for a, d in gap.listed_by.items()),
             ", ".join(gap.missing_from) or "-", f"{gap.confidence:.2f}") for gap in found]
    return table(f"{regime}: {len(found)} reconciled entities, {missing} missing from at least one authority",
                 ("entity", "name (schema)", "listed by (since)", "missing from", "confidence"), rows,
                 cited={"entity", "listed by (since)", "missing from", "confidence"})


@reconcile_app.command("judge")
def judge(
    left: Annotated[str, typer.Argument(help="Entity id (un_sc-KPi.033), list:list_id, or list id.")],
    right: Annotated[str, typer.Argument(help="The other entry.")],
    same: Annotated[bool, typer.Option("--same", help="They are the same real-world entity.")] = False,
    different: Annotated[bool, typer.Option("--different", help="They are not the same.")] = False,
    note: Annotated[str, typer.Option("--note", help="Why (kept with the judgement).")] = "",
    home: HomeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record an analyst's judgement; it overrides the algorithm from now on."""
    from maxpressure.reconcile import judgements

    if same == different:
        raise InputError(None, "give exactly one of --same and --different")
    with open_store(home) as store:
        judgement = judgements.record(store, left, right, same, note or None)
    verdict = "same" if judgement.same else "different"
    if as_json:
        print_json({"left": judgement.left, "right": judgement.right, "judgement": verdict})
    else:
        console.print(f"recorded: {judgement.left} and {judgement.right} are {verdict}")


@reconcile_app.command("show")
def show(
    entity: Annotated[str, typer.Argument(help="An entity id, list:list_id, list id, or cluster id.")],
    home: HomeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The cluster an entry belongs to: its members, evidence and confidence."""
    from maxpressure.designations import designation_record
    from maxpressure.reconcile import reconcile_store
    from maxpressure.reconcile.judgements import resolve_entity_id

    with open_store(home, read_only=True) as store:
        entity_id = resolve_entity_id(store, entity)
        reconciled = reconcile_store(store, cache_dir=_cache_dir(home))
        record = designation_record(store)
    if entity_id not in reconciled.by_id:
        raise NotFound(f"{entity_id} is not in the newest snapshot of its list")
    cluster = reconciled.clustering.cluster(reconciled.cluster_of(entity_id))
    members = [{"entity_id": e.entity_id, "list": e.list, "list_id": e.list_id, "caption": e.caption,
                "schema": e.schema, "programs": list(e.programs),
                **(record.of(e.entity_id).date.to_json() if record.of(e.entity_id) else {})}
               for e in reconciled.member_entries(cluster.cluster_id)]
    if as_json:
        print_json({**cluster.to_json(), "members": members})
        return
    console.print(f"cluster {cluster.cluster_id} (confidence {cluster.confidence:.2f})")
    for m in members:
        console.print(f"  {m['list']}:{m['list_id']}  {m['caption']}  [{m['schema']}] {', '.join(m['programs'])}"
                      f"  designated: {m.get('date_text', 'date unknown')}")
    for link in cluster.links:
        console.print(f"  evidence: {link.left} = {link.right} by {link.stage} ({link.confidence:.2f}): {link.detail}")

"""Replay the candidate ranking against real designations made after a freeze date.

Seeds are the parties the authority had designated on or before the freeze (its newest snapshot
held at the freeze, restricted to the regime). Targets are the regime's entries the authority
listed after the freeze (LISTED_ON later than the freeze, or absent from the freeze snapshot), as
its later snapshots show them. The graph holds the freeze snapshot and, for every other list, the
snapshot nearest the freeze; lists that transpose the authority's designations (the EU and UK copy
UN designations) are left out by default, since their later snapshots contain the answers.

A target is *in the graph* when it reconciles (reconcile.clusters) to a party of the graph. The
ranking is scored with recall at 20/50/100 and precision at 20/50, beside baselines ranking the
same candidate pool: degree, direct link to a seed, random, and every party with a nexus to the
regime (programme, nationality, address) in random order. Random orders are averaged over
`RANDOM_REPEATS` shuffles with a fixed seed, so figures are reproducible.

Leakage is reported, not hidden: a graph snapshot dated after the freeze knows links (and
designations) found after the freeze, and `leaks` says which.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable

import numpy as np

from maxpressure.errors import NotFound
from maxpressure.model import AUTHORITIES, REGIME_PROGRAMS, Entry
from maxpressure.network.build import build_graph
from maxpressure.network.graph import ENTITY, Graph, identity_resolver
from maxpressure.network.rank import DAMPING, METHOD, RankOptions, has_nexus, score_candidates
from maxpressure.reconcile import Judgement, clusters

RECALL_AT = (20, 50, 100)
PRECISION_AT = (20, 50)
RANKING_SHOWN = 500
RANDOM_REPEATS = 200
RANDOM_SEED = 20170703

# Authorities whose lists copy another authority's designations: keep them out of its backtest.
TRANSPOSES: dict[str, set[str]] = {"un": {"eu", "gb"}}

ResolverFactory = Callable[[list[Entry]], Callable[[str], str]]


class History:
    """What a backtest reads: snapshots per list, and the entries of one (a Store fits)."""

    def snapshots(self, list_name: str | None = None) -> list[Any]: ...  # pragma: no cover
    def entries(self, snapshot_id: int) -> list[Entry]: ...  # pragma: no cover


@dataclass
class BacktestResult:
    freeze: date
    authority: str
    regime: str
    method: str
    seeds: int
    ranked: int  # parties the authority had not designated: the pool every ranking orders
    with_evidence_path: int  # of them, those with a path to a seed avoiding common identifiers
    targets: int
    in_graph: int
    graph_snapshots: list[dict[str, Any]]
    leaks: list[str]
    metrics: dict[str, float]
    baselines: dict[str, dict[str, float]]
    ranking: list[dict[str, Any]]
    target_ids: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"freeze": self.freeze.isoformat(), "authority": self.authority, "regime": self.regime,
                "method": self.method, "seeds": self.seeds, "ranked": self.ranked,
                "with_evidence_path": self.with_evidence_path, "targets": self.targets,
                "in_graph": self.in_graph, "graph_snapshots": self.graph_snapshots,
                "leaks": self.leaks, "metrics": self.metrics, "baselines": self.baselines,
                "target_entries": self.target_ids, "ranking": self.ranking}


def metrics_of(order: list[str], hits_of: dict[str, set[str]], target_count: int) -> dict[str, float]:
    """Recall (share of all targets found) at 20/50/100 and precision at 20/50 of one ranking."""
    result: dict[str, float] = {}
    for k in RECALL_AT:
        found = set().union(*(hits_of.get(n, set()) for n in order[:k]))
        result[f"recall@{k}"] = round(len(found) / target_count, 4) if target_count else 0.0
    for k in PRECISION_AT:
        result[f"precision@{k}"] = round(sum(1 for n in order[:k] if n in hits_of) / k, 4)
    return result


def _mean_metrics(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(float(np.mean([r[key] for r in runs])), 4) for key in runs[0]}


def baselines(graph: Graph, pool: list[str], seeds: set[str], hits_of: dict[str, set[str]],
              target_count: int, regime: str) -> dict[str, dict[str, float]]:
    rng = np.random.default_rng(RANDOM_SEED)
    neighbours = {n: {e.other(n) for e in graph.edges_of(n)} for n in pool}
    by_degree = sorted(pool, key=lambda n: (-len(neighbours[n]), n))
    seed_links = {n: len(neighbours[n] & seeds) for n in pool}
    linked = [n for n in pool if seed_links[n] > 0]
    nexus = [n for n in pool if has_nexus(graph.nodes[n], regime)]

    def shuffled(items: list[str], head: Callable[[str], Any] | None = None) -> dict[str, float]:
        runs = []
        for _ in range(RANDOM_REPEATS):
            order = list(rng.permutation(items))
            if head is not None:
                order.sort(key=head)  # stable: random order within ties
            runs.append(metrics_of(order, hits_of, target_count))
        return _mean_metrics(runs)

    return {
        "degree": metrics_of(by_degree, hits_of, target_count),
        "seed_link": shuffled(linked, head=lambda n: -seed_links[n]),
        "random": shuffled(pool),
        f"{regime}_nexus_random": shuffled(nexus),
    }


def _authority_lists(history: History, authority: str) -> list[str]:
    names = sorted({s.list for s in history.snapshots()})
    return [n for n in names if AUTHORITIES.get(n, n) == authority]


def _nearest(snapshots: list[Any], freeze: date) -> Any:
    before = [s for s in snapshots if s.as_of is not None and s.as_of <= freeze]
    return before[-1] if before else min(snapshots, key=lambda s: (s.as_of is None, s.as_of))


def run_backtest(history: History, freeze: date, authority: str = "un", regime: str = "dprk",
                 graph_lists: Iterable[str] | None = None,
                 resolver_factory: ResolverFactory | None = None, damping: float = DAMPING) -> BacktestResult:
    authority = AUTHORITIES.get(authority, authority)
    programs = REGIME_PROGRAMS[regime]
    own_lists = _authority_lists(history, authority)
    if not own_lists:
        raise NotFound(f"the store holds no list of authority {authority!r}")
    seed_entries: list[Entry] = []
    target_entries: dict[str, Entry] = {}
    graph_entries: list[Entry] = []
    used: list[Any] = []
    for list_name in own_lists:
        snapshots = history.snapshots(list_name)
        held = [s for s in snapshots if s.as_of is not None and s.as_of <= freeze]
        if not held:
            raise NotFound(f"no {list_name} snapshot on or before {freeze.isoformat()}: nothing to seed from")
        frozen = held[-1]
        frozen_entries = history.entries(frozen.snapshot_id)
        graph_entries.extend(frozen_entries)
        used.append(frozen)
        frozen_ids = {e.entity_id for e in frozen_entries}
        seed_entries.extend(e for e in frozen_entries if set(e.programs) & programs)
        for later in (s for s in snapshots if s.as_of is not None and s.as_of > freeze):
            for entry in history.entries(later.snapshot_id):
                designated_later = entry.listed_on > freeze if entry.listed_on else entry.entity_id not in frozen_ids
                if set(entry.programs) & programs and designated_later and entry.entity_id not in frozen_ids:
                    target_entries.setdefault(entry.entity_id, entry)
    excluded = TRANSPOSES.get(authority, set())
    all_lists = sorted({s.list for s in history.snapshots()})
    others = [n for n in all_lists if n not in own_lists and AUTHORITIES.get(n, n) not in excluded]
    if graph_lists is not None:
        others = [n for n in graph_lists if n not in own_lists]
    for list_name in others:
        snapshots = history.snapshots(list_name)
        if snapshots:
            chosen = _nearest(snapshots, freeze)
            graph_entries.extend(history.entries(chosen.snapshot_id))
            used.append(chosen)
    leaks = [f"{s.list} snapshot {s.as_of.isoformat()} is later than the freeze "
             f"{freeze.isoformat()}: links and designations it states may have been found after the freeze"
             for s in used if s.as_of is not None and s.as_of > freeze]

    targets = list(target_entries.values())
    resolver = resolver_factory(graph_entries + targets) if resolver_factory else identity_resolver
    graph = build_graph(graph_entries, resolver)
    seeds = sorted({resolver(e.entity_id) for e in seed_entries} & set(graph.nodes))
    # The regime picks the seeds; candidates are not filtered by it: OFAC designates many DPRK
    # fronts under its non-proliferation programme (NPWMD) with no DPRK address on file.
    # Every party the authority had not designated is ranked, evidence path or not: the figures
    # score the method's whole order, and the baselines rank the very same pool.
    options = RankOptions(authority=authority, damping=damping)
    ranking = score_candidates(graph, options, seeds=seeds, every_party=True)

    hits_of: dict[str, set[str]] = {}
    for entry in targets:
        node_id = resolver(entry.entity_id)
        if node_id in graph.nodes and graph.nodes[node_id].kind == ENTITY:
            hits_of.setdefault(node_id, set()).add(entry.entity_id)
    order = [node_id for node_id, _ in ranking.order]
    seed_set = set(seeds)
    pool = sorted(order)
    members = _cluster_members(graph_entries + targets, resolver)
    with_path = ranking.distances.reachable()
    shown = [{"rank": i, "entity_id": node_id, "score": score, "target": node_id in hits_of,
              "evidence_path": bool(with_path[ranking.weighted.index[node_id]]),
              "caption": graph.nodes[node_id].caption, "lists": members.get(node_id, [])}
             for i, (node_id, score) in enumerate(ranking.order[:RANKING_SHOWN], start=1)]
    return BacktestResult(
        freeze=freeze, authority=authority, regime=regime,
        method=METHOD if damping == DAMPING else METHOD.replace(f"damping {DAMPING}", f"damping {damping}"),
        seeds=len(seeds), ranked=len(order),
        with_evidence_path=sum(1 for n in order if with_path[ranking.weighted.index[n]]),
        targets=len(targets), in_graph=sum(len(v) for v in hits_of.values()),
        graph_snapshots=[{"list": s.list, "as_of": s.as_of.isoformat() if s.as_of else None,
                          "snapshot_id": s.snapshot_id} for s in used],
        leaks=leaks, metrics=metrics_of(order, hits_of, len(targets)),
        baselines=baselines(graph, pool, seed_set, hits_of, len(targets), regime),
        ranking=shown,
        target_ids=[{"list": e.list, "list_id": e.list_id, "caption": e.caption,
                     "listed_on": e.listed_on.isoformat() if e.listed_on else None,
                     "in_graph": resolver(e.entity_id) in hits_of} for e in targets],
    )


def _cluster_members(entries: list[Entry], resolver: Callable[[str], str]) -> dict[str, list[dict[str, str]]]:
    members: dict[str, list[dict[str, str]]] = {}
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        if (entry.list, entry.list_id) not in seen:
            seen.add((entry.list, entry.list_id))
            members.setdefault(resolver(entry.entity_id), []).append({"list": entry.list, "list_id": entry.list_id})
    return members


def reconciled_resolver(entries: list[Entry], judgements: Iterable[Judgement] = ()) -> Callable[[str], str]:
    """The cross-list reconciliation (screening name comparison, analyst judgements) as a resolver."""
    unique = list({e.entity_id: e for e in entries}.values())
    return clusters(unique, judgements=judgements).cluster_of

"""Replay the candidate ranking with only what was known at a freeze date, and score it on the
designations that followed.

- **Seeds**: the parties the authority had designated on or before the freeze under the regime:
  its newest snapshot held at the freeze, or, for an authority whose only snapshots are later
  (the UK), the entries its list dates on or before the freeze.
- **Targets**: the regime's entries the authority designated after the freeze (absent from the
  freeze snapshot, or dated after it by the list), dated by the designation model.
- **Evidence known at the freeze**: for every other list, the snapshot nearest the freeze, keeping
  only entries the designation model dates on or before it (OFAC's legacy files carry no dates:
  its DPRK entries are dated by the cited table, others by first-seen windows, and an entry not
  shown to exist by the freeze is left out); Panel of Experts facts from reports published by the
  freeze (`Graph.as_of`). Undated statements of a dataset that designates nobody are left out.
  Lists that transpose the authority's designations (the EU and UK copy the UN's) are left out.
- **No look-ahead in reconciliation**: the graph is built from the evidence alone; the targets are
  then reconciled against it in a separate pass, so their future records never merge, add or
  link a party of the graph.

What the graph cannot know is printed beside the figures: `reachable` counts the targets that are
in the graph and connected to a seed at all; the rest no ranking of this graph can find.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable

from maxpressure.designations import date_of, implements_of
from maxpressure.errors import NotFound
from maxpressure.model import AUTHORITIES, NOT_DESIGNATING, REGIME_PROGRAMS, Entry, designates
from maxpressure.network.backtest_scoring import Metrics, baselines, metrics_of, verdicts
from maxpressure.network.build import build_graph
from maxpressure.network.graph import ENTITY, Graph, identity_resolver
from maxpressure.network.panel import reports_naming
from maxpressure.network.rank import DAMPING, METHOD, RankOptions, has_nexus, score_candidates
from maxpressure.reconcile import Judgement, clusters

RANKING_SHOWN = 500

# How the parties with no score (nothing ties them to a seed) follow the scored ones in a backtest:
# the method has no evidence on them, so this is the fallback order, chosen on a tuning freeze.
TAIL_ORDERS: dict[str, str] = {
    "degree": "most distinct neighbours first",
    "newest": "most recently designated or named first, then by degree",
    "nexus": "those with a nexus to the regime first, then by degree",
}
TAIL_ORDER = "degree"

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
    in_graph: int  # targets reconciling to a party of the graph
    reachable: int  # of them, those connected to a seed at all (score above zero)
    graph_snapshots: list[dict[str, Any]]
    left_out: dict[str, int]  # per list, entries of its snapshot not known to exist by the freeze
    leaks: list[str]
    metrics: Metrics
    baselines: dict[str, Metrics]
    ranking: list[dict[str, Any]]
    target_ids: list[dict[str, Any]] = field(default_factory=list)
    damping: float = DAMPING
    tail_order: str = TAIL_ORDER
    targets_until: date | None = None
    # The method's rank at which it has found every reachable target (None: none reachable); past
    # it, its order is that of parties no evidence ties to a seed (by degree, rank.ranked_indices).
    all_reachable_by: int | None = None

    @property
    def measurable(self) -> bool:
        return self.targets > 0

    def to_json(self) -> dict[str, Any]:
        return {"freeze": self.freeze.isoformat(), "authority": self.authority, "regime": self.regime,
                "method": self.method, "damping": self.damping, "tail_order": self.tail_order,
                "targets_until": self.targets_until.isoformat() if self.targets_until else None,
                "seeds": self.seeds, "ranked": self.ranked,
                "with_evidence_path": self.with_evidence_path, "targets": self.targets,
                "in_graph": self.in_graph, "reachable": self.reachable, "measurable": self.measurable,
                "all_reachable_by": self.all_reachable_by,
                "verdicts": verdicts(self.metrics, self.baselines, self.reachable),
                "graph_snapshots": self.graph_snapshots, "left_out": self.left_out,
                "leaks": self.leaks, "metrics": self.metrics, "baselines": self.baselines,
                "target_entries": self.target_ids, "ranking": self.ranking}


@dataclass
class _Evidence:
    """What the graph may be built from, and what the backtest scores it against."""

    seeds: list[Entry] = field(default_factory=list)
    targets: dict[str, Entry] = field(default_factory=dict)
    graph: list[Entry] = field(default_factory=list)
    used: list[Any] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)
    known_on: dict[str, date] = field(default_factory=dict)  # entity id -> when it became known


def _authority_lists(history: History, authority: str) -> list[str]:
    names = sorted({s.list for s in history.snapshots()})
    return [n for n in names if AUTHORITIES.get(n, n) == authority]


def _nearest(snapshots: list[Any], freeze: date) -> Any:
    before = [s for s in snapshots if s.as_of is not None and s.as_of <= freeze]
    return before[-1] if before else min(snapshots, key=lambda s: (s.as_of is None, s.as_of))


def known_on(entry: Entry, windows: dict[str, tuple[date | None, date | None]]) -> date | None:
    """The latest day by which the entry is known to have existed, by the designation model
    (a list date, a cited date, or the first snapshot or daily copy holding it); Panel facts by
    the first report naming the party. None when nothing dates it."""
    if not designates(entry.list):
        dated = [d for _, d in reports_naming(entry.entity.get("notes", quiet=True)) if d is not None]
        return min(dated) if dated else None
    when = date_of(entry.list, entry.list_id, entry.listed_on, implements_of(entry), windows.get(entry.list_id))
    return when.day


def _windows(history: History, list_name: str) -> dict[str, tuple[date | None, date | None]]:
    reader = getattr(history, "first_seen_windows", None)
    return reader(list_name) if reader else {}


def _gather(history: History, freeze: date, authority: str, programs: frozenset[str],
            graph_lists: Iterable[str] | None, targets_until: date | None = None) -> _Evidence:
    own_lists = _authority_lists(history, authority)
    if not own_lists:
        raise NotFound(f"the store holds no list of authority {authority!r}")
    found = _Evidence()
    for list_name in own_lists:
        _own_list(history, freeze, list_name, programs, found, targets_until)
    excluded = TRANSPOSES.get(authority, set())
    all_lists = sorted({s.list for s in history.snapshots()})
    others = [n for n in all_lists if n not in own_lists and AUTHORITIES.get(n, n) not in excluded]
    if graph_lists is not None:
        others = [n for n in graph_lists if n not in own_lists]
    for list_name in others:
        snapshots = history.snapshots(list_name)
        if not snapshots:
            continue
        chosen = _nearest(snapshots, freeze)
        windows = _windows(history, list_name)
        kept = 0
        for entry in history.entries(chosen.snapshot_id):
            when = known_on(entry, windows)
            if when is not None and when <= freeze:
                found.graph.append(entry)
                found.known_on[entry.entity_id] = when
                kept += 1
            else:
                found.left_out[list_name] = found.left_out.get(list_name, 0) + 1
        found.used.append(chosen)
    return found


def _own_list(history: History, freeze: date, list_name: str, programs: frozenset[str], found: _Evidence,
              targets_until: date | None = None) -> None:
    snapshots = [s for s in history.snapshots(list_name) if s.as_of is not None]
    held = [s for s in snapshots if s.as_of <= freeze]
    windows = _windows(history, list_name)
    if held:
        frozen = held[-1]
        frozen_entries = history.entries(frozen.snapshot_id)
        frozen_ids = {e.entity_id for e in frozen_entries}
        later = [s for s in snapshots if s.as_of > freeze]
    elif snapshots and any(e.listed_on for e in history.entries(snapshots[0].snapshot_id)):
        # Only later snapshots, but the list dates its entries: what it had listed by the freeze
        # is known from those dates (the UK's only bundled file is of 2025).
        frozen = snapshots[0]
        frozen_entries = [e for e in history.entries(frozen.snapshot_id)
                          if (d := known_on(e, windows)) is not None and d <= freeze]
        frozen_ids = {e.entity_id for e in frozen_entries}
        later = snapshots
    else:
        raise NotFound(f"no {list_name} snapshot on or before {freeze.isoformat()} and no list dates: "
                       "nothing to seed from")
    found.graph.extend(frozen_entries)
    found.known_on.update((e.entity_id, known_on(e, windows) or frozen.as_of) for e in frozen_entries)
    found.used.append(frozen)
    found.seeds.extend(e for e in frozen_entries if set(e.programs) & programs)
    for snapshot in later:
        for entry in history.entries(snapshot.snapshot_id):
            designated_later = entry.listed_on > freeze if entry.listed_on else entry.entity_id not in frozen_ids
            # A tuning freeze's targets stop where a reported freeze begins (`targets_until`), so
            # that no designation scored on the reported backtest chooses the method's parameters.
            in_time = targets_until is None or (entry.listed_on or snapshot.as_of) <= targets_until
            if set(entry.programs) & programs and designated_later and in_time and entry.entity_id not in frozen_ids:
                found.targets.setdefault(entry.entity_id, entry)


def graph_at_freeze(history: History, freeze: date, authority: str, regime: str,
                    graph_lists: Iterable[str] | None, factory: ResolverFactory,
                    targets_until: date | None = None) -> tuple[_Evidence, Callable[[str], str], Graph]:
    """The evidence known at the freeze, its resolver, and the graph built from it alone: list
    entries dated by the freeze, and of the Panel's facts only those a report published by then
    states (an undated Panel statement is left out)."""
    found = _gather(history, freeze, AUTHORITIES.get(authority, authority), REGIME_PROGRAMS[regime], graph_lists,
                    targets_until)
    resolver = factory(found.graph)
    return found, resolver, build_graph(found.graph, resolver).as_of(freeze, undated_from=NOT_DESIGNATING)


def run_backtest(history: History, freeze: date, authority: str = "un", regime: str = "dprk",
                 graph_lists: Iterable[str] | None = None,
                 resolver_factory: ResolverFactory | None = None, damping: float = DAMPING,
                 tail_order: str = TAIL_ORDER, targets_until: date | None = None) -> BacktestResult:
    """`targets_until`: only designations up to that day are targets (a tuning freeze that stops
    where a reported one begins); `tail_order`: how the parties no evidence ties to a seed follow
    the scored ones (`TAIL_ORDERS`)."""
    (result,) = run_backtests(history, freeze, authority, regime, graph_lists, resolver_factory,
                              [(damping, tail_order)], targets_until)
    return result


def run_backtests(history: History, freeze: date, authority: str = "un", regime: str = "dprk",
                  graph_lists: Iterable[str] | None = None, resolver_factory: ResolverFactory | None = None,
                  settings: Iterable[tuple[float, str]] = ((DAMPING, TAIL_ORDER),),
                  targets_until: date | None = None) -> list[BacktestResult]:
    """One backtest per (damping, tail order), on one graph and one set of targets and baselines."""
    settings = list(settings)
    for _, tail_order in settings:
        if tail_order not in TAIL_ORDERS:
            raise ValueError(f"unknown tail order {tail_order!r}; known: {', '.join(TAIL_ORDERS)}")
    authority = AUTHORITIES.get(authority, authority)
    factory = resolver_factory or (lambda entries: identity_resolver)
    found, resolver, graph = graph_at_freeze(history, freeze, authority, regime, graph_lists, factory, targets_until)
    targets = list(found.targets.values())
    seeds = sorted({resolver(e.entity_id) for e in found.seeds} & set(graph.nodes))
    hits_of = _target_hits(graph, found.graph, targets, resolver, factory)
    newest, panel_named = _dates_of(graph, found, resolver)
    members = _cluster_members(found.graph, resolver, targets, hits_of)
    hit_of_target = {t: n for n, ts in hits_of.items() for t in ts}
    common = dict(
        freeze=freeze, authority=authority, regime=regime, targets_until=targets_until, seeds=len(seeds),
        targets=len(targets), in_graph=sum(len(v) for v in hits_of.values()),
        graph_snapshots=[{"list": s.list, "as_of": s.as_of.isoformat() if s.as_of else None,
                          "snapshot_id": s.snapshot_id} for s in found.used],
        left_out=found.left_out, leaks=_leaks(found, freeze),
        target_ids=[{"list": e.list, "list_id": e.list_id, "caption": e.caption,
                     "listed_on": e.listed_on.isoformat() if e.listed_on else None,
                     "in_graph": e.entity_id in hit_of_target} for e in targets])
    rankings: dict[float, Any] = {}  # the walk depends on the damping only, not on the tail order
    compared = None
    results = []
    for damping, tail_order in settings:
        if damping not in rankings:
            # The regime picks the seeds; candidates are not filtered by it: OFAC designates many DPRK
            # fronts under its non-proliferation programme (NPWMD) with no DPRK address on file.
            rankings[damping] = score_candidates(graph, RankOptions(authority=authority, damping=damping),
                                                 seeds=seeds, every_party=True)
        ranking = rankings[damping]
        ranked = with_tail(ranking.order, tail_order, graph, newest, regime)
        if compared is None:  # every setting ranks the same pool
            compared = baselines(graph, sorted(n for n, _ in ranked), set(seeds), hits_of, len(targets), regime,
                                 newest, panel_named)
        results.append(_result(common, ranking, ranked, damping, tail_order, hits_of, len(targets), compared,
                               graph, members))
    return results


def _result(common: dict[str, Any], ranking: Any, ranked: list[tuple[str, float]], damping: float,
            tail_order: str, hits_of: dict[str, list], targets: int, compared: dict, graph: Graph,
            members: dict[str, list]) -> BacktestResult:
    """One setting's figures over the ranked pool (the scored parties, then the tail)."""
    order = [node_id for node_id, _ in ranked]
    scores = dict(ranked)
    with_path = ranking.distances.reachable()
    shown = [{"rank": i, "entity_id": node_id, "score": score, "target": node_id in hits_of,
              "evidence_path": bool(with_path[ranking.weighted.index[node_id]]),
              "caption": graph.nodes[node_id].caption, "lists": members.get(node_id, [])}
             for i, (node_id, score) in enumerate(ranked[:RANKING_SHOWN], start=1)]
    return BacktestResult(
        **common, method=_method(damping, tail_order), tail_order=tail_order, ranked=len(order),
        with_evidence_path=sum(1 for n in order if with_path[ranking.weighted.index[n]]),
        reachable=sum(len(v) for n, v in hits_of.items() if scores.get(n, 0.0) > 0),
        metrics=metrics_of(order, hits_of, targets), baselines=compared, ranking=shown, damping=damping,
        all_reachable_by=max((i for i, (n, score) in enumerate(ranked, start=1) if n in hits_of and score > 0),
                             default=None))


def _method(damping: float, tail_order: str) -> str:
    method = METHOD if damping == DAMPING else METHOD.replace(f"damping {DAMPING}", f"damping {damping}")
    return f"{method}; parties no evidence ties to a seed follow, {TAIL_ORDERS[tail_order]}"


def with_tail(order: list[tuple[str, float]], tail_order: str, graph: Graph, newest: dict[str, date],
              regime: str) -> list[tuple[str, float]]:
    """The method's whole order: the parties with a score by score (ties by degree, then id), then
    those with none, which no evidence ties to a seed, by `tail_order` (ties as they came: by
    degree, then id)."""
    scored = [(n, s) for n, s in order if s > 0]
    tail = [(n, s) for n, s in order if s <= 0]
    if tail_order == "newest":
        tail.sort(key=lambda pair: -newest[pair[0]].toordinal() if pair[0] in newest else 1)
    elif tail_order == "nexus":
        tail.sort(key=lambda pair: not has_nexus(graph.nodes[pair[0]], regime))
    return scored + tail


def _target_hits(graph: Graph, evidence: list[Entry], targets: list[Entry], resolver: Callable[[str], str],
                 factory: ResolverFactory) -> dict[str, set[str]]:
    """Graph party -> the targets reconciling to it, in a pass of its own (evidence + targets):
    a target's future record may join it to a party of the graph, never two parties together."""
    if not targets:
        return {}
    joint = factory(evidence + targets)
    node_of_cluster: dict[str, str] = {}
    for entry in evidence:
        node_id = resolver(entry.entity_id)
        if node_id in graph.nodes and graph.nodes[node_id].kind == ENTITY:
            node_of_cluster.setdefault(joint(entry.entity_id), node_id)
    hits: dict[str, set[str]] = {}
    for entry in targets:
        node_id = node_of_cluster.get(joint(entry.entity_id))
        if node_id is not None:
            hits.setdefault(node_id, set()).add(entry.entity_id)
    return hits


def _dates_of(graph: Graph, found: _Evidence, resolver: Callable[[str], str]) -> tuple[dict[str, date], dict[str, date]]:
    """Per party: its newest known designation or naming date, and its newest Panel report date."""
    newest: dict[str, date] = {}
    for entity_id, when in found.known_on.items():
        node_id = resolver(entity_id)
        if node_id not in newest or when > newest[node_id]:
            newest[node_id] = when
    panel: dict[str, date] = {}
    for edge in graph.edges:
        if edge.kind == "panel_report" and edge.evidence.known_on is not None:
            party = edge.source if graph.nodes[edge.source].kind == ENTITY else edge.target
            if party not in panel or edge.evidence.known_on > panel[party]:
                panel[party] = edge.evidence.known_on
    return newest, panel


def _leaks(found: _Evidence, freeze: date) -> list[str]:
    leaks = []
    for s in found.used:
        if s.as_of is not None and s.as_of > freeze and not designates(s.list):
            # The Panel's facts are dated one by one (graph_at_freeze); what is not is a party's
            # record itself, which reconciliation reads.
            leaks.append(f"{s.list} snapshot {s.as_of.isoformat()} is later than the freeze: its parties no report "
                         f"published by the freeze names are left out ({found.left_out.get(s.list, 0)}), "
                         "and of the rest only the links a report published by the freeze states are kept; "
                         "a kept party's names and identifiers are as the later file states them")
        elif s.as_of is not None and s.as_of > freeze:
            leaks.append(f"{s.list} snapshot {s.as_of.isoformat()} is later than the freeze: its entries "
                         f"designated by the freeze are kept ({found.left_out.get(s.list, 0)} later or undated ones "
                         "left out), but their remarks and links are as the later file states them")
    return leaks


def _cluster_members(entries: list[Entry], resolver: Callable[[str], str], targets: list[Entry],
                     hits_of: dict[str, set[str]]) -> dict[str, list[dict[str, str]]]:
    members: dict[str, list[dict[str, str]]] = {}
    seen: set[tuple[str, str]] = set()
    by_id = {t.entity_id: t for t in targets}
    pairs = [(resolver(e.entity_id), e) for e in entries]
    pairs += [(node_id, by_id[t]) for node_id, ts in hits_of.items() for t in sorted(ts)]
    for node_id, entry in pairs:
        if (entry.list, entry.list_id) not in seen:
            seen.add((entry.list, entry.list_id))
            members.setdefault(node_id, []).append({"list": entry.list, "list_id": entry.list_id})
    return members


def reconciled_resolver(entries: list[Entry], judgements: Iterable[Judgement] = ()) -> Callable[[str], str]:
    """The cross-list reconciliation (screening name comparison, analyst judgements) as a resolver."""
    unique = list({e.entity_id: e for e in entries}.values())
    return clusters(unique, judgements=judgements).cluster_of

"""The backtest on the bundled real data: UN DPRK frozen at 2017-07-03, evidence as known then."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from maxpressure.model import PANEL_DATASET, Entry, make_entity
from maxpressure.network.backtest import graph_at_freeze, known_on, reconciled_resolver, run_backtest
from maxpressure.network.panel import report_dates
from maxpressure.network.backtest_report import NOT_MEASURABLE, backtest_lines
from maxpressure.network.backtest_scoring import beats_baselines, verdicts

FREEZE = date(2017, 7, 3)


@pytest.fixture(scope="module")
def result(loaded_store):
    return run_backtest(loaded_store, FREEZE, "un_sc", "dprk", resolver_factory=reconciled_resolver)


@pytest.mark.slow
def test_backtest_holds_only_evidence_known_at_the_freeze(result, loaded_store):
    assert result.seeds >= 90  # 99 UN DPRK entries in the 2017 file, some merged by reconciliation
    assert result.targets == 56
    # No UK: it copies the UN. The Panel's facts (loaded by `init`) stay where a report dates them.
    assert [s["list"] for s in result.graph_snapshots] == ["un_sc", PANEL_DATASET, "us_ofac_sdn"]
    # OFAC's 2021 file: only entries the designation model dates on or before the freeze stay.
    ofac = [s for s in loaded_store.snapshots("us_ofac_sdn") if s.as_of == date(2021, 7, 7)][0]
    windows = loaded_store.first_seen_windows("us_ofac_sdn")
    entries = loaded_store.entries(ofac.snapshot_id)
    kept = [e for e in entries if (d := known_on(e, windows)) is not None and d <= FREEZE]
    assert result.left_out["us_ofac_sdn"] == len(entries) - len(kept) > 8000
    # The March 2018 shipping designations are not known in July 2017.
    assert "23737" not in {e.list_id for e in kept}  # PAEK MA, designated by OFAC on 2018-02-23
    # Most later UN targets were in the graph only through OFAC records made after the freeze.
    assert 10 <= result.in_graph <= 25
    assert result.reachable <= result.in_graph


@pytest.fixture(scope="module")
def frozen(loaded_store):
    found, resolver, graph = graph_at_freeze(loaded_store, FREEZE, "un_sc", "dprk", None, reconciled_resolver)
    return found, graph


def _panel_node(graph, entity_id):
    return next((n for n in graph.entity_nodes() if entity_id in {m.entity_id for m in n.members}), None)


def _captions(graph, edge):
    return frozenset((graph.nodes[edge.source].caption, graph.nodes[edge.target].caption))


@pytest.mark.slow
def test_a_panel_fact_from_a_later_report_never_reaches_the_graph_of_an_earlier_freeze(frozen, loaded_store):
    found, graph = frozen
    panel_edges = [e for e in graph.edges if e.evidence.list == PANEL_DATASET]
    # S/2017/150 (February 2017) is known in July 2017: its parties and the links it states are there.
    assert {frozenset(("PAN SYSTEMS PYONGYANG", "GLOCOM")),
            frozenset(("MALAYSIA KOREA PARTNERS HOLDINGS", "INTERNATIONAL CONSORTIUM BANK"))} <= {
        _captions(graph, e) for e in panel_edges}
    assert all(e.evidence.known_on is not None and e.evidence.known_on <= FREEZE for e in panel_edges)
    # A party the Panel first named in S/2019/171 is not in the graph at all, nor the link that report states.
    panel = [s for s in loaded_store.snapshots(PANEL_DATASET)][-1]
    later = {e.entity_id for e in loaded_store.entries(panel.snapshot_id)
             if (d := known_on(e, {})) is None or d > FREEZE}
    assert "poe-v-wise-honest" in later and len(later) == found.left_out[PANEL_DATASET]
    assert not any(m.entity_id in later for n in graph.entity_nodes() for m in n.members)
    assert frozenset(("KOREA SONGI SHIPPING CO", "WISE HONEST")) not in {_captions(graph, e) for e in graph.edges}
    # A party named in 2017 and again later keeps only the 2017 naming: MKP (S/2019/171), the RGB (S/2019/691).
    for entity_id, report in (("poe-c-mkp", "S/2019/171"), ("poe-c-reconnaissance-general-bureau", "S/2019/691")):
        node = _panel_node(graph, entity_id)
        named_in = {graph.nodes[e.other(node.node_id)].caption for e in graph.edges_of(node.node_id)
                    if e.kind == "panel_report"}
        assert "S/2017/150" in named_in and report not in named_in
    # Of the eight reports, only S/2017/150 was out by the freeze: the graph joins parties through no other.
    assert [s for s, day in report_dates().items() if day <= FREEZE] == ["S/2017/150"]
    assert {graph.nodes[e.target].caption for e in graph.edges if e.kind == "panel_report"} == {"S/2017/150"}


@pytest.mark.slow
def test_reachable_targets_and_every_baseline_are_reported(result):
    assert {"seed_link", "seed_link_newest", "panel_newest", "degree", "random", "dprk_nexus_random"} <= set(
        result.baselines)
    lines = "\n".join(backtest_lines(result))
    assert f"{result.reachable} reachable" in lines and "baseline seed_link_newest" in lines
    # One verdict per baseline, in figures, and where the evidence stops deciding the order.
    for name, m in result.baselines.items():
        assert f"  {name}: " in lines and f"vs {m['recall@100']:.3f})" in lines
    assert result.all_reachable_by is not None and f"by rank {result.all_reachable_by} " in lines
    assert result.to_json()["verdicts"] == verdicts(result.metrics, result.baselines, result.reachable)


def test_a_verdict_says_beats_ties_or_loses_and_is_not_measurable_without_a_reachable_target():
    method = {"recall@50": 0.2, "recall@100": 0.3}
    others = {"degree": {"recall@50": 0.1, "recall@100": 0.3}, "seed_link": {"recall@50": 0.25, "recall@100": 0.1}}
    assert verdicts(method, others, reachable=3) == {"degree": {"recall@50": "beats", "recall@100": "ties"},
                                                     "seed_link": {"recall@50": "loses to", "recall@100": "beats"}}
    assert beats_baselines(method, others, reachable=3) is False
    assert beats_baselines(method, {"degree": {"recall@50": 0.1, "recall@100": 0.2}}, reachable=3) is True
    # Targets in the graph but none connected to a seed: a hit is tie order, not evidence.
    assert verdicts(method, others, reachable=0) is None and beats_baselines(method, others, reachable=0) is None


@pytest.mark.slow
def test_json_ranking_lets_anyone_recompute_the_figures(result):
    data = result.to_json()
    ranking = data["ranking"]
    assert [r["rank"] for r in ranking] == list(range(1, len(ranking) + 1))
    scores = [r["score"] for r in ranking]
    assert scores == sorted(scores, reverse=True)
    targets = {(t["list"], t["list_id"]) for t in data["target_entries"]}
    assert len(targets) == data["targets"]

    def found(rows):
        return {(m["list"], m["list_id"]) for r in rows for m in r["lists"]} & targets

    for k in (20, 50, 100):
        assert len(found(ranking[:k])) / len(targets) == pytest.approx(data["metrics"][f"recall@{k}"], abs=1e-4)
    for k in (20, 50):
        hits = sum(1 for r in ranking[:k] if found([r]))
        assert hits / k == pytest.approx(data["metrics"][f"precision@{k}"], abs=1e-4)


def test_a_freeze_with_no_later_designation_is_not_measurable(loaded_store):
    newest = loaded_store.snapshots("un_sc")[-1].as_of
    result = run_backtest(loaded_store, newest, "un_sc", "dprk", graph_lists=[])
    assert result.targets == 0 and not result.measurable
    assert set(result.metrics.values()) == {None}
    assert all(set(b.values()) == {None} for b in result.baselines.values())
    assert any(NOT_MEASURABLE in line for line in backtest_lines(result))


@dataclass
class _Snapshot:
    list: str
    as_of: date
    snapshot_id: int


class _History:
    def __init__(self, snapshots, entries):
        self._snapshots, self._entries = snapshots, entries

    def snapshots(self, list_name=None):
        return [s for s in self._snapshots if list_name is None or s.list == list_name]

    def entries(self, snapshot_id):
        return self._entries[snapshot_id]


def _entry(list_name, list_id, name, programs=("DPRK",), listed_on=None):
    entity = make_entity("Organization", f"{list_name}-{list_id}")
    entity.add("name", name)
    return Entry(list=list_name, list_id=list_id, schema="Organization", caption=name, programs=tuple(programs),
                 listed_on=listed_on, entities=[entity])


def test_a_targets_future_record_never_merges_parties_of_the_graph():
    seed = _entry("un_sc", "KPe.001", "SEED CORP", listed_on=date(2009, 4, 24))
    front_a = _entry("us_ofac_sdn", "1", "FRONT A", listed_on=date(2016, 1, 1))
    front_b = _entry("us_ofac_sdn", "2", "FRONT B", listed_on=date(2016, 1, 1))
    target = _entry("un_sc", "KPe.099", "FRONT A", listed_on=date(2018, 3, 30))
    history = _History([_Snapshot("un_sc", date(2017, 7, 3), 1), _Snapshot("un_sc", date(2024, 9, 26), 2),
                        _Snapshot("us_ofac_sdn", date(2017, 1, 1), 3)],
                       {1: [seed], 2: [seed, target], 3: [front_a, front_b]})
    seen = []

    def factory(entries):
        ids = {e.entity_id for e in entries}
        seen.append(ids)
        # The target's record "says" FRONT A and FRONT B are one body: only a resolver that sees it merges them.
        merged = {front_b.entity_id: front_a.entity_id, target.entity_id: front_a.entity_id} \
            if target.entity_id in ids else {}
        return lambda entity_id: merged.get(entity_id, entity_id)

    result = run_backtest(history, FREEZE, "un_sc", "dprk", resolver_factory=factory)
    assert target.entity_id not in seen[0]  # the graph's reconciliation never sees the target
    assert result.ranked == 2  # FRONT A and FRONT B stay two parties
    assert result.in_graph == 1 and result.targets == 1

"""New sources of evidence on the bundled real data: the Panel of Experts facts loaded by `init`,
and AIS events (simulated, with the real names and IMO numbers of designated tankers)."""

from __future__ import annotations

import json

import pyarrow.csv as pacsv
import pytest

from maxpressure.maritime import simulate
from maxpressure.maritime.pipeline import detect, write_events
from maxpressure.network.ais import add_ais_events, read_events
from maxpressure.network.load import current_graph, party_of_entity
from maxpressure.network.panel import PANEL_DATASET
from maxpressure.network.rank import candidates_of, score_candidates, surface_options

pytestmark = pytest.mark.slow  # the graph of every bundled list, reconciled

WISE_HONEST = "poe-v-wise-honest"  # named in S/2019/171; on none of the bundled lists


@pytest.fixture(scope="module")
def panel_store(loaded_store):
    """What `init` loads (loading.load_bundled_default): the bundled lists and the bundled Panel
    of Experts dataset."""
    return loaded_store


@pytest.fixture(scope="module")
def graph(panel_store):
    return current_graph(panel_store)


def _node_of(graph, entity_id):
    return next(n for n in graph.entity_nodes() if entity_id in {m.entity_id for m in n.members})


def test_the_bundled_panel_dataset_loads_and_designates_nobody(panel_store, graph):
    assert [s.list for s in panel_store.snapshots(PANEL_DATASET)] == [PANEL_DATASET]
    panel_only = [n for n in graph.entity_nodes() if {m.list for m in n.members} == {PANEL_DATASET}]
    assert len(panel_only) > 80
    assert not any(n.designated_by() for n in panel_only)


def test_a_panel_named_vessel_no_list_holds_is_a_candidate_with_its_citation(graph):
    node = _node_of(graph, WISE_HONEST)
    assert {m.list for m in node.members} == {PANEL_DATASET}
    options = surface_options(graph, limit=300)
    shown = {c.node_id: c for c in candidates_of(score_candidates(graph, options), options)}
    candidate = shown[node.node_id]
    why = " ".join(candidate.why(graph))
    assert "named by the Panel in S/2019/171" in why and "known 2019-03-12" in why
    edges = [e for p in candidate.paths for e in p.edges if e.kind == "panel_report"]
    assert edges and all(e.evidence.source_url.startswith("http") for e in edges)


def test_a_vessel_the_panel_saw_in_a_ship_to_ship_transfer_with_a_designated_tanker_is_a_top_candidate(graph):
    # P-PIONEER (on no list) transferred diesel to the DPRK tanker YU SON (UN-designated 2018-03);
    # the Panel dataset cites the page. Conduct, like an AIS encounter: top 10 of the DPRK candidates
    # (2nd on the bundled data; 14th when the transfer was a plain "linked to").
    node = _node_of(graph, "poe-v-p-pioneer")
    assert {m.list for m in node.members} == {PANEL_DATASET}
    options = surface_options(graph, limit=10)
    top = {c.node_id: c for c in candidates_of(score_candidates(graph, options), options)}
    why = " ".join(top[node.node_id].why(graph))
    assert "met YU SON (designated by GB, UN, US) at sea: ship-to-ship transfer of diesel" in why
    assert "https://www.maritime-executive.com/" in why


@pytest.fixture(scope="module")
def ais_events(panel_store, tmp_path_factory):
    table, labels = simulate.simulate(seed=5, blocks=1)
    folder = tmp_path_factory.mktemp("ais")
    pacsv.write_csv(table, folder / "sim.csv")
    newest = [s.snapshot_id for s in panel_store.latest_snapshots()]
    entries = [e for sid in newest for e in panel_store.entries(sid)]
    result = detect([folder / "sim.csv"], entries=entries)
    write_events(result.events, folder / "events.jsonl")
    (folder / "events.jsonl").open("a").write("not json\n")
    return read_events(folder / "events.jsonl"), labels


def test_a_simulated_vessel_that_met_a_designated_tanker_ranks_among_the_top_candidates(graph, ais_events):
    (events, skipped), labels = ais_events
    assert skipped == 1
    hub = next(lab for lab in labels if lab["scenario"] == "hub_tanker_in_sequence")
    partner = next(m for m in hub["mmsis"] if not m.startswith("445"))  # 445: the DPRK tanker YU SON
    add_ais_events(graph, events, party_of_entity(graph))
    node_id = f"ais-vessel-{partner}"
    assert not graph.nodes[node_id].designated_by()
    # A ship-to-ship meeting with a designated tanker is the conduct the UN designates vessels for
    # (relations.Relation.conduct, rank.CONDUCT_RESTART): among the top 10 of every DPRK candidate
    # (3rd to 5th of ~157 on the bundled data, with the two other tankers YU SON served; 45th to
    # 47th when the meeting was only one more edge).
    every = surface_options(graph, limit=10)
    top = candidates_of(score_candidates(graph, every), every)
    candidate = next(c for c in top if c.node_id == node_id)
    why = candidate.why(graph)[0]
    assert "met YU SON" in why and "at sea on 2019-03-18" in why and " km " in why and "[ais:event-" in why
    assert "met YU SON" in json.dumps(candidate.to_json(graph))  # the workbench JSON carries it

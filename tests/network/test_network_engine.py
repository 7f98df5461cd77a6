"""The graph model and the PageRank engine on small hand-made inputs (fast)."""

from __future__ import annotations

import numpy as np
import pytest

from maxpressure.model import Entry, make_entity
from maxpressure.network.build import build_graph
from maxpressure.network.matrix import personalized_pagerank, symmetric_max_matrix, weighted_graph
from maxpressure.network.relations import RELATIONS, identifier_edge_weight


def _company(list_name: str, list_id: str, name: str, address: str | None = None, programs=("DPRK",)) -> Entry:
    entity = make_entity("Company", f"{list_name}-{list_id}")
    entity.add("name", name)
    if address:
        entity.add("address", address)
    return Entry(list_name, list_id, "Company", name, tuple(programs), entities=[entity])


def test_pagerank_scores_sum_to_one_and_fall_with_distance_from_the_seed():
    # a path 0 - 1 - 2 - 3 and an isolated node 4
    weights = symmetric_max_matrix(np.array([0, 1, 2]), np.array([1, 2, 3]), np.ones(3), 5)
    seeds = np.array([1.0, 0, 0, 0, 0])
    scores = personalized_pagerank(weights, seeds, damping=0.5)
    assert scores.sum() == pytest.approx(1.0)
    assert scores[0] > scores[1] > scores[2] > scores[3] > 0
    assert scores[4] == 0


def test_repeated_statement_of_a_link_does_not_strengthen_it():
    weights = symmetric_max_matrix(np.array([0, 1, 0]), np.array([1, 0, 1]), np.array([0.4, 0.7, 0.2]), 2)
    assert weights[0, 1] == pytest.approx(0.7) and weights[1, 0] == pytest.approx(0.7)


def test_value_seen_once_is_dropped_and_a_shared_value_becomes_a_node():
    entries = [
        _company("us_ofac_sdn", "1", "ALPHA TRADING", "Room 1, 2 Harbour Road, Wan Chai, Hong Kong"),
        _company("us_ofac_sdn", "2", "BETA TRADING", "Room 1, 2 Harbour Road, Wan Chai, Hong Kong"),
        _company("us_ofac_sdn", "3", "GAMMA TRADING", "Unit 9, 10 Other Street, Kowloon, Hong Kong"),
    ]
    graph = build_graph(entries)
    identifiers = [n for n in graph.nodes.values() if n.kind == "identifier"]
    assert [(n.schema, n.holders) for n in identifiers] == [("address", 2)]
    assert {e.source for e in graph.edges} == {"us_ofac_sdn-1", "us_ofac_sdn-2"}


def test_city_only_address_ties_nobody():
    entries = [_company("us_ofac_sdn", str(i), f"COMPANY {i} LIMITED", "Hong Kong, China") for i in range(5)]
    assert not build_graph(entries).edges


def test_common_value_weighs_in_total_no_more_than_a_value_shared_by_two():
    assert identifier_edge_weight("address", 2) == RELATIONS["address"].weight
    assert 300 * identifier_edge_weight("address", 300) == pytest.approx(2 * RELATIONS["address"].weight)


def test_relationship_to_a_party_not_loaded_is_not_an_edge():
    entry = _company("us_ofac_sdn", "1", "ALPHA TRADING")
    link = make_entity("UnknownLink", "us_ofac_sdn-1-link-x")
    link.add("subject", "us_ofac_sdn-1", cleaned=True)
    link.add("object", "us_ofac_sdn-999", cleaned=True)
    entry.entities.append(link)
    assert build_graph([entry, _company("us_ofac_sdn", "2", "BETA TRADING")]).edges == []


def test_resolver_merges_entries_of_two_lists_into_one_node():
    un = _company("un_sc", "KPe.001", "KOREA MINING DEVELOPMENT TRADING CORPORATION")
    ofac = _company("us_ofac_sdn", "9345", "KOREA MINING DEVELOPMENT TRADING CORPORATION")
    graph = build_graph([un, ofac], lambda eid: "un_sc-KPe.001" if eid == "us_ofac_sdn-9345" else eid)
    (node,) = graph.nodes.values()
    assert {(m.list, m.list_id) for m in node.members} == {("un_sc", "KPe.001"), ("us_ofac_sdn", "9345")}
    assert node.designated_by("un") and node.designated_by("us") and not node.designated_by("eu")


def test_remark_naming_another_party_becomes_a_mentions_edge():
    bank = _company("un_sc", "KPe.021", "TANCHON COMMERCIAL BANK")
    person = make_entity("Person", "un_sc-KPi.010")
    person.add("name", "KIM KWANG-IL")
    person.add("notes", "Kim Kwang-il is a Tanchon Commercial Bank (TCB) official.")
    entries = [bank, Entry("un_sc", "KPi.010", "Person", "KIM KWANG-IL", ("DPRK",), entities=[person])]
    (edge,) = build_graph(entries).edges
    assert (edge.source, edge.target, edge.kind) == ("un_sc-KPi.010", "un_sc-KPe.021", "mentions")
    assert "Tanchon Commercial Bank" in edge.evidence.document


def test_weighted_graph_matches_edges():
    entries = [
        _company("us_ofac_sdn", "1", "ALPHA TRADING", "Room 1, 2 Harbour Road, Wan Chai, Hong Kong"),
        _company("us_ofac_sdn", "2", "BETA TRADING", "Room 1, 2 Harbour Road, Wan Chai, Hong Kong"),
    ]
    weighted = weighted_graph(build_graph(entries))
    assert weighted.weights.nnz == 4  # two undirected edges to the address node


def test_a_ship_to_ship_meeting_with_a_designated_vessel_outranks_an_equally_weighted_link():
    from maxpressure.network.graph import ENTITY, Edge, Evidence, Graph, ListRef, Node
    from maxpressure.network.rank import RankOptions, restart_weights, score_candidates

    graph = Graph()
    graph.add_node(Node("tanker", ENTITY, "Vessel", "YU SON", [ListRef("us_ofac_sdn", "23744", "tanker")], {"DPRK"}))
    for node_id in ("met", "owner", "met_by_other", "manager", *(f"link{i}" for i in range(6))):
        graph.add_node(Node(node_id, ENTITY, "Vessel", node_id.upper(), [ListRef("ais", node_id, node_id, sanctioned=False)]))
    seen = Evidence("ais", "event-1", "encounter", None)
    graph.add_edge(Edge("met", "tanker", "met_at_sea", seen))
    graph.add_edge(Edge("owner", "tanker", "owns", Evidence("registry", "1", "owner")))  # same weight, 1.0
    graph.add_edge(Edge("manager", "met", "operates", Evidence("registry", "2", "manager")))
    graph.add_edge(Edge("met_by_other", "owner", "met_at_sea", seen))  # met a party nobody designated
    for i in range(6):
        graph.add_edge(Edge(f"link{i}", "tanker", "linked_to", Evidence("us_ofac_sdn", "23744", "linked")))
    ranking = score_candidates(graph, RankOptions(authority="us"))
    scores = dict(ranking.order)
    assert ranking.order[0][0] == "met" and scores["met"] > 2 * scores["owner"]
    assert scores["manager"] > scores["met_by_other"]  # the suspicion reaches the vessel's manager
    restart = dict(zip(ranking.weighted.ids, restart_weights(graph, ranking.weighted, {"tanker"})))
    assert restart["tanker"] == 1.0 and 0 < restart["met"] < 1.0
    assert restart["owner"] == restart["met_by_other"] == restart["manager"] == 0.0


def test_a_relation_reads_from_whichever_end_the_candidate_is():
    from maxpressure.network.relations import relation

    assert relation("owns").sentence("UL JI BONG 6", from_source=True) == "owns UL JI BONG 6"
    assert relation("owns").sentence("CK INTERNATIONAL", from_source=False) == "is owned by CK INTERNATIONAL"
    assert relation("met_at_sea").sentence("YU SON", from_source=False) == "met YU SON at sea"
    assert relation("mentions").sentence("KPe.054", from_source=False) == "is named in the remarks of KPe.054"
    assert relation("linked_to").sentence("KOTI", from_source=False) == "is linked to KOTI"

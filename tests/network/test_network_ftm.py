"""Relationships stated in a FollowTheMoney dataset, and vessel owners and operators, as edges.

The fixture (origin in tests/fixtures/SOURCES.md) states real UN and OFAC statements as FtM
relationship entities: two UN "owned by" remarks as Ownership, OFAC's "Linked To" as UnknownLink,
an OFAC title as Directorship and another as Representation, and two vessels whose owner or
operator the UN names.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from maxpressure.network.build import build_graph
from maxpressure.network.rank import RankOptions, candidates_of, score_candidates
from maxpressure.sources.ftm import parse

FIXTURE = Path(__file__).parent / "fixtures" / "dprk_relations.ftm.json"
DATASET = "dprk_relations_sample"


@pytest.fixture(scope="module")
def graph():
    return build_graph(parse([FIXTURE], dataset=DATASET).entries)


def _edge(graph, source, target):
    (edge,) = [e for e in graph.edges if (e.source, e.target) == (source, target)]
    return edge


@pytest.mark.parametrize("source, kind, target, stated_by, words", [
    ("unsc-kpe-002", "owns", "unsc-kpe-038", "unsc-kpe-038-owner", "is owned by the Korea Ryonbong"),
    ("unsc-kpe-030", "owns", "unsc-kpe-035", "unsc-kpe-035-owner", "owned and controlled by Office 39"),
    ("ofac-22583", "linked_to", "ofac-15603", "ofac-22583-link-15603", "Linked To"),
    ("ofac-19488", "directs", "ofac-19530", "ofac-19488-director-19530", "Director"),
    ("ofac-18848", "represents", "ofac-9345", "ofac-18848-represents-9345", "Representative in Burma"),
])
def test_ftm_relationship_entity_becomes_an_edge_with_its_source(graph, source, kind, target, stated_by, words):
    edge = _edge(graph, source, target)
    assert edge.kind == kind
    assert edge.evidence.list == DATASET and edge.evidence.entity_id == stated_by
    assert edge.evidence.list_id in {source, target}  # the entry of one of its two ends holds it
    assert words in edge.evidence.document


def test_linked_to_is_never_a_control_claim_and_ownership_is(graph):
    assert _edge(graph, "ofac-22583", "ofac-15603").to_json()["claims_control"] is False
    assert _edge(graph, "unsc-kpe-002", "unsc-kpe-038").to_json()["claims_control"] is True


def test_vessel_owner_and_operator_are_edges_from_the_company_to_the_ship(graph):
    owned = _edge(graph, "unsc-kpe-056", "ofac-23726")
    assert owned.kind == "owns" and owned.evidence.list_id == "ofac-23726"
    assert owned.evidence.document == "Owner: CHONMYONG SHIPPING CO"
    operated = _edge(graph, "unsc-kpe-020", "ofac-17069")
    assert operated.kind == "operates" and operated.to_json()["claims_control"] is True


def test_undesignated_vessel_of_a_designated_owner_is_a_candidate_through_its_owner(graph):
    options = RankOptions(schema="Vessel", limit=10)
    shown = {c.node_id: c for c in candidates_of(score_candidates(graph, options), options)}
    assert set(shown) == {"ofac-23726", "ofac-17069"}
    (path, *_) = shown["ofac-23726"].paths
    assert path.nodes == ["ofac-23726", "unsc-kpe-056"]
    assert [e.kind for e in path.edges] == ["owns"]
    assert graph.nodes["unsc-kpe-056"].designated_by()


def test_pair_tied_to_no_designated_party_is_no_candidate(graph):
    # YU Chol U directs NADA, but neither carries a sanction in this file.
    order = dict(score_candidates(graph, RankOptions()).order)
    assert "ofac-19488" not in order and "ofac-19530" not in order
    assert "unsc-kpe-038" in order  # owned by a designated conglomerate: the test can fail

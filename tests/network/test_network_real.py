"""Candidates on the bundled real lists: UN (newest) seeds, OFAC SDN (2024-05-03) graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from maxpressure.model import entry_entity_id
from maxpressure.network.build import build_graph
from maxpressure.network.paths import evidence_paths
from maxpressure.network.rank import RankOptions, candidates_of, is_seed, score_candidates
from maxpressure.network.registry import parse_registry

REGISTRY = Path(__file__).parent / "fixtures" / "registry_mass_address"
# MINGZHENG INTERNATIONAL TRADING LIMITED: Hong Kong front of the Foreign Trade Bank (OFAC 2017),
# never UN-designated; OFAC's remarks say "Linked To: FOREIGN TRADE BANK OF THE DEMOCRATIC ...".
MINGZHENG = entry_entity_id("us_ofac_sdn", "22583")


def _newest(store, list_name):
    return [s for s in store.snapshots(list_name)][-1].snapshot_id


@pytest.fixture(scope="module")
def entries(loaded_store):
    return loaded_store.entries(_newest(loaded_store, "un_sc")) + loaded_store.entries(
        _newest(loaded_store, "us_ofac_sdn"))


@pytest.fixture(scope="module")
def resolver(entries):
    # Names link only when their normalised keys are equal (a comparer scoring every other pair 0):
    # fast, and enough to merge OFAC's copies of UN entries.
    from maxpressure.reconcile import clusters

    return clusters(entries, compare=lambda a, b: 0.0).cluster_of


@pytest.fixture(scope="module")
def graph(entries, resolver):
    return build_graph(entries, resolver)


@pytest.fixture(scope="module")
def ranking(graph):
    # No regime filter: OFAC designated this front under NPWMD, with no DPRK address on file.
    return score_candidates(graph, RankOptions(authority="un"))


@pytest.fixture(scope="module")
def un_candidates(ranking):
    return candidates_of(ranking, RankOptions(authority="un", limit=60))


def test_known_front_company_linked_to_a_designated_bank_is_a_candidate_with_its_path(graph, ranking):
    ranked = [node_id for node_id, _ in ranking.order]
    assert MINGZHENG in ranked[:100]
    paths = evidence_paths(graph, ranking.weighted, ranking.distances.costs, MINGZHENG, set(ranking.seeds))
    path = paths[0]
    first = path.edges[0]
    assert first.kind == "linked_to"
    assert (first.evidence.list, first.evidence.list_id) == ("us_ofac_sdn", "22583")
    assert "FOREIGN TRADE BANK" in first.evidence.document
    assert graph.nodes[path.nodes[-1]].designated_by("un")


def test_every_edge_of_every_candidate_path_exists_in_the_loaded_data(graph, entries, un_candidates):
    loaded = {(e.list, e.list_id) for e in entries}
    edges = set(graph.edges)
    options = RankOptions(authority="un")
    for candidate in un_candidates:
        assert candidate.paths, candidate.caption
        for path in candidate.paths:
            assert path.nodes[0] == candidate.node_id
            assert is_seed(graph.nodes[path.nodes[-1]], options)
            for here, there, edge in zip(path.nodes, path.nodes[1:], path.edges):
                assert edge in edges
                assert {edge.source, edge.target} == {here, there}
                assert (edge.evidence.list, edge.evidence.list_id) in loaded
            assert not path.through_common


def test_filters_keep_only_matching_candidates(graph):
    options = RankOptions(authority="un", regime="dprk", schema="Vessel", limit=20)
    shown = candidates_of(score_candidates(graph, options), options)
    assert shown and all(c.schema == "Vessel" for c in shown)
    options = RankOptions(authority="un", regime="dprk", country="cn", limit=20)
    shown = candidates_of(score_candidates(graph, options), options)
    assert shown and all("cn" in c.countries for c in shown)


def test_mass_registration_address_does_not_make_unrelated_companies_candidates(entries, resolver):
    registry = parse_registry([REGISTRY], dataset="hk_registry_sample")
    graph = build_graph(entries + registry.entries, resolver)
    address = next(n for n in graph.nodes.values() if n.kind == "identifier" and "silvercorp" in n.node_id)
    assert address.common and address.holders == 41  # 40 shells and the front company
    order = dict(score_candidates(graph, RankOptions(authority="un")).order)
    shells = [entry_entity_id("hk_registry_sample", f"company-HK{i:03d}") for i in range(1, 41)]
    assert not [s for s in shells if s in order]
    # A specific address shared by two (the front's Shenyang office) does tie: the test can fail.
    assert entry_entity_id("hk_registry_sample", "company-HK950") in order
    assert entry_entity_id("hk_registry_sample", "company-HK900") not in order  # no tie to anyone designated


def test_registry_subsidiary_of_a_designated_front_is_a_candidate_through_the_shareholding(entries, resolver):
    registry = parse_registry([Path(__file__).parent / "fixtures" / "registry_shareholders"], dataset="hk_registry_sample")
    holder = entry_entity_id("hk_registry_sample", "company-HK100")  # the registry's MINGZHENG record

    def same_front(entity_id):  # the registry record is OFAC's MINGZHENG, as a judgement would say
        return resolver(MINGZHENG) if entity_id == holder else resolver(entity_id)

    graph = build_graph(entries + registry.entries, same_front)
    options = RankOptions(authority="us", country="hk", limit=200)
    shown = {c.node_id: c for c in candidates_of(score_candidates(graph, options), options)}
    subsidiary = shown[entry_entity_id("hk_registry_sample", "company-HK101")]
    path = subsidiary.paths[0]
    assert path.nodes[:2] == [subsidiary.node_id, resolver(MINGZHENG)]
    assert path.edges[0].kind == "owns" and path.edges[0].evidence.list == "hk_registry_sample"
    # The co-shareholder's other company is tied through him (three hops from the front);
    # LAU MEI LING's company is tied to nobody designated.
    assert entry_entity_id("hk_registry_sample", "company-HK102") in shown
    assert entry_entity_id("hk_registry_sample", "company-HK103") not in shown

"""Evidence hygiene on the bundled real data: the artefacts that topped `network candidates`
(SHINING PATH, HIZBALLAH, the Luhansk "Ministry of State Security", the UN's own ships) are not
DPRK candidates for the UN, and the remark matching that made them is gone."""

from __future__ import annotations

import re

import pytest
from normality import ascii_text

from maxpressure.model import entry_entity_id
from maxpressure.network.load import current_graph
from maxpressure.network.mentions import NameIndex, distinctive, words
from maxpressure.network.rank import (DEFAULT_AUTHORITY, DEFAULT_REGIME, candidates_of, score_candidates,
                                      surface_options)

SHINING_PATH = entry_entity_id("us_ofac_sdn", "4715")
HIZBALLAH = entry_entity_id("us_ofac_sdn", "4697")
DPRK_MSS = entry_entity_id("us_ofac_sdn", "20129")  # DPRK3
LUHANSK_MSS = entry_entity_id("us_ofac_sdn", "25437")  # CAATSA - RUSSIA: the Luhansk ministry
# UN KPe.014 KOREA KUMRYONG TRADING CORPORATION: OFAC holds the name as an alias of KOMID (9345).
KUMRYONG = entry_entity_id("un_sc", "KPe.014")
KOMID_OFAC = entry_entity_id("us_ofac_sdn", "9345")


def test_generic_institution_names_are_not_distinctive():
    for generic in ("PEOPLE'S LIBERATION ARMY", "Ministry of State Security", "FOREIGN RELATIONS DEPARTMENT"):
        assert not distinctive(words(generic)), generic
    for specific in ("Korea Mining Development Trading Corporation", "Reconnaissance General Bureau",
                     "Paekma Shipping Co"):
        assert distinctive(words(specific)), specific


def test_a_name_inside_a_longer_capitalised_name_is_not_a_mention():
    index = NameIndex()
    index.add("spla", ["Liberation Movement Korea"])  # distinctive (Korea), to test embedding alone
    index.add("komid", ["Korea Mining Development Trading Corporation"])
    assert list(index.mentions("Commander of the Sudan Liberation Movement Korea North")) == []
    assert [n for n, _ in index.mentions("Subsidiary of Korea Mining Development Trading Corporation.")] == ["komid"]
    # An all-capitals remark cannot show where a name ends: the name itself decides.
    assert [n for n, _ in index.mentions("LINKED TO: KOREA MINING DEVELOPMENT TRADING CORPORATION")] == ["komid"]


@pytest.fixture(scope="module")
def graph(loaded_store):
    return current_graph(loaded_store)


@pytest.fixture(scope="module")
def ranking(graph):
    return score_candidates(graph, surface_options(graph))


pytestmark = pytest.mark.slow  # reconciles every bundled list (~30 s of CPU)


def test_defaults_are_the_un_under_the_dprk_regime_on_the_bundled_data(graph):
    options = surface_options(graph)
    assert (options.authority, options.regime) == (DEFAULT_AUTHORITY, DEFAULT_REGIME) == ("un", "dprk")
    assert surface_options(graph, "any", "any").regime is None


def test_terrorist_groups_matched_inside_other_remarks_are_not_dprk_candidates(graph, ranking):
    eligible = {node_id for node_id, _ in ranking.order}
    for entity_id in (SHINING_PATH, HIZBALLAH, LUHANSK_MSS):
        node = graph.nodes[next(n for n in graph.nodes if entity_id in {m.entity_id for m in graph.nodes[n].members})]
        assert node.node_id not in eligible, node.caption


def test_the_dprk_ministry_is_not_linked_to_the_luhansk_ministry_of_the_same_name(graph):
    dprk = next(n for n in graph.entity_nodes() if DPRK_MSS in {m.entity_id for m in n.members})
    luhansk = next(n for n in graph.entity_nodes() if LUHANSK_MSS in {m.entity_id for m in n.members})
    assert dprk.node_id != luhansk.node_id
    assert graph.edges_between(dprk.node_id, luhansk.node_id) == []


def test_un_vessels_recorded_by_the_uk_are_designated_by_the_un_and_never_its_candidates(
        graph, ranking, loaded_store):
    from maxpressure.designations import designation_record

    # The UK list records the 1718 Committee's vessel designations (Designation source: UN).
    implemented = designation_record(loaded_store).implemented("dprk")
    assert len(implemented) > 30
    node_of = {m.entity_id: n for n in graph.entity_nodes() for m in n.members if m.route is None}
    un_vessels = [node_of[d.entity_id] for d in implemented]
    assert all(n.schema == "Vessel" and any(m.implements == "un" for m in n.members) for n in un_vessels)
    assert all(n.designated_by("un") for n in un_vessels)
    eligible = {node_id for node_id, _ in ranking.order}
    assert not eligible & {n.node_id for n in un_vessels}
    assert all(n.node_id in ranking.seeds for n in un_vessels if "dprk" in n.regimes)


def test_a_party_whose_name_another_list_holds_as_an_alias_is_designated_by_that_list(graph):
    node = next(n for n in graph.entity_nodes()
                if KUMRYONG in {m.entity_id for m in n.members if m.route is None})
    assert [m.entity_id for m in node.members if m.route == "alias"] == [KOMID_OFAC]
    assert node.designated_by("us")


def test_top_candidates_are_parties_the_un_has_not_designated_by_any_route(graph, ranking):
    shown = candidates_of(ranking, surface_options(graph, limit=30))
    assert shown
    for candidate in shown:
        assert not graph.nodes[candidate.node_id].designated_by("un")
        assert candidate.paths, candidate.caption


def _name_key(name):
    return " ".join(re.sub(r"[^A-Z0-9 ]", " ", ascii_text(name).upper()).split())


def test_no_dprk_candidate_goes_by_a_name_or_alias_of_a_party_the_un_designates(graph, ranking, loaded_store):
    """Across the whole default ranking, not its head: a candidate whose name the UN holds (as a
    name or an alias, in any spelling) is a person of the same name with another birth date."""
    newest = loaded_store.snapshots("un_sc")[-1]
    un_names = {}
    for entry in loaded_store.entries(newest.snapshot_id):
        for prop in ("name", "alias", "previousName", "weakAlias"):
            for value in entry.entity.get(prop, quiet=True):
                un_names.setdefault(_name_key(value), entry)
    for node in graph.entity_nodes():
        if node.designated_by("un"):
            un_names.setdefault(_name_key(node.caption), None)
    shared = {graph.nodes[n].caption: un_names[_name_key(graph.nodes[n].caption)]
              for n, _ in ranking.order if _name_key(graph.nodes[n].caption) in un_names}
    # OFAC 22702 (Mansudae, born 1968) is not the UN's KPi.068 (a Foreign Trade Bank official, OFAC
    # 22996); OFAC 22995 (KUDB, born 1978) is not KPi.023 KIM TONG MYONG a.k.a. Kim Hyok Chol (1962/1964).
    assert set(shared) == {"KIM, Tong-chol", "KIM, Hyok Chol"}
    hyok_chol = shared["KIM, Hyok Chol"]
    assert hyok_chol.list_id == "KPi.023" and not {"1978-07-09"} & set(hyok_chol.entity.get("birthDate"))

"""Remarks naming a party by its acronym, on real entries: OFAC's JANG Song Chol is "KOMID
representative in Russia", and KOMID is how the UN's KOREA MINING DEVELOPMENT TRADING CORPORATION
is written in remarks; a vessel named "SAM JONG 2" does not name SARAYA AL-MUKHTAR ("SAM")."""

from __future__ import annotations

from datetime import date

import pytest

from maxpressure.model import PANEL_DATASET
from maxpressure.network.build import build_graph
from maxpressure.network.mentions import NameIndex, acronym

UN_2017 = date(2017, 7, 3)
OFAC_2021 = date(2021, 7, 7)


def _entries(store, list_name, as_of, list_ids):
    snapshot = next(s for s in store.snapshots(list_name) if as_of is None or s.as_of == as_of)
    found = {e.list_id: e for e in store.entries(snapshot.snapshot_id) if e.list_id in list_ids}
    assert set(found) == set(list_ids)
    return [found[i] for i in list_ids]


def test_an_acronym_is_a_one_word_name_in_capitals_outside_the_generic_vocabulary():
    assert acronym("KOMID") == ("komid",)
    assert acronym("KKBC") == ("kkbc",)
    for not_one in ("Komid", "KOREA MINING", "CO", "LTD", "1718", "BANK"):
        assert acronym(not_one) is None, not_one


def test_an_acronym_names_a_party_only_written_in_capitals_in_a_mixed_case_remark():
    index = NameIndex()
    index.add("komid", ["KOREA MINING DEVELOPMENT TRADING CORPORATION", "KOMID"], acronyms=True)
    assert [n for n, _ in index.mentions("KOMID representative in Russia")] == ["komid"]
    assert list(index.mentions("a komid of sorts")) == []  # the word, not the acronym
    assert list(index.mentions("KOMID REPRESENTATIVE IN RUSSIA")) == []  # capitals throughout: cannot tell
    index.add("sam", ["SAM"], acronyms=True)
    assert list(index.mentions("Owner of SAM JONG 2 per the proposal")) == []  # inside a longer name
    # Without acronyms (people, vessels), a one-word name names nothing.
    plain = NameIndex()
    plain.add("komid", ["KOMID"])
    assert list(plain.mentions("KOMID representative in Russia")) == []


@pytest.fixture(scope="module")
def komid_and_representative(loaded_store):
    (komid,) = _entries(loaded_store, "un_sc", UN_2017, ["KPe.001"])
    (jang,) = _entries(loaded_store, "us_ofac_sdn", OFAC_2021, ["17620"])
    return komid, jang


def test_a_remark_naming_komid_by_its_acronym_links_the_representative_to_komid(komid_and_representative):
    komid, jang = komid_and_representative
    assert "KOMID" in komid.entity.get("alias") and "KOMID representative in Russia" in jang.entity.get("notes")
    graph = build_graph([komid, jang])
    edges = graph.edges_between(jang.entity_id, komid.entity_id)
    assert [(e.kind, e.source, e.evidence.list, e.evidence.list_id) for e in edges] == [
        ("mentions", jang.entity_id, "us_ofac_sdn", "17620")]
    assert edges[0].evidence.document == "remark: KOMID representative in Russia"


def test_a_vessel_name_holding_an_acronym_names_nobody(loaded_store):
    (saraya,) = _entries(loaded_store, "us_ofac_sdn", OFAC_2021, ["30650"])
    (dandong,) = _entries(loaded_store, PANEL_DATASET, None, ["poe-c-dandong-xianghe"])
    assert "SAM" in saraya.entity.get("alias")
    assert any("SAM JONG 2" in n for n in dandong.entity.get("notes"))
    graph = build_graph([saraya, dandong])
    assert graph.edges_between(dandong.entity_id, saraya.entity_id) == []


def test_a_remark_names_a_party_of_another_regime_designated_under_a_programme_it_shares(loaded_store):
    """SON Mun San (OFAC, NPWMD only) is "External Affairs Bureau Chief, General Bureau of Atomic
    Energy": the UN designates GBAE under its DPRK regime, OFAC under NPWMD; reconciled, as the
    backtest of 2016-03-01 holds them, they share NPWMD, so the remark names GBAE."""
    (gbae_un,) = _entries(loaded_store, "un_sc", UN_2017, ["KPe.007"])
    son, gbae_ofac = _entries(loaded_store, "us_ofac_sdn", OFAC_2021, ["16083", "11598"])
    assert son.programs == ("NPWMD",) and "NPWMD" in gbae_ofac.programs
    merged = {gbae_ofac.entity_id: gbae_un.entity_id}
    graph = build_graph([gbae_un, gbae_ofac, son], lambda entity_id: merged.get(entity_id, entity_id))
    assert graph.nodes[gbae_un.entity_id].regimes == ["dprk"] and not graph.nodes[son.entity_id].regimes
    edges = graph.edges_between(son.entity_id, gbae_un.entity_id)
    assert [(e.kind, e.evidence.document) for e in edges] == [
        ("mentions", "remark: External Affairs Bureau Chief, General Bureau of Atomic Energy")]

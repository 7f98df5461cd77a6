"""The merged dossier on real entries: what one list leaves out, another list's entry supplies."""

from __future__ import annotations

import pytest

from maxpressure.model import entry_entity_id
from maxpressure.views.merged_dossier import merged_dossier, value_changes

pytestmark = pytest.mark.slow  # the first reconciliation of every bundled list takes minutes

CHON_MA_SAN_UK = entry_entity_id("gb_fcdo", "DPR0105")
CHON_MA_SAN_OFAC = entry_entity_id("us_ofac_sdn", "23729")
KOMID_UN = entry_entity_id("un_sc", "KPe.001")


def _labels(value) -> set[str]:
    """The lists that state the value (a Panel record stating it too is checked apart)."""
    return {s.label for s in value.sources if s.list != "poe_dprk_named_parties"}


def _listed(dossier) -> set[str]:
    """The designating members; a UN Panel of Experts record is a member that designates nobody."""
    named = {m.source.label for m in dossier.members if not m.designates}
    assert all(label.startswith("poe_dprk_named_parties:") for label in named)
    assert not {s.source.label for s in dossier.sanctions} & named  # a Panel record imposes no sanction
    return {m.source.label for m in dossier.members if m.designates}


@pytest.mark.parametrize("opened", [CHON_MA_SAN_UK, CHON_MA_SAN_OFAC])
def test_chon_ma_san_shows_ofac_imo_and_flag_whichever_entry_it_is_opened_from(loaded_store, members_of, opened):
    dossier = merged_dossier(loaded_store, opened, members_of)
    assert _listed(dossier) == {"gb_fcdo:DPR0105", "us_ofac_sdn:23729"}
    assert [m.source.label for m in dossier.members if not m.designates] == ["poe_dprk_named_parties:poe-v-chon-ma-san"]
    assert [m.opened for m in dossier.members][0] and dossier.members[0].source.entity_id == opened
    imo = [i for i in dossier.identifiers if i.kind == "IMO Number"]
    assert [i.value for i in imo] == ["IMO8660313"] and _labels(imo[0]) == {"us_ofac_sdn:23729"}
    assert "poe_dprk_named_parties:poe-v-chon-ma-san" in {s.label for s in imo[0].sources}  # the Panel cites it too
    flag = [f for f in dossier.facts if f.kind == "flag"]
    assert [f.value for f in flag] == ["North Korea"] and _labels(flag[0]) == {"us_ofac_sdn:23729"}
    assert dossier.imo_numbers() == {"8660313"}  # what the vessel events are matched by
    # One name, stated by both lists in different case, is one value with two sources.
    assert [_labels(n) for n in dossier.names] == [{"gb_fcdo:DPR0105", "us_ofac_sdn:23729"}]


def test_sources_carry_snapshot_and_the_designation_date_with_its_basis(loaded_store, members_of):
    dossier = merged_dossier(loaded_store, CHON_MA_SAN_UK, members_of)
    by_list = {m.source.list: m for m in dossier.members}
    uk, us = by_list["gb_fcdo"], by_list["us_ofac_sdn"]
    assert (uk.source.as_of.isoformat(), uk.source.date_text, uk.source.dated_by) == ("2025-08-11", "2018-03-30", "list")
    assert uk.implements == "un"  # the UK row says `Designation source: UN`
    assert (us.source.as_of.isoformat(), us.source.date_text, us.source.dated_by) == (
        "2024-05-03", "2018-02-23 (cited)", "sourced")
    sanctions = {s.source.list: s for s in dossier.sanctions}
    assert sanctions["gb_fcdo"].provisions == ("Asset freeze", "Prohibition of port entry")
    assert sanctions["us_ofac_sdn"].programs == ("DPRK4",) and sanctions["us_ofac_sdn"].implements is None
    link = [r for r in dossier.relationships if r.other_caption == "KOREA ACHIM SHIPPING CO"]
    assert link and link[0].other_list == "us_ofac_sdn" and _labels(link[0]) == {"us_ofac_sdn:23729"}


def test_komid_shows_ofac_aliases_and_addresses_from_its_un_entry(loaded_store, members_of):
    dossier = merged_dossier(loaded_store, KOMID_UN, members_of)
    assert _listed(dossier) == {"un_sc:KPe.001", "gb_fcdo:DPR0157", "us_ofac_sdn:9345"}
    names = {n.value: _labels(n) for n in dossier.names}
    assert names["KOREA KUMRYONG TRADING COMPANY"] == {"us_ofac_sdn:9345"}  # OFAC's alone
    assert names["NORTH KOREAN MINING DEVELOPMENT TRADING CORPORATION"] == {"us_ofac_sdn:9345"}
    assert names["KOMID"] == {"un_sc:KPe.001", "us_ofac_sdn:9345"}
    assert names["KOREA MINING DEVELOPMENT TRADING CORPORATION"] == {"un_sc:KPe.001", "gb_fcdo:DPR0157", "us_ofac_sdn:9345"}
    addresses = {a.value: _labels(a) for a in dossier.addresses}
    for city in ["Beijing, China", "Damascus, Syria", "Moscow, Russia", "Tehran, Iran"]:
        assert addresses[city] == {"us_ofac_sdn:9345"}
    assert addresses["Central District, Pyongyang, Democratic People's Republic of Korea"] == {"un_sc:KPe.001"}
    dates = {s.source.list: s.source.date_text for s in dossier.sanctions}
    assert dates == {"un_sc": "2009-04-24", "gb_fcdo": "2009-04-24", "us_ofac_sdn": "2005-06-29 (cited)"}


def test_history_states_an_amendment_as_old_and_new_values(loaded_store, members_of):
    # KIM CHOL SAM (KPi.035): the UN added his passport and his alias in Chinese characters by 2024-09-26.
    dossier = merged_dossier(loaded_store, "KPi.035", members_of)
    amended = [h for h in dossier.history if h.source_label == "un_sc:KPi.035" and h.kind == "amended"]
    assert [h.as_of.isoformat() for h in amended] == ["2024-09-26"]
    changes = {c.label: (c.old, c.new) for c in amended[0].changes}
    assert changes["Passport: Document number"] == ((), ("645120378",))
    assert "Jin Tiesan (金铁三)" in changes["alias"][1] and "Jin Tiesan (金铁三)" not in changes["alias"][0]
    assert {s.kind for s in dossier.history if s.source_label == "us_ofac_sdn:16084"} == {"listed", "unchanged"}


def test_value_changes_of_an_unchanged_entry_are_empty(loaded_store):
    held = loaded_store.history(KOMID_UN)
    assert len(held) == 4 and value_changes(held[-2][1], held[-1][1]) == ()


def test_without_a_reconciliation_the_dossier_holds_the_one_entry(loaded_store):
    dossier = merged_dossier(loaded_store, CHON_MA_SAN_UK)
    assert [m.source.label for m in dossier.members] == ["gb_fcdo:DPR0105"]
    assert dossier.identifiers == [] and dossier.imo_numbers() == set()

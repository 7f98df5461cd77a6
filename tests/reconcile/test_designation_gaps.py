"""Designation gaps over the real DPRK entries of the UN, OFAC and UK lists."""

from datetime import date

import pytest

from maxpressure.reconcile import Reconciled
from maxpressure.reconcile.gaps import designation_gaps

# Reconciling ~1,800 real entries with the screening comparison takes 10-15 s on this machine.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dprk_gaps(dprk_slice, dprk_clustering, loaded_store):
    from maxpressure.designations import designation_record

    gaps = designation_gaps(Reconciled(dprk_slice, dprk_clustering), "dprk", ["gb", "un", "us"],
                            designation_record(loaded_store))
    return {g.entity_id: g for g in gaps}


def test_un_entry_never_listed_by_ofac_is_missing_from_us(dprk_gaps, entity_id):
    # KPi.003 Hwang Sok-hwa (GBAE director): no OFAC entry under any spelling.
    gap = dprk_gaps[entity_id("un_sc", "KPi.003")]
    assert "us" in gap.missing_from
    assert gap.listed_by["un"].day == date(2009, 7, 16) and gap.listed_by["un"].basis == "list"


def test_un_entry_listed_by_ofac_under_npwmd_is_not_missing_from_us(dprk_gaps, entity_id):
    # KPi.006 Paek Chang-ho: UN DPRK, OFAC NPWMD (15667), same passport 381420754.
    gap = dprk_gaps[entity_id("un_sc", "KPi.006")]
    assert "us" not in gap.missing_from
    assert {(m.list, m.list_id) for m in gap.members} >= {("un_sc", "KPi.006"), ("us_ofac_sdn", "15667")}
    ofac = next(m for m in gap.members if m.list == "us_ofac_sdn")
    # OFAC's CSV has no date; the shipped table cites State's designation of 24 Jan 2013 (two
    # days after the UN's), not the snapshot it was first seen in.
    assert ofac.dated_by == "sourced" and ofac.listed_on == date(2013, 1, 24)
    assert ofac.date.citation.source_url.startswith("http")
    assert gap.lags_days["us"] == 2 and "us" not in gap.lags_upper_bound_days


def test_every_un_dprk_entry_has_one_gap_row(dprk_gaps, dprk_slice):
    un_ids = {e.entity_id for e in dprk_slice if e.list == "un_sc"}
    members = {m.entity_id for g in dprk_gaps.values() for m in g.members}
    assert len(un_ids) == 155 and un_ids <= members


def test_gap_json_has_the_documented_keys(dprk_gaps, entity_id):
    data = dprk_gaps[entity_id("un_sc", "KPi.033")].to_json()
    assert {"entity_id", "caption", "schema", "members", "missing_from"} <= set(data)
    assert {"list", "list_id", "listed_on"} <= set(data["members"][0])


def test_un_vessels_implemented_by_the_uk_are_not_missing_from_the_un(dprk_gaps):
    # The UN XML has no vessel section: the 37 ships of the 1718 Committee's rounds of
    # 3 Oct 2017, 28 Dec 2017 and 30 Mar 2018 reach us through the UK's "Designation source: UN".
    un_vessels = [g for g in dprk_gaps.values() if g.schema == "Vessel" and "un" in g.listed_by]
    assert len(un_vessels) == 37
    assert {g.listed_by["un"].day for g in un_vessels} == {date(2017, 10, 3), date(2017, 12, 28), date(2018, 3, 30)}
    assert all("un" not in g.missing_from for g in un_vessels)
    petrel = next(g for g in un_vessels if g.caption == "Petrel 8")
    assert [m.via for m in petrel.members if m.authority == "un"] == ["implements"]


def test_an_alias_of_a_us_entry_is_listed_by_the_us(dprk_gaps, entity_id):
    gap = dprk_gaps[entity_id("un_sc", "KPe.014")]
    assert "us" not in gap.missing_from
    alias = next(m for m in gap.members if m.authority == "us")
    assert (alias.list_id, alias.via) == ("9345", "alias")


def test_uk_entries_carried_over_from_the_eu_are_dated_as_such(dprk_gaps, entity_id):
    gap = dprk_gaps[entity_id("gb_fcdo", "DPR0022")]
    assert gap.listed_by["gb"].basis == "carried_over"
    assert gap.listed_by["gb"].text() == "carried over on 2020-12-31"
    assert not gap.lags_days  # no real designation date on two sides

"""Designation gaps over the real DPRK entries of the UN, OFAC and UK lists."""

from datetime import date

import pytest

from maxpressure.reconcile import Reconciled
from maxpressure.reconcile.gaps import designation_gaps

# Reconciling ~1,800 real entries with the screening comparison takes 10-15 s on this machine.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dprk_gaps(dprk_slice, dprk_clustering, loaded_store):
    first_seen = {"us_ofac_sdn": loaded_store.first_seen("us_ofac_sdn")}
    gaps = designation_gaps(Reconciled(dprk_slice, dprk_clustering), "dprk", ["gb", "un", "us"], first_seen)
    return {g.entity_id: g for g in gaps}


def test_un_entry_never_listed_by_ofac_is_missing_from_us(dprk_gaps, entity_id):
    # KPi.003 Hwang Sok-hwa (GBAE director): no OFAC entry under any spelling.
    gap = dprk_gaps[entity_id("un_sc", "KPi.003")]
    assert "us" in gap.missing_from
    assert gap.listed_by["un"] == date(2009, 7, 16)


def test_un_entry_listed_by_ofac_under_npwmd_is_not_missing_from_us(dprk_gaps, entity_id):
    # KPi.006 Paek Chang-ho: UN DPRK, OFAC NPWMD (15667), same passport 381420754.
    gap = dprk_gaps[entity_id("un_sc", "KPi.006")]
    assert "us" not in gap.missing_from
    assert {(m.list, m.list_id) for m in gap.members} >= {("un_sc", "KPi.006"), ("us_ofac_sdn", "15667")}
    ofac = next(m for m in gap.members if m.list == "us_ofac_sdn")
    # In OFAC's first bundled snapshot already: listed on or before 2021-07-07, no lag measurable.
    assert ofac.dated_by == "on_or_before" and ofac.listed_on == date(2021, 7, 7)
    assert "us" not in gap.lags_upper_bound_days and "us" not in gap.lags_days


def test_every_un_dprk_entry_has_one_gap_row(dprk_gaps, dprk_slice):
    un_ids = {e.entity_id for e in dprk_slice if e.list == "un_sc"}
    members = {m.entity_id for g in dprk_gaps.values() for m in g.members}
    assert len(un_ids) == 155 and un_ids <= members


def test_gap_json_has_the_documented_keys(dprk_gaps, entity_id):
    data = dprk_gaps[entity_id("un_sc", "KPi.033")].to_json()
    assert {"entity_id", "caption", "schema", "members", "missing_from"} <= set(data)
    assert {"list", "list_id", "listed_on"} <= set(data["members"][0])

"""Designations per month from the real bundled snapshots."""

from collections import Counter

import pytest

from datetime import date

from maxpressure.pressure.timeline import listing_events, monthly_counts

# UN DPRK records of the 2026-02-27 list by LISTED_ON month, counted by hand from the XML.
UN_DPRK_BY_MONTH = {
    "2009-04": 3, "2009-07": 10, "2012-05": 3, "2013-01": 10, "2013-03": 5, "2014-07": 1,
    "2016-03": 28, "2016-11": 21, "2017-06": 18, "2017-08": 13, "2017-09": 4, "2017-12": 17,
    "2018-03": 22,
}


# The 1718 Committee's vessel designations, which the UN XML does not hold: 37 UK rows that say
# "Designation source: UN", by their (the UN's) date.
UN_VESSELS_BY_MONTH = {"2017-10": 4, "2017-12": 4, "2018-03": 29}


@pytest.fixture(scope="module")
def dprk_events(loaded_store):
    return listing_events(loaded_store, "dprk")


def test_un_dprk_designations_per_month_follow_listed_on(dprk_events):
    un = Counter(e.month for e in dprk_events if e.authority == "un" and e.kind == "designation" and not e.via)
    assert un == UN_DPRK_BY_MONTH


def test_un_vessel_designations_are_counted_for_the_un_through_the_uk(dprk_events):
    recorded = [e for e in dprk_events if e.authority == "un" and e.via]
    assert Counter(e.month for e in recorded) == UN_VESSELS_BY_MONTH
    assert {e.schema for e in recorded} == {"Vessel"} and all(e.via.startswith("gb_fcdo:") for e in recorded)


def test_uk_entries_implementing_the_un_are_not_uk_designations(dprk_events):
    uk = [e for e in dprk_events if e.authority == "gb" and e.kind == "designation"]
    assert Counter(e.implements for e in uk) == {"un": 192, None: 3}
    assert {e.month for e in uk if e.own} == {"2024-05"}


def test_uk_carry_over_of_31_december_2020_is_not_a_designation(dprk_events):
    carried = [e for e in dprk_events if e.kind == "carried_over"]
    assert len(carried) == 66 and {e.authority for e in carried} == {"gb"}
    assert {e.date.text() for e in carried} == {"carried over on 2020-12-31"}
    assert all(e.month is None for e in carried)


def test_un_dprk_list_has_no_delistings(dprk_events):
    assert not [e for e in dprk_events if e.authority == "un" and e.kind == "delisting"]


def test_ofac_dprk_designations_get_cited_dates_from_2005_on(dprk_events):
    ofac = [e for e in dprk_events if e.authority == "us" and e.kind == "designation"]
    by_basis = Counter(e.dated_by for e in ofac)
    assert by_basis == {"sourced": 558, "on_or_before": 3}  # the 3 the cited table leaves undated
    months = sorted(e.month for e in ofac if e.month)
    assert months[0] == "2005-06" and "2024-05" not in months  # no bar of first-seen dates
    komid = next(e for e in ofac if e.list_id == "9345")
    assert (komid.day, komid.dated_by) == (date(2005, 6, 29), "sourced")


def test_hong_kong_shipping_company_has_a_china_nexus(dprk_events):
    # UN KPe.059 HUAXIN SHIPPING HONGKONG LTD: the UN writes its Chai Wan address as
    # STATE_PROVINCE "Hong Kong", COUNTRY "China"; either way the nexus group is China.
    event = next(e for e in dprk_events if e.list == "un_sc" and e.list_id == "KPe.059")
    assert event.countries == ("cn",)
    assert event.nexus == ("china",)


def test_monthly_counts_total_equals_events(dprk_events):
    counts = monthly_counts(dprk_events)
    totals = sum(c.designations for c in counts if c.dimension == "total" and c.authority == "un")
    assert totals == sum(UN_DPRK_BY_MONTH.values()) + sum(UN_VESSELS_BY_MONTH.values()) == 155 + 37
    march_2016 = next(c for c in counts if (c.month, c.authority, c.dimension) == ("2016-03", "un", "total"))
    assert march_2016.designations == 28

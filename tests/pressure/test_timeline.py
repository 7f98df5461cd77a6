"""Designations per month from the real bundled snapshots."""

from collections import Counter

import pytest

from maxpressure.pressure.timeline import listing_events, monthly_counts

# UN DPRK records of the 2026-02-27 list by LISTED_ON month, counted by hand from the XML.
UN_DPRK_BY_MONTH = {
    "2009-04": 3, "2009-07": 10, "2012-05": 3, "2013-01": 10, "2013-03": 5, "2014-07": 1,
    "2016-03": 28, "2016-11": 21, "2017-06": 18, "2017-08": 13, "2017-09": 4, "2017-12": 17,
    "2018-03": 22,
}


@pytest.fixture(scope="module")
def dprk_events(loaded_store):
    return listing_events(loaded_store, "dprk")


def test_un_dprk_designations_per_month_follow_listed_on(dprk_events):
    un = Counter(e.month for e in dprk_events if e.authority == "un" and e.kind == "designation")
    assert un == UN_DPRK_BY_MONTH


def test_un_dprk_list_has_no_delistings(dprk_events):
    assert not [e for e in dprk_events if e.authority == "un" and e.kind == "delisting"]


def test_ofac_is_dated_by_first_seen_and_its_first_snapshot_is_stock(dprk_events):
    ofac = [e for e in dprk_events if e.authority == "us" and e.kind == "designation"]
    assert ofac and {e.dated_by for e in ofac} == {"first_seen"}
    assert {e.month for e in ofac} == {"2024-05"}  # nothing dated by the 2021-07 stock


def test_hong_kong_shipping_company_has_a_china_nexus(dprk_events):
    # UN KPe.059 HUAXIN SHIPPING HONGKONG LTD: the UN writes its Chai Wan address as
    # STATE_PROVINCE "Hong Kong", COUNTRY "China"; either way the nexus group is China.
    event = next(e for e in dprk_events if e.list == "un_sc" and e.list_id == "KPe.059")
    assert event.countries == ("cn",)
    assert event.nexus == ("china",)


def test_monthly_counts_total_equals_events(dprk_events):
    counts = monthly_counts(dprk_events)
    totals = sum(c.designations for c in counts if c.dimension == "total" and c.authority == "un")
    assert totals == sum(UN_DPRK_BY_MONTH.values()) == 155
    march_2016 = next(c for c in counts if (c.month, c.authority, c.dimension) == ("2016-03", "un", "total"))
    assert march_2016.designations == 28

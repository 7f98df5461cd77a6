"""Tables that scale, on every bundled real list: gaps, changes and candidates come a page at a
time, in an order the analyst chose, and the pages together are the whole table."""

from __future__ import annotations

import pytest

from maxpressure.config import Settings
from maxpressure.views.changes import CHANGE_SORTS, changes
from maxpressure.views.gaps import GAP_SORTS, filter_gaps, gaps
from maxpressure.views.network import network_candidates
from maxpressure.views.workbench import Workbench

pytestmark = pytest.mark.slow  # reconciles and ranks every bundled list (the links are cached)


@pytest.fixture(scope="module")
def wb(bundled_home, members_of):  # members_of: the reconciliation's links are cached first
    workbench = Workbench(Settings.from_home(bundled_home), background_jobs=False, inline=True)
    yield workbench
    workbench.close()


def _first_listed(row: dict) -> str:
    return min(str(m["listed_on"]) for m in row["members"] if m.get("listed_on"))


def test_gaps_come_most_missing_first_then_listed_longest_ago(wb):
    table = filter_gaps(gaps(wb), per_page=None)
    rows = table["rows"]
    missing = [len(r["missing_from"]) for r in rows]
    assert missing == sorted(missing, reverse=True)
    assert missing[0] == 2 and missing[-1] == 0  # missing from both other authorities, and from none
    most = [r for r in rows if len(r["missing_from"]) == missing[0]]
    assert [_first_listed(r) for r in most] == sorted(_first_listed(r) for r in most)
    # OFAC's 2014-07-30 vessels (the Ocean Maritime Management fleet) lead: neither UN nor UK list them.
    assert rows[0]["missing_from"] == ["gb", "un"] and _first_listed(rows[0]) == "2014-07-30"
    assert rows[0]["members"][0]["list"] == "us_ofac_sdn"


def test_web_gap_rows_are_missing_only_from_designating_authorities(wb):
    # The Panel of Experts' named parties is a loaded dataset, but it designates nobody.
    table = filter_gaps(gaps(wb))
    assert table["authorities"] == ["gb", "un", "us"]
    assert set(table["missing_counts"]) == {"gb", "un", "us"}


@pytest.mark.parametrize("sort", list(GAP_SORTS))
def test_gap_pages_together_are_the_whole_sorted_table(wb, sort):
    rows = gaps(wb)
    whole = [r["entity_id"] for r in filter_gaps(rows, sort=sort, per_page=None)["rows"]]
    first = filter_gaps(rows, sort=sort, page=1, per_page=100)
    paged = []
    for number in range(1, first["paging"]["pages"] + 1):
        paged += [r["entity_id"] for r in filter_gaps(rows, sort=sort, page=number, per_page=100)["rows"]]
    assert paged == whole and len(whole) == len(rows) == first["paging"]["total"]
    assert first["paging"]["pages"] == -(-len(rows) // 100) > 1


def test_gap_filters_narrow_before_paging(wb):
    vessels = filter_gaps(gaps(wb), schema="Vessel", missing_from="un", page=2, per_page=20)
    assert vessels["paging"]["total"] == vessels["shown"] < vessels["total"]
    assert vessels["paging"]["first"] == 21
    assert all(r["schema"] == "Vessel" and "un" in r["missing_from"] for r in vessels["rows"])


def test_changes_page_two_is_the_next_hundred_rows_and_counts_stay_whole(wb):
    whole = changes(wb, per_page=None)
    second = changes(wb, page=2, per_page=100)
    flat = [(c["snapshot_id"], c["entity_id"], c["kind"]) for g in whole["snapshots"] for c in g["changes"]]
    shown = [(c["snapshot_id"], c["entity_id"], c["kind"]) for g in second["snapshots"] for c in g["changes"]]
    assert shown == flat[100:200]
    assert second["paging"] == {"page": 2, "per_page": 100, "pages": -(-whole["total"] // 100),
                                "total": whole["total"], "first": 101, "last": 200}
    # Every snapshot keeps its counts over all its changes, whichever of them this page shows.
    assert [(g["snapshot_id"], g["counts"], g["total"]) for g in second["snapshots"]] == \
           [(g["snapshot_id"], g["counts"], g["total"]) for g in whole["snapshots"]]
    assert whole["total"] > 5000  # OFAC's 2021 -> 2024 file alone: thousands


@pytest.mark.parametrize("sort", list(CHANGE_SORTS))
def test_changes_stay_newest_snapshot_first_in_every_sort(wb, sort):
    table = changes(wb, list_name="un_sc", sort=sort, per_page=None)
    dates = [g["as_of"] for g in table["snapshots"]]
    assert dates == sorted(dates, reverse=True)
    newest = table["snapshots"][0]["changes"]
    assert newest == sorted(newest, key=CHANGE_SORTS[sort])


def test_candidate_pages_follow_the_ranking_and_other_sorts_reorder_it(wb):
    first = network_candidates(wb, 10, page=1)
    second = network_candidates(wb, 10, page=2)
    assert first["regime"] == "dprk"
    assert [c["rank"] for c in first["candidates"]] == list(range(1, 11))
    assert [c["rank"] for c in second["candidates"]] == list(range(11, 21))
    assert second["paging"]["total"] == first["paging"]["total"] > 20
    by_name = network_candidates(wb, 200, sort="caption")["candidates"]
    names = [(c["caption"] or "").casefold() for c in by_name]
    assert names == sorted(names) and len(by_name) == first["paging"]["total"]

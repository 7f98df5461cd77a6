"""History: what changed between the bundled UN snapshots, as the store's `changes` reports it.

The figure comes from the issue and was re-counted by hand from the two UN XML files: 56 DPRK
records added between 2017-07-03 and 2024-09-26, none removed; by LISTED_ON month 2017-08: 13,
2017-09: 4, 2017-12: 17, 2018-03: 22.
"""

from collections import Counter
from datetime import date


def _un_dprk_changes(store, before: date, after: date):
    by_date = {s.as_of: s.snapshot_id for s in store.snapshots("un_sc")}
    dprk_ids = {e.list_id for sid in (by_date[before], by_date[after]) for e in store.entries(sid) if "dprk" in e.regimes}
    return [c for c in store.changes("un_sc")
            if c.previous_snapshot_id == by_date[before] and c.snapshot_id == by_date[after]
            and c.list_id in dprk_ids]


def test_un_dprk_additions_between_2017_and_2024_come_out_of_changes_exactly(loaded_store):
    changes = _un_dprk_changes(loaded_store, date(2017, 7, 3), date(2024, 9, 26))
    added = [c for c in changes if c.kind == "added"]
    removed = [c for c in changes if c.kind == "removed"]
    assert len(added) == 56
    assert removed == []
    by_month = Counter(c.listed_on.strftime("%Y-%m") for c in added)
    assert by_month == {"2017-08": 13, "2017-09": 4, "2017-12": 17, "2018-03": 22}

"""`init`'s notes on the bundled data: what is expected is said to be expected, and why."""

from __future__ import annotations

import pytest

from maxpressure.cli.lists import bundled_notes
from maxpressure.data import bundled_snapshots
from maxpressure.sources import parse_files


@pytest.mark.slow
def test_the_rows_left_out_of_the_bundled_2024_ofac_snapshot_are_explained_as_expected():
    snapshots = {(s.list, s.as_of.isoformat()): s for s in bundled_snapshots()}
    new = snapshots[("us_ofac_sdn", "2024-05-03")]
    parsed = parse_files(list(new.files), new.list, as_of=new.as_of)
    warnings = [f"{parsed.list} {parsed.as_of}: {w}" for w in parsed.warnings]
    assert any("add.csv.gz: 4893 rows name an ent_num that is not in sdn.csv" in w for w in warnings)
    [note] = bundled_notes(warnings)
    assert "left out as expected" in note and "newer copy (on or before 2025-12-24) than its sdn.csv" in note
    assert "no matching 2024 set is public" in note and "SOURCES.md" in note
    # The matching 2021 set has no such rows, and nothing is explained that did not happen.
    old = snapshots[("us_ofac_sdn", "2021-07-07")]
    older = parse_files(list(old.files), old.list, as_of=old.as_of)
    assert bundled_notes([f"{older.list} {older.as_of}: {w}" for w in older.warnings]) == []

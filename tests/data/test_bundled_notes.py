"""A bundled snapshot's note says what is expected in it, and only where it happened."""

from __future__ import annotations

from pathlib import Path

import pytest

from maxpressure.data import bundled_note, bundled_snapshots
from maxpressure.sources import parse_files


@pytest.mark.slow
def test_the_2024_ofac_notes_explain_rows_that_its_parse_really_leaves_out():
    snapshots = {(s.list, s.as_of.isoformat()): s for s in bundled_snapshots()}
    new = snapshots[("us_ofac_sdn", "2024-05-03")]
    parsed = parse_files(list(new.files), new.list, as_of=new.as_of)
    assert any("add.csv.gz: 4893 rows name an ent_num that is not in sdn.csv" in w for w in parsed.warnings)
    assert "newer copy (on or before 2025-12-24) than its sdn.csv" in new.note
    assert "no matching 2024 set is public" in new.note and "SOURCES.md" in new.note
    # The matching 2021 set leaves no such rows out, and carries no note.
    old = snapshots[("us_ofac_sdn", "2021-07-07")]
    older = parse_files(list(old.files), old.list, as_of=old.as_of)
    assert not any("not in sdn.csv" in w for w in older.warnings)
    assert old.note is None


def test_a_users_own_file_of_the_same_list_and_day_gets_no_bundled_note(tmp_path):
    [new] = [s for s in bundled_snapshots() if (s.list, s.as_of.isoformat()) == ("us_ofac_sdn", "2024-05-03")]
    assert bundled_note(new.list, new.as_of, [str(f) for f in new.files]) == new.note
    own = tmp_path / "sdn.csv"
    assert bundled_note(new.list, new.as_of, [str(own)]) is None
    assert bundled_note(new.list, new.as_of, []) is None
    assert bundled_note(new.list, None, [str(Path(new.files[0]))]) is None

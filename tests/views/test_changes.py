"""The changes view: each snapshot with its changes, and the note a bundled snapshot carries."""

from __future__ import annotations

import pytest

from maxpressure.config import Settings
from maxpressure.views.changes import changes, snapshots
from maxpressure.views.workbench import Workbench

pytestmark = pytest.mark.slow  # diffs every bundled snapshot


@pytest.fixture(scope="module")
def wb(bundled_home):
    workbench = Workbench(Settings.from_home(bundled_home), background_jobs=False, inline=True)
    yield workbench
    workbench.close()


def test_the_2024_ofac_changes_carry_the_note_on_its_newer_sibling_files_and_no_other_does(wb):
    groups = {(g["list"], g["as_of"]): g for g in changes(wb, per_page=None)["snapshots"]}
    noted = groups[("us_ofac_sdn", "2024-05-03")]["note"]
    assert "newer copy (on or before 2025-12-24) than its sdn.csv" in noted
    assert [key for key, g in groups.items() if g["note"]] == [("us_ofac_sdn", "2024-05-03")]
    held = {(s["list"], s["as_of"]): s["note"] for s in snapshots(wb)}
    assert held[("us_ofac_sdn", "2024-05-03")] == noted and held[("us_ofac_sdn", "2021-07-07")] is None

"""No view prints a first-seen OFAC snapshot date as if it were a designation date."""

from __future__ import annotations

import csv
import io
import re

import pytest

from maxpressure.brief.build import write_brief
from maxpressure.config import Settings

pytestmark = pytest.mark.slow

# The bundled OFAC snapshots: an entry first seen in one was designated on or before that day.
SNAPSHOT_DATES = ("2021-07-07", "2024-05-03")
# Words that say a snapshot date is a bound or a snapshot, not a designation date.
QUALIFIED = re.compile(r"(on or before|between|after|and|as of|as of the list of)\s*$")


@pytest.fixture(scope="module")
def bundled_brief(bundled_home, tmp_path_factory) -> str:
    path = write_brief(Settings.from_home(bundled_home), tmp_path_factory.mktemp("brief") / "brief.html")
    return path.read_text(encoding="utf-8")


def test_the_brief_never_prints_a_bare_ofac_snapshot_date(bundled_brief):
    # The "Lists held" table names each snapshot by its date; everything after it dates designations.
    body = bundled_brief[bundled_brief.index('id="pressure"'):]
    for day in SNAPSHOT_DATES:
        for found in re.finditer(re.escape(day), body):
            before = re.sub(r"<[^>]+>", " ", body[max(0, found.start() - 80):found.start()])
            assert QUALIFIED.search(before), f"bare {day} after {before!r}"


def test_the_lists_held_name_the_panel_dataset_as_one_that_designates_nobody(bundled_brief):
    held = bundled_brief[bundled_brief.index("Lists held"):bundled_brief.index('id="pressure"')]
    assert "UN Panel of Experts (DPRK): parties its reporting names; designates nobody (poe_dprk_named_parties)" in held


def test_the_brief_shows_cited_and_carried_over_dates(bundled_brief):
    assert "carried over on 2020-12-31" in bundled_brief
    assert "Panel of Experts" in bundled_brief and "sc15648" in bundled_brief  # the regime events


def test_gaps_csv_never_prints_a_bare_ofac_snapshot_date(run_cli, bundled_home):
    result = run_cli("gaps", "--csv", "--home", bundled_home)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["entity_id", "caption", "schema", "listed_by", "missing_from", "members", "lags_days", "confidence"]
    cells = [cell for row in rows[1:] for cell in row[3:6]]
    for cell in cells:
        for part in cell.split(";"):
            if any(day in part for day in SNAPSHOT_DATES):
                assert "on or before" in part, part
    komid = next(r for r in rows if r[0] == "un-sc-KPe.001")
    assert "us: 2005-06-29 (cited)" in komid[3]

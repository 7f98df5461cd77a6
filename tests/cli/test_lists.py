"""`init` says the bundled data's notes once, so that an expected warning does not read as an error."""

from __future__ import annotations

import json

import pytest


@pytest.mark.slow
def test_init_prints_the_note_on_the_2024_ofac_snapshot_after_its_warnings(run_cli, tmp_path):
    result = run_cli("--home", str(tmp_path / "home"), "init")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    warning = next(i for i, line in enumerate(lines) if "4893 rows name an ent_num that is not in sdn.csv" in line)
    [note] = [i for i, line in enumerate(lines) if line.startswith("note on the bundled data: us_ofac_sdn 2024-05-03:")]
    assert note > warning and "left out, as expected" in " ".join(lines[note:note + 4])


@pytest.mark.slow
def test_entity_of_a_panel_record_gives_no_designation_date(run_cli, bundled_home):
    result = run_cli("--home", str(bundled_home), "entity", "poe_dprk_named_parties:poe-v-petrel-8")
    assert result.exit_code == 0, result.stderr
    assert "designated:" not in result.stdout
    assert "designates nobody" in result.stdout and "not a designation date" in result.stdout
    record = run_cli("--home", str(bundled_home), "--json", "entity", "poe_dprk_named_parties:poe-v-petrel-8")
    assert json.loads(record.stdout)["designation"] is None
    # A list entry keeps its designation date (RI WON HO, UN 2016-11-30, resolution 2321).
    listed = run_cli("--home", str(bundled_home), "entity", "KPi.033")
    assert "designated: 2016-11-30" in listed.stdout

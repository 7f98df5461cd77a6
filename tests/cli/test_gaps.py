"""`maxpressure gaps` and `maxpressure reconcile` on the bundled real lists.

Reconciling every bundled list takes a minute or two the first time (the links are then cached in
the home directory), so these tests are marked slow.
"""

import csv
import io
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

GROUND_TRUTH = Path(__file__).parents[1] / "fixtures" / "reconcile" / "un_dprk_ofac_2024.csv"


@pytest.fixture(scope="module")
def gaps_json(bundled_home):
    from maxpressure.cli import main

    import contextlib
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exit_:
        main(["gaps", "--json", "--home", str(bundled_home)])
    assert exit_.value.code == 0
    return json.loads(out.getvalue())


def _un_ofac_pairs(gaps):
    pairs = set()
    for gap in gaps:
        un = [m["list_id"] for m in gap["members"] if m["list"] == "un_sc"]
        us = [m["list_id"] for m in gap["members"] if m["list"] == "us_ofac_sdn"]
        pairs.update((u, o) for u in un for o in us)
    return pairs


def test_gaps_pair_un_dprk_entries_with_ofac_against_hand_reviewed_truth(gaps_json):
    with GROUND_TRUTH.open() as f:
        truth = {(row["un_ref"], row["ofac_ent_num"]) for row in csv.DictReader(f) if row["ofac_ent_num"]}
    predicted = _un_ofac_pairs(gaps_json)
    correct = len(predicted & truth)
    assert correct / len(predicted) >= 0.99
    assert correct / len(truth) >= 0.98


def test_gaps_json_has_one_object_per_reconciled_entity_in_the_documented_format(gaps_json):
    ids = [g["entity_id"] for g in gaps_json]
    assert len(ids) == len(set(ids))
    for gap in gaps_json:
        assert {"entity_id", "caption", "schema", "members", "missing_from"} <= set(gap)
    un_members = [m for g in gaps_json for m in g["members"] if m["list"] == "un_sc"]
    assert len(un_members) == 155


def test_un_entry_that_ofac_never_listed_is_missing_from_us(gaps_json):
    gap = next(g for g in gaps_json if any(m["list_id"] == "KPi.003" for m in g["members"]))
    assert "us" in gap["missing_from"]


def test_gaps_csv_has_a_header_and_a_row_per_entity(run_cli, bundled_home, gaps_json):
    result = run_cli("gaps", "--csv", "--home", bundled_home)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(gaps_json)
    assert {"entity_id", "missing_from", "listed_by"} <= set(rows[0])


def test_judgement_from_the_command_line_overrides_and_survives(run_cli, home_copy, gaps_json):
    show = run_cli("reconcile", "show", "un_sc:KPi.033", "--json", "--home", home_copy)
    assert show.exit_code == 0
    assert "19609" in {m["list_id"] for m in json.loads(show.stdout)["members"]}

    judged = run_cli("reconcile", "judge", "un_sc:KPi.033", "us_ofac_sdn:19609", "--different", "--home", home_copy)
    assert judged.exit_code == 0

    # a new process, a reopened store: the judgement still wins over the passport link
    after = run_cli("reconcile", "show", "un_sc:KPi.033", "--json", "--home", home_copy)
    assert "19609" not in {m["list_id"] for m in json.loads(after.stdout)["members"]}


def test_judge_needs_exactly_one_verdict(run_cli, home_copy):
    result = run_cli("reconcile", "judge", "un_sc:KPi.033", "us_ofac_sdn:19609", "--home", home_copy)
    assert result.exit_code != 0
    assert "exactly one of --same and --different" in result.stderr


def test_the_panel_of_experts_dataset_init_loads_is_neither_a_listing_nor_an_authority(gaps_json, bundled_home):
    from maxpressure.config import Settings
    from maxpressure.model import PANEL_DATASET
    from maxpressure.store import Store

    with Store.open(Settings.from_home(bundled_home), read_only=True) as store:
        named = {e.caption for e in store.entries(store.latest(PANEL_DATASET).snapshot_id)}
    assert "KOREA MINING DEVELOPMENT TRADING CORPORATION" in {n.upper() for n in named}  # the Panel names KOMID
    komid = next(g for g in gaps_json if any(m["list_id"] == "KPe.001" for m in g["members"]))
    assert {m["list"] for m in komid["members"]} == {"un_sc", "us_ofac_sdn", "gb_fcdo"}
    assert not any(PANEL_DATASET in g["missing_from"] or PANEL_DATASET in g["listed_by"] for g in gaps_json)

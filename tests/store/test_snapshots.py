"""The store keeps every snapshot, reports what changed, and survives bad input and SIGKILL."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from maxpressure.config import Settings
from maxpressure.data import bundled_file
from maxpressure.store import PAUSE_ENV, Store

UN_2026 = bundled_file("un_sc", "2026-02-27", "UN_consolidated.xml.gz")
UN_2025 = bundled_file("un_sc", "2025-04-19", "UN.xml.gz")


def _snapshot_rows(home: Path) -> list[tuple]:
    with Store.open(Settings.from_home(home), read_only=True) as store:
        return [(s.snapshot_id, s.list, s.as_of, s.entries) for s in store.snapshots()]


def test_every_bundled_snapshot_is_held_with_its_entry_count(loaded_store):
    held = {(s.list, s.as_of.isoformat()): s.entries for s in loaded_store.snapshots()}
    assert held[("un_sc", "2017-07-03")] == 1021
    assert held[("un_sc", "2024-09-26")] == 875
    assert held[("un_sc", "2025-04-19")] == 877
    assert held[("un_sc", "2026-02-27")] == 1003
    assert held[("us_ofac_sdn", "2021-07-07")] == 8976
    assert held[("us_ofac_sdn", "2024-05-03")] == 14965


def test_current_entries_are_the_newest_snapshot_of_each_list(loaded_store):
    entries = loaded_store.current_entries(["un_sc"])
    assert len(entries) == 1003
    dprk = [e for e in entries if "dprk" in e.regimes]
    assert Counter(e.schema for e in dprk) == {"Person": 80, "Organization": 75}


def test_un_dprk_additions_between_2017_and_2024_by_listing_month(loaded_store):
    snapshots = {s.as_of.isoformat(): s for s in loaded_store.snapshots("un_sc")}
    changes = [c for c in loaded_store.changes("un_sc")
               if c.snapshot_id == snapshots["2024-09-26"].snapshot_id and "DPRK" in c.programs]
    added = [c for c in changes if c.kind == "added"]
    assert len(added) == 56
    assert not [c for c in changes if c.kind == "removed"]
    by_month = Counter(c.listed_on.strftime("%Y-%m") for c in added)
    assert by_month == {"2017-08": 13, "2017-09": 4, "2017-12": 17, "2018-03": 22}


def test_first_seen_dates_an_ofac_entry_by_the_first_snapshot_holding_it(loaded_store):
    first = loaded_store.first_seen("us_ofac_sdn")
    assert len(first) >= 14965
    in_2021 = {e.list_id for e in loaded_store.entries(loaded_store.snapshots("us_ofac_sdn")[0].snapshot_id)}
    new_in_2024 = [k for k, seen in first.items() if seen == date(2024, 5, 3)]
    assert new_in_2024 and not set(new_in_2024) & in_2021


def test_amended_entries_name_the_properties_that_changed(loaded_store):
    amended = [c for c in loaded_store.changes("un_sc") if c.kind == "amended"]
    assert amended
    assert all(c.changed_properties for c in amended)


def test_lists_json_has_one_object_per_snapshot(bundled_home, run_cli):
    result = run_cli("lists", "--json", "--home", bundled_home)
    assert result.exit_code == 0, result.stderr
    snapshots = json.loads(result.stdout)
    assert {"list", "snapshot_id", "as_of", "loaded_at", "entries", "source_files"} <= set(snapshots[0])
    un = [s for s in snapshots if s["list"] == "un_sc" and s["as_of"] == "2026-02-27"]
    assert un[0]["entries"] == 1003
    assert un[0]["source_files"][0].endswith("UN_consolidated.xml.gz")


def test_entity_command_shows_an_entry_and_its_snapshots(bundled_home, run_cli):
    result = run_cli("entity", "KPe.001", "--json", "--home", bundled_home)
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["entity_id"] == "un-sc-KPe.001"
    assert record["caption"] == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    assert len(record["snapshots"]) == 4  # in all four bundled UN snapshots


def test_loading_the_same_content_again_writes_nothing(home_copy, run_cli):
    before = _snapshot_rows(home_copy)
    result = run_cli("load", UN_2026, "--home", home_copy)
    assert result.exit_code == 0, result.stderr
    assert "unchanged" in result.stdout
    assert _snapshot_rows(home_copy) == before


def test_export_ftm_writes_every_entity_with_its_list(bundled_home, run_cli, tmp_path):
    out = tmp_path / "un.ftm.json"
    result = run_cli("export", "--format", "ftm", "--list", "un_sc", "--output", out, "--home", bundled_home)
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    targets = [r for r in records if r["target"]]
    assert len(targets) == 1003
    assert all(r["datasets"] == ["un_sc"] for r in records)


def test_export_csv_has_one_row_per_entry(bundled_home, run_cli, tmp_path):
    out = tmp_path / "un.csv"
    assert run_cli("export", "--format", "csv", "--list", "un_sc", "--output", out, "--home", bundled_home).exit_code == 0
    assert len(out.read_text().splitlines()) == 1 + 1003


# -- bad input leaves the store exactly as it was ------------------------------------------------

def _bad_files(tmp_path: Path) -> dict[str, Path]:
    real = gzip.decompress(UN_2026.read_bytes())
    cases = {
        "truncated.xml": real[: len(real) // 2],
        "latin1.xml": real.decode("utf-8").encode("utf-16"),
        "empty.xml": b"",
        "garbage.xml": os.urandom(4096),
        "laughs.xml": (b'<?xml version="1.0"?><!DOCTYPE CONSOLIDATED_LIST [<!ENTITY a "aaaaaaaaaa">'
                       b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
                       b'<CONSOLIDATED_LIST dateGenerated="2026-01-01"><INDIVIDUALS><INDIVIDUAL>'
                       b'<FIRST_NAME>&c;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>'),
    }
    paths = {}
    for name, data in cases.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(data)
    return paths


@pytest.mark.parametrize("case", ["truncated.xml", "latin1.xml", "empty.xml", "garbage.xml", "laughs.xml"])
def test_bad_list_file_gives_one_line_error_and_writes_nothing(home_copy, run_cli, tmp_path, case):
    bad = _bad_files(tmp_path)[case]
    before = _snapshot_rows(home_copy)
    result = run_cli("load", bad, "--list", "un_sc", "--home", home_copy)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and case in lines[0], result.stderr
    assert _snapshot_rows(home_copy) == before


def test_wrong_file_for_the_list_is_refused(home_copy, run_cli):
    sdn = bundled_file("us_ofac_sdn", "2024-05-03", "sdn.csv.gz")
    before = _snapshot_rows(home_copy)
    result = run_cli("load", sdn, "--list", "un_sc", "--home", home_copy)
    assert result.exit_code != 0
    assert "sdn.csv.gz" in result.stderr and "un_sc" in result.stderr
    assert _snapshot_rows(home_copy) == before


def test_one_bad_file_in_a_load_stops_the_good_ones_too(home_copy, run_cli, tmp_path):
    bad = _bad_files(tmp_path)["truncated.xml"]
    before = _snapshot_rows(home_copy)
    result = run_cli("load", UN_2025, bad, "--force", "--home", home_copy)
    assert result.exit_code != 0
    assert _snapshot_rows(home_copy) == before


def test_sigkill_during_a_load_leaves_previous_snapshots_readable(home_copy):
    before = _snapshot_rows(home_copy)
    env = dict(os.environ, **{PAUSE_ENV: "60", "MAXPRESSURE_HOME": str(home_copy)})
    proc = subprocess.Popen([sys.executable, "-m", "maxpressure", "load", str(UN_2025), "--force"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        line = proc.stdout.readline()  # printed once the entries are inserted, before COMMIT
        assert "paused inside the load transaction" in line
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert _snapshot_rows(home_copy) == before
    with Store.open(Settings.from_home(home_copy), read_only=True) as store:
        assert len(store.current_entries(["un_sc"])) == 1003

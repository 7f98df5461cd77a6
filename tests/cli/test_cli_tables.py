"""Tables at 80 columns keep what an analyst cites whole: ids and dates wrap between items, never
inside one, and nothing is cut with an ellipsis; names wrap instead. On the bundled real lists."""

from __future__ import annotations

import json
import re

import pytest

from maxpressure.cli import common

pytestmark = pytest.mark.slow  # gaps reconciles every bundled list (links cached once per run)


@pytest.fixture
def at_80_columns(monkeypatch):
    monkeypatch.setattr(common.console, "width", 80)


def _words(text: str) -> set[str]:
    return {w.rstrip(",;") for w in re.findall(r"[^\s│┃]+", text)}


def _fits(text: str) -> None:
    from rich.cells import cell_len

    assert max(cell_len(line) for line in text.splitlines()) <= 80
    assert "…" not in text


def test_gaps_table_keeps_every_entity_id_and_date_whole(run_cli, bundled_home, at_80_columns):
    table = run_cli("gaps", "--home", bundled_home)
    rows = json.loads(run_cli("gaps", "--home", bundled_home, "--json").stdout)
    assert table.exit_code == 0, table.stderr
    _fits(table.stdout)
    words = _words(table.stdout)
    assert {r["entity_id"] for r in rows} <= words  # us-ofac-sdn-17084, gb-fcdo-DPR0105 ...
    # Each date as the table writes it, with its basis: "2016-11-30", "in 2005-10", "on or before ..."
    dates = {w for r in rows for d in r["listed_by_dates"].values() for w in d["date_text"].split()
             if re.fullmatch(r"\d{4}-\d\d(-\d\d)?", w)}
    assert dates <= words and len(dates) > 50


def test_changes_table_keeps_every_list_entry_and_date_whole(run_cli, bundled_home, at_80_columns):
    table = run_cli("changes", "--home", bundled_home, "--list", "un_sc")
    changes = json.loads(run_cli("changes", "--home", bundled_home, "--list", "un_sc", "--json").stdout)
    assert table.exit_code == 0, table.stderr
    _fits(table.stdout)
    words = _words(table.stdout)
    assert {f"un_sc:{c['list_id']}" for c in changes} <= words and len(changes) > 1000
    assert {c["listed_on"] for c in changes if c["listed_on"]} <= words


def test_snapshot_and_candidate_tables_keep_list_names_and_entries_whole(run_cli, bundled_home, at_80_columns):
    lists = run_cli("lists", "--home", bundled_home)
    _fits(lists.stdout)
    assert {"poe_dprk_named_parties", "us_ofac_sdn", "2024-05-03", "2021-07-07"} <= _words(lists.stdout)
    found = run_cli("network", "candidates", "--home", bundled_home, "--limit", "10")
    shown = json.loads(run_cli("network", "candidates", "--home", bundled_home, "--limit", "10", "--json").stdout)
    _fits(found.stdout)
    cited = {f"{m['list']}:{m['list_id']}" for c in shown["candidates"] for m in c["lists"]}
    # A reference longer than a column can hold (a Panel of Experts key) breaks after its colon:
    # the list and the key each stay whole; every other reference stays whole on one line.
    short = {c for c in cited if len(c) <= common.LONGEST_WHOLE_WORD}
    broken = {w for c in cited - short for w in (c.split(":")[0] + ":", c.split(":", 1)[1])}
    assert short and any(c.startswith("poe_dprk_named_parties:") for c in cited - short)
    assert _words(found.stdout) >= short | broken

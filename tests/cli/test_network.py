"""`maxpressure network` on the bundled real lists (reconciled graph: slow)."""

from __future__ import annotations

import json

import pytest

from maxpressure.model import entry_entity_id

MINGZHENG = entry_entity_id("us_ofac_sdn", "22583")


@pytest.mark.slow
def test_candidates_json_has_sourced_paths_and_a_drawable_graph(run_cli, bundled_home):
    # No regime: OFAC designated MINGZHENG under NPWMD with no DPRK address (the default regime,
    # DPRK, asks for a nexus to it).
    result = run_cli("network", "candidates", "--home", bundled_home, "--authority", "un", "--regime", "any",
                     "--country", "cn", "--limit", "10", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["candidates"] and data["seeds"] > 0
    node_ids = {n["id"] for n in data["graph"]["nodes"]}
    for candidate in data["candidates"]:
        assert "cn" in candidate["countries"]
        assert candidate["paths"], candidate["caption"]
        for edge in candidate["paths"][0]["edges"]:
            assert {edge["source"], edge["target"]} <= node_ids
            assert edge["evidence"]["list"] and edge["evidence"]["list_id"]
    assert MINGZHENG in {c["entity_id"] for c in data["candidates"]}


@pytest.mark.slow
def test_path_between_front_company_and_the_bank_it_serves(run_cli, bundled_home):
    result = run_cli("network", "path", "--home", bundled_home, "us_ofac_sdn:22583", "us_ofac_sdn:15603", "--json")
    assert result.exit_code == 0, result.stderr
    path = json.loads(result.stdout)["path"]
    assert len(path["edges"]) == 1 and path["edges"][0]["kind"] == "linked_to"
    assert path["edges"][0]["evidence"]["list_id"] == "22583"


@pytest.mark.slow
def test_unknown_party_is_one_clear_error(run_cli, home_copy):
    result = run_cli("network", "path", "--home", home_copy, "NO SUCH PARTY LTD", "us_ofac_sdn:22583")
    assert result.exit_code != 0
    assert result.stderr.count("\n") == 1 and "no party" in result.stderr


def test_backtest_rejects_a_malformed_freeze_date(run_cli, bundled_home):
    result = run_cli("network", "backtest", "--home", bundled_home, "--freeze", "July 2017")
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.stderr


@pytest.mark.slow
def test_candidates_on_an_unchanged_store_are_answered_from_the_cached_graph(run_cli, bundled_home, monkeypatch):
    args = ("network", "candidates", "--home", bundled_home, "--authority", "un", "--limit", "5", "--json")
    first = run_cli(*args)
    assert first.exit_code == 0, first.stderr
    assert list((bundled_home / "cache").glob("network-graph-*.json"))

    def no_build(*a, **k):
        raise AssertionError("graph rebuilt for an unchanged store")

    monkeypatch.setattr("maxpressure.network.load.build_graph", no_build)
    second = run_cli(*args)
    assert second.exit_code == 0, second.stderr
    assert second.stdout == first.stdout


@pytest.mark.slow
def test_backtest_json_ranks_every_party_known_at_the_freeze(run_cli, bundled_home):
    result = run_cli("network", "backtest", "--home", bundled_home, "--freeze", "2017-07-03", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["targets"] == 56 and data["measurable"]
    assert 0 < data["reachable"] <= data["in_graph"] < data["targets"]
    assert len(data["ranking"]) == min(500, data["ranked"])
    assert sum(1 for r in data["ranking"] if r["evidence_path"]) == data["with_evidence_path"]
    assert data["metrics"]["recall@50"] > max(b["recall@50"] for b in data["baselines"].values())


@pytest.mark.slow
def test_candidates_default_to_the_dprk_regime_and_the_un_as_the_web_does(run_cli, bundled_home):
    from maxpressure.config import Settings
    from maxpressure.views.network import network_candidates
    from maxpressure.views.workbench import Workbench

    result = run_cli("network", "candidates", "--home", bundled_home, "--limit", "10", "--json")
    assert result.exit_code == 0, result.stderr
    cli = json.loads(result.stdout)
    assert (cli["authority"], cli["regime"]) == ("un", "dprk")
    wb = Workbench(Settings.from_home(bundled_home), background_jobs=False, inline=True)
    try:
        web = network_candidates(wb, 10)
    finally:
        wb.close()
    assert (web["authority"], web["regime"]) == ("un", "dprk")
    assert [c["entity_id"] for c in cli["candidates"]] == [c["entity_id"] for c in web["candidates"]]

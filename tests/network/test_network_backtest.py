"""The backtest on the bundled real lists: UN DPRK frozen at 2017-07-03, OFAC 2021 graph."""

from __future__ import annotations

from datetime import date

import pytest

from maxpressure.network.backtest import reconciled_resolver, run_backtest


@pytest.fixture(scope="module")
def result(loaded_store):
    return run_backtest(loaded_store, date(2017, 7, 3), "un_sc", "dprk", resolver_factory=reconciled_resolver)


@pytest.mark.slow
def test_backtest_uses_the_2017_seeds_and_the_56_later_un_dprk_designations(result):
    assert result.seeds >= 90  # 99 UN DPRK entries in the 2017 file, some merged by reconciliation
    assert result.targets == 56
    assert result.in_graph >= 50
    assert [s["list"] for s in result.graph_snapshots] == ["un_sc", "us_ofac_sdn"]  # no UK: it copies the UN
    assert any("us_ofac_sdn snapshot 2021-07-07" in leak for leak in result.leaks)


@pytest.mark.slow
def test_method_beats_every_baseline_on_recall_at_50_and_100(result):
    for name, baseline in result.baselines.items():
        for key in ("recall@50", "recall@100"):
            assert result.metrics[key] > baseline[key], (name, key)


@pytest.mark.slow
def test_json_ranking_lets_anyone_recompute_the_figures(result):
    data = result.to_json()
    assert {"freeze", "authority", "targets", "in_graph", "metrics", "baselines", "ranking"} <= set(data)
    ranking = data["ranking"]
    assert len(ranking) >= min(500, len(ranking)) and ranking[0]["rank"] == 1
    assert all({"entity_id", "score", "lists"} <= set(r) for r in ranking)
    top50 = ranking[:50]
    hits = sum(1 for r in top50 if any(m["list"] == "un_sc" and m["list_id"] in
                                       {t["list_id"] for t in data["target_entries"]} for m in r["lists"]))
    assert hits / 50 == pytest.approx(data["metrics"]["precision@50"])

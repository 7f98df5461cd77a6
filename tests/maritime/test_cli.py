"""`maxpressure maritime simulate` then `detect`, as a user runs them."""

from __future__ import annotations

import json


def test_simulate_then_detect_writes_events_and_a_summary(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("MAXPRESSURE_HOME", str(tmp_path / "home"))
    ais = tmp_path / "demo.csv"
    assert run_cli("maritime", "simulate", "--output", ais, "--seed", "2").exit_code == 0
    assert (tmp_path / "demo.labels.jsonl").exists()
    out = tmp_path / "events.jsonl"
    result = run_cli("maritime", "detect", ais, "--output", out, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["by_type"]["encounter"] == 7  # 3 hub meetings, a 3-ship meeting, 3 transfers heard with gaps
    assert summary["events"] == len(out.read_text().splitlines())


def test_unknown_engine_is_one_clear_error(run_cli, tmp_path):
    ais = tmp_path / "demo.csv"
    run_cli("maritime", "simulate", "--output", ais)
    result = run_cli("maritime", "detect", ais, "--output", tmp_path / "e.jsonl", "--engine", "flink")
    assert result.exit_code != 0 and "unknown engine" in result.stderr

"""`maxpressure screen`: single name, batch in input order, malformed rows named."""

import json

import pytest


def test_malformed_batch_row_names_its_line(run_cli, tmp_path):
    queries = tmp_path / "q.csv"
    queries.write_text("id,name,schema\nq1,RI PYONG CHUL,Person\nq2\n", encoding="utf-8")
    result = run_cli("screen", "--input", queries, "--output", tmp_path / "out.jsonl", "--home", tmp_path)
    assert result.exit_code != 0
    assert "q.csv:3" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_bad_schema_in_batch_is_an_error(run_cli, tmp_path):
    queries = tmp_path / "q.csv"
    queries.write_text("id,name,schema\nq1,KOMID,Bank\n", encoding="utf-8")
    result = run_cli("screen", "--input", queries, "--output", tmp_path / "out.jsonl", "--home", tmp_path)
    assert result.exit_code != 0 and "q.csv:2" in result.stderr


@pytest.mark.slow
def test_screen_finds_real_entries_and_batch_keeps_input_order(run_cli, bundled_home, tmp_path):
    result = run_cli("screen", "최룡해", "--schema", "Person", "--json", "--home", bundled_home)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["results"][0]["caption"] == "CHOE, Ryong Hae"
    assert data["results"][0]["match"] is True

    queries = tmp_path / "q.csv"
    queries.write_text("id,name,schema\nz,CHONMASAN,Vessel\na,KOMID,\nm,Kim Chol Nam,Person\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run_cli("screen", "--input", queries, "--output", out, "--home", bundled_home)
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["z", "a", "m"]
    assert rows[0]["results"][0]["match"] is True
    assert {ref["list"] for ref in rows[1]["results"][0]["lists"]} <= {"un_sc", "us_ofac_sdn", "gb_fcdo"}


@pytest.mark.slow
def test_screen_results_are_reconciled_entities_listing_every_list_entry(run_cli, bundled_home):
    result = run_cli("screen", "KOMID", "--json", "--limit", "5", "--home", bundled_home)
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    results = found["results"] if isinstance(found, dict) else found[0]["results"]
    komid = [r for r in results if {"list": "un_sc", "list_id": "KPe.001"} in r["lists"]]
    assert len(komid) == 1  # one result for the real-world entity, not one per list
    assert {"list": "us_ofac_sdn", "list_id": "9345"} in komid[0]["lists"]


def test_bad_workers_and_engine_are_one_line_errors(run_cli, tmp_path):
    queries = tmp_path / "q.csv"
    queries.write_text("id,name\nq1,KOMID\n", encoding="utf-8")
    for option in (("--workers", "0"), ("--engine", "dask")):
        result = run_cli("screen", "--input", queries, "--output", tmp_path / "out.jsonl", *option, "--home", tmp_path)
        assert result.exit_code != 0 and option[0] in result.stderr


@pytest.mark.slow
def test_every_core_and_spark_write_what_one_worker_writes(run_cli, bundled_home, tmp_path, monkeypatch):
    # Real list names, a Hangul name, a Chinese company in characters and a name on no list.
    rows = ["id,name,schema", "a,KOREA KWANGSON BANKING CORP,", "b,최룡해,Person", "c,丹东鸿祥实业发展有限公司,Company",
            "d,CHONMASAN,Vessel", "e,Kim Jong Nam,Person", "f,Jack Ma,Person"]
    queries = tmp_path / "q.csv"
    queries.write_text("\n".join(rows * 1) + "\n", encoding="utf-8")
    outputs = {}
    for name, options in (("one", ("--workers", "1")), ("all", ("--workers", "2")), ("spark", ("--engine", "spark"))):
        if name == "spark":
            pytest.importorskip("pyspark")
            monkeypatch.setenv("MAXPRESSURE_SPARK_MASTER", "local[2]")
        out = tmp_path / f"{name}.jsonl"
        result = run_cli("screen", "--input", queries, "--output", out, *options, "--home", bundled_home)
        assert result.exit_code == 0, result.stderr
        outputs[name] = out.read_text(encoding="utf-8")
    assert outputs["one"] == outputs["all"] == outputs["spark"]
    found = [json.loads(line) for line in outputs["one"].splitlines()]
    assert [r["id"] for r in found] == ["a", "b", "c", "d", "e", "f"]
    assert [bool(r["results"]) and r["results"][0]["match"] for r in found[:4]] == [True] * 4

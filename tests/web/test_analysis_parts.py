"""The parts of the workbench that call the slow analyses: gaps, batch screening, the maritime demo.

On two real UN snapshots (2017-07-03, 2024-09-26). Slow: the reconciliation, the screening index
and the demo maritime run are built once for the module.
"""

from __future__ import annotations

import csv
import io

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def live(un_home, client_for):
    with client_for(un_home, background_jobs=True) as client:
        yield client


@pytest.fixture(scope="module")
def ready(live):
    live.get("/api/gaps")
    live.get("/api/maritime")
    assert live.app.state.workbench.wait_ready(900), live.app.state.workbench.status()
    return live


def test_gap_table_holds_every_un_dprk_entry(ready):
    table = ready.get("/api/gaps").json()
    assert table["total"] == 155  # UN DPRK entries of 2024-09-26, each its own entity with one list
    academy = ready.get("/api/gaps", params={"q": "KPe.021"}).json()["rows"]
    assert [r["caption"] for r in academy] == ["ACADEMY OF NATIONAL DEFENSE SCIENCE"]


def test_gap_filters_sorting_and_csv_export_agree(ready):
    people = ready.get("/api/gaps", params={"schema": "Person", "sort": "listed_on"}).json()
    every = ready.get("/api/gaps", params={"per_page": 1000}).json()["rows"]
    assert people["shown"] == sum(1 for r in every if r["schema"] == "Person")
    assert len(people["rows"]) == min(people["shown"], 100)  # the first page
    dates = [min(m["listed_on"] for m in r["members"]) for r in people["rows"]]
    assert dates == sorted(dates) and len(set(dates)) > 1
    exported = list(csv.reader(io.StringIO(ready.get("/api/gaps.csv", params={"schema": "Person"}).text)))
    assert exported[0] == ["entity_id", "caption", "schema", "listed_by", "missing_from", "members", "lags_days", "confidence"]
    assert len(exported) - 1 == people["shown"]
    page = ready.get("/gaps?schema=Person&sort=listed_on").text
    assert f"{people['shown']} of 155 reconciled entities" in page


def test_batch_screening_returns_results_csv_in_input_order(ready):
    upload = "id,name,schema\nq1,KOMID,Organization\nq2,Ri Won Ho,Person\nq3,Zzyzx Qwerty,Person\n"
    response = ready.post("/api/screen/batch", files={"file": ("queries.csv", upload.encode())})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    firsts = {}
    for row in rows:
        firsts.setdefault(row["id"], row)
        assert row["query"] == str(list(firsts).index(row["id"]) + 1)
    assert list(firsts) == ["q1", "q2", "q3"]
    assert firsts["q1"]["caption"] == "KOREA MINING DEVELOPMENT TRADING CORPORATION" and firsts["q1"]["match"] == "true"
    assert firsts["q2"]["lists"] == "un_sc:KPi.033" and firsts["q2"]["match"] == "true"
    assert firsts["q3"]["match"] in {"false", ""}


def test_batch_screening_names_the_malformed_row(ready):
    response = ready.post("/api/screen/batch",
                          files={"file": ("queries.csv", b"id,name,birth_date\nq1,KOMID,someday\n")})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("queries.csv:2:")


def test_maritime_demo_events_tracks_and_ports(ready):
    data = ready.get("/api/maritime").json()
    assert "Simulated demo AIS" in data["source"] and data["simulated"] is True
    assert data["events"] and all(e["simulated"] for e in data["events"])  # every surface can label them
    assert any(p["name"] == "NAMPO" and p["source"] == "gazetteer" for p in data["ports"])
    vessel = data["vessels"]["445000009"]  # the simulated CHON MA SAN (IMO 8660313)
    assert vessel["imo"] == "8660313" and vessel["identities"][0]["name"] == "CHON MA SAN"
    shown = next(v for e in data["events"] for v in e["vessels"] if v["mmsi"] == "445000009")
    assert {k: vessel[k] for k in shown} == shown  # the profile holds what the events say of the vessel
    assert data["counts"]["encounter"] >= 3
    assert any(p["name"] == "NAMPO" and p["country"] == "KP" for p in data["ports"])
    assert data["tracks"] and all(len(t["points"]) >= 2 for t in data["tracks"])
    encounters = ready.get("/api/maritime", params={"type": "encounter"}).json()["events"]
    assert len(encounters) == data["counts"]["encounter"] and {e["type"] for e in encounters} == {"encounter"}
    first_day = min(e["start"][:10] for e in data["events"])
    later = ready.get("/api/maritime", params={"start": "2100-01-01"}).json()["events"]
    assert later == [] and first_day < "2100-01-01"


def test_gaps_page_pages_through_every_row_and_keeps_the_filters(ready):
    whole = [r["entity_id"] for r in ready.get("/api/gaps", params={"per_page": 1000}).json()["rows"]]
    first, second = ready.get("/gaps").text, ready.get("/gaps", params={"page": 2}).text
    assert "rows 1–100 of 155 (page 1 of 2)" in first and "rows 101–155 of 155 (page 2 of 2)" in second
    assert 'href="/gaps?page=2" rel="next"' in first and 'rel="prev"' in second and 'rel="next"' not in second
    assert all(f'href="/entity/{e}"' in first for e in whole[:100])
    assert all(f'href="/entity/{e}"' in second for e in whole[100:])
    assert not any(f'href="/entity/{e}"' in second for e in whole[:100])
    # The export takes every row the filters keep, not the page: its link leaves the page out.
    filtered = ready.get("/gaps", params={"schema": "Person", "page": 2}).text
    assert 'href="/api/gaps.csv?schema=Person"' in filtered


def test_the_web_csv_export_is_the_cli_csv(ready, un_home, run_cli):
    cli = run_cli("gaps", "--csv", "--home", str(un_home))
    assert cli.exit_code == 0, cli.stderr
    web = list(csv.reader(io.StringIO(ready.get("/api/gaps.csv").text)))
    assert web == list(csv.reader(io.StringIO(cli.stdout)))
    assert len(web) == 156 and web[0][:3] == ["entity_id", "caption", "schema"]

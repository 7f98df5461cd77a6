"""The yente-compatible /match API: request and response shapes, on real list entries."""

import pytest
from fastapi.testclient import TestClient

from maxpressure.model import Entry, make_entity
from maxpressure.screening.screen import Screener
from maxpressure.web.match import router


def _entry(list_name, list_id, schema, **props):
    entity = make_entity(schema, f"{list_name}-{list_id}")
    for prop, value in props.items():
        entity.add(prop, value)
    return Entry(list_name, list_id, schema, props["name"], ("DPRK",), None, [entity])


@pytest.fixture(scope="module")
def client():
    from fastapi import FastAPI

    entries = [  # real entries: OFAC SDN 23213, UN KPi.076, UN KPe.001
        _entry("us_ofac_sdn", "23213", "Person", name="CHOE, Ryong Hae", birthDate="1950-01-15", nationality="kp"),
        _entry("un_sc", "KPi.076", "Person", name="RI PYONG CHUL", alias="Ri Pyong Chol", birthDate="1948", nationality="kp"),
        _entry("un_sc", "KPe.001", "Organization", name="KOREA MINING DEVELOPMENT TRADING CORPORATION", alias="KOMID"),
    ]
    app = FastAPI()
    app.state.screener = Screener(entries)
    app.include_router(router)
    return TestClient(app)


def test_match_accepts_yente_request_and_answers_in_yente_shape(client):
    body = {"queries": {"q1": {"schema": "Person", "properties": {"name": ["최룡해"], "birthDate": ["1950"]}}}}
    response = client.post("/match/default", json=body, params={"limit": 3, "threshold": 0.7})
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"responses", "matcher", "limit"}
    q1 = data["responses"]["q1"]
    assert q1["status"] == 200 and q1["total"]["relation"] == "eq"
    assert q1["query"]["schema"] == "Person" and q1["query"]["properties"]["name"] == ["최룡해"]
    top = q1["results"][0]
    for key in ("id", "caption", "schema", "properties", "datasets", "referents", "target",
                "first_seen", "last_seen", "score", "match", "features"):
        assert key in top
    assert top["id"] == "us_ofac_sdn-23213" and top["match"] is True
    assert top["datasets"] == ["us_ofac_sdn"]
    assert all(isinstance(v, float) for v in top["features"].values())
    assert "name_match" in data["matcher"]


def test_match_dataset_restricts_to_one_list(client):
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Ri Pyong Chol"]}}}}
    assert client.post("/match/us_ofac_sdn", json=body).json()["responses"]["q"]["results"] == []
    assert client.post("/match/un_sc", json=body).json()["responses"]["q"]["results"][0]["caption"] == "RI PYONG CHUL"


def test_malformed_match_request_is_refused(client):
    assert client.post("/match/default", json={"queries": {"q": {"schema": "Person"}}}).status_code == 400
    assert client.post("/match/default", json={"nothing": 1}).status_code == 422


def test_search_finds_acronym_alias(client):
    data = client.get("/search/default", params={"q": "KOMID"}).json()
    assert data["results"][0]["caption"] == "KOREA MINING DEVELOPMENT TRADING CORPORATION"

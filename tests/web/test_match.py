"""The yente-compatible API around the screener: readiness, filters before the limit, query entities."""

import numpy as np
import pytest
from followthemoney import model

from maxpressure.model import Entry, make_entity
from maxpressure.screening import Query
from maxpressure.screening.screen import Screener
from maxpressure.web.yente_query import EntityExample, example_entity, query_profile


def _entry(list_name, list_id, schema, **props):
    entity = make_entity(schema, f"{list_name}-{list_id}")
    for prop, value in props.items():
        entity.add(prop, value)
    return Entry(list_name, list_id, schema, props["name"], ("DPRK",), None, [entity])


@pytest.fixture(scope="module")
def screener():
    return Screener([  # real entries: OFAC SDN 23213, UN KPi.076, UN KPe.001, OFAC 12312 (SWIFT from sdn.csv)
        _entry("us_ofac_sdn", "23213", "Person", name="CHOE, Ryong Hae", birthDate="1950-01-15", nationality="kp"),
        _entry("un_sc", "KPi.076", "Person", name="RI PYONG CHUL", alias="Ri Pyong Chol", birthDate="1948", nationality="kp"),
        _entry("un_sc", "KPe.001", "Organization", name="KOREA MINING DEVELOPMENT TRADING CORPORATION", alias="KOMID"),
        _entry("us_ofac_sdn", "12312", "Organization", name="KOREA DAESONG BANK", swiftBic="KDBKKPPY"),
    ])


def test_a_filter_acts_before_the_limit(screener):
    query = Query("Korea Mining Development Bank", schema="Organization")
    assert [r.caption for r in screener.screen(query, limit=1, threshold=0.0)] == ["KOREA MINING DEVELOPMENT TRADING CORPORATION"]
    only_ofac = np.array([c.list == "us_ofac_sdn" for c in screener.index.candidates])
    # With the UN entry filtered out, the next candidate still fills the one place (it is not cut first).
    found = screener.screen(query, limit=1, threshold=0.0, allowed=only_ofac)
    assert [r.caption for r in found] == ["KOREA DAESONG BANK"]
    assert screener.screen(query, allowed=np.zeros(len(screener), dtype=bool)) == []


def test_a_query_entity_keeps_every_identifier_kind(screener):
    proxy = example_entity(EntityExample(schema="Organization", properties={"swiftBic": "KDBKKPPY", "country": "North Korea"}))
    profile, schema = query_profile(screener, proxy)
    assert profile.identifiers == {"swift": frozenset({"KDBKKPPY"})} and profile.countries == {"kp"}
    (result,) = screener.screen_profile(profile, schema, limit=1)
    assert result.caption == "KOREA DAESONG BANK" and result.match
    assert "identifier_match" in result.explanation["features"]


def test_an_unknown_property_is_dropped_and_a_country_is_cleaned():
    proxy = example_entity(EntityExample(schema="Person", properties={"name": "Kim", "banana": ["x"], "nationality": "Korea, North"}))
    assert proxy.schema is model.get("Person") and proxy.get("nationality") == ["kp"] and "banana" not in proxy.properties


def test_readyz_is_503_until_the_index_is_built_then_names_the_snapshots(un_home, client_for):
    with client_for(un_home) as client:
        before = client.get("/readyz")
        assert before.status_code == 503 and before.headers["retry-after"] == "5"
        assert client.get("/healthz").json() == {"status": "ok"}
        client.get("/catalog")  # the first request that needs the index builds it
        ready = client.get("/readyz").json()
    assert ready["status"] == "ok"
    assert [(s["list"], s["as_of"]) for s in ready["snapshots"]] == [("un_sc", "2024-09-26")]


def test_the_workbench_dossier_stays_at_its_own_path(un_home, client_for):
    with client_for(un_home) as client:
        dossier = client.get("/api/entities/un-sc-KPi.033").json()
        yente = client.get("/entities/un-sc-KPi.033").json()
    assert dossier["list_id"] == "KPi.033" and "history" in dossier
    assert yente["id"] == "un-sc-KPi.033" and yente["properties"]["passportNumber"] == ["381310014"]
    assert yente["datasets"] == ["un_sc"] and yente["first_seen"] == "2017-07-03T00:00:00"


def test_a_new_snapshot_is_served_once_replaced_and_not_before(un_home, client_for, tmp_path):
    import shutil
    from datetime import date

    from maxpressure.config import Settings
    from maxpressure.data import bundled_file
    from maxpressure.sources import parse_files
    from maxpressure.store import Store
    from maxpressure.web.yente_served import replace_served

    home = tmp_path / "home"
    shutil.copytree(un_home, home)
    version = lambda client: {d["name"]: d["version"] for d in client.get("/catalog").json()["datasets"]}["un_sc"]  # noqa: E731
    with client_for(home) as client:
        assert version(client) == "2024-09-26"
        newer = parse_files([bundled_file("un_sc", "2026-02-27", "UN_consolidated.xml.gz")], "un_sc", as_of=date(2026, 2, 27))
        with Store.open(Settings.from_home(home)) as store:
            store.write_snapshots([newer])
        assert version(client) == "2024-09-26"  # still answering, whole, from what it built
        replace_served(client.app)
        assert version(client) == "2026-02-27"
        assert client.get("/readyz").json()["snapshots"][0]["as_of"] == "2026-02-27"


def test_the_catalog_leaves_out_the_panel_dataset_which_designates_nobody(un_home, client_for, tmp_path):
    import shutil

    from maxpressure.config import Settings
    from maxpressure.loading import load_bundled_datasets
    from maxpressure.store import Store

    home = tmp_path / "home"
    shutil.copytree(un_home, home)
    with Store.open(Settings.from_home(home)) as store:
        load_bundled_datasets(store)
        assert "poe_dprk_named_parties" in {s.list for s in store.latest_snapshots()}
    with client_for(home) as client:
        names = [d["name"] for d in client.get("/catalog").json()["datasets"]]
        query = {"queries": {"q": {"schema": "Vessel", "properties": {"name": ["CHON MA SAN"]}}}}
        unknown = client.post("/match/poe_dprk_named_parties", json=query)
    assert "un_sc" in names and "poe_dprk_named_parties" not in names
    assert unknown.status_code == 404

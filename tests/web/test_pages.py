"""Every page and its JSON twin, on two real UN snapshots (2017-07-03 and 2024-09-26)."""

from __future__ import annotations

import pytest

from maxpressure.model import entry_entity_id
from maxpressure.web.render import NAVIGATION

KOMID = entry_entity_id("un_sc", "KPe.001")

PAGES = ["/", "/screen", "/changes", "/gaps", "/network", "/maritime", f"/entity/{KOMID}"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_with_the_navigation(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    for href, label in NAVIGATION:
        assert f'href="{href}"' in response.text and label in response.text


def test_overview_lists_the_snapshots_held(client):
    html = client.get("/").text
    assert "1,021" in html  # entries in the UN list of 2017-07-03
    assert "875" in html  # entries in the UN list of 2024-09-26
    data = client.get("/api/overview").json()
    assert [(s["as_of"], s["entries"]) for s in data["snapshots"]] == [("2017-07-03", 1021), ("2024-09-26", 875)]


def test_changes_page_shows_the_56_un_dprk_additions_after_2017(client):
    html = client.get("/changes?list=un_sc&kind=added&regime=dprk").text
    assert "56 added" in html
    assert "KPi.066" in html  # one of them: the first listed in August 2017
    data = client.get("/api/changes", params={"list": "un_sc", "kind": "added", "regime": "dprk"}).json()
    assert data["total"] == 56
    months = sorted({c["listed_on"][:7] for c in data["snapshots"][0]["changes"]})
    assert months == ["2017-08", "2017-09", "2017-12", "2018-03"]


@pytest.mark.slow
def test_changes_page_says_why_rows_of_the_bundled_2024_ofac_files_were_left_out(client_for, bundled_home):
    with client_for(bundled_home) as bundled:
        html = bundled.get("/changes?list=us_ofac_sdn").text
    assert "Note on this bundled snapshot: its alt, add and sdn_comments files are a newer copy" in html
    assert html.count("Note on this bundled snapshot") == 1  # the 2021 snapshot has no note


@pytest.mark.slow
def test_a_dossier_opened_from_a_panel_record_shows_no_designation_date(client_for, bundled_home):
    # VITYAZ: a tanker the Panel reports in a ship-to-ship transfer; on no list.
    with client_for(bundled_home) as bundled:
        html = bundled.get("/entity/poe-v-vityaz").text
    assert "a UN Panel of Experts record: it names the party and designates nobody" in html
    assert "designated on or before" not in html and "0 list entries" in html


def test_changes_filters_reject_a_malformed_date(client):
    assert client.get("/api/changes?since=yesterday").status_code == 422


def test_entity_page_shows_names_identifiers_addresses_and_history(client):
    html = client.get(f"/entity/{KOMID}").text
    assert "KOREA MINING DEVELOPMENT TRADING CORPORATION" in html
    assert "KOMID" in html and "CHANGGWANG SINYONG CORPORATION" in html
    assert "Central District, Pyongyang" in html
    assert "2009-04-24" in html  # listed on
    person = client.get("/entity/KPi.033").text  # a list id alone also names the entry
    assert "RI WON HO" in person and "381310014" in person  # his passport number


def test_entity_json_carries_the_dossier(client):
    data = client.get(f"/api/entities/{KOMID}").json()
    assert data["list_id"] == "KPe.001"
    assert {"KOMID", "KOREA MINING DEVELOPMENT TRADING CORPORATION"} <= {n["value"] for n in data["names"]}
    assert [h["as_of"] for h in data["history"]] == ["2017-07-03", "2024-09-26"]
    assert data["history"][0]["kind"] == "listed"
    assert data["entities"][0]["id"] == KOMID


def test_entity_history_names_what_was_amended(client):
    amended = client.get("/api/changes", params={"list": "un_sc", "kind": "amended"}).json()
    change = amended["snapshots"][0]["changes"][0]
    history = client.get(f"/api/entities/{change['entity_id']}").json()["history"]
    assert history[-1]["kind"] == "amended"
    assert list(history[-1]["changed"]) == change["changed_properties"]


def test_unknown_entity_is_404(client):
    assert client.get("/entity/un_sc-NOPE.999").status_code == 404
    assert client.get("/api/entities/un_sc-NOPE.999").status_code == 404


def test_unknown_entity_page_is_html_with_a_way_on(client):
    response = client.get("/entity/un_sc-NOPE.999")
    assert response.headers["content-type"].startswith("text/html")
    assert "<header" in response.text and "no entry with id" in response.text
    assert 'href="/screen?q=un_sc-NOPE.999"' in response.text


def test_entity_page_before_the_reconciliation_says_it_holds_one_entry_and_why(client):
    # The test client runs no background job: the reconciliation stays "not ready".
    html = client.get(f"/entity/{KOMID}").text
    assert "1 list entry" in html and "Not ready yet:" in html
    merged = client.get(f"/api/entities/{KOMID}").json()["merged"]
    assert [m["label"] for m in merged["members"]] == ["un_sc:KPe.001"]
    assert {a["value"] for a in merged["addresses"]} == {"Central District, Pyongyang, Democratic People's Republic of Korea"}


def test_search_says_why_each_entry_was_found(client):
    results = client.get("/search", params={"q": "KPi.033"}).json()["results"]
    assert [(r["caption"], r["how"], r["matched"]) for r in results] == [("RI WON HO", "list id", "list id un_sc:KPi.033")]
    by_passport = client.get("/search", params={"q": "381310014"}).json()["results"]
    assert [r["matched"] for r in by_passport] == ["Passport number 381310014"]


def test_search_finds_an_entry_by_alias_and_by_list_id(client):
    by_alias = client.get("/search", params={"q": "komid"}).json()["results"]
    assert KOMID in [r["entity_id"] for r in by_alias]
    by_id = client.get("/search", params={"q": "KPi.033"}).json()["results"]
    assert [r["caption"] for r in by_id] == ["RI WON HO"]


def test_search_treats_like_wildcards_as_text(client):
    assert client.get("/search", params={"q": "%_%"}).json()["results"] == []


def test_screen_page_without_the_engine_falls_back_to_search(client):
    html = client.get("/screen", params={"q": "komid"}).text
    assert "KOREA MINING DEVELOPMENT TRADING CORPORATION" in html or 'data-endpoint="/match' in html


def test_openapi_documents_every_page_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ["/api/overview", "/api/changes", "/api/entities/{entity_id}", "/entities/{entity_id}", "/search", "/api/gaps",
                 "/api/gaps.csv", "/api/network", "/api/maritime", "/api/screen/batch", "/api/status"]:
        assert path in paths, path


def test_static_files_and_vendored_map_data_are_served(client):
    assert client.get("/static/app.js").status_code == 200
    world = client.get("/static/vendor/world-atlas/countries-50m.json")
    assert world.status_code == 200 and world.json()["type"] == "Topology"
    assert "BSD 2-Clause" in client.get("/static/vendor/leaflet/LICENSE").text
    assert client.get("/static/vendor/leaflet/leaflet.js").text.count('version="1.9.4"') == 1
    assert client.get("/static/maritime/map.js").status_code == 200


def test_no_page_of_the_app_loads_from_a_cdn(client):
    assert client.get("/docs").status_code == 404  # FastAPI's Swagger page would load from a CDN
    assert client.get("/redoc").status_code == 404
    for url in ["/", "/screen", "/maritime", "/changes"]:
        html = client.get(url).text
        assert "http://" not in html and "https://" not in html, url


def test_entity_names_are_grouped_by_script(client):
    # KIM CHOL SAM (KPi.035): the UN list of 2024-09-26 records his alias in Chinese characters.
    data = client.get("/api/entities/KPi.035").json()
    assert [n["value"] for n in data["scripts"]["Chinese characters"]] == ["Jin Tiesan (金铁三)"]
    assert "KIM CHOL SAM" in [n["value"] for n in data["scripts"]["Latin"]]
    html = client.get("/entity/KPi.035").text
    assert "<h3>Chinese characters</h3>" in html and 'lang="zh"' in html
    # His alias was added between the two snapshots: the history says what was amended.
    assert data["history"][-1]["kind"] == "amended" and "alias" in data["history"][-1]["changed"]
    umarov = client.get("/api/entities/QDi.290").json()["scripts"]
    assert "Cyrillic" in umarov


def test_changes_page_shows_a_hundred_rows_at_a_time_and_pages_keep_the_filters(client):
    from maxpressure.web.pages import ROWS_PER_PAGE

    flat = []
    for number in (1, 2):  # at most 1,000 rows a request
        whole = client.get("/api/changes", params={"list": "un_sc", "per_page": 1000, "page": number}).json()
        flat += [c["list_id"] for g in whole["snapshots"] for c in g["changes"]]
    assert len(flat) == whole["total"] > 2 * ROWS_PER_PAGE  # 2017 -> 2024: hundreds of UN changes
    html = client.get("/changes", params={"list": "un_sc", "sort": "list_id", "page": 2}).text
    pages = -(-whole["total"] // ROWS_PER_PAGE)
    assert f"rows 101–200 of {whole['total']:,} (page 2 of {pages})" in html
    assert 'href="/changes?list=un_sc&amp;sort=list_id&amp;page=3" rel="next"' in html
    assert 'href="/changes?list=un_sc&amp;sort=list_id&amp;page=1" rel="first"' in html
    by_id = client.get("/api/changes", params={"list": "un_sc", "sort": "list_id", "page": 2}).json()
    shown = [c["list_id"] for g in by_id["snapshots"] for c in g["changes"]]
    assert shown == sorted(flat)[100:200]  # one snapshot here, so the page is one run of the order
    assert all(f">{list_id}<" in html for list_id in shown)


def test_a_part_still_being_computed_says_so_and_the_api_asks_to_retry(client):
    # This client starts no background job, so the slow parts stay "being computed".
    response = client.get("/api/gaps")
    assert response.status_code == 503 and response.headers["retry-after"] == "5"
    assert "being computed" in response.json()["detail"]["message"]
    html = client.get("/gaps").text
    assert "Not ready yet:" in html and "reconciliation is being computed" in html
    assert "<table class=\"data gaps\">" not in html  # nothing shown that is not computed


def test_screen_page_lists_the_entries_found_by_id_before_any_script_runs(client):
    html = client.get("/screen", params={"q": "KPi.033"}).text
    assert 'id="found"' in html and "list id un_sc:KPi.033" in html and "RI WON HO" in html
    assert '<option value="Thing">any' in html  # the default screens vessels too

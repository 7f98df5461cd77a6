"""The workbench in a real browser: headless Debian Chromium driven by Playwright.

A server runs on 127.0.0.1 over every bundled real snapshot. Each page is opened, its real
content checked, every request recorded (only 127.0.0.1 is allowed) and every console error
collected (none is allowed); a screenshot of each page goes to tests/artifacts/.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest

from maxpressure.config import Settings
from maxpressure.model import entry_entity_id

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent.parent / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# The slow analyses (reconciliation of every list above all) run once per store; their links are
# cached in the store's home afterwards.
READY_TIMEOUT_S = 1800

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium "
                                                     "(make system-deps installs it)"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(bundled_home):
    import uvicorn

    from maxpressure.web.mount import workbench_app

    app = workbench_app(Settings.from_home(bundled_home))
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while not instance.started and time.time() < deadline:
        time.sleep(0.1)
    assert instance.started, "uvicorn did not start"
    assert app.state.workbench.wait_ready(READY_TIMEOUT_S), app.state.workbench.status()
    failed = [job for job in app.state.workbench.status() if job["state"] != "ready"]
    assert not failed, failed
    # Build the screening index before the first keystroke asks for it.
    httpx.post(base + "/match/default", json={"queries": {"q": {"schema": "Person", "properties": {"name": ["Kim"]}}}},
               timeout=600)
    yield base
    instance.should_exit = True
    thread.join(timeout=30)


class Recorder:
    def __init__(self) -> None:
        self.console_errors: list[str] = []
        self.requests: list[str] = []

    def attach(self, page) -> None:
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        page.on("request", lambda request: self.requests.append(request.url))

    def foreign_requests(self) -> list[str]:
        allowed = {"127.0.0.1"}
        return [url for url in self.requests
                if not url.startswith(("data:", "blob:")) and urlparse(url).hostname not in allowed]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, request):
    recorder = Recorder()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    recorder.attach(tab)
    yield tab, recorder
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert recorder.console_errors == [], recorder.console_errors
    assert recorder.foreign_requests() == [], recorder.foreign_requests()


def test_overview_page(server, page):
    tab, _ = page
    tab.goto(server + "/")
    text = tab.inner_text("main")
    assert "us_ofac_sdn" in text and "un_sc" in text and "gb_fcdo" in text
    assert tab.locator("#pressure svg.chart rect").count() > 10  # designations per month, drawn
    assert "reconciled entities of the regime" in text
    assert tab.locator("#candidates .candidate").count() >= 1


def test_entity_page_of_komid_shows_its_ofac_counterpart(server, page):
    tab, _ = page
    tab.goto(server + "/entity/" + entry_entity_id("un_sc", "KPe.001"))
    table = tab.inner_text("#reconciled table")
    assert "us_ofac_sdn" in table and "KPe.001" in table
    assert "2005-06-29 (cited)" in table  # OFAC's date from the cited table, not a snapshot date
    assert "KOMID" in tab.inner_text("#names")
    addresses = tab.inner_text("#addresses")  # OFAC's four addresses, shown on the UN entry's dossier
    assert all(city in addresses for city in ["Beijing, China", "Damascus, Syria", "Moscow, Russia", "Tehran, Iran"])


@pytest.mark.parametrize("opened", [("gb_fcdo", "DPR0105"), ("us_ofac_sdn", "23729")])
def test_chon_ma_san_shows_imo_and_flag_whichever_entry_it_is_opened_from(server, page, opened):
    tab, _ = page
    tab.goto(server + "/entity/" + entry_entity_id(*opened))
    text = tab.inner_text("main")
    assert "IMO8660313" in text and "North Korea" in text  # OFAC's values, shown from the UK entry too
    panel_row = tab.locator("#reconciled tr", has_text="poe_dprk_named_parties").inner_text()
    assert "designates nobody" in panel_row and "on_or_before" not in panel_row  # the Panel names, never designates


def test_changes_page(server, page):
    tab, _ = page
    tab.goto(server + "/changes?list=un_sc&kind=added&regime=dprk")
    assert "56 added" in tab.inner_text("main")


def test_screen_page_results_as_you_type_and_batch(server, page, tmp_path):
    tab, _ = page
    tab.goto(server + "/screen")
    tab.fill("#screen-query", "KOMID")
    tab.wait_for_selector("#screen-results table")
    assert "KOREA MINING DEVELOPMENT TRADING CORPORATION" in tab.inner_text("#screen-results")
    assert "q=KOMID" in tab.url  # the address bar shares the query
    assert "un_sc:KPe.001" in tab.inner_text("#screen-results")
    queries = tmp_path / "queries.csv"
    queries.write_text("id,name,schema\nq1,KOMID,Organization\nq2,Ri Won Ho,Person\n", encoding="utf-8")
    tab.set_input_files("#batch-form input[type=file]", str(queries))
    tab.click("#batch-form button")
    tab.wait_for_selector("#batch-status a[download]")
    assert "2 queries screened" in tab.inner_text("#batch-status")
    assert tab.get_attribute("#batch-progress", "value") == "100"
    with tab.expect_download() as download:
        tab.click("#batch-status a[download]")
    results = Path(download.value.path()).read_text(encoding="utf-8")
    assert results.startswith("query,id,name,rank") and "KOREA MINING DEVELOPMENT TRADING CORPORATION" in results


def test_gaps_page_filters_and_exports(server, page):
    tab, _ = page
    tab.goto(server + "/gaps?missing_from=us&sort=caption")
    rows = tab.locator("table.gaps tbody tr")
    assert rows.count() > 0
    assert "missing from us" in tab.inner_text("main")
    export = tab.get_attribute("a[download]", "href")
    csv_text = httpx.get(server + export).text
    assert csv_text.splitlines()[0] == "entity_id,caption,schema,listed_by,missing_from,members,lags_days,confidence"
    assert len(csv_text.splitlines()) - 1 == rows.count()


def test_pressure_page_shows_trade_beside_designations_and_the_indicators(server, page):
    tab, _ = page
    tab.goto(server + "/pressure")
    chart = tab.locator("svg.chart").first
    assert chart.locator("rect").count() > 50  # own designations per authority and trade months
    assert "trade $M" in chart.text_content()
    indicators = tab.inner_text("#indicators")
    assert "95 months since 2018-03-30" in indicators  # the UN's last DPRK designation
    assert "of the 2016 pre-cap level" in indicators
    assert "not measurable" in indicators  # the UK copies the UN's dates
    assert "Panel of Experts" in tab.inner_text("#regime-events")
    assert "carried over" in tab.inner_text("#undated")


def test_network_page_draws_evidence_paths(server, page):
    tab, _ = page
    tab.goto(server + "/network")
    assert tab.locator(".candidate").count() >= 5
    assert tab.locator(".candidate figure.path svg").count() >= 5
    assert "“" in tab.inner_text(".candidate figcaption >> nth=0")  # the source's own words


def _links(tab, selector: str) -> list[str]:
    return [link.get_attribute("href") for link in tab.locator(selector).all()]


def test_a_node_of_the_network_drawing_opens_that_partys_dossier(server, page):
    tab, _ = page
    tab.goto(server + "/entity/" + entry_entity_id("un_sc", "KPe.001"))  # KOMID
    nodes = tab.locator("#neighbourhood svg a.node")
    assert nodes.count() >= 3
    first = nodes.first
    href, caption = first.get_attribute("href"), first.text_content().strip()
    assert href.startswith("/entity/") and caption
    with tab.expect_navigation():
        first.click()
    assert tab.url == server + href
    opened = httpx.get(server + "/api" + href.replace("/entity/", "/entities/", 1)).json()
    assert tab.locator("h1").inner_text().strip().startswith(opened["caption"])
    # The neighbour's own drawing leads back to KOMID.
    assert "/entity/un-sc-KPe.001" in _links(tab, "#neighbourhood svg a.node") or \
        "KOMID" in tab.inner_text("#neighbourhood") or "KOREA MINING" in tab.inner_text("#neighbourhood")


def test_the_gaps_page_pages_through_every_row_most_missing_first(server, page):
    tab, _ = page
    tab.goto(server + "/gaps")
    whole = httpx.get(server + "/api/gaps", params={"per_page": 1000}).json()
    total = whole["shown"]
    assert total > 500 and "missing from the most authorities" in tab.inner_text("main")
    first_ids = [a.split("/entity/")[1] for a in
                 _links(tab, "table.gaps tbody tr td:first-child a")]
    assert first_ids == [r["entity_id"] for r in whole["rows"][:100]]
    assert f"rows 1–100 of {total:,}" in tab.inner_text("nav.pager >> nth=0")
    with tab.expect_navigation():
        tab.click("nav.pager >> nth=0 >> a[rel=next]")
    assert "page=2" in tab.url
    second_ids = [a.split("/entity/")[1] for a in
                  _links(tab, "table.gaps tbody tr td:first-child a")]
    assert second_ids == [r["entity_id"] for r in whole["rows"][100:200]]
    with tab.expect_navigation():
        tab.click("nav.pager >> nth=0 >> a[rel=last]")
    pages = -(-total // 100)
    assert f"(page {pages} of {pages})" in tab.inner_text("nav.pager >> nth=0")
    assert tab.locator("table.gaps tbody tr").count() == total - 100 * (pages - 1)
    # Filters survive paging, and the export takes every filtered row, not the page's.
    tab.goto(server + "/gaps?missing_from=un&schema=Vessel")
    export = tab.get_attribute("a[download]", "href")
    assert "page" not in export
    rows = httpx.get(server + export).text.splitlines()[1:]
    shown = httpx.get(server + "/api/gaps", params={"missing_from": "un", "schema": "Vessel", "per_page": 1000}).json()
    assert len(rows) == shown["shown"] > 0


AIS_FIXTURES = Path(__file__).parent.parent / "fixtures" / "ais"


def rendered_fonts(tab, element_id: str) -> set[str]:
    """The fonts Chromium actually drew the text in element `element_id` with (DevTools' platform
    fonts), looking inside the shadow tree where an input keeps its typed text."""
    session = tab.context.new_cdp_session(tab)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]

    def walk(node, inside=False):
        attributes = node.get("attributes", [])
        here = inside or any(a == "id" and b == element_id for a, b in zip(attributes[::2], attributes[1::2]))
        if here and node.get("nodeType") == 3:
            yield node["parentId"]
        for child in node.get("children", []) + node.get("shadowRoots", []):
            yield from walk(child, here)

    fonts = set()
    for node_id in set(walk(root)):
        fonts |= {f["familyName"] for f in session.send("CSS.getPlatformFontsForNode", {"nodeId": node_id})["fonts"]}
    return fonts


def metres_per_scale_bar(tab) -> float:
    """What the map's scale bar stands for ("200 km", "500 m"): less as the map zooms in."""
    value, unit = tab.inner_text("#map .leaflet-control-scale-line").split()
    return float(value) * (1000 if unit == "km" else 1)


def test_maritime_map_zooms_names_ports_and_marks_the_simulated_transfers(server, page):
    tab, _ = page
    tab.goto(server + "/maritime")
    tab.wait_for_selector("#map[data-drawn]")
    assert "simulated" in tab.inner_text("#map-source")
    encounters = tab.locator("#map path.event.encounter").count()
    assert encounters >= 3  # the simulated tanker serving several partners, at least
    rows = tab.locator("#events-table tbody tr")
    assert encounters == sum(1 for text in rows.all_inner_texts() if text.startswith("encounter"))
    assert tab.locator("#map path.event.sanctioned").count() >= 1
    assert "simulated" in rows.first.inner_text()
    # Zoom in twice with the map's own control: the zoom level grows, the scale bar stands for less.
    zoom, scale = float(tab.get_attribute("#map", "data-zoom")), metres_per_scale_bar(tab)
    for step in (1, 2):  # Leaflet ignores a click while it animates the last zoom
        tab.click(".leaflet-control-zoom-in")
        # (wait_for_function evaluates a string, which the page's CSP rightly forbids: poll from here)
        for _ in range(50):
            if float(tab.get_attribute("#map", "data-zoom")) >= zoom + step:
                break
            tab.wait_for_timeout(100)
        tab.wait_for_timeout(400)
    assert float(tab.get_attribute("#map", "data-zoom")) >= zoom + 2
    assert metres_per_scale_bar(tab) <= scale / 3
    assert tab.locator("#map path.land").count() > 100  # Natural Earth's countries, drawn
    names = tab.locator("#map .port-name")
    assert names.count() >= 1 and all(n.strip() for n in names.all_inner_texts())
    # Only encounters: the other types leave the map and the table.
    for box in tab.locator("#map-filters input[name=type]").all():
        if box.get_attribute("value") != "encounter":
            box.uncheck()
    assert tab.locator("#map path.event").count() == encounters
    assert "type=encounter" in tab.url
    tab.select_option("#map-filters select[name=match]", "sanctioned")
    sanctioned = tab.locator("#map path.event").count()
    assert 1 <= sanctioned <= encounters and sanctioned == tab.locator("#map path.event.sanctioned").count()


def test_vessel_profile_shows_identities_events_and_links_to_the_list_entry(server, page):
    tab, _ = page
    tab.goto(server + "/maritime?match=sanctioned")
    tab.wait_for_selector("#map[data-drawn]")
    tab.locator("#events-table button.member.sanctioned").first.click()
    profile = tab.locator("#vessel-profile")
    profile.wait_for(state="visible")
    text = profile.inner_text()
    assert "simulated" in text and "Identities over time" in text and "List entries" in text
    assert profile.locator("table.identities tbody tr").count() >= 1
    link = profile.locator("ul.hits li.designated a").first
    href = link.get_attribute("href")
    assert href.startswith("/entity/")
    link.click()
    tab.wait_for_url("**" + href)
    assert tab.locator("h1").inner_text().strip()


def test_an_ais_file_loaded_through_the_map_page_shows_its_events(server, page):
    tab, _ = page
    tab.goto(server + "/maritime")
    tab.wait_for_selector("#map[data-drawn]")
    tab.set_input_files("#ais-upload input[type=file]", str(AIS_FIXTURES / "gfw_pipe_encounters_real_series.csv"))
    tab.click("#ais-upload button")
    tab.wait_for_selector("#ais-upload .upload-status.done", timeout=120_000)
    assert "1 event (1 encounter)" in tab.inner_text("#ais-upload .upload-status")
    assert tab.get_attribute("#ais-upload progress", "value") == "100"
    source = tab.inner_text("#map-source")
    assert "gfw_pipe_encounters_real_series.csv" in source and "simulated" not in source
    assert tab.locator("#map path.event").count() == 1 == tab.locator("#map path.event.encounter").count()
    assert tab.locator("#map path.track").count() >= 2
    table = tab.inner_text("#events-table")
    assert "441910000" in table and "563418000" in table and "2015-03-19" in table
    tab.locator("#events-table button.member").first.click()
    assert "MMSI" in tab.inner_text("#vessel-profile") and "simulated" not in tab.inner_text("#vessel-profile")


def test_an_ais_file_the_readers_cannot_use_says_why_on_the_page(server, page, tmp_path):
    tab, _ = page
    bad = tmp_path / "not-ais.csv"
    bad.write_text("id,name\n1,x\n", encoding="utf-8")
    tab.goto(server + "/maritime")
    tab.wait_for_selector("#map[data-drawn]")
    tab.set_input_files("#ais-upload input[type=file]", str(bad))
    tab.click("#ais-upload button")
    tab.wait_for_selector("#ais-upload .upload-status.error", timeout=60_000)
    assert tab.inner_text("#ais-upload .upload-status") == "not-ais.csv: no column for time, lat, lon in header ['id', 'name']"


def test_hangul_and_chinese_render_in_a_cjk_font_not_as_boxes(server, page):
    tab, _ = page
    tab.goto(server + "/entity/" + entry_entity_id("un_sc", "KPi.035"))
    chinese = tab.locator("[lang=zh]").first
    assert "金铁三" in chinese.inner_text()
    assert any("CJK" in family for family in rendered_fonts(tab, "names"))
    tab.goto(server + "/screen")
    tab.fill("#screen-query", "김정은")
    tab.wait_for_timeout(500)
    assert any("CJK" in family for family in rendered_fonts(tab, "screen-query"))

"""The Panel of Experts facts as graph evidence, on the bundled Panel dataset's real entries:
each relation dated by the Panel report that states it, and the Panel's ship-to-ship transfers as
conduct (network/panel.py, network/build.py)."""

from __future__ import annotations

from datetime import date

import pytest

from maxpressure.network.build import build_graph
from maxpressure.network.panel import PANEL_DATASET, PANEL_FILE, relation_kind, relation_report
from maxpressure.network.relations import RELATIONS
from maxpressure.sources import ftm


@pytest.fixture(scope="module")
def graph():
    parsed = ftm.parse([PANEL_FILE], as_of=date(2026, 12, 3), dataset=PANEL_DATASET)
    return build_graph(parsed.entries)


def _edge(graph, a, b):
    """The one edge the Panel states between the parties named a and b (in either direction)."""
    found = [e for e in graph.edges if e.kind != "panel_report"
             and {graph.nodes[e.source].caption, graph.nodes[e.target].caption} == {a, b}]
    assert len(found) == 1, found
    return found[0]


def test_a_panel_relation_carries_the_date_of_the_report_that_states_it(graph):
    # Reuters on S/2017/150: the page GLOCOM's and PAN SYSTEMS PYONGYANG's [S/2017/150] notes cite.
    glocom = _edge(graph, "PAN SYSTEMS PYONGYANG", "GLOCOM")
    assert glocom.evidence.known_on == date(2017, 2, 27)
    assert "S/2017/150" in glocom.evidence.document and "reuters.com" in glocom.evidence.source_url
    assert _edge(graph, "KOREA SONGI SHIPPING CO", "WISE HONEST").evidence.known_on == date(2019, 3, 12)
    assert _edge(graph, "RYONGSUNG TRADING CORP", "OCEAN SKY").evidence.known_on == date(2022, 3, 1)
    # MALAYSIA KOREA PARTNERS' note is tagged [S/2017/150;S/2019/171]: the first report stated it.
    assert _edge(graph, "MALAYSIA KOREA PARTNERS HOLDINGS",
                 "INTERNATIONAL CONSORTIUM BANK").evidence.known_on == date(2017, 2, 27)


def test_a_relation_no_panel_report_states_is_undated(graph):
    # A press page on P-PIONEER; the UN listing of KOTI CORP; material *submitted* to the Panel.
    assert _edge(graph, "P-PIONEER", "YU SON").evidence.known_on is None
    assert _edge(graph, "KOTI CORP", "KOTI").evidence.known_on is None
    assert _edge(graph, "MAIA", "OBORONLOGISTIKA LLC").evidence.known_on is None


def test_a_link_the_relation_credits_to_another_source_is_not_the_panels(graph):
    # VANGUARD's [S/2019/171] note cites Sayari's page: the Panel's link is the one to VIRTUE BASE;
    # the ties to KOTI and JIN HYE are Sayari's own ("public-record ties (Sayari)").
    stated = _edge(graph, "VANGUARD SHIPPING SAFETY MANAGEMENT CONSULTANT CO LTD", "VIRTUE BASE DEVELOPMENT LTD")
    assert stated.evidence.known_on == date(2019, 3, 12) and "S/2019/171" in stated.evidence.document
    for vessel in ("KOTI", "JIN HYE"):
        sayari = _edge(graph, "VANGUARD SHIPPING SAFETY MANAGEMENT CONSULTANT CO LTD", vessel)
        assert sayari.evidence.known_on is None and "Panel of Experts" not in sayari.evidence.document
        assert "sayari.com" in sayari.evidence.source_url


def test_the_graph_as_of_a_freeze_keeps_only_the_panel_relations_reported_by_then(graph):
    known = graph.as_of(date(2017, 7, 3), undated_from=[PANEL_DATASET])
    stated = {frozenset((known.nodes[e.source].caption, known.nodes[e.target].caption))
              for e in known.edges if e.kind != "panel_report"}
    assert frozenset(("PAN SYSTEMS PYONGYANG", "GLOCOM")) in stated
    assert frozenset(("RECONNAISSANCE GENERAL BUREAU", "GLOCOM")) in stated
    assert frozenset(("KOREA SONGI SHIPPING CO", "WISE HONEST")) not in stated  # S/2019/171
    assert frozenset(("P-PIONEER", "YU SON")) not in stated  # undated
    assert all(e.evidence.known_on <= date(2017, 7, 3) for e in known.edges)


def test_a_ship_to_ship_transfer_the_panel_reports_is_conduct_like_an_ais_encounter(graph):
    transfer = _edge(graph, "P-PIONEER", "YU SON")
    assert transfer.kind == "met_at_sea" and RELATIONS[transfer.kind].conduct
    assert "ship-to-ship transfer of diesel" in transfer.evidence.document
    assert _edge(graph, "VITYAZ", "SAM MA 2").kind == "met_at_sea"
    # Other links between vessels, or with a company, keep their kind.
    assert _edge(graph, "JIN HUNG 9", "EVER GLORY").kind == "linked_to"  # sailed together
    assert _edge(graph, "BILLIONS BUNKER GROUP CORP.", "LIGHTHOUSE WINMORE").kind == "linked_to"  # charterer
    transfers = [e for e in graph.edges if e.kind == "met_at_sea"]
    assert len(transfers) == 12
    assert all(graph.nodes[e.source].schema == graph.nodes[e.target].schema == "Vessel" for e in transfers)


def test_relation_report_needs_the_same_page_and_a_report_tag():
    page = "https://example.org/panel-report"
    notes = [f"[S/2019/171] named for coal exports <{page}>", "[US-advisory-2019-03] listed <https://other.example>"]
    assert relation_report([page], notes) == ("S/2019/171", date(2019, 3, 12))
    assert relation_report(["https://other.example"], notes) is None  # not a Panel report
    assert relation_report(["https://elsewhere.example"], notes) is None
    assert relation_kind("UnknownLink", ["Ship-to-ship transfer"], ["Vessel", "Company"], "linked_to") == "linked_to"

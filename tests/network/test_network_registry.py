"""Corporate-registry CSV: shareholders become Ownership edges with the registry row as source."""

from __future__ import annotations

from pathlib import Path

import pytest

from maxpressure.errors import InputError
from maxpressure.model import entry_entity_id
from maxpressure.network.build import build_graph
from maxpressure.network.registry import parse_registry

FIXTURE = Path(__file__).parent / "fixtures" / "registry_shareholders"
DATASET = "hk_registry_sample"


def company(company_id: str) -> str:
    return entry_entity_id(DATASET, f"company-{company_id}")


@pytest.fixture(scope="module")
def graph():
    return build_graph(parse_registry([FIXTURE], dataset=DATASET).entries)


def test_shareholders_become_ownership_edges_sourced_to_the_company_entry(graph):
    owns = {(e.source, e.target): e for e in graph.edges if e.kind == "owns"}
    edge = owns[(company("HK100"), company("HK101"))]  # a listed company holding another
    assert (edge.evidence.list, edge.evidence.list_id) == (DATASET, "company-HK101")
    assert edge.evidence.document == "Ownership: shareholder; 60"
    assert edge.to_json()["claims_control"] is True
    assert len(owns) == 4


def test_holder_id_of_a_listed_company_is_that_company_not_a_new_party(graph):
    named = [n for n in graph.entity_nodes() if n.caption == "MINGZHENG INTERNATIONAL TRADING LIMITED"]
    assert [n.node_id for n in named] == [company("HK100")]


def test_one_shareholder_of_two_companies_is_one_person_tying_them(graph):
    (person,) = [n for n in graph.entity_nodes() if n.caption == "CHEUNG KA WAI"]
    held = {e.target for e in graph.edges_of(person.node_id)}
    assert held == {company("HK101"), company("HK102")}
    assert person.schema == "Person" and not person.designated_by()


def test_shareholder_of_a_company_not_in_the_extract_is_an_error_with_its_line(tmp_path):
    (tmp_path / "companies.csv").write_text("company_id,name\nA1,ALPHA LIMITED\n")
    (tmp_path / "shareholders.csv").write_text("company_id,name\nA1,BETA\nZ9,GAMMA\n")
    with pytest.raises(InputError) as error:
        parse_registry([tmp_path], dataset=DATASET)
    assert error.value.line == 3 and "Z9" in str(error.value)

"""EU FSF XML: the hand-made excerpt in the published 1.1 format, with real entries' data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from maxpressure.errors import InputError
from maxpressure.sources import detect, eu

FIXTURE = Path(__file__).parents[1] / "fixtures" / "eu" / "eu-fsf-excerpt.xml"


@pytest.fixture(scope="module")
def parsed():
    return eu.parse([FIXTURE])


def by_id(parsed, list_id):
    return next(e for e in parsed if e.list_id == list_id)


def test_excerpt_has_four_entries_dated_by_generation_date(parsed):
    assert parsed.list == "eu_fsf" and len(parsed) == 4
    assert parsed.as_of == date(2025, 8, 11)
    assert detect(FIXTURE) == "eu_fsf"


def test_dprk_entity_carries_un_reference_on_its_sanction(parsed):
    komid = by_id(parsed, "13001")
    assert komid.schema == "Organization" and komid.regimes == ["dprk"]
    assert komid.caption == "Korea Mining Development Trading Corporation"
    assert "KOMID" in komid.entity.get("alias")
    assert komid.entity.get("weakAlias") == ["DPRKN Mining Development Trading Cooperation"]
    sanction = next(e for e in komid.entities if e.schema.name == "Sanction")
    assert sanction.get("unscId") == ["KPe.001"]
    assert sanction.get("entity") == [komid.entity_id]
    assert komid.listed_on == date(2009, 4, 24)  # designationDate, earlier than the regulation


def test_dprk_person_has_typed_identifiers_and_linked_passport(parsed):
    ri = by_id(parsed, "13002")
    person = ri.entity
    assert person.get("birthDate") == ["1964-07-17"]
    assert person.get("nationality") == ["kp"]
    assert person.get("passportNumber") == ["381310014"]
    passport = next(e for e in ri.entities if e.schema.name == "Passport")
    assert passport.get("holder") == [ri.entity_id] and passport.get("country") == ["kp"]


def test_address_is_a_linked_entity_and_unknown_country_is_dropped(parsed):
    komid = by_id(parsed, "13001")
    address = next(e for e in komid.entities if e.schema.name == "Address")
    assert komid.entity.get("addressEntity") == [address.id]
    assert address.get("city") == ["Pyongyang"] and address.get("country") == ["kp"]
    mugabe = by_id(parsed, "1")
    assert mugabe.entity.get("birthDate") == ["1924-02-21"]
    assert not mugabe.entity.get("birthCountry")  # "00" / UNKNOWN
    assert mugabe.programs == ("ZWE",) and mugabe.regimes == []


def test_dtd_with_entity_expansion_is_refused(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE export [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n'
                    '<export xmlns="http://eu.europa.ec/fpi/fsd/export">&b;</export>')
    with pytest.raises(InputError, match="DTD"):
        eu.parse([bomb])


def test_truncated_file_names_the_line(tmp_path):
    text = FIXTURE.read_text("utf-8")
    cut = tmp_path / "cut.xml"
    cut.write_text(text[: len(text) // 2], "utf-8")
    with pytest.raises(InputError) as err:
        eu.parse([cut])
    assert err.value.line is not None and "cut.xml" in str(err.value)


def test_wrong_root_element_is_refused(tmp_path):
    other = tmp_path / "un.xml"
    other.write_text('<?xml version="1.0"?><CONSOLIDATED_LIST/>')
    with pytest.raises(InputError, match="not an EU FSF export"):
        eu.parse([other])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_any_bytes_parse_or_raise_input_error(tmp_path, data):
    path = tmp_path / "any.xml"
    path.write_bytes(b'<?xml version="1.0"?><export xmlns="http://eu.europa.ec/fpi/fsd/export">' + data)
    try:
        eu.parse([path])
    except InputError:
        pass

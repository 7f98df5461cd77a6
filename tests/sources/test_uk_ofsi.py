"""OFSI ConList.csv: a hand-made excerpt in the published 36-column layout, with real entries' data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from maxpressure.errors import InputError
from maxpressure.sources import detect, uk_ofsi

FIXTURE = Path(__file__).parents[1] / "fixtures" / "uk" / "ConList-excerpt.csv"


@pytest.fixture(scope="module")
def parsed():
    return uk_ofsi.parse([FIXTURE])


def test_rows_of_one_group_are_one_entry(parsed):
    assert parsed.list == "gb_hmt" and parsed.as_of == date(2025, 8, 1)
    assert [e.list_id for e in parsed] == ["10892", "13418", "13647"]
    assert [e.schema for e in parsed] == ["Organization", "Person", "Vessel"]
    assert all(e.regimes == ["dprk"] for e in parsed)
    assert detect(FIXTURE) == "gb_hmt"


def test_uk_and_un_references_come_out_of_other_information(parsed):
    sanction = parsed.entries[0].entities[-1]
    assert sanction.get("authorityId") == ["DPR0157"]  # the FCDO Unique ID
    assert sanction.get("recordId") == ["10892"]
    assert sanction.get("unscId") == ["KPe.001"]
    assert parsed.entries[0].listed_on == date(2009, 4, 24)


def test_person_and_ship_details_are_typed(parsed):
    ri = parsed.entries[1].entity
    assert ri.get("birthDate") == ["1964-07-17"] and ri.get("passportNumber") == ["381310014"]
    assert ri.get("nationality") == ["kp"]
    assert parsed.entries[2].entity.get("imoNumber") == ["IMO8712362"]


def test_windows_1252_file_is_read(tmp_path):
    text = FIXTURE.read_text("utf-8-sig").replace("Democratic People's", "Democratic People\u2019s", 1)
    legacy = tmp_path / "ConList.csv"
    legacy.write_bytes(text.encode("cp1252"))
    entries = uk_ofsi.parse([legacy]).entries
    assert entries[0].programs == ("Democratic People\u2019s Republic of Korea",)


def test_wrong_file_for_the_list_is_refused(tmp_path):
    other = tmp_path / "sdn.csv"
    other.write_text('36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- \r\n')
    with pytest.raises(InputError, match="not an OFSI ConList.csv"):
        uk_ofsi.parse([other])


def test_unknown_group_type_names_the_line(tmp_path):
    bad = tmp_path / "ConList.csv"
    bad.write_text(FIXTURE.read_text("utf-8-sig").replace(",Ship,", ",Spaceship,"), "utf-8")
    with pytest.raises(InputError) as err:
        uk_ofsi.parse([bad])
    assert err.value.line == 9


def test_empty_and_binary_files_are_refused(tmp_path):
    empty, binary = tmp_path / "empty.csv", tmp_path / "bin.csv"
    empty.write_bytes(b"")
    binary.write_bytes(b"Last Updated,\x00\x01\x02" * 50)
    for path in (empty, binary):
        with pytest.raises(InputError):
            uk_ofsi.parse([path])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_any_bytes_parse_or_raise_input_error(tmp_path, data):
    path = tmp_path / "any.csv"
    path.write_bytes(FIXTURE.read_bytes()[:1200] + data)
    try:
        uk_ofsi.parse([path])
    except InputError:
        pass

"""OFAC's advanced XML parser on a real excerpt of CONS_ADVANCED.XML (published 2020-03-17).

The excerpt (see tests/fixtures/SOURCES.md) holds seven real parties with their real FixedRefs and
EntryEvent dates; every expected value below was read off the excerpt. The same seven ent_nums are in
the real legacy consolidated.xml of 2025-03-28, which is how the two formats are compared.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from maxpressure.config import Settings
from maxpressure.errors import InputError
from maxpressure.loading import load_paths
from maxpressure.model import ParsedList, entry_entity_id
from maxpressure.sources import detect, ofac_advanced, ofac_xml, parse_files
from maxpressure.store import Store

FIXTURES = Path(__file__).parent.parent / "fixtures" / "sanctions"
EXCERPT = FIXTURES / "ofac-cons-advanced-2020-03-17-excerpt.xml"
SCHEMA = FIXTURES / "ofac-sdn-advanced.xsd"
LEGACY_CONSOLIDATED = FIXTURES / "ofac-consolidated-2025-03-28.xml.gz"
FIXED_REFS = ["9639", "9640", "17022", "18270", "18299", "23570", "26182"]
NEW_NAMESPACE = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"


@cache
def excerpt() -> ParsedList:
    return ofac_advanced.parse([EXCERPT])


def entry(result, list_id: str):
    return next(e for e in result if e.list_id == list_id)


def variant(tmp_path: Path, name: str, edit) -> Path:
    """A copy of the excerpt with one change, under `name` (the file name decides SDN or non-SDN)."""
    path = tmp_path / name
    path.write_text(edit(EXCERPT.read_text("utf-8")), "utf-8")
    return path


def test_excerpt_is_valid_against_ofacs_published_schema():
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(etree.parse(str(EXCERPT))), schema.error_log
    # The schema's keys and keyrefs have teeth: a Feature pointing at a Location the file lacks fails.
    dangling = etree.fromstring(EXCERPT.read_bytes().replace(b'<Location ID="27696">', b'<Location ID="1">'))
    assert not schema.validate(dangling)


def test_consolidated_file_gives_its_seven_parties_under_their_fixedref():
    result = excerpt()
    assert result.list == "us_ofac_cons"
    assert result.as_of == date(2020, 3, 17)  # DateOfIssue
    assert [e.list_id for e in result] == FIXED_REFS
    assert [e.entity_id for e in result] == [entry_entity_id("us_ofac_cons", ref) for ref in FIXED_REFS]
    assert [e.schema for e in result] == ["Person", "Person"] + ["Organization"] * 4 + ["Person"]
    assert result.warnings == []


def test_listing_date_is_the_earliest_created_event_of_the_entries_on_the_list():
    result = excerpt()
    # NS-PLC: on the Non-SDN PLC list since 12 Apr 2006, copied into OFAC's Consolidated List 10 Oct 2014.
    assert entry(result, "9639").listed_on == date(2006, 4, 12)
    assert entry(result, "9640").listed_on == date(2006, 4, 12)
    assert entry(result, "18270").listed_on == date(2015, 7, 30)  # SSI, Directive 1
    assert entry(result, "17022").listed_on == date(2014, 7, 16)  # Rosneft, SSI
    assert entry(result, "23570").listed_on == date(2018, 1, 26)
    assert entry(result, "26182").listed_on == date(2019, 2, 7)  # FSE-IR
    # Rosneft Trading: SSI since 30 Jul 2015; its SDN entry of 18 Feb 2020 belongs to the SDN list.
    assert entry(result, "18299").listed_on == date(2015, 7, 30)
    for e in result:
        [sanction] = [x for x in e.entities if x.schema.name == "Sanction"]
        assert sanction.get("listingDate") == [e.listed_on.isoformat()]


def test_sdn_file_keeps_only_the_sdn_entries_and_their_dates(tmp_path):
    result = ofac_advanced.parse([variant(tmp_path, "sdn_advanced.xml", lambda t: t)])
    assert result.list == "us_ofac_sdn"
    [rosneft] = result.entries
    assert rosneft.list_id == "18299" and rosneft.entity_id == "us-ofac-sdn-18299"
    assert rosneft.listed_on == date(2020, 2, 18)
    assert rosneft.programs == ("UKRAINE-EO13662", "VENEZUELA-EO13850")
    assert result.warnings == ["6 parties have no entry on the us_ofac_sdn list; left out",
                               "1 ProfileRelationships name a party that is not on the us_ofac_sdn list; left out"]


def test_renamed_copy_is_told_apart_by_its_lists(tmp_path):
    assert ofac_advanced.parse([variant(tmp_path, "list.xml", lambda t: t)]).list == "us_ofac_cons"


def test_created_event_type_is_resolved_through_the_reference_table(tmp_path):
    renumbered = variant(tmp_path, "cons_advanced.xml", lambda t: t.replace(
        '<EntryEventType ID="1">Created</EntryEventType>', '<EntryEventType ID="7">Created</EntryEventType>'
    ).replace('EntryEventTypeID="1"', 'EntryEventTypeID="7"'))
    assert [e.listed_on for e in ofac_advanced.parse([renumbered])] == [e.listed_on for e in excerpt()]
    # ID 1 is not assumed to mean "Created" when the file's table says otherwise.
    other = variant(tmp_path, "cons_other.xml", lambda t: t.replace(
        '<EntryEventType ID="1">Created</EntryEventType>', '<EntryEventType ID="1">Amended</EntryEventType>'))
    result = ofac_advanced.parse([other])
    assert {e.listed_on for e in result} == {None}
    assert "7 entries carry no 'Created' event; their listing date is unknown" in result.warnings


def test_programmes_and_measures_come_from_the_sanctions_measures():
    result = excerpt()
    assert entry(result, "9639").programs == ("NS-PLC",)
    assert entry(result, "18299").programs == ("UKRAINE-EO13662", "VENEZUELA-EO13850")
    [sanction] = [x for x in entry(result, "23570").entities if x.schema.name == "Sanction"]
    assert sanction.get("provisions") == ["13662 Sectoral Directive 4"]
    assert sanction.get("authorityId") == ["23570"]


def test_person_names_and_aliases_are_written_as_the_legacy_files_write_them():
    haniya = entry(excerpt(), "9639").entity
    assert haniya.get("name") == ["HANIYA, Ismail Abdul Salah"]
    assert haniya.get("lastName") == ["HANIYA"] and haniya.get("firstName") == ["Ismail Abdul Salah"]
    assert haniya.get("alias") == ["HANIYA, Ismail", "HANIYYA, Ismaeel"]
    assert haniya.get("birthDate") == ["1962"]  # a DatePeriod covering 1962
    assert haniya.get("birthPlace") == ["Shati"]
    caucasus = entry(excerpt(), "18270").entity
    assert caucasus.get("previousName") == ["KRSK, OAO"]  # F.K.A.
    assert "OJSC NORTH CAUCASUS DEVELOPMENT CORPORATION" in caucasus.get("alias")


def test_documents_features_and_locations_become_typed_properties():
    tver = entry(excerpt(), "23570")
    main = tver.entity
    assert main.get("registrationNumber") == ["1026900510647"]  # IDRegDocument "Registration ID"
    assert main.get("taxNumber") == ["6905041501"]  # "Tax ID No."
    assert main.get("email") == ["tnp@dep.tvcom.ru"]
    assert main.get("website") == ["http://www.tvernefteproduct.ru/"]
    assert main.get("jurisdiction") == ["ru"]  # "Nationality of Registration", a Location feature
    assert "Executive Order 13662 Directive Determination - Subject to Directive 4" in main.get("notes")
    [address] = [x for x in tver.entities if x.schema.name == "Address"]
    assert address.get("full") == ["6 Novotorzhskaya Ulitsa, Tver, Russia"]
    caucasus = [x for x in entry(excerpt(), "18270").entities if x.schema.name == "Address"]
    assert [a.get("postalCode") for a in caucasus] == [["357625"]]


def test_profile_relationship_becomes_the_link_the_legacy_remark_gives():
    [link] = [x for x in entry(excerpt(), "18299").entities if x.schema.name == "UnknownLink"]
    assert link.get("subject") == ["us-ofac-cons-18299"] and link.get("object") == ["us-ofac-cons-17022"]
    assert link.get("role") == ["Owned or Controlled By"]  # RelationType 15003
    [legacy_link] = [x for x in entry(legacy(), "18299").entities if x.schema.name == "UnknownLink"]
    assert legacy_link.id == link.id  # "(Linked To: OPEN JOINT-STOCK COMPANY ROSNEFT OIL COMPANY)"


def test_passport_gender_citizenship_and_exact_birth_date():
    kayakiran = entry(excerpt(), "26182")
    person = kayakiran.entity
    assert person.get("name") == ["KAYAKIRAN, Evren"]
    assert person.get("birthDate") == ["1980-02-08"]  # a one-day DatePeriod
    assert person.get("gender") == ["male"]  # a DetailReference lookup
    assert person.get("citizenship") == ["tr"]  # "Citizenship Country", a Location feature
    assert person.get("passportNumber") == ["U00242309"]
    [passport] = [x for x in kayakiran.entities if x.schema.name == "Passport"]
    assert passport.get("number") == ["U00242309"] and passport.get("country") == ["tr"]  # IssuedBy-CountryID


@cache
def legacy() -> ParsedList:
    return ofac_xml.parse([LEGACY_CONSOLIDATED])


@pytest.mark.parametrize("fixed_ref", FIXED_REFS)
def test_same_entry_from_advanced_xml_and_legacy_xml_is_the_same_entry_in_the_store(fixed_ref):
    advanced, old = entry(excerpt(), fixed_ref), entry(legacy(), fixed_ref)
    assert (advanced.list, advanced.list_id, advanced.entity_id) == (old.list, old.list_id, old.entity_id)
    assert advanced.caption.casefold() == old.caption.casefold()  # 2025 writes ROSNEFT in capitals
    # Attached entities get the same ids too (Sanction; Address, Passport and the Linked To /
    # ProfileRelationship link where both formats give one).
    ids = {x.id for x in old.entities}
    assert {x.id for x in advanced.entities if x.schema.name in ("Sanction", "Address", "Passport", "UnknownLink")} <= ids
    assert old.listed_on is None and advanced.listed_on is not None  # only the advanced file dates it


def test_newer_namespace_reads_the_same(tmp_path):
    renamed = variant(tmp_path, "cons_advanced.xml", lambda t: t.replace(
        'xmlns="http://www.un.org/sanctions/1.0"', f'xmlns="{NEW_NAMESPACE}"'))
    assert detect(renamed) == "us_ofac_advanced"
    result = ofac_advanced.parse([renamed])
    assert [(e.list_id, e.listed_on, e.caption) for e in result] == \
        [(e.list_id, e.listed_on, e.caption) for e in excerpt()]


def test_detected_and_loaded_as_the_consolidated_list(tmp_path):
    assert detect(EXCERPT) == "us_ofac_advanced"
    assert parse_files([EXCERPT], "us_ofac_cons").list == "us_ofac_cons"
    with Store.open(Settings.from_home(tmp_path / "home")) as store:
        result = load_paths(store, [EXCERPT])
        [snapshot] = result.written
        assert (snapshot.list, snapshot.as_of, snapshot.entries) == ("us_ofac_cons", date(2020, 3, 17), 7)
        stored = {e.list_id: e.listed_on for e in store.entries(snapshot.snapshot_id)}
        assert stored["9639"] == date(2006, 4, 12) and stored["23570"] == date(2018, 1, 26)


def _cut(tmp_path: Path) -> Path:
    return variant(tmp_path, "cons_advanced.xml", lambda t: t[: len(t) // 2])


def test_truncated_file_is_one_error_naming_file_and_line_and_the_store_stays(tmp_path):
    cut = _cut(tmp_path)
    with Store.open(Settings.from_home(tmp_path / "home")) as store:
        load_paths(store, [EXCERPT])
        with pytest.raises(InputError) as error:
            load_paths(store, [cut], "us_ofac_cons", force=True)
        assert error.value.path == str(cut) and error.value.line
        assert "malformed XML" in error.value.message and "\n" not in str(error.value)
        assert [s.entries for s in store.snapshots("us_ofac_cons")] == [7]


@pytest.mark.parametrize("fixture", ["hostile-billion-laughs.xml", "hostile-external-entity.xml",
                                     "hostile-parameter-entity.xml"])
def test_hostile_xml_is_refused_before_parsing(fixture):
    with pytest.raises(InputError) as error:
        ofac_advanced.parse([FIXTURES / fixture])
    assert "DTD" in error.value.message and error.value.line == 2


def test_another_xml_format_is_not_taken_for_ofac(tmp_path):
    un = tmp_path / "consolidated.xml"
    un.write_bytes(b'<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="2026-02-27"/>\n')
    with pytest.raises(InputError, match=r"consolidated.xml:2: not an OFAC advanced XML list: root element is "
                                         r"<CONSOLIDATED_LIST>"):
        ofac_advanced.parse([un])
    assert not ofac_advanced.sniff(un, un.read_bytes())


def test_file_without_its_sections_or_date_is_refused(tmp_path):
    no_entries = variant(tmp_path, "cons_advanced.xml", lambda t: re.sub(
        r"<SanctionsEntries>.*</SanctionsEntries>", "", t, flags=re.S))
    with pytest.raises(InputError, match="no <SanctionsEntries>"):
        ofac_advanced.parse([no_entries])
    undated = variant(tmp_path, "cons_undated.xml", lambda t: t.replace("<Month>3</Month>\n    <Day>17</Day>",
                                                                        "<Month>13</Month>\n    <Day>17</Day>"))
    with pytest.raises(InputError, match="no valid DateOfIssue"):
        ofac_advanced.parse([undated])
    assert ofac_advanced.parse([undated], as_of=date(2020, 3, 17)).as_of == date(2020, 3, 17)


def test_one_inconsistent_party_is_counted_and_left_out(tmp_path):
    broken = variant(tmp_path, "cons_advanced.xml", lambda t: t.replace(
        '<Profile ID="18270" PartySubTypeID="3">', '<Profile ID="18270" PartySubTypeID="99">'))
    result = ofac_advanced.parse([broken])
    assert [e.list_id for e in result] == ["9639", "9640", "17022", "18299", "23570", "26182"]
    [warning] = result.warnings
    assert warning.startswith("1 parties could not be read and were left out (first: FixedRef 18270 (line ")
    assert "PartySubTypeID 99 is not in the file's PartySubTypeValues" in warning


@st.composite
def damaged(draw) -> bytes:
    """The real excerpt with a few bytes overwritten and perhaps cut short."""
    data = bytearray(EXCERPT.read_bytes())
    for _ in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=damaged())
def test_damaged_file_parses_or_raises_one_input_error_naming_it(tmp_path, data):
    path = tmp_path / "cons_advanced.xml"
    path.write_bytes(data)
    try:
        result = ofac_advanced.parse([path])
    except InputError as error:
        assert error.path == str(path) and "\n" not in str(error)
    else:
        assert all(e.list_id for e in result)

"""The OFAC XML parser: the real consolidated (non-SDN) sample of 2025-03-28, and a small crafted
sdn.xml in the older namespace for what the sample lacks (vessels, passports with dates).

Expected figures were counted from the raw XML with grep (`<sdnEntry>`, `<sdnType>`, `<category>weak`).
"""

from __future__ import annotations

import gzip
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

from maxpressure.model import entry_entity_id
from maxpressure.sources import detect, ofac_xml
from maxpressure.model import ParsedList

FIXTURES = Path(__file__).parent.parent / "fixtures" / "sanctions"
CONSOLIDATED = FIXTURES / "ofac-consolidated-2025-03-28.xml.gz"
CRAFTED_SDN = FIXTURES / "ofac-sdn-xml-crafted-vessel.xml"


@cache
def consolidated() -> ParsedList:
    return ofac_xml.parse([CONSOLIDATED])


def entry(result, list_id: str):
    return next(e for e in result if e.list_id == list_id)


def test_consolidated_sample_has_443_entries():
    result = consolidated()
    assert len(result) == 443
    assert Counter(e.schema for e in result) == {"Person": 80, "Organization": 363}
    assert result.list == "us_ofac_cons"  # consolidated.xml is the non-SDN list, not the SDN list
    assert result.as_of == date(2025, 3, 28)  # Publish_Date 03/28/2025


def test_weak_akas_are_weak_aliases_and_fkas_previous_names():
    result = consolidated()
    # 70 weak akas: 67 a.k.a. (weak aliases) and 3 f.k.a. (previous names, whatever their strength).
    assert sum(len(e.entity.get("weakAlias")) for e in result) == 67
    assert sum(len(e.entity.get("previousName")) for e in result) == 144
    bm_bank = entry(result, "17017").entity
    assert "BANK OF MOSCOW" in bm_bank.get("previousName")
    assert "PAO BM BANK" in bm_bank.get("alias")


def test_individual_name_is_written_as_the_csv_writes_it():
    haniya = entry(consolidated(), "9639").entity
    assert haniya.get("name") == ["HANIYA, Ismail Abdul Salah"]
    assert haniya.get("firstName") == ["Ismail Abdul Salah"]
    assert haniya.get("birthDate") == ["1962"]
    assert haniya.get("birthPlace") == ["Shati"]
    assert haniya.get("alias") == ["HANIYA, Ismail", "HANIYYA, Ismaeel"]


def test_catch_all_id_types_become_typed_properties_or_notes():
    bm_bank = entry(consolidated(), "17017").entity
    assert bm_bank.get("swiftBic") == ["MOSWRUMM"]
    assert "Target Type Financial Institution" in bm_bank.get("notes")
    kayakiran = entry(consolidated(), "26182")
    assert kayakiran.entity.get("passportNumber") == ["U00242309"]
    assert kayakiran.entity.get("gender") == ["male"]
    assert kayakiran.entity.get("citizenship") == ["tr"]


def test_bracketed_linked_to_in_remarks_resolves_within_the_list():
    [link] = [e for e in entry(consolidated(), "17017").entities if e.schema.name == "UnknownLink"]
    assert link.get("object") == [entry_entity_id("us_ofac_cons", "17013")]
    assert link.get("description") == ["VTB BANK PUBLIC JOINT STOCK COMPANY"]
    assert consolidated().warnings == ["1 'Linked To' names match no entry; kept as notes"]


def test_addresses_from_address_list():
    bm_bank = entry(consolidated(), "17017")
    addresses = [e for e in bm_bank.entities if e.schema.name == "Address"]
    assert {a.first("full") for a in addresses} == {
        "8/15 Korp. 3 ul. Rozhdestvenka, Moscow, 107996, Russia",
        "Bld 3 8/15, Rozhdestvenka St., Moscow, 107996, Russia",
    }
    assert bm_bank.entity.get("country") == ["ru"]


def test_namespace_does_not_matter(tmp_path):
    old = tmp_path / "consolidated.xml"
    data = gzip.decompress(CONSOLIDATED.read_bytes()).replace(
        b"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML",
        b"http://tempuri.org/sdnList.xsd",
    )
    old.write_bytes(data)
    again = ofac_xml.parse([old])
    assert [e.entity.to_dict() for e in again] == [e.entity.to_dict() for e in consolidated()]


def test_sdn_xml_vessel_info_identifiers_and_links():
    result = ofac_xml.parse([CRAFTED_SDN])
    assert result.list == "us_ofac_sdn"
    assert result.as_of == date(2024, 5, 3)
    won_san = entry(result, "23150")
    vessel = won_san.entity
    assert vessel.schema.name == "Vessel"
    assert vessel.get("imoNumber") == ["IMO9159787"]
    assert vessel.get("mmsi") == ["445117000"]
    assert vessel.get("callSign") == ["HMYW"]
    assert vessel.get("flag") == ["kp"]
    assert vessel.get("grossRegisteredTonnage") == ["1500"]
    [ownership] = [e for e in won_san.entities if e.schema.name == "Ownership"]
    assert ownership.get("asset") == [vessel.id]
    [link] = [e for e in won_san.entities if e.schema.name == "UnknownLink"]
    assert link.get("object") == [entry_entity_id("us_ofac_sdn", "23149")]
    yusong = entry(result, "23149").entity
    assert yusong.get("registrationNumber") == ["5146578"]
    assert yusong.get("jurisdiction") == ["kp"]


def test_sdn_xml_passport_with_dates_and_weak_alias():
    kwek = entry(ofac_xml.parse([CRAFTED_SDN]), "37878")
    assert kwek.entity.get("weakAlias") == ["KWEK, K. S."]
    assert kwek.entity.get("birthDate") == ["1959-11-19"]
    assert kwek.entity.get("nationality") == ["sg"]
    [passport] = [e for e in kwek.entities if e.schema.name == "Passport"]
    assert (passport.get("startDate"), passport.get("endDate")) == (["2019-08-20"], ["2025-03-25"])
    assert passport.get("country") == ["sg"]


def test_detection_tells_ofac_xml_from_un_xml_and_csv():
    assert detect(CONSOLIDATED) == "us_ofac_xml"
    assert detect(CRAFTED_SDN) == "us_ofac_xml"
    assert ofac_xml.list_name_for(Path("sdn.xml")) == "us_ofac_sdn"
    assert ofac_xml.list_name_for(Path("consolidated.xml.gz")) == "us_ofac_cons"

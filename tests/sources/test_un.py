"""The UN consolidated list parser, on the bundled real snapshots.

Expected figures were counted from the raw XML (INDIVIDUAL / ENTITY elements, UN_LIST_TYPE,
REFERENCE_NUMBER prefixes) independently of the parser.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cache

import pytest

from maxpressure.data import bundled_file
from maxpressure.errors import InputError
from maxpressure.model import ParsedList, entry_entity_id
from maxpressure.sources import un
from maxpressure.sources.files import read_head

SNAPSHOTS = {
    "2017-07-03": "consolidated.xml.gz",
    "2024-09-26": "consolidated.xml.gz",
    "2025-04-19": "UN.xml.gz",
    "2026-02-27": "UN_consolidated.xml.gz",
}


@cache
def parsed(as_of: str) -> ParsedList:
    return un.parse([bundled_file("un_sc", as_of, SNAPSHOTS[as_of])])


def entry(list_id: str, as_of: str = "2026-02-27"):
    return next(e for e in parsed(as_of) if e.list_id == list_id)


@pytest.mark.parametrize(
    "as_of, records, individuals, entities, dprk",
    [
        ("2026-02-27", 1003, 730, 273, 155),
        ("2025-04-19", 877, 684, 193, 155),
        ("2024-09-26", 875, 682, 193, 155),
        ("2017-07-03", 1021, 650, 371, 99),
    ],
)
def test_every_un_record_becomes_one_entry(as_of, records, individuals, entities, dprk):
    result = parsed(as_of)
    assert len(result) == records
    assert Counter(e.schema for e in result) == {"Person": individuals, "Organization": entities}
    assert sum(1 for e in result if e.regimes == ["dprk"]) == dprk
    assert result.as_of == date.fromisoformat(as_of)  # from CONSOLIDATED_LIST@dateGenerated


def test_dprk_2026_splits_into_80_individuals_and_75_entities():
    dprk = [e for e in parsed("2026-02-27") if e.programs == ("DPRK",)]
    assert Counter(e.list_id[:3] for e in dprk) == {"KPi": 80, "KPe": 75}
    assert {e.schema for e in dprk if e.list_id.startswith("KPi")} == {"Person"}


def test_reference_numbers_with_stray_spaces_are_stripped():
    # 12 KPe reference numbers end in a space in the 2026 file, e.g. "KPe.056 ".
    ids = [e.list_id for e in parsed("2026-02-27")]
    assert all(i == i.strip() for i in ids)
    assert len(set(ids)) == 1003
    assert entry("KPe.056").entity_id == entry_entity_id("un_sc", "KPe.056")


def test_as_of_passed_overrides_the_generated_date():
    result = un.parse([bundled_file("un_sc", "2025-04-19", "UN.xml.gz")], as_of=date(2025, 5, 1))
    assert result.as_of == date(2025, 5, 1)


def test_dprk_individual_with_multilingual_passport_labels():
    paek = entry("KPi.006")
    person = paek.entity
    assert paek.caption == "PAEK CHANG-HO"
    assert paek.listed_on == date(2013, 1, 22)
    assert person.get("alias") == ["Pak Chang-Ho", "Paek Ch'ang-Ho"]
    assert person.get("birthDate") == ["1964-06-18"]
    assert person.get("birthPlace") == ["Kaesong, Democratic People's Republic of Korea"]
    assert person.get("nationality") == ["kp"]
    assert person.get("passportNumber") == ["381420754"]
    # The UN lists the one passport three times, labelled in French, Spanish and English.
    passports = [e for e in paek.entities if e.schema.name == "Passport"]
    assert len(passports) == 1
    assert passports[0].get("number") == ["381420754"]
    assert passports[0].get("holder") == [person.id]
    assert passports[0].get("startDate") == ["2011-12-07"]
    assert sorted(passports[0].get("type")) == ["Numéro de passeport", "Número de pasaporte", "Passport"]


def test_dprk_individual_with_passport_number_spaced_and_designation():
    ri = entry("KPi.033")
    assert ri.caption == "RI WON HO"
    assert ri.entity.get("passportNumber") == ["381310014"]  # written " 381310014" in the file
    assert ri.entity.get("position") == ["DPRK Ministry of State Security Official"]
    assert ri.entity.get("birthDate") == ["1964-07-17"]


def test_alias_quality_low_is_a_weak_alias():
    assert "Choe Sok Min" in entry("KPi.064").entity.get("weakAlias")


def test_dprk_entity_with_address_and_aliases():
    komid = entry("KPe.001")
    org = komid.entity
    assert komid.schema == "Organization"
    assert komid.caption == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    assert "KOMID" in org.get("alias")  # written "KOMID" in quotes by the UN
    assert org.get("country") == ["kp"]
    [address] = [e for e in komid.entities if e.schema.name == "Address"]
    assert address.get("street") == ["Central District"]
    assert address.get("city") == ["Pyongyang"]
    assert address.get("country") == ["kp"]
    assert org.get("addressEntity") == [address.id]


def test_entity_fka_is_a_previous_name():
    assert entry("KPe.003").entity.get("previousName") == ["CHANGGWANG CREDIT BANK", "KOREA CHANGGWANG CREDIT BANK"]


def test_company_imo_in_comments_is_kept_on_the_organisation_not_as_a_vessel():
    chonmyong = entry("KPe.056")
    assert chonmyong.entity.schema.name == "Organization"
    assert chonmyong.entity.get("imoNumber") == ["IMO5571322"]
    assert not any(e.schema.name == "Vessel" for e in parsed("2026-02-27") for e in e.entities)
    with_imo = [e.list_id for e in parsed("2026-02-27") if e.entity.get("imoNumber", quiet=True)]
    assert len(with_imo) == 16  # the 16 KPe shipping companies whose comments give an IMO number


def test_between_dates_of_birth_keep_both_years():
    assert entry("CDi.030").entity.get("birthDate") == ["1973", "1974"]


def test_name_in_original_script_is_an_alias():
    assert "صدام حسين التكريتي" in entry("IQi.001").entity.get("alias")


def test_each_entry_carries_one_sanction_with_the_reference_number():
    komid = entry("KPe.001")
    [sanction] = [e for e in komid.entities if e.schema.name == "Sanction"]
    assert sanction.get("entity") == [entry_entity_id("un_sc", "KPe.001")]
    assert sanction.get("unscId") == ["KPe.001"]
    assert sanction.get("program") == ["DPRK"]
    assert sanction.get("listingDate") == ["2009-04-24"]


def test_comments_line_breaks_are_normalised():
    notes = entry("KPe.001").entity.get("notes")
    assert notes == [
        "Primary arms dealer and main exporter of goods and equipment related to ballistic missiles and "
        "conventional weapons."
    ]


def test_sniff_tells_un_xml_from_other_lists():
    path = bundled_file("un_sc", "2026-02-27", "UN_consolidated.xml.gz")
    assert un.sniff(path, read_head(path))
    ofac = bundled_file("us_ofac_sdn", "2024-05-03", "sdn.csv.gz")
    assert not un.sniff(ofac, read_head(ofac))


def test_ofac_csv_given_as_un_is_refused_naming_the_file():
    path = bundled_file("us_ofac_sdn", "2024-05-03", "sdn.csv.gz")
    with pytest.raises(InputError) as error:
        un.parse([path])
    assert error.value.path == str(path)


def test_date_of_birth_given_with_an_alias_is_a_birth_date_of_the_person():
    jang = entry("KPi.016").entity  # alias "Jang Hyon U" with DATE_OF_BIRTH 1958-02-22
    assert "Jang Hyon U" in jang.get("alias")
    assert sorted(jang.get("birthDate")) == ["1957-04-15", "1958-02-22"]


def test_every_entity_id_is_unique_across_the_list():
    # The 2026 file lists two addresses twice; they are merged, not duplicated.
    ids = [entity.id for e in parsed("2026-02-27") for entity in e.entities]
    assert len(ids) == len(set(ids))

"""The OFAC remarks rule table, on segments copied from the real 2024 sdn.csv remarks."""

from __future__ import annotations

import pytest
from followthemoney import model

from maxpressure.model import make_entity
from maxpressure.sources import ofac_remarks
from maxpressure.sources.ofac_remarks import RULES, RemarkCounts, apply, classify, extract, ofac_dates, valid_imo


@pytest.mark.parametrize(
    "text, dates",
    [
        ("15 Nov 1972", ["1972-11-15"]),
        ("1972", ["1972"]),
        ("circa 1960", ["1960"]),
        ("Nov 1972", ["1972-11"]),
        ("1960 to 1962", ["1960", "1962"]),
        ("01 Jan 1960 to 31 Dec 1962", ["1960-01-01", "1962-12-31"]),
        ("circa 1979-1982", ["1979", "1982"]),
        ("sometime in the 1960s", []),
    ],
)
def test_dob_forms(text, dates):
    assert ofac_dates(text) == dates


def test_imo_check_digit_accepts_real_numbers_and_rejects_a_wrong_digit():
    # WON SAN 2 (9159787): 9*7 + 1*6 + 5*5 + 9*4 + 7*3 + 8*2 = 167, and 167 mod 10 = 7.
    assert valid_imo("9159787")
    assert valid_imo("IMO 9159787")
    assert valid_imo("IMO9159787")
    assert not valid_imo("9159788")
    assert not valid_imo("915978")
    assert not valid_imo("91597870")
    assert not valid_imo("abcdefg")


@pytest.mark.parametrize(
    "segment, rule, value",
    [
        ("Vessel Registration Identification IMO 7937317", "vessel_imo", "7937317"),
        ("Company Number IMO 5938411", "company_imo", "5938411"),
        ("Identification Number IMO 6036742", "company_imo", "6036742"),
        ("Identification Number S1380562H (Singapore)", "identification", "S1380562H"),
        ("MMSI 445117000", "mmsi", "445117000"),
        ("SWIFT/BIC KUDBKPPY", "swift_bic", "KUDBKPPY"),
        ("Tax ID No. 7701080141 (Russia)", "tax_id", "7701080141"),
        ("Registration Number 1197746161711 (Russia)", "registration", "1197746161711"),
        ("Commercial Registry Number 0925906 (Hong Kong)", "registration", "0925906"),
        ("National ID No. 1234567 (Korea, North)", "identification", "1234567"),
        ("Gender Male", "gender", "Male"),
        ("nationality Korea, North", "nationality", "Korea, North"),
        ("citizen Russia", "citizen", "Russia"),
        ("POB Pyongyang, North Korea", "pob", "Pyongyang, North Korea"),
        ("alt. DOB 01 Jan 1960", "dob", "01 Jan 1960"),
        ("Email Address 123456789@qq.com", "email", "123456789@qq.com"),
        ("Website http://nitcshipping.com", "website", "http://nitcshipping.com"),
        ("Digital Currency Address - XBT 12jVCWW1ZhTLA5yVnroEJswqKwsfiZKsax", "wallet",
         "12jVCWW1ZhTLA5yVnroEJswqKwsfiZKsax"),
        ("Linked To: KOREA MINING DEVELOPMENT TRADING CORPORATION", "linked_to",
         "KOREA MINING DEVELOPMENT TRADING CORPORATION"),
        ("Linked To: NAFTIRAN INTERTRADE CO. (NICO) LIMITED", "linked_to", "NAFTIRAN INTERTRADE CO. (NICO) LIMITED"),
        ("(Linked To: VTB BANK PUBLIC JOINT STOCK COMPANY)", "linked_to_bracketed",
         "VTB BANK PUBLIC JOINT STOCK COMPANY"),
        ("a.k.a. 'KOMID'", "aka", "KOMID"),
        ("f.k.a. 'KYONGYONG CREDIT BANK'", "fka", "KYONGYONG CREDIT BANK"),
        ("Vessel Year of Build 1990", "vessel_built", "1990"),
        ("Former Vessel Flag Malta", "former_flag", "Malta"),
        ("Aircraft Model IL76-TD", "aircraft_model", "IL76-TD"),
        ("Aircraft Manufacture Date 1990", "aircraft_built", "1990"),
        ("Unified Social Credit Code (USCC) 91440300MA5G8 (China)", "usc_code", "91440300MA5G8"),
        ("V.A.T. Number BG 123456789 (Bulgaria)", "tax_id", "BG 123456789"),
        ("Telephone (850)(23818111)", "phone", "(850)(23818111)"),
        ("License 12345 (United Arab Emirates)", "license", "12345"),
        ("Organization Type: Activities of holding companies", "sector", "Activities of holding companies"),
    ],
)
def test_each_rule_reads_its_real_segment(segment, rule, value):
    fact = classify(segment)
    assert (fact.rule, fact.value) == (rule, value)


def test_passport_with_country_issue_and_expiry_dates():
    fact = classify("Passport K1437696A (Singapore) issued 20 Aug 2019 expires 25 Mar 2025")
    assert (fact.value, fact.country, fact.issued, fact.expires) == ("K1437696A", "Singapore", "2019-08-20", "2025-03-25")
    fact = classify("Passport 563233049 expires 09 May 2018")
    assert (fact.value, fact.country, fact.issued, fact.expires) == ("563233049", "", "", "2018-05-09")


def test_segments_split_on_semicolons_and_drop_the_closing_stop():
    remarks = ("DOB 20 Apr 1970; nationality Korea, North; Passport 654210025 (Korea, North); "
               "Linked To: KOREA MINING DEVELOPMENT TRADING CORPORATION.")
    assert [f.rule for f in extract(remarks)] == ["dob", "nationality", "passport", "linked_to"]
    assert extract(remarks)[-1].value == "KOREA MINING DEVELOPMENT TRADING CORPORATION"


def test_unknown_segments_are_kept_as_notes():
    remarks = "Aircraft Operator Air Koryo; Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: North Korea Sanctions Regulations section 510.214."
    airplane = make_entity("Airplane", "p-912")
    apply(extract(remarks), airplane, [airplane], RemarkCounts())
    assert airplane.get("notes") == [
        "Aircraft Operator Air Koryo",
        "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: North Korea "
        "Sanctions Regulations section 510.214",
    ]


def test_a_property_the_schema_lacks_becomes_a_note():
    org = make_entity("Organization", "org-1")
    apply(extract("DOB 1972; MMSI 445117000"), org, [org], RemarkCounts())
    assert org.get("notes") == ["DOB 1972", "MMSI 445117000"]


def test_vessel_imo_failing_the_check_digit_is_a_counted_note():
    vessel = make_entity("Vessel", "v-1")
    counts = RemarkCounts()
    apply(extract("Vessel Registration Identification IMO 9159788"), vessel, [vessel], counts)
    assert vessel.get("imoNumber") == []
    assert vessel.get("notes") == ["Vessel Registration Identification IMO 9159788"]
    assert counts.invalid_vessel_imos == ["9159788"]


def test_company_imo_on_a_company_is_not_checked_as_a_ship_number():
    # 5817786 fails the ship check digit; OFAC writes it as a vessel IMO on HOERYONG SHIPPING CO LTD.
    company = make_entity("Organization", "hoeryong")
    counts = RemarkCounts()
    apply(extract("Vessel Registration Identification IMO 5817786"), company, [company], counts)
    assert company.get("imoNumber") == ["IMO5817786"]
    assert counts.invalid_vessel_imos == []


def test_passport_becomes_a_passport_entity_and_a_number_on_the_person():
    person = make_entity("Person", "kwek")
    entities = [person]
    apply(extract("Passport K1437696A (Singapore) issued 20 Aug 2019 expires 25 Mar 2025"), person, entities, RemarkCounts())
    assert person.get("passportNumber") == ["K1437696A"]
    [passport] = entities[1:]
    assert passport.schema.name == "Passport"
    assert passport.get("holder") == ["kwek"]
    assert passport.get("country") == ["sg"]


def test_digital_currency_address_becomes_a_wallet_held_by_the_entry():
    person = make_entity("Person", "wu")
    entities = [person]
    apply(extract("alt. Digital Currency Address - XBT 12jVCWW1ZhTLA5yVnroEJswqKwsfiZKsax"), person, entities,
          RemarkCounts())
    [wallet] = entities[1:]
    assert wallet.schema.name == "CryptoWallet"
    assert wallet.get("publicKey") == ["12jVCWW1ZhTLA5yVnroEJswqKwsfiZKsax"]
    assert wallet.get("currency") == ["XBT"]
    assert wallet.get("holder") == ["wu"]


def test_linked_to_names_are_returned_for_later_resolution():
    person = make_entity("Person", "kim")
    links = apply(extract("Linked To: KOREA MINING DEVELOPMENT TRADING CORPORATION."), person, [person], RemarkCounts())
    assert links == ["KOREA MINING DEVELOPMENT TRADING CORPORATION"]
    assert person.get("notes") == []


def test_phone_numbers_without_plus_stay_typed():
    person = make_entity("Person", "li")
    apply(extract("Phone Number 8613314257947; Telephone (850)(23818111)"), person, [person], RemarkCounts())
    assert person.get("phone") == ["+8613314257947", "+85023818111"]


def test_every_rule_fills_a_real_ftm_property_or_a_named_sink():
    sinks = {ofac_remarks.PASSPORT, ofac_remarks.IDENTIFICATION, ofac_remarks.WALLET, ofac_remarks.LINK}
    properties = {name for schema in model.schemata.values() for name in schema.properties}
    for rule in RULES:
        assert rule.sink in sinks or rule.sink in properties, rule.name
    assert len({rule.name for rule in RULES}) == len(RULES)


def test_name_normalisation_ignores_case_punctuation_and_the_closing_stop():
    assert ofac_remarks.normalise_name("YUSONG SHIPPING CO.") == ofac_remarks.normalise_name("Yusong  Shipping Co")


def test_words_after_a_document_number_are_kept_on_the_document():
    person = make_entity("Person", "p")
    entities = [person]
    apply(extract("Passport 0123 (Russia) issued 01 Jan 2010 expires 2015 diplomatic passport"), person, entities,
          RemarkCounts())
    [passport] = entities[1:]
    assert passport.get("description") == ["diplomatic passport"]
    assert passport.get("endDate") == ["2015"]

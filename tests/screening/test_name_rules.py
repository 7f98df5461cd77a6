"""The name-model rules of issue 13, each on real list names (bundled UN 2026-02-27 and OFAC 2024-05-03)."""

from maxpressure.model import make_entity
from maxpressure.screening import DEFAULT_THRESHOLD, compare
from maxpressure.screening.chinese import chinese_org_reading
from maxpressure.screening.korean import segment_org_name
from maxpressure.screening.normalize import latin_readings


def entity(schema, entity_id, **props):
    e = make_entity(schema, entity_id)
    for prop, value in props.items():
        e.add(prop, value)
    return e


def score(schema, query_name, list_name, **props):
    query = entity(schema, "a", name=query_name, **props.get("a", {}))
    listed = entity(schema, "b", name=list_name, **props.get("b", {}))
    return compare(query, listed).score


def test_hangul_org_vocabulary_is_translated_and_the_proper_name_kept_whole():
    # OFAC 12312 KOREA DAESONG BANK: 성 inside 대성 is part of the name, not "ministry".
    assert latin_readings("조선대성은행", person=False, org=True) == ["korea taesong bank"]
    assert [p for p, _ in segment_org_name("국가보위성")] == ["국가", "보위", "성"]  # 성 after a word: ministry
    assert score("Organization", "조선대성은행", "KOREA DAESONG BANK") >= DEFAULT_THRESHOLD
    assert score("Organization", "정찰총국", "RECONNAISSANCE GENERAL BUREAU") >= DEFAULT_THRESHOLD
    # A translated word and a fuzzy syllable do not make another designated bank.
    assert score("Organization", "조선대성은행", "KOREA KWANGSON BANKING CORP") < DEFAULT_THRESHOLD


def test_chinese_company_is_read_as_place_distinctive_name_and_english_forms():
    assert chinese_org_reading("丹东鸿祥实业发展有限公司") == "dandong hongxiang industrial development co ltd"
    assert score("Company", "丹东鸿祥实业发展有限公司", "DANDONG HONGXIANG INDUSTRIAL DEVELOPMENT CO LTD") >= DEFAULT_THRESHOLD
    assert score("Company", "丹东至诚金属材料有限公司", "DANDONG ZHICHENG METALLIC MATERIAL CO., LTD.") >= DEFAULT_THRESHOLD
    # Same city and legal form, another company (OFAC 22614 vs 23177): no alarm.
    assert score("Company", "丹东天富贸易有限公司", "DANDONG HONGDA TRADE CO. LTD.") < DEFAULT_THRESHOLD


def test_hangul_vessel_names_meet_the_lists_spelling_with_or_without_ho():
    for hangul, listed in (("대동강", "TAE DONG GANG"), ("례성강1", "RYE SONG GANG 1"), ("천마산호", "CHON MA SAN"),
                           ("락랑", "RAK RANG")):
        assert score("Vessel", hangul, listed) >= DEFAULT_THRESHOLD, hangul
    assert score("Vessel", "대동강", "TONG HUNG 1") < DEFAULT_THRESHOLD


def test_a_long_name_written_without_spaces_matches_even_with_a_typo():
    listed = "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    assert score("Organization", "koreaminingdevelopmenttradingcorporation", listed) >= DEFAULT_THRESHOLD
    assert score("Organization", "koreaminingdevelopmnttradingcorporation", listed) >= DEFAULT_THRESHOLD
    assert score("Organization", "koreaminingdevelopmenttradingcorporation", "KOREA RUNGRADO GENERAL TRADING CORPORATION") < DEFAULT_THRESHOLD


def test_customary_south_korean_spellings_fold_inside_the_given_name_unit():
    # UN KPi.052 RI SU YONG, OFAC KIM Yong Chol, UN KPi.035 KIM CHOL SAM, with --schema Person.
    for customary, listed in (("Ri Su Young", "RI SU YONG"), ("Kim Young Chul", "KIM, Yong Chol"),
                              ("Kim Chul Sam", "KIM CHOL SAM"), ("Ri Sung Hyok", "RI SONG HYOK")):
        assert score("Person", customary, listed) >= DEFAULT_THRESHOLD, customary
    assert score("Person", "Kim Chul Nam", "KIM CHOL SAM") < DEFAULT_THRESHOLD


def test_family_names_the_folding_keeps_apart_are_different_people():
    for other, listed in (("Rim Jong Un", "KIM Jong Un"), ("Paek Pong Ju", "PAK Pong Ju"), ("Rim Yong Ho", "RI Yong Ho")):
        kp = {"a": {"nationality": "kp"}, "b": {"nationality": "kp"}}
        assert score("Person", other, listed, **kp) < DEFAULT_THRESHOLD, other
    assert score("Person", "Lee Yong Ho", "RI Yong Ho") >= DEFAULT_THRESHOLD  # one family name, two spellings


def test_a_full_birth_date_conflicting_with_every_list_date_goes_below_the_line():
    # UN KPi.001 YUN HO-JIN, born 1944-10-13: exact name, same nationality, a full date seven years off.
    listed = {"b": {"birthDate": "1944-10-13", "nationality": "kp"}}
    assert score("Person", "YUN HO-JIN", "YUN HO-JIN", a={"birthDate": "1951-10-13", "nationality": "kp"}, **listed) < DEFAULT_THRESHOLD
    # A year alone costs less (-0.30); a year within one of the list's still alerts.
    assert score("Person", "YUN HO-JIN", "YUN HO-JIN", a={"birthDate": "1945-01-01"}, **listed) >= DEFAULT_THRESHOLD


def test_a_matching_identifier_outweighs_a_conflicting_birth_date():
    a = entity("Person", "a", name="RI WON HO", birthDate="1971-07-17", passportNumber="381310014")
    b = entity("Person", "b", name="RI WON HO", birthDate="1964-07-17", passportNumber="381310014")
    assert compare(a, b).score >= DEFAULT_THRESHOLD


def test_korean_names_cut_differently_are_not_one_name_run_together():
    # "Rim Yong Su" and OFAC's "Ri Myong Su" run together alike (imyonksu) but are two people.
    assert score("Person", "Rim Yong Su", "Ri Myong Su") < DEFAULT_THRESHOLD
    assert score("Person", "Kimjongun", "KIM Jong Un") >= DEFAULT_THRESHOLD


def test_a_given_name_alias_does_not_alert_for_another_family():
    # OFAC's KIM Yong Chol has the alias "Young-Chul": a Hyon Yong Chol is not found by it.
    assert score("Person", "Hyon Yong Chol", "Young-Chul") < DEFAULT_THRESHOLD


def test_a_syllable_written_from_characters_or_hangul_is_not_a_near_spelling_of_another():
    # OFAC 32363 TUN, Ma Moe Htet Htet and OFAC 46882 RYAN, Damion Patrick John (alias "RYAN,
    # John"): 云 "yun" is not "Tun", 亮 "ryang" (its Korean reading) not "Ryan", though each is
    # one letter off; neither is the query's syllable under the folding of `syllable_key`.
    assert score("Person", "马云", "TUN, Ma Moe Htet Htet") < DEFAULT_THRESHOLD
    assert score("Person", "田亮", "RYAN, John") < DEFAULT_THRESHOLD
    # Spellings of one syllable still meet (최룡해 as the lists write it, Revised Romanization).
    assert score("Person", "최룡해", "CHOE Ryong Hae") >= DEFAULT_THRESHOLD
    assert score("Person", "Choe Ryong-hae", "CHOE Ryong Hae") >= DEFAULT_THRESHOLD
    # A name typed in Latin letters keeps its typo credit: OFAC 26927 is both "HUANG, Wan Ken"
    # and "HUANG, Wang Ken"; "Rian" may be "Ryan".
    assert score("Person", "HUANG, Wan Ken", "HUANG, Wang Ken") >= DEFAULT_THRESHOLD
    assert score("Person", "John Rian", "RYAN, John") >= DEFAULT_THRESHOLD


def test_two_names_run_together_as_korean_names_are_compared_by_their_syllables():
    # UN QDi.140 / OFAC 8096 HAMRAOUI, Kamel Ben Mouldi has the alias KIMO: "gimok" (김옥, Kim Ok,
    # run together by korean-romanizer) is Kim O's letters plus one, another given name.
    assert score("Person", "gimok", "KIMO") < DEFAULT_THRESHOLD
    # Asked without a schema (a LegalEntity, read as an organisation's name) against the person.
    assert compare(entity("LegalEntity", "a", name="gimok"), entity("Person", "b", name="KIMO")).score < DEFAULT_THRESHOLD
    assert score("Person", "gimjongun", "KIM Jong Un") >= DEFAULT_THRESHOLD
    # Longer words keep their typo credit, though they may parse as syllables (han ni bal).
    assert score("Person", "Hannibal", "Hannibol") >= DEFAULT_THRESHOLD

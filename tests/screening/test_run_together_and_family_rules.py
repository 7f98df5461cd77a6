"""Name-model rules of issue 13 (second part), on real names of the bundled UN (2026-02-27) and
OFAC (2024-05-03) lists: names typed without spaces, Korean names run together or typed in
Hangul without a schema, family names that are not near spellings of other syllables, and
organisation names whose own name is only alike in a few letters.

None of the list entries used here is an entry of the third benchmark set
(benchmarks/data/third_cases.csv), so these tests are not that set's rows in another form.
"""

from __future__ import annotations

import pytest

from maxpressure.screening import DEFAULT_THRESHOLD, Query
from maxpressure.screening.korean import korean_name_cuts
from maxpressure.screening.screen import Screener

COMPANIES = {"16835", "16865", "16869", "16886", "16911", "11616"}  # OFAC: JSC, LLC, GMBH & CO. KG names


@pytest.fixture(scope="module")
def screener(newest_un_and_ofac_entries):
    """Every DPRK entry of the UN and OFAC lists, and six OFAC companies with spelt-out legal forms."""
    return Screener([e for e in newest_un_and_ofac_entries
                     if "dprk" in e.regimes or (e.list == "us_ofac_sdn" and e.list_id in COMPANIES)])


def alerts(screener, name, schema=None):
    return [r.caption for r in screener.screen(Query(name, schema), limit=5) if r.match]


@pytest.mark.parametrize("typed, listed", [
    ("jointstockcompanyunitedshipbuildingcorporation", "JOINT STOCK COMPANY UNITED SHIPBUILDING CORPORATION"),
    ("jointstockcompanyunitedshipbuildngcorporation", "JOINT STOCK COMPANY UNITED SHIPBUILDING CORPORATION"),
    ("thelimitedliabilitycompanyinvestmentcompanyabros", "THE LIMITED LIABILITY COMPANY INVESTMENT COMPANY ABROS"),
    ("breyellerstahltechnologygmbhandcokg", "BREYELLER STAHL TECHNOLOGY GMBH & CO. KG"),
    ("breyellerstahltechnologygmbhcokg", "BREYELLER STAHL TECHNOLOGY GMBH & CO. KG"),
])
def test_a_name_typed_without_spaces_meets_its_legal_form_as_written(screener, typed, listed):
    # The lists' "JOINT STOCK COMPANY" is compared as "jsc"; typed run together it is spelt out.
    assert alerts(screener, typed) == [listed]


def test_a_name_typed_without_spaces_does_not_alert_on_another_with_the_same_legal_form(screener):
    assert alerts(screener, "jointstockcompanyconcernsozvezdie") == ["JOINT STOCK COMPANY CONCERN SOZVEZDIE"]
    assert alerts(screener, "jointstockcompanyconcernkalashnikov") == ["JOINT STOCK COMPANY CONCERN KALASHNIKOV"]


def test_a_korean_name_run_together_is_cut_into_its_syllables():
    assert korean_name_cuts(("choechangbong",)) == (("choe", "chang", "bong"),)
    # Seoul's academic romanisation writes final ㄱ as g; the lists write k.
    assert korean_name_cuts(("choeeunhyeog",)) == (("choe", "eun", "hyeok"),)
    assert korean_name_cuts(("gimjeong", "eun")) == (("gim", "jeong", "eun"),)
    # A family name written apart is left as it is; a word that is no run of syllables too.
    assert korean_name_cuts(("kim", "jongun")) == ()
    assert korean_name_cuts(("alexandervyacheslavovich",)) == ()


@pytest.mark.parametrize("typed, listed", [
    ("choechangbong", "CHOE, Chang Pong"),  # OFAC 19793, as hangul-romanize writes 최창봉
    ("Choechangbong", "CHOE, Chang Pong"),
    ("choeeunhyeog", "CHOE, Un Hyok"),  # OFAC 46449, 최은혁 in the academic layout
])
def test_a_korean_name_run_together_finds_the_listed_person(screener, typed, listed):
    assert listed in alerts(screener, typed, "Person")


def test_a_hangul_name_without_a_schema_is_also_read_as_a_persons(screener):
    # UN KPi.016 JANG BOM SU and OFAC CHOE Chang Pong: as an organisation 장범수 would be one word.
    assert "JANG BOM SU" in alerts(screener, "장범수")
    assert "CHOE, Chang Pong" in alerts(screener, "최창봉")
    assert alerts(screener, "최창남") == []  # another given name: no alarm


def test_a_family_name_is_not_a_near_spelling_of_another_syllable(screener):
    from maxpressure.screening.names import name_similarity
    from maxpressure.screening.normalize import prepare_name

    # Hong (a Korean family name) against a Chinese name on the lists that has no Hong in it:
    # "hong" ~ "sheng" and "jon" ~ "chen" are other syllables, not typos.
    query = prepare_name("Hong Su Jon", "Person")[0]
    listed = prepare_name("CHEN, Shu Sheng", "Person")[0]
    assert name_similarity(query, listed).score < DEFAULT_THRESHOLD
    # The family name misspelt is still the family name.
    assert name_similarity(prepare_name("Chhoe Chang Pong", "Person")[0],
                           prepare_name("CHOE, Chang Pong", "Person")[0]).score >= DEFAULT_THRESHOLD


def test_an_org_whose_own_name_is_only_alike_in_a_few_letters_is_another_org():
    from maxpressure.screening.names import name_similarity
    from maxpressure.screening.normalize import prepare_name

    # OFAC HANHONG MEDICINE TECHNOLOGY HUBEI CO., LTD. shares "technology co ltd" with Huawei's
    # name, and Hubei is two letters from Huawei: no alarm. The company itself still alerts.
    listed = prepare_name("HANHONG MEDICINE TECHNOLOGY HUBEI CO., LTD.", "Company")[0]
    assert name_similarity(prepare_name("Huawei Technology Co., Ltd.", "Company")[0], listed).score < DEFAULT_THRESHOLD
    assert name_similarity(prepare_name("Hanhong Medicine Technology Co., Ltd.", "Company")[0], listed).score >= DEFAULT_THRESHOLD
    # One letter off in a long own name is a misspelling, not another company.
    listed = prepare_name("KOREA KWANGSON BANKING CORP", "Organization")[0]
    assert name_similarity(prepare_name("Korea Kwangsong Banking Corp", "Organization")[0], listed).score >= DEFAULT_THRESHOLD


def test_a_korean_name_run_together_is_compared_by_its_syllables_not_as_one_word(screener):
    # 장범 run together is JANG + BOM: the family name and one given syllable of UN KPi.016
    # JANG BOM SU, whose given name is BOM SU. As one word it would pair with "jang bom" and
    # leave "su" as a cheap extra word.
    assert "JANG BOM SU" not in alerts(screener, "jangbom", "Person")
    assert "JANG BOM SU" in alerts(screener, "jangbomsu", "Person")


def test_a_legal_form_left_over_is_not_a_word_replaced_by_another():
    from maxpressure.screening.names import name_similarity
    from maxpressure.screening.normalize import prepare_name

    # UN/OFAC KOREA KWANGSON BANKING CORP asked for without "Korea" and with a "Ltd": the
    # left-over "ltd" is a legal form present or absent by habit, not a replacement for "korea".
    listed = prepare_name("KOREA KWANGSON BANKING CORP", "Organization")[0]
    assert name_similarity(prepare_name("Kwangson Banking Corp Ltd", "Organization")[0], listed).score >= DEFAULT_THRESHOLD
    # Another own name (Tanchon, of another designated bank) with the same generic words: no alarm.
    assert name_similarity(prepare_name("Tanchon Banking Corp Ltd", "Organization")[0], listed).score < DEFAULT_THRESHOLD


def test_a_final_stop_before_the_same_initial_is_one_sound():
    from maxpressure.screening.korean import syllable_key, syllable_keys
    from maxpressure.screening.names import name_similarity
    from maxpressure.screening.normalize import prepare_name

    # 압록강 (the Yalu): "ap rok kang" in the DPRK's romanisation, "AMROGGANG" in OFAC's name
    # of the bank named after it.
    assert syllable_key("aprokgang") == syllable_key("aprokkang")
    assert syllable_keys("amroggang") == syllable_keys("amnokkang")
    listed = prepare_name("AMROGGANG DEVELOPMENT BANKING CORPORATION", "Organization")[0]
    assert name_similarity(prepare_name("Amnokkang Development Bank", "Organization")[0], listed).score >= DEFAULT_THRESHOLD


def test_a_name_given_in_letters_and_in_characters_is_two_names():
    from maxpressure.screening.names import name_similarity
    from maxpressure.screening.normalize import hanja_to_hangul, prepare_name

    # UN KPi.035 KIM CHOL SAM, as a report writes him: "Jin Tiesan (金铁三)". 金 starting the
    # characters is the family name 김, not 금 (gold).
    assert hanja_to_hangul("金铁三").startswith("김")
    forms = prepare_name("Jin Tiesan (金铁三)", "Person")
    assert {f.original for f in forms} == {"Jin Tiesan", "金铁三"}
    listed = prepare_name("KIM CHOL SAM", "Person")[0]
    assert max(name_similarity(f, listed).score for f in forms) >= DEFAULT_THRESHOLD

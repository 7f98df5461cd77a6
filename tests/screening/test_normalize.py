"""Normalisation rules, each checked on real names from the UN and OFAC DPRK entries."""

import pytest

from maxpressure.screening.korean import is_sinitic_token, romanize_hangul, syllable_key
from maxpressure.screening.normalize import fold, latin_readings, prepare_name


@pytest.mark.parametrize(
    "hangul, dprk, rr",
    [
        ("김정은", "kim jong un", "gim jeong eun"),  # Kim Jong Un
        ("최룡해", "choe ryong hae", "choe ryong hae"),  # Choe Ryong Hae
        ("리병철", "ri pyong chol", "ri byeong cheol"),  # Ri Pyong Chol
        ("장성택", "jang song thaek", "jang seong taek"),  # Jang Song Thaek: DPRK "th" aspirate
    ],
)
def test_hangul_romanises_as_the_dprk_lists_and_as_seoul_write_it(hangul, dprk, rr):
    assert romanize_hangul(hangul) == dprk
    assert romanize_hangul(hangul, "rr") == rr
    assert [syllable_key(s) for s in dprk.split()] == [syllable_key(s) for s in rr.split()]


@pytest.mark.parametrize(
    "spellings",
    [
        "Ri Rhee Lee Yi I",  # 리/이: RI JE-SON (KPi.002)
        "Pak Park Bak",  # 박: PAK/Park
        "Choe Choi",  # 최: CHOE Ryong Hae
        "Jong Chong Jeong Chung",  # 정: Kim Jong Un / Kim Chong-un
        "Un Eun",  # 은
        "Ryu Yu Yoo",  # 류/유
        "Rim Im Lim",  # 림/임
        "Ro Roh No",  # 로/노
        "Sung Song Seong",  # 성: Kim Il Sung / Kim Il Song
        "Hsi Xi",  # Wade-Giles / pinyin
        "Tan Dan",  # Tan-tung / Dandong
    ],
)
def test_syllable_spellings_share_one_key(spellings):
    assert len({syllable_key(s) for s in spellings.split()}) == 1


def test_different_syllables_keep_different_keys():
    assert syllable_key("un") != syllable_key("nam")
    assert syllable_key("jong") != syllable_key("chol")
    assert syllable_key("kim") != syllable_key("ri")


def test_mccune_reischauer_breves_and_apostrophes_fold_away():
    # UN alias of KPe.030: CHOSUN CHAWO'N KAEBAL T'UJA HOESA
    assert fold("CHOSUN CHAWO'N KAEBAL T'UJA HOESA") == "chosun chawon kaebal tuja hoesa"
    assert fold("Ri Ŭn Sŏng") == "ri un song"


def test_chinese_characters_get_pinyin_and_korean_readings():
    readings = latin_readings("金正恩")
    assert "kim jong un" in readings
    assert any("zheng" in r for r in readings)


def test_cyrillic_is_transliterated():
    assert latin_readings("Ким Чен Ын")[0].lower() == "kim chen yn"


def test_korean_person_name_finds_family_name_and_given_name_unit():
    (name,) = prepare_name("RI HONG-SOP", "Person")  # UN KPi.004
    assert name.tokens == ("ri", "hong", "sop")
    assert name.korean_surname == 0
    assert name.given_key == syllable_key("hong") + syllable_key("sop")


def test_legal_forms_are_weak_words():
    (name,) = prepare_name("Dandong Hongxiang Industrial Development Co Ltd", "Company")
    assert name.weak[-1] is True
    assert name.keys[0] == syllable_key("tantung") or name.keys[0] == "tantonk"


def test_korea_synonyms_fold_together():
    (a,) = prepare_name("Choson Taesong Unhaeng", "Organization")  # UN alias of Korea Daesong Bank
    (b,) = prepare_name("Korea Daesong Bank", "Organization")
    assert a.keys[0] == b.keys[0] == "korea"
    assert a.keys[1] == b.keys[1]


def test_vessel_prefix_dropped_and_spaces_do_not_matter():
    (a,) = prepare_name("M/V CHON MA SAN", "Vessel")
    (b,) = prepare_name("CHONMASAN", "Vessel")
    assert a.joined == b.joined


def test_sinitic_tokens_recognised():
    assert is_sinitic_token("jongun")
    assert is_sinitic_token("hongxiang")
    assert not is_sinitic_token("merkel")
    assert not is_sinitic_token("brown")


def test_hanja_table_read_directly_has_the_korean_readings():
    from maxpressure.screening.normalize import _hanja_table, hanja_to_hangul

    table = _hanja_table()
    assert len(table) > 27_000  # the hanja package's whole table, not a fallback
    assert hanja_to_hangul("金正恩") == "김정은"  # Kim Jong Un
    assert hanja_to_hangul("崔龍海") == "최룡해"  # Choe Ryong Hae (UN KPi.033 in Hangul)

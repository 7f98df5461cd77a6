"""Normalisation of what entries offer for matching, on values taken from the real lists."""

from maxpressure.reconcile.keys import birth_dates_agree, identifier_forms, name_key, name_key_forms, name_tokens


def test_korean_name_spellings_from_un_and_ofac_share_one_key():
    # UN KPi.078 writes RI U’N SO’NG; OFAC 23013 writes RI, U'n-so'ng.
    assert name_key("RI U’N SO’NG") == name_key("RI, U'n-so'ng")
    # UN KPi.050 PAK TO CHUN; OFAC 15769 PAK, To-Chun.
    assert name_key("PAK TO CHUN") == name_key("PAK, To-Chun")


def test_bracketed_acronym_is_not_part_of_the_name():
    assert name_key("GENERAL BUREAU OF ATOMIC ENERGY (GBAE)") == name_key("GENERAL BUREAU OF ATOMIC ENERGY")
    assert "gbae" not in name_tokens("GENERAL BUREAU OF ATOMIC ENERGY (GBAE)")


def test_dprk_diplomatic_passport_prefix_matches_bare_number():
    # UN KPi.032 Kim Se Gon: "PD472310104"; OFAC 20982: "Passport 472310104".
    assert identifier_forms("document", "PD472310104") & identifier_forms("document", "472310104")


def test_short_identifiers_are_not_trusted():
    assert identifier_forms("document", "12345") == set()


def test_imo_prefix_is_dropped():
    assert identifier_forms("imo", "IMO 8405270") == identifier_forms("imo", "8405270") == {"8405270"}


def test_birth_dates_tolerate_the_one_year_typo_between_un_and_ofac():
    # Kang Ryong, KOMID official in Syria: UN 21 Aug 1969, OFAC 21 Aug 1968.
    assert birth_dates_agree(("1969-08-21",), ("1968-08-21",)) is True
    # Han Jang Su: UN 7 Nov 1969, OFAC 8 Nov 1969.
    assert birth_dates_agree(("1969-11-07",), ("1969-11-08",)) is True
    # Pak Yong Sik: UN 1949, OFAC 1950 (years alone are estimates).
    assert birth_dates_agree(("1949",), ("1950",)) is True


def test_birth_dates_tell_two_kim_yong_chols_apart():
    # UN KPi.024 (KOMID, Iran) born 18 Feb 1962; OFAC 12211 (RGB chief) born circa 1947 / 1946.
    assert birth_dates_agree(("1962-02-18",), ("1947", "1946")) is False


def test_missing_birth_date_is_unknown_not_a_conflict():
    assert birth_dates_agree((), ("1962-02-18",)) is None


def test_hyphenated_and_joined_spellings_share_a_key():
    # UK DPR0129 "CHONG-CHONGANG SHIPPING COMPANY" is UN KPe.022 "CHONGCHONGANG SHIPPING COMPANY".
    assert name_key_forms("CHONG-CHONGANG SHIPPING COMPANY") & name_key_forms("CHONGCHONGANG SHIPPING COMPANY")

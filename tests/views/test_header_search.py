"""The header search on every bundled list: list ids and identifiers first, then names; each says why."""

from __future__ import annotations

import pytest

from maxpressure.views.search import search


@pytest.mark.parametrize("text, list_name, list_id, caption", [
    ("KPi.033", "un_sc", "KPi.033", "RI WON HO"),  # not KISH P AND I CLUB, which screening finds by name
    ("kpi.033", "un_sc", "KPi.033", "RI WON HO"),
    ("9345", "us_ofac_sdn", "9345", "KOREA MINING DEVELOPMENT TRADING CORPORATION"),  # OFAC ent_num
    ("DPR0157", "gb_fcdo", "DPR0157", "KOREA MINING DEVELOPMENT TRADING CORPORATION"),  # UK unique id
])
def test_a_list_id_finds_its_entry_first(loaded_store, text, list_name, list_id, caption):
    first = search(loaded_store, text)[0]
    assert (first["list"], first["list_id"], first["caption"], first["how"]) == (list_name, list_id, caption, "list id")
    assert first["matched"] == f"list id {list_name}:{list_id}"


@pytest.mark.parametrize("text", ["8660313", "IMO 8660313", "IMO8660313", "imo 8660313"])
def test_an_imo_number_in_any_spelling_finds_the_vessel(loaded_store, text):
    first = search(loaded_store, text)[0]
    assert (first["list_id"], first["schema"], first["how"]) == ("23729", "Vessel", "identifier")
    assert first["matched"] == "IMO Number IMO8660313"


def test_a_passport_number_finds_both_entries_of_the_person(loaded_store):
    found = {(r["list"], r["list_id"]): r["matched"] for r in search(loaded_store, "381310014")}
    assert found[("un_sc", "KPi.033")] == "Passport number 381310014"
    assert found[("us_ofac_sdn", "19609")] == "Passport number 381310014"


def test_a_vessel_name_finds_the_vessel_in_every_list(loaded_store):
    found = search(loaded_store, "Chon Ma San")
    assert {(r["list"], r["list_id"]) for r in found if r["schema"] == "Vessel"} >= {
        ("us_ofac_sdn", "23729"), ("gb_fcdo", "DPR0105")}
    assert all(r["how"] == "name" for r in found)


def test_a_number_only_inside_remarks_is_not_an_identifier_hit(loaded_store):
    # "510.214" is in every OFAC DPRK remark ("section 510.214"), never an identifier.
    assert [r for r in search(loaded_store, "510.214") if r["how"] == "identifier"] == []


def test_like_wildcards_are_text(loaded_store):
    assert search(loaded_store, "%_%") == []

"""`Store.search`: the workbench's name search over the newest snapshot of every bundled list."""

from __future__ import annotations


def test_search_finds_an_alias_and_puts_caption_hits_first(loaded_store):
    # KOMID is an alias of Korea Mining Development Trading Corporation (UN KPe.001, OFAC 9345).
    found = loaded_store.search("komid")
    assert {(r["list"], r["list_id"]) for r in found} >= {("un_sc", "KPe.001"), ("us_ofac_sdn", "9345")}
    assert all(r["caption"] for r in found)


def test_search_by_list_id_gives_the_newest_snapshot_only(loaded_store):
    found = loaded_store.search("KPi.033")
    assert [(r["list"], r["list_id"]) for r in found] == [("un_sc", "KPi.033")]


def test_like_wildcards_are_text_and_empty_text_finds_nothing(loaded_store):
    assert loaded_store.search("%_%") == []
    assert loaded_store.search("") == []
    assert len(loaded_store.search("kim", limit=3)) == 3

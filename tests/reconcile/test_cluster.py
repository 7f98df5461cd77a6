"""Cross-list clustering on the real UN, OFAC and UK DPRK entries."""

import pytest

from maxpressure.reconcile import Judgement, clusters
from maxpressure.reconcile.names import exact_key_comparer

# Reconciling ~1,800 real entries with the screening comparison takes 10-15 s on this machine.
pytestmark = pytest.mark.slow


def _together(clustering, a, b):
    return clustering.cluster_of(a) == clustering.cluster_of(b)


def test_passport_links_un_entry_to_its_ofac_counterpart(dprk_clustering, entity_id):
    un, us = entity_id("un_sc", "KPi.033"), entity_id("us_ofac_sdn", "19609")  # Ri Won Ho, passport 381310014
    assert _together(dprk_clustering, un, us)
    cluster = dprk_clustering.cluster(dprk_clustering.cluster_of(un))
    assert any(link.stage == "identifier" and "381310014" in link.detail for link in cluster.links)


def test_cluster_is_named_after_its_un_member(dprk_clustering, entity_id):
    un = entity_id("un_sc", "KPi.033")
    assert dprk_clustering.cluster_of(un) == un
    assert entity_id("us_ofac_sdn", "19609") in dprk_clustering.members(un)


def test_alias_shared_with_another_person_does_not_merge_when_birth_dates_conflict(dprk_clustering, entity_id):
    # UN KPi.023 Kim Tong Myong has the alias Kim Hyok-Chol; OFAC 22995 KIM, Hyok Chol is born 1978.
    assert not _together(dprk_clustering, entity_id("un_sc", "KPi.023"), entity_id("us_ofac_sdn", "22995"))
    assert _together(dprk_clustering, entity_id("un_sc", "KPi.023"), entity_id("us_ofac_sdn", "11648"))


def test_namesakes_with_different_birth_years_stay_apart(dprk_clustering, entity_id):
    # UN KPi.024 Kim Yong Chol (KOMID, b. 1962) is OFAC 17614, not OFAC 12211 (RGB chief, b. c.1947).
    un = entity_id("un_sc", "KPi.024")
    assert _together(dprk_clustering, un, entity_id("us_ofac_sdn", "17614"))
    assert not _together(dprk_clustering, un, entity_id("us_ofac_sdn", "12211"))


def test_un_cross_reference_alias_does_not_merge_two_un_entries(dprk_clustering, entity_id):
    # KPe.021 lists "SECOND ACADEMY OF NATURAL SCIENCES (KPe.018)" as an alias: a pointer, not a name.
    assert not _together(dprk_clustering, entity_id("un_sc", "KPe.018"), entity_id("un_sc", "KPe.021"))


def test_name_variants_need_the_screening_comparison(dprk_slice, entity_id, compare):
    # "HESONG TRADING COMPANY" (UN KPe.024) vs "HESONG TRADING CORPORATION" (OFAC 9519): equal
    # name keys miss it, the screening engine's comparison finds it.
    un, us = entity_id("un_sc", "KPe.024"), entity_id("us_ofac_sdn", "9519")
    assert not _together(clusters(dprk_slice, compare=exact_key_comparer), un, us)
    assert _together(clusters(dprk_slice, compare=compare), un, us)


def test_a_different_judgement_splits_what_the_algorithm_merged(dprk_slice, entity_id, compare):
    un, us = entity_id("un_sc", "KPi.033"), entity_id("us_ofac_sdn", "19609")
    judged = clusters(dprk_slice, [Judgement(un, us, same=False)], compare=compare)
    assert not _together(judged, un, us)


def test_a_same_judgement_merges_what_the_algorithm_left_apart(dprk_slice, entity_id, compare):
    # UN lists Korea Kumryong Trading Corporation apart from KOMID; OFAC keeps it as KOMID's a.k.a.
    un, us = entity_id("un_sc", "KPe.014"), entity_id("us_ofac_sdn", "9345")
    assert not _together(clusters(dprk_slice, compare=compare), un, us)
    judged = clusters(dprk_slice, [Judgement(un, us, same=True)], compare=compare)
    assert _together(judged, un, us)
    assert any(link.stage == "judgement" for link in judged.cluster(judged.cluster_of(un)).links)


def test_the_uk_naming_one_person_under_two_regimes_is_one_cluster(dprk_clustering, entity_id):
    # The UK lists Choe Chun Sik twice: DPR0205 implementing the UN's designation (dated 2016-03-02
    # like UN KPi.013) and DPR0006 under its own regime (carried over 2020-12-31). Every list that
    # gives a birth date knows one Choe Chun Sik, so both UK entries join the UN's cluster, and
    # neither is a UK-only gap. Kim Chol Nam (DPR0019 / DPR0225, KPi.044) likewise.
    for own, implementing, un_ref in (("DPR0006", "DPR0205", "KPi.013"), ("DPR0019", "DPR0225", "KPi.044")):
        un = entity_id("un_sc", un_ref)
        assert dprk_clustering.cluster_of(entity_id("gb_fcdo", implementing)) == un
        assert dprk_clustering.cluster_of(entity_id("gb_fcdo", own)) == un
        stages = {link.stage for link in dprk_clustering.cluster(un).links}
        assert "listed_twice" in stages


def test_namesakes_with_conflicting_birth_dates_are_not_one_person_listed_twice(dprk_clustering, entity_id):
    # DPR0044 Kim Yong Chol (UK regime) and DPR0241 (implementing UN KPi.024): OFAC lists Kim Yong
    # Chols born in different years, so the name alone does not say the UK's two are one man.
    assert dprk_clustering.cluster_of(entity_id("gb_fcdo", "DPR0044")) != entity_id("un_sc", "KPi.024")


def test_given_names_in_another_order_are_not_merged_without_a_birth_date(dprk_clustering, entity_id):
    # UK DPR0022 Kim Il-Su (no birth date in the summary list) is not OFAC 26944 KIM, Su Il (born 1985).
    assert dprk_clustering.cluster_of(entity_id("gb_fcdo", "DPR0022")) != dprk_clustering.cluster_of(
        entity_id("us_ofac_sdn", "26944"))


def test_a_name_held_as_another_lists_alias_is_an_alias_listing_not_a_merge(dprk_clustering, entity_id):
    # OFAC holds KOREA KUMRYONG TRADING COMPANY only as an a.k.a. of KOMID (9345); the UN lists
    # KPe.014 KOREA KUMRYONG TRADING CORPORATION apart from KOMID (KPe.001).
    kpe014 = dprk_clustering.cluster_of(entity_id("un_sc", "KPe.014"))
    assert kpe014 != dprk_clustering.cluster_of(entity_id("us_ofac_sdn", "9345"))
    holders = [link.right for link in dprk_clustering.alias_listings.get(kpe014, [])]
    assert holders == [entity_id("us_ofac_sdn", "9345")]


def test_each_un_dprk_entry_pairs_with_exactly_the_uk_entry_implementing_it(dprk_clustering, dprk_slice):
    # The UK's rows that say "Designation source: UN" carry the UN's own date (153 of 155 here): a
    # pairing is right when the dates agree, and every one of the 155 UN DPRK entries finds exactly one.
    from maxpressure.designations import implements_of

    by_id = {e.entity_id: e for e in dprk_slice}
    un = [e for e in dprk_slice if e.list == "un_sc" and "dprk" in e.regimes]
    assert len(un) == 155
    paired, other_dates = [], set()
    for entry in un:
        members = [by_id[m] for m in dprk_clustering.members(dprk_clustering.cluster_of(entry.entity_id))]
        implementing = [m for m in members if m.list == "gb_fcdo" and implements_of(m) == "un"]
        assert len(implementing) == 1, (entry.list_id, [m.list_id for m in implementing])
        paired.append(implementing[0].list_id)
        if implementing[0].listed_on != entry.listed_on:
            other_dates.add(entry.list_id)
    # Two UK rows keep an earlier date of their own (KPi.042 Choe Hwi: the UK's 2016-03-02, the UN's
    # 2017-06-02; KPe.019: 2016-11-30 against 2013-03-07): same names, the pairing stands.
    assert other_dates == {"KPe.019", "KPi.042"}
    uk_non_vessels = [e for e in dprk_slice if e.list == "gb_fcdo" and implements_of(e) == "un" and e.schema != "Vessel"]
    assert sorted(paired) == sorted(e.list_id for e in uk_non_vessels)

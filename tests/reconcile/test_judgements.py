"""Analyst judgements persist in the store and override the algorithm, across restarts."""

import pytest

from maxpressure.config import Settings
from maxpressure.errors import NotFound
from maxpressure.reconcile import judgements, merge
from maxpressure.reconcile.cluster import Link
from maxpressure.store import Store


def test_judgement_survives_reopening_the_store(home_copy):
    settings = Settings.from_home(home_copy)
    with Store.open(settings) as store:
        recorded = judgements.record(store, "un_sc:KPi.033", "us_ofac_sdn:19609", same=False, note="test")
    with Store.open(settings, read_only=True) as reopened:
        held = judgements.load(reopened)
    assert held == [recorded]
    assert recorded.same is False


def test_later_judgement_on_a_pair_replaces_the_earlier(home_copy):
    with Store.open(Settings.from_home(home_copy)) as store:
        judgements.record(store, "un_sc:KPi.033", "us_ofac_sdn:19609", same=False)
        judgements.record(store, "us_ofac_sdn:19609", "un_sc:KPi.033", same=True)
        held = judgements.load(store)
    assert len(held) == 1 and held[0].same is True


def test_unknown_entry_is_refused(home_copy):
    with Store.open(Settings.from_home(home_copy)) as store, pytest.raises(NotFound):
        judgements.record(store, "un_sc:KPi.999", "us_ofac_sdn:19609", same=True)


def test_persisted_judgement_overrides_the_algorithms_link(home_copy, dprk_slice, entity_id):
    un, us = entity_id("un_sc", "KPi.033"), entity_id("us_ofac_sdn", "19609")
    passport = Link(un, us, "identifier", 0.95, "same document number 381310014")
    assert merge(dprk_slice, [passport]).cluster_of(us) == un
    settings = Settings.from_home(home_copy)
    with Store.open(settings) as store:
        judgements.record(store, un, us, same=False)
    with Store.open(settings, read_only=True) as store:
        held = judgements.load(store)
    assert merge(dprk_slice, [passport], held).cluster_of(us) != un

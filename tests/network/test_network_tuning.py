"""The tuning freeze (UN DPRK, 2016-03-01, targets up to 2017-07-03) and the order of the parties
no evidence ties to a seed: what the benchmark chooses on, kept apart from what it reports."""

from __future__ import annotations

from datetime import date

import pytest

from maxpressure.network.backtest import TAIL_ORDERS, graph_at_freeze, with_tail
from maxpressure.network.graph import ENTITY, Graph, Node

TUNING_FREEZE = date(2016, 3, 1)
REPORTED_FREEZE = date(2017, 7, 3)


def _identity_factory(entries):
    return lambda entity_id: entity_id


@pytest.mark.slow
def test_the_tuning_freeze_scores_no_designation_the_reported_freeze_scores(loaded_store):
    tuning, _, _ = graph_at_freeze(loaded_store, TUNING_FREEZE, "un_sc", "dprk", [], _identity_factory,
                                   targets_until=REPORTED_FREEZE)
    reported, _, _ = graph_at_freeze(loaded_store, REPORTED_FREEZE, "un_sc", "dprk", [], _identity_factory)
    days = sorted(e.listed_on for e in tuning.targets.values())
    # Resolutions 2270 (2016-03-02), 2321 (2016-11-30) and 2356 (2017-06-02).
    assert (days[0], days[-1]) == (date(2016, 3, 2), date(2017, 6, 2)) and len(days) == 67
    assert not set(tuning.targets) & set(reported.targets)
    assert {e.list_id for e in reported.targets.values()} >= {"KPe.047", "KPi.080"}  # FTB, TSANG YUNG YUAN
    # The seeds are the UN entries the 2017 file dates on or before the tuning freeze.
    assert all(e.listed_on <= TUNING_FREEZE for e in tuning.seeds) and len(tuning.seeds) == 32


def test_the_tail_follows_the_scored_parties_in_the_order_asked():
    graph = Graph()
    for node_id, countries in (("a", set()), ("b", {"kp"}), ("c", set()), ("d", {"kp"})):
        graph.add_node(Node(node_id, ENTITY, "Company", node_id)).countries.update(countries)
    order = [("a", 0.2), ("b", 0.0), ("c", 0.0), ("d", 0.0)]  # tail already by degree, then id
    newest = {"c": date(2017, 1, 1), "d": date(2016, 1, 1)}
    assert [n for n, _ in with_tail(order, "degree", graph, newest, "dprk")] == ["a", "b", "c", "d"]
    assert [n for n, _ in with_tail(order, "newest", graph, newest, "dprk")] == ["a", "c", "d", "b"]
    assert [n for n, _ in with_tail(order, "nexus", graph, newest, "dprk")] == ["a", "b", "d", "c"]
    assert set(TAIL_ORDERS) == {"degree", "newest", "nexus"}

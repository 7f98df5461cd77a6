"""The graph cache: an unchanged store is answered from disk; any change to it rebuilds the graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from maxpressure.network import load
from maxpressure.network.build import build_graph
from maxpressure.network.cache import cache_file, graph_key, read_graph, write_graph
from maxpressure.network.registry import parse_registry
from maxpressure.reconcile import Judgement, judgements
from maxpressure.store import Store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def registry():
    return parse_registry([FIXTURES / "registry_mass_address"], dataset="hk_registry_sample")


@pytest.fixture
def store(tmp_path, registry):
    with Store(tmp_path / "store.duckdb") as store:
        store.write_snapshot(registry)
        yield store


def test_graph_read_back_from_disk_is_the_graph_written(tmp_path, registry):
    graph = build_graph(registry.entries)
    assert graph.edges  # the fixture ties companies through officers and addresses
    write_graph(tmp_path, "k1", graph)
    again = read_graph(tmp_path, "k1")
    assert again is not None
    assert again.to_json() == graph.to_json()
    assert [n.members for n in again.nodes.values()] == [n.members for n in graph.nodes.values()]


def test_key_changes_with_snapshots_and_judgements_only():
    same = Judgement("a", "b", True)
    assert graph_key([1, 2], []) == graph_key([2, 1], [])
    assert graph_key([1, 2], []) != graph_key([1, 3], [])
    assert graph_key([1, 2], []) != graph_key([1, 2], [same])
    assert graph_key([1, 2], [same]) != graph_key([1, 2], [Judgement("a", "b", False)])


def test_damaged_or_foreign_cache_file_is_not_trusted(tmp_path, registry):
    cache_file(tmp_path, "k1").write_text('{"format": 1, "key": "k1", "nodes": [["x"', encoding="utf-8")
    assert read_graph(tmp_path, "k1") is None
    write_graph(tmp_path, "k2", build_graph(registry.entries))
    cache_file(tmp_path, "k2").rename(cache_file(tmp_path, "k3"))  # a file under another key
    assert read_graph(tmp_path, "k3") is None


def test_unchanged_store_is_answered_from_the_cache_without_building(store, monkeypatch):
    first = load.current_graph(store)
    assert list((store.path.parent / "cache").glob("network-graph-*.json"))

    def no_build(*args, **kwargs):
        raise AssertionError("the graph was rebuilt although the store did not change")

    monkeypatch.setattr(load, "build_graph", no_build)
    assert load.current_graph(store).to_json() == first.to_json()


def test_a_new_judgement_rebuilds_the_graph(store, monkeypatch):
    before = sum(1 for _ in load.current_graph(store).entity_nodes())
    built = []
    real_build = load.build_graph
    monkeypatch.setattr(load, "build_graph", lambda *a, **k: built.append(1) or real_build(*a, **k))
    # An analyst says two shells at the mass-registration address are one company.
    judgements.record(store, "hk_registry_sample:company-HK001", "hk_registry_sample:company-HK002", True)
    graph = load.current_graph(store)
    assert built == [1]
    assert sum(1 for _ in graph.entity_nodes()) == before - 1  # the two shells are one node now
    assert len(list((store.path.parent / "cache").glob("network-graph-*.json"))) == 1  # only the newest kept


def test_backtest_reconciliation_is_filed_and_reused_until_an_entry_changes(tmp_path, registry, monkeypatch):
    from maxpressure.network import backtest
    from maxpressure.network.cache import CachedReconciliation

    calls = []
    real = backtest.reconciled_resolver
    monkeypatch.setattr(backtest, "reconciled_resolver", lambda *a, **k: calls.append(1) or real(*a, **k))
    same = Judgement(registry.entries[0].entity_id, registry.entries[1].entity_id, True)
    factory = CachedReconciliation(tmp_path, [same])
    first = factory(registry.entries)
    again = CachedReconciliation(tmp_path, [same])(registry.entries)
    assert calls == [1]
    ids = [e.entity_id for e in registry.entries]
    assert [again(i) for i in ids] == [first(i) for i in ids]
    assert first(ids[0]) == first(ids[1])  # the judgement holds in the filed clusters
    registry.entries[2].entity.add("notes", "amended")
    factory(registry.entries)
    assert calls == [1, 1]

"""The built graph on disk, so a store that has not changed answers without rebuilding it.

Reconciling every list and building the graph takes tens of seconds of CPU; ranking it takes well
under one. The graph is written next to the store (`<home>/cache/network-graph-<key>.json`) and
read back while the key still holds. The key is everything the graph is made from:

- the snapshot ids the graph holds (a new load makes a new snapshot, hence a new key);
- the analyst's judgements (a `same` or `different` judgement changes the clusters);
- the source of the code that builds it (`network/`, `reconcile/` and the `screening/` it
  compares names with), so a graph written by older code is never read by newer code.

A missing, unreadable or damaged file is rebuilt, never trusted; only the newest graph is kept.

The backtest reconciles older snapshots than the store's newest, so it cannot use that graph:
`CachedReconciliation` files its clusters instead, keyed by the content of the entries reconciled.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from maxpressure.code_version import source_digest
from maxpressure.network.graph import Edge, Evidence, Graph, ListRef, Node, Resolver

FORMAT = 2
_PREFIX = "network-graph-"
_CLUSTERS_PREFIX = "network-backtest-clusters-"
CLUSTER_FILES_KEPT = 8
# screening compares the names reconcile links; designations says which entries record whose designation
_CODE_PACKAGES = ("network", "reconcile", "screening", "designations")


def graph_key(snapshot_ids: Iterable[int], judgements: Iterable[Any]) -> str:
    """The cache key of the graph of these snapshots under these judgements (see module doc)."""
    # In the order given (oldest first): a later judgement on a pair replaces an earlier one.
    judged = [[j.left, j.right, bool(j.same)] for j in judgements]
    material = json.dumps([FORMAT, sorted(snapshot_ids), judged, source_digest(*_CODE_PACKAGES)])
    return hashlib.sha1(material.encode()).hexdigest()[:20]


def cache_file(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"{_PREFIX}{key}.json"


def read_graph(cache_dir: Path, key: str) -> Graph | None:
    path = cache_file(cache_dir, key)
    # Reading makes some hundred thousand small objects, none of them garbage: the cyclic collector
    # would walk them again and again for nothing (it tripled the read time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("key") != key:
            return None
        return _graph_from_rows(data["nodes"], data["edges"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None  # damaged: rebuilt by the caller
    finally:
        if collecting:
            gc.enable()


def write_graph(cache_dir: Path, key: str, graph: Graph) -> Path | None:
    """Write the graph under its key and drop older graphs; None when the folder is not writable."""
    path = cache_file(cache_dir, key)
    data = {"format": FORMAT, "key": key, **_graph_rows(graph)}
    try:
        _write_whole(path, json.dumps(data, separators=(",", ":")))
        for old in cache_dir.glob(f"{_PREFIX}*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        return None  # a read-only home still answers, it just rebuilds next time
    return path


def _write_whole(path: Path, text: str) -> None:
    """Write to a private temporary file, then rename: a reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _graph_rows(graph: Graph) -> dict[str, list]:
    index = {node_id: i for i, node_id in enumerate(graph.nodes)}
    nodes = [[n.node_id, n.kind, n.schema, n.caption,
              [[m.list, m.list_id, m.entity_id, m.listed_on.isoformat() if m.listed_on else None, m.sanctioned,
                m.implements, m.route]
               for m in n.members],
              sorted(n.programs), sorted(n.countries), n.holders]
             for n in graph.nodes.values()]
    edges = [[index[e.source], index[e.target], e.kind, e.evidence.list, e.evidence.list_id,
              e.evidence.document, e.evidence.entity_id,
              e.evidence.known_on.isoformat() if e.evidence.known_on else None, e.evidence.source_url]
             for e in graph.edges]
    return {"nodes": nodes, "edges": edges}


def _graph_from_rows(nodes: list, edges: list) -> Graph:
    graph = Graph()
    for node_id, kind, schema, caption, members, programs, countries, holders in nodes:
        refs = [ListRef(lst, list_id, entity_id, date.fromisoformat(listed) if listed else None, sanctioned,
                        implements, route)
                for lst, list_id, entity_id, listed, sanctioned, implements, route in members]
        graph.add_node(Node(node_id, kind, schema, caption, refs, set(programs), set(countries), holders))
    ids = list(graph.nodes)
    for source, target, kind, ev_list, ev_list_id, document, entity_id, known, url in edges:
        evidence = Evidence(ev_list, ev_list_id, document, entity_id,
                            date.fromisoformat(known) if known else None, url)
        graph.add_edge(Edge(ids[source], ids[target], kind, evidence))
    return graph


class CachedReconciliation:
    """A backtest resolver factory: reconcile a set of entries once, then read the clusters back.

    The key is a digest of every entity of every entry (so an amended entry is a new key), the
    judgements and the code; the file holds the entity id -> cluster id of every merged entry.
    """

    def __init__(self, cache_dir: Path, judgements: Iterable[Any] = ()):
        self.cache_dir = cache_dir
        self.judgements = list(judgements)

    def __call__(self, entries: list[Any]) -> Resolver:
        from maxpressure.network.backtest import reconciled_resolver

        unique = list({e.entity_id: e for e in entries}.values())
        path = self.cache_dir / f"{_CLUSTERS_PREFIX}{self._key(unique)}.json"
        try:
            merged = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(merged, dict):
                raise ValueError("not a mapping")
        except (OSError, ValueError):
            resolve = reconciled_resolver(unique, self.judgements)
            merged = {e.entity_id: resolve(e.entity_id) for e in unique if resolve(e.entity_id) != e.entity_id}
            self._write(path, merged)
        return lambda entity_id: merged.get(entity_id, entity_id)

    def _key(self, entries: list[Any]) -> str:
        digest = hashlib.sha1()
        for entry in sorted(entries, key=lambda e: e.entity_id):
            for entity in entry.entities:
                digest.update(json.dumps(entity.to_dict(), sort_keys=True).encode())
        return graph_key([], self.judgements) + digest.hexdigest()[:20]

    def _write(self, path: Path, merged: dict[str, str]) -> None:
        try:
            _write_whole(path, json.dumps(merged))
            older = sorted(path.parent.glob(f"{_CLUSTERS_PREFIX}*.json"), key=lambda p: p.stat().st_mtime)
            for old in older[:-CLUSTER_FILES_KEPT]:
                old.unlink(missing_ok=True)
        except OSError:
            pass  # not writable: the next backtest reconciles again

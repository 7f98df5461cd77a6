"""The graph of what the store holds now: the newest snapshot of every list, reconciled.

Reconciliation (reconcile.reconcile_store) merges the entries of different lists that name the
same party into one node; its links are cached next to the store, keyed by snapshot ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from maxpressure.errors import NotFound, StoreError
from maxpressure.network.build import build_graph
from maxpressure.network.graph import Graph, Node

if TYPE_CHECKING:  # pragma: no cover
    from maxpressure.store import Store


def current_graph(store: "Store") -> Graph:
    from maxpressure.reconcile import reconcile_store

    if not store.latest_snapshots():
        raise StoreError("the store holds no list yet; run `maxpressure init` or `maxpressure load`")
    reconciled = reconcile_store(store, cache_dir=store.path.parent / "cache")
    return build_graph(reconciled.entries, reconciled.cluster_of)


def find_node(graph: Graph, key: str) -> Node:
    """A party by node or entity id, `list:list_id`, a list id, or its exact caption."""
    if key in graph.nodes:
        return graph.nodes[key]
    wanted = key.strip().casefold()
    found = []
    for node in graph.entity_nodes():
        refs = {m.entity_id.casefold() for m in node.members}
        refs |= {f"{m.list}:{m.list_id}".casefold() for m in node.members}
        refs |= {m.list_id.casefold() for m in node.members}
        if wanted in refs or node.caption.casefold() == wanted:
            found.append(node)
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"no party {key!r} in the graph (give an entity id, LIST:LIST_ID or an exact name)")
    names = ", ".join(sorted(n.node_id for n in found)[:5])
    raise NotFound(f"{key!r} names {len(found)} parties ({names}); give an entity id")

"""The graph of what the store holds now: the newest snapshot of every list, reconciled.

Reconciliation (reconcile.reconcile_store) merges the entries of different lists that name the
same party into one node; its links are cached next to the store, keyed by snapshot ids. The built
graph is cached there too (network.cache), keyed by snapshot ids, judgements and code, so an
unchanged store is ranked without reconciling or building anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from maxpressure.errors import NotFound, StoreError
from maxpressure.network.build import build_graph, implemented_for, is_sanctioned
from maxpressure.network.cache import graph_key, read_graph, write_graph
from maxpressure.network.graph import Graph, ListRef, Node, Resolver

if TYPE_CHECKING:  # pragma: no cover
    from maxpressure.store import Store


def cache_dir_of(store: "Store") -> Path:
    return store.path.parent / "cache"


def _state_key(store: "Store") -> str:
    from maxpressure.reconcile import judgements

    snapshots = store.latest_snapshots()
    if not snapshots:
        raise StoreError("the store holds no list yet; run `maxpressure init` or `maxpressure load`")
    return graph_key([s.snapshot_id for s in snapshots], judgements.load(store))


def current_graph(store: "Store", use_cache: bool = True) -> Graph:
    from maxpressure.reconcile import reconcile_store

    key = _state_key(store)
    cache_dir = cache_dir_of(store)
    if use_cache and (cached := read_graph(cache_dir, key)) is not None:
        return cached
    reconciled = reconcile_store(store, cache_dir=cache_dir)
    graph = build_graph(reconciled.entries, reconciled.cluster_of)
    add_alias_routes(graph, reconciled)
    # A load that landed while we built would make the graph newer than its key: don't file it.
    if use_cache and _state_key(store) == key:
        write_graph(cache_dir, key, graph)
    return graph


def add_alias_routes(graph: Graph, reconciled) -> None:
    """Every party whose name another list holds as an alias gets that entry as a designation
    route (`ListRef.route = "alias"`), as gaps count it (`Reconciled.alias_holders`): the
    authority designates it under another name, so it is never that authority's candidate. The
    two stay apart in the graph: an alias is not proof they are one body (OFAC's AL QA'IDA holds
    "Egyptian Islamic Jihad" as an alias)."""
    for node in list(graph.entity_nodes()):
        own = {m.entity_id for m in node.members}
        for holder, _link in reconciled.alias_holders(node.node_id):
            if holder.entity_id not in own:
                node.members.append(ListRef(holder.list, holder.list_id, holder.entity_id, holder.listed_on,
                                            is_sanctioned(holder), implemented_for(holder), route="alias"))
                own.add(holder.entity_id)


def party_of_entity(graph: Graph) -> Resolver:
    """Entity id -> the graph's node standing for it (for evidence added to a built graph)."""
    node_of = {m.entity_id: n.node_id for n in graph.entity_nodes() for m in n.members if m.route is None}
    return lambda entity_id: node_of.get(entity_id, entity_id)


def find_node(graph: Graph, key: str) -> Node:
    """A party by node or entity id, `list:list_id`, a list id, or its exact caption."""
    if key in graph.nodes:
        return graph.nodes[key]
    wanted = key.strip().casefold()
    found = []
    for node in graph.entity_nodes():
        own = [m for m in node.members if m.route is None]
        refs = {m.entity_id.casefold() for m in own}
        refs |= {f"{m.list}:{m.list_id}".casefold() for m in own}
        refs |= {m.list_id.casefold() for m in own}
        if wanted in refs or node.caption.casefold() == wanted:
            found.append(node)
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"no party {key!r} in the graph (give an entity id, LIST:LIST_ID or an exact name)")
    names = ", ".join(sorted(n.node_id for n in found)[:5])
    raise NotFound(f"{key!r} names {len(found)} parties ({names}); give an entity id")

"""Evidence paths: the chain of sourced edges from a candidate to a designated party.

A path is strongest when its edges are few and strong: each edge costs `1 - ln(weight)` (one for
the hop, more for a weak relation), and a path's `strength` is the product of its edge weights.
Edges through a common identifier (relations.COMMON_IDENTIFIER_HOLDERS) are left out, so no path
rests on a mass-registration address; `shortest_path` between two named parties may use them when
nothing else connects the two, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from maxpressure.network.graph import Edge, Graph
from maxpressure.network.matrix import WeightedGraph, edge_weight

_NO_PREDECESSOR = -9999  # scipy's marker


@dataclass
class EvidencePath:
    """Nodes from the candidate to the designated party, and the edge stating each step."""

    nodes: list[str]
    edges: list[Edge]
    strength: float
    through_common: bool = False

    def to_json(self, graph: Graph | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {"nodes": list(self.nodes), "strength": round(self.strength, 6),
                                "through_common_identifier": self.through_common,
                                "edges": [e.to_json() for e in self.edges]}
        if graph is not None:
            data["text"] = describe(graph, self)
        return data


def describe(graph: Graph, path: EvidencePath) -> str:
    """One line an analyst can read: "A —is linked to→ B ←owns— C"."""
    parts = [graph.nodes[path.nodes[0]].caption]
    for here, edge in zip(path.nodes[1:], path.edges):
        arrow = f" —{edge.label}→ " if edge.target == here else f" ←{edge.label}— "
        parts.append(arrow + graph.nodes[here].caption)
    return "".join(parts)


def cost_matrix(weighted: WeightedGraph, allow_common: bool = False) -> sp.csr_matrix:
    costs = weighted.weights.tocoo()
    keep = np.ones(costs.nnz, dtype=bool)
    if not allow_common:
        keep = ~(weighted.common[costs.row] | weighted.common[costs.col])
    data = 1.0 - np.log(costs.data[keep])
    return sp.csr_matrix((data, (costs.row[keep], costs.col[keep])), shape=costs.shape)


class SeedDistances:
    """For every node, its cheapest path to the nearest seed (one multi-source search)."""

    def __init__(self, weighted: WeightedGraph, seeds: list[str], costs: sp.csr_matrix | None = None):
        self.weighted = weighted
        self.costs = cost_matrix(weighted) if costs is None else costs
        seed_index = np.array([weighted.index[s] for s in seeds], dtype=np.int64)
        if len(seed_index):
            self.distance, self.predecessor, _ = dijkstra(
                self.costs, directed=False, indices=seed_index, min_only=True, return_predecessors=True)
        else:
            self.distance = np.full(len(weighted), np.inf)
            self.predecessor = np.full(len(weighted), _NO_PREDECESSOR)

    def reachable(self) -> np.ndarray:
        return np.isfinite(self.distance)

    def path(self, graph: Graph, node_id: str) -> EvidencePath | None:
        at = self.weighted.index[node_id]
        if not np.isfinite(self.distance[at]):
            return None
        chain = [at]
        while self.predecessor[chain[-1]] != _NO_PREDECESSOR:
            chain.append(int(self.predecessor[chain[-1]]))
        return _path(graph, self.weighted, chain)


def _strongest_edge(graph: Graph, a: str, b: str) -> Edge:
    return max(graph.edges_between(a, b), key=lambda e: edge_weight(graph, e.source, e.target, e.kind))


def _path(graph: Graph, weighted: WeightedGraph, chain: list[int]) -> EvidencePath:
    nodes = [weighted.ids[i] for i in chain]
    edges = [_strongest_edge(graph, a, b) for a, b in zip(nodes, nodes[1:])]
    strength = float(np.prod([weighted.weights[i, j] for i, j in zip(chain, chain[1:])])) if edges else 1.0
    through_common = bool(weighted.common[chain].any())
    return EvidencePath(nodes, edges, strength, through_common)


def evidence_paths(graph: Graph, weighted: WeightedGraph, costs: sp.csr_matrix, node_id: str,
                   seeds: set[str], count: int = 3, max_cost: float = 12.0) -> list[EvidencePath]:
    """Up to `count` cheapest paths from the node to distinct seeds, none passing through a seed."""
    start = weighted.index[node_id]
    distance, predecessor = dijkstra(costs, directed=False, indices=start, return_predecessors=True,
                                     limit=max_cost)
    seed_ids = sorted((i for s in seeds if np.isfinite(distance[i := weighted.index[s]])),
                      key=lambda i: distance[i])
    found: list[EvidencePath] = []
    for seed in seed_ids:
        chain = [seed]
        while predecessor[chain[-1]] != _NO_PREDECESSOR:
            chain.append(int(predecessor[chain[-1]]))
        chain.reverse()
        if any(weighted.ids[i] in seeds for i in chain[1:-1]):
            continue  # runs through a nearer seed: that seed's path already says it
        found.append(_path(graph, weighted, chain))
        if len(found) == count:
            break
    return found


def shortest_path(graph: Graph, weighted: WeightedGraph, a: str, b: str) -> EvidencePath | None:
    """The strongest path between two parties; through a common identifier only as a last resort."""
    for allow_common in (False, True):
        costs = cost_matrix(weighted, allow_common)
        distance, predecessor = dijkstra(costs, directed=False, indices=weighted.index[a],
                                         return_predecessors=True)
        end = weighted.index[b]
        if np.isfinite(distance[end]):
            chain = [end]
            while predecessor[chain[-1]] != _NO_PREDECESSOR:
                chain.append(int(predecessor[chain[-1]]))
            chain.reverse()
            return _path(graph, weighted, chain)
    return None

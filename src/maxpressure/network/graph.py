"""The network graph: parties, shared identifiers, and every relationship with its source.

A node is a real-world party as the resolver sees it (one list entry, or every entry that
reconciles to the same entity), or a shared identifier value (an address, an IMO number ...).
An edge is one statement in the loaded data ("OFAC entry 22271 says: Linked To: KOREA KWANGSON
BANKING CORP"), so two sources stating the same link are two edges; each carries its `Evidence`.

`build_graph` (in `build.py`) fills a `Graph` from list entries; ranking and paths read it.
`Graph.to_json` is the shape the web workbench draws (documented in docs/network.md).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable

from maxpressure.model import AUTHORITIES, regimes_of
from maxpressure.network.relations import COMMON_IDENTIFIER_HOLDERS, RELATIONS

# entity id -> node id. Identity by default; the cross-list reconciliation plugs in here.
Resolver = Callable[[str], str]

ENTITY = "entity"
IDENTIFIER = "identifier"


def identity_resolver(entity_id: str) -> str:
    return entity_id


@dataclass(frozen=True, slots=True)
class ListRef:
    """One list entry a node stands for."""

    list: str
    list_id: str
    entity_id: str
    listed_on: date | None = None
    sanctioned: bool = True  # False for a registry record or a dataset row that designates nobody
    # The authority whose designation this entry records when that authority's own list cannot
    # hold it (the UK's rows of the UN's vessel designations): designations.implemented_designation.
    implements: str | None = None
    # "alias": not an entry of this party but one holding its name as an alias (the authority
    # designates it under another name, as gaps count it); None for the party's own entries.
    route: str | None = None

    @property
    def authority(self) -> str:
        return AUTHORITIES.get(self.list, self.list)

    def designates_for(self) -> set[str]:
        """The authorities this entry designates the party for: its list's, and the one it records."""
        if not self.sanctioned:
            return set()
        return {self.authority} | ({self.implements} if self.implements else set())

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"list": self.list, "list_id": self.list_id, "entity_id": self.entity_id,
                                "listed_on": self.listed_on.isoformat() if self.listed_on else None}
        if self.implements:
            data["implements"] = self.implements
        if self.route:
            data["route"] = self.route
        return data


@dataclass(slots=True)
class Node:
    node_id: str
    kind: str  # ENTITY or IDENTIFIER
    schema: str  # FtM schema for parties; the relation kind ("address", "imo" ...) for identifiers
    caption: str
    members: list[ListRef] = field(default_factory=list)
    programs: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    holders: int = 0  # identifiers only: how many parties hold the value

    @property
    def common(self) -> bool:
        """A value so widely shared (a mass-registration address) that it proves nothing alone."""
        return (self.kind == IDENTIFIER and self.holders > COMMON_IDENTIFIER_HOLDERS
                and not RELATIONS[self.schema].never_common)

    @property
    def regimes(self) -> list[str]:
        return regimes_of(self.programs)

    @property
    def authorities(self) -> set[str]:
        return {m.authority for m in self.members}

    @property
    def lists(self) -> set[str]:
        return {m.list for m in self.members}

    def designating_authorities(self) -> set[str]:
        """The authorities that designate the party, by any route: its own entry, an entry of
        another list recording its designation (the UN's vessels through the UK), or an alias (the
        resolver merges a party with the entries holding its name as alias)."""
        return {a for m in self.members for a in m.designates_for()}

    def designated_by(self, authority: str | None = None) -> bool:
        """Whether the authority (any authority when None) designates the party, by any route."""
        found = self.designating_authorities()
        return bool(found) if authority is None else authority in found

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.node_id, "kind": self.kind, "schema": self.schema,
                                "caption": self.caption}
        if self.kind == ENTITY:
            data["lists"] = [m.to_json() for m in self.members]
            data["programs"] = sorted(self.programs)
            data["countries"] = sorted(self.countries)
        else:
            data["holders"] = self.holders
            data["common"] = self.common
        return data


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where an edge comes from: the list entry (or dataset record) and what it says."""

    list: str
    list_id: str
    document: str  # the remark, relationship or field that states the link, in the source's words
    entity_id: str | None = None  # the FtM entity stating it (an UnknownLink, an Ownership ...)
    # When the statement became known: the Panel report's publication date, the AIS event's day.
    # None for list statements: a list entry's remarks are not dated (the backtest dates the entry).
    known_on: date | None = None
    source_url: str | None = None  # the cited page (Panel facts: FtM `sourceUrl`)

    def to_json(self) -> dict[str, Any]:
        return {"list": self.list, "list_id": self.list_id, "document": self.document,
                "entity_id": self.entity_id, "known_on": self.known_on.isoformat() if self.known_on else None,
                "source_url": self.source_url}


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    kind: str
    evidence: Evidence

    @property
    def label(self) -> str:
        return RELATIONS[self.kind].label

    def other(self, node_id: str) -> str:
        return self.target if node_id == self.source else self.source

    def to_json(self) -> dict[str, Any]:
        relation = RELATIONS[self.kind]
        return {"source": self.source, "target": self.target, "kind": self.kind,
                "label": relation.label, "claims_control": relation.claims_control,
                "evidence": self.evidence.to_json()}


class Graph:
    """Nodes by id, edges in load order, and an adjacency index built on first use."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self._adjacency: dict[str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.nodes)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.nodes

    def add_node(self, node: Node) -> Node:
        existing = self.nodes.get(node.node_id)
        if existing is not None:
            return existing
        self.nodes[node.node_id] = node
        return node

    def add_edge(self, edge: Edge) -> None:
        if edge.kind not in RELATIONS:
            raise ValueError(f"unknown relation kind {edge.kind!r}")
        if edge.source not in self.nodes or edge.target not in self.nodes:
            raise KeyError(f"edge {edge.source} -> {edge.target} names a node not in the graph")
        if edge.source == edge.target:
            return
        self.edges.append(edge)
        self._adjacency = None

    def entity_nodes(self) -> Iterable[Node]:
        return (n for n in self.nodes.values() if n.kind == ENTITY)

    def edges_of(self, node_id: str) -> list[Edge]:
        if self._adjacency is None:
            adjacency: dict[str, list[int]] = defaultdict(list)
            for i, edge in enumerate(self.edges):
                adjacency[edge.source].append(i)
                adjacency[edge.target].append(i)
            self._adjacency = dict(adjacency)
        return [self.edges[i] for i in self._adjacency.get(node_id, ())]

    def edges_between(self, a: str, b: str) -> list[Edge]:
        return [e for e in self.edges_of(a) if e.other(a) == b]

    def as_of(self, day: date, undated_from: Iterable[str] = ()) -> "Graph":
        """The graph as it could have been known on `day`: every party, and the edges whose evidence
        is dated on or before it. An undated statement is kept (a list entry's remarks are dated by
        the entry, which the caller chose) unless it comes from one of `undated_from` (a dataset
        whose facts are known only from their report). Identifier values count their holders again."""
        undated = set(undated_from)
        known = Graph()
        for node in self.nodes.values():
            copy = Node(node.node_id, node.kind, node.schema, node.caption, list(node.members),
                        set(node.programs), set(node.countries), node.holders)
            known.add_node(copy)
        holders: dict[str, int] = defaultdict(int)
        for edge in self.edges:
            when = edge.evidence.known_on
            if (when is not None and when <= day) or (when is None and edge.evidence.list not in undated):
                known.edges.append(edge)
                for end in (edge.source, edge.target):
                    if known.nodes[end].kind == IDENTIFIER:
                        holders[end] += 1
        for node in known.nodes.values():
            if node.kind == IDENTIFIER:
                node.holders = holders.get(node.node_id, 0)
        return known

    def to_json(self, node_ids: Iterable[str] | None = None) -> dict[str, Any]:
        """{"nodes": [...], "edges": [...]}: the whole graph, or the part between `node_ids`."""
        keep = set(self.nodes) if node_ids is None else {n for n in node_ids if n in self.nodes}
        edges = [e for e in self.edges if e.source in keep and e.target in keep]
        return {"nodes": [self.nodes[n].to_json() for n in self.nodes if n in keep],
                "edges": [e.to_json() for e in edges]}

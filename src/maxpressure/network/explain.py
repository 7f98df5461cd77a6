"""Why a party is a candidate, in words, from the same evidence paths that rank it.

One sentence per evidence path, naming the designated party it reaches, each step with its
source and date where the evidence has one:

  "met PAEK MA (designated by the UN) at sea on 2019-03-18, 290 km E of Shanghai [AIS event-3]"
  "met SAM MA 2 (designated by GB, UN) at sea: ship-to-ship transfer of oil [poe_dprk_named_parties:...; https://...]"
  "is named by the Panel in S/2019/171 (known 2019-03-12; https://...), as is WISE HONEST ..."
"""

from __future__ import annotations

from followthemoney import model

from maxpressure.model import LISTS
from maxpressure.network.ais import AIS_LIST
from maxpressure.network.graph import IDENTIFIER, Edge, Graph
from maxpressure.network.paths import EvidencePath
from maxpressure.network.relations import relation


def _source(edge: Edge) -> str:
    ev = edge.evidence
    parts = [f"{ev.list}:{ev.list_id}"]
    if ev.known_on:
        parts.append(f"known {ev.known_on.isoformat()}")
    if ev.source_url:
        parts.append(ev.source_url)
    return "; ".join(parts)


def _step(graph: Graph, here: str, edge: Edge, there: str) -> str:
    other = graph.nodes[there]
    name = other.caption + (_designated(other) if other.kind != IDENTIFIER else "")
    if edge.evidence.list == AIS_LIST:  # the event in words already names the other vessel
        return f"{edge.evidence.document} [{_source(edge)}]"
    if other.kind == IDENTIFIER:
        if edge.kind == "panel_report":
            return f"is named by the Panel in {other.caption} [{_source(edge)}]"
        return f"has the {other.schema} {other.caption} [{_source(edge)}]"
    if graph.nodes[here].kind == IDENTIFIER:
        return f"as is {name}" if edge.kind == "panel_report" else f"held also by {name}"
    # A dataset's relation says what the link was ("ship-to-ship transfer of diesel"); a list's
    # remark is long and already cited by its entry.
    said = f": {_details(edge.evidence.document)}" if edge.evidence.list not in LISTS else ""
    return f"{relation(edge.kind).sentence(name, edge.source == here)}{said} [{_source(edge)}]"


# FtM's names of relationship schemata ("Other link", "Ownership"), which a relation's document
# starts with: the sentence already says what kind of link it is.
_SCHEMA_LABELS = frozenset(schema.label for schema in model.schemata.values())


def _details(document: str) -> str:
    label, colon, details = document.partition(": ")
    return details if colon and label in _SCHEMA_LABELS else document


def _designated(node) -> str:
    """"(designated by the UN, the US)": who designates the party, by any route."""
    authorities = sorted(node.designating_authorities())
    return f" (designated by {', '.join(a.upper() for a in authorities)})" if authorities else ""


def explain(graph: Graph, path: EvidencePath) -> str:
    steps = [_step(graph, a, edge, b) for a, edge, b in zip(path.nodes, path.edges, path.nodes[1:])]
    return "; then ".join(steps)

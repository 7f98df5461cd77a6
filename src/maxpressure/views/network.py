"""The view of the network analysis: candidates with drawable evidence paths, and the
neighbourhood of one entity."""

from __future__ import annotations

from maxpressure.network.load import current_graph
from maxpressure.network.rank import METHOD, rank_candidates, surface_options
from maxpressure.views.paging import paginate
from maxpressure.views.reconciled import after_reconciliation, reconciliation
from maxpressure.views.workbench import Workbench


NETWORK_RANKED = 200


def network(wb: Workbench) -> dict:
    """The graph over every list's newest snapshot, parties reconciled (a background job)."""
    def compute() -> dict:
        after_reconciliation(wb)
        with wb.private_store() as store:
            graph = current_graph(store)
        return {"graph": graph, "method": METHOD}

    return wb.background("network", compute)


# Whose next designations the candidates are for, by default: the CLI's defaults (network.rank:
# the UN, under the DPRK regime when the data holds DPRK designations).
DEFAULT_CANDIDATE_AUTHORITY = "un"  # = network.rank.DEFAULT_AUTHORITY; "any" for no authority


# How the ranked candidates can be ordered; the first is the default (the ranking's own order).
CANDIDATE_SORTS = {
    "rank": lambda c: c["rank"],
    "caption": lambda c: ((c["caption"] or "").casefold(), c["rank"]),
    "schema": lambda c: (c["schema"], c["rank"]),
    "lists": lambda c: (-len(c["lists"]), c["rank"]),
}


def network_candidates(wb: Workbench, limit: int = 50, authority: str | None = DEFAULT_CANDIDATE_AUTHORITY,
                       page: int = 1, sort: str = "rank") -> dict:
    """Page `page` of the top `NETWORK_RANKED` candidates not designated by `authority`, `limit`
    to a page, with their evidence paths drawn."""
    found = network(wb)
    graph = found["graph"]
    # The page's "any authority" choice sends an empty value; the regime is the shared default.
    options = surface_options(graph, authority or "any", None, limit=NETWORK_RANKED)

    def rank() -> list[dict]:
        return [_drawable(graph, c.to_json(graph)) for c in rank_candidates(graph, options)]

    ranked = wb.cached(f"candidates:{options.authority}:{options.regime}", rank)
    sort = sort if sort in CANDIDATE_SORTS else "rank"
    shown = paginate(sorted(ranked, key=CANDIDATE_SORTS[sort]), page, limit)
    authorities = sorted({a for node in graph.entity_nodes() for a in node.authorities})
    return {"method": found["method"], "regime": options.regime, "authority": options.authority,
            "authorities": authorities, "sort": sort, "sorts": list(CANDIDATE_SORTS),
            "paging": shown.to_json(), "candidates": shown.rows}


def _drawable(graph, candidate: dict) -> dict:
    """Add, to each evidence path, its nodes and edges in the form the SVG drawing takes."""
    for path in candidate["paths"]:
        nodes = []
        for i, node_id in enumerate(path["nodes"]):
            node = graph.nodes[node_id]
            kind = ("candidate" if i == 0 else "identifier" if node.kind == "identifier"
                    else "designated" if node.designated_by() else "party")
            note = node.schema if node.kind != "identifier" else f"shared {node.schema}"
            nodes.append({"id": node_id, "caption": node.caption, "kind": kind, "note": note})
        path["drawing_nodes"] = nodes
        path["drawing_edges"] = [
            {"label": e["label"], "claims_control": e["claims_control"],
             "forward": e["source"] == path["nodes"][i]} for i, e in enumerate(path["edges"])]
    return candidate


def neighbourhood(wb: Workbench, entity_id: str) -> dict:
    graph = network(wb)["graph"]
    node_id = reconciliation(wb)["reconciled"].cluster_of(entity_id)
    if node_id not in graph.nodes:
        return {"center": {"id": entity_id, "caption": entity_id}, "neighbours": []}
    neighbours = []
    for edge in graph.edges_of(node_id)[:60]:
        other = graph.nodes[edge.other(node_id)]
        kind = "identifier" if other.kind == "identifier" else (
            "designated" if other.designated_by() else "party")
        neighbours.append({"id": other.node_id, "caption": other.caption, "kind": kind, "label": edge.label,
                           "entity_id": _dossier_of(other), "evidence": edge.evidence.to_json()})
    return {"center": {"id": node_id, "caption": graph.nodes[node_id].caption}, "neighbours": neighbours}


def _dossier_of(node) -> str | None:
    """The list entry whose dossier a drawn node opens: its own first entry (not one that merely
    holds its name as an alias); None for a shared identifier."""
    own = [m for m in node.members if m.route != "alias"]
    return own[0].entity_id if own else None

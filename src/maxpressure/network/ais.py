"""AIS events as relations: a vessel that met a designated vessel at sea, or took over its identity.

Input: the events `maxpressure maritime detect` writes (JSON lines, `Event.to_json`), whose
vessels carry the designations their IMO, MMSI or name match. Each event between two or more
vessels becomes one edge per pair, dated by the event's day, its evidence the event in words
("met PAEK MA at sea on 2019-03-18, 290 km E of Shanghai"):

- `encounter` (two vessels side by side, slow, away from port) and `loitering` with a named
  partner: `met_at_sea`;
- `identity_change` naming the vessel whose identity was taken: `took_identity_of`.

A vessel matched to a list entry by IMO or MMSI is that entry's party; any other vessel is a new
party (`ais-vessel-<mmsi>`, designated by nobody), which is how AIS reaches vessels no list
holds. A match by name alone is too weak to merge (the simulated tanker "HOPE SEA" is not every
ship of that name). Port calls tie a vessel to a place, not a party: they make no edge.
AIS static data says nothing of owners or managers; those come from a registry file
(`registry.py`) that names the vessel.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from maxpressure.errors import InputError
from maxpressure.maritime.gazetteer import nearest_port, ports
from maxpressure.network.graph import ENTITY, Edge, Evidence, Graph, ListRef, Node, Resolver

AIS_LIST = "ais"
EVENT_KINDS = {"encounter": "met_at_sea", "loitering": "met_at_sea", "identity_change": "took_identity_of"}
_STRONG_MATCHES = ("imo", "mmsi")
_COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


def read_events(path: Path) -> tuple[list[dict[str, Any]], int]:
    """Events of a JSON-lines file, and how many lines were skipped as unreadable."""
    events, skipped = [], 0
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read AIS events: {exc}") from None
    for line in lines:
        if not line.strip():
            continue
        try:
            event = json.loads(line)
            if isinstance(event, dict) and isinstance(event.get("vessels"), list) and event.get("type"):
                events.append(event)
                continue
        except ValueError:
            pass
        skipped += 1
    return events, skipped


def where(lat: float | None, lon: float | None) -> str:
    """'290 km E of Shanghai': distance and bearing from the nearest port of the gazetteer."""
    if lat is None or lon is None:
        return "at an unknown position"
    index, km = nearest_port(lat, lon)
    port = ports()[int(index[0])]
    if km[0] < port.radius_km:
        return f"at {port.name}"
    dy = lat - port.lat
    dx = (lon - port.lon) * math.cos(math.radians(port.lat))
    bearing = _COMPASS[int(((math.degrees(math.atan2(dx, dy)) + 360) % 360 + 22.5) // 45) % 8]
    return f"{km[0]:.0f} km {bearing} of {port.name}"


def _vessel_node(graph: Graph, vessel: dict[str, Any], resolver: Resolver) -> str:
    matched = [node_id for hit in vessel.get("designations") or ()
               if hit.get("match") in _STRONG_MATCHES and (node_id := resolver(str(hit.get("entity_id")))) in graph]
    if matched:  # the designated party first: a dataset's copy of the vessel may not have reconciled to it
        return max(matched, key=lambda n: graph.nodes[n].designated_by())
    mmsi = str(vessel.get("mmsi") or "unknown")
    node_id = f"ais-vessel-{mmsi}"
    if node_id not in graph:
        caption = vessel.get("name") or f"MMSI {mmsi}"
        node = graph.add_node(Node(node_id, ENTITY, "Vessel", caption,
                                   [ListRef(AIS_LIST, mmsi, node_id, None, sanctioned=False)]))
        if vessel.get("flag"):
            node.countries.add(str(vessel["flag"]).lower())
    return node_id


def ais_edges(graph: Graph, events: Iterable[dict[str, Any]], resolver: Resolver) -> list[Edge]:
    """Add the events' vessels to the graph (as parties) and return their relations (see module doc)."""
    edges = []
    for number, event in enumerate(events, start=1):
        kind = EVENT_KINDS.get(event["type"])
        vessels = event["vessels"]
        if kind is None or len(vessels) < 2:
            continue
        day = _day(event.get("start"))
        place = where(event.get("lat"), event.get("lon"))
        nodes = [_vessel_node(graph, v, resolver) for v in vessels]
        first = nodes[0]
        for other, vessel in zip(nodes[1:], vessels[1:]):
            if other == first:
                continue
            name = graph.nodes[other].caption
            if kind == "met_at_sea":
                text = f"{event['type']}: met {name} at sea on {day or 'an unknown day'}, {place}"
            else:
                text = f"identity change: took over the identity of {name} on {day or 'an unknown day'}"
            evidence = Evidence(AIS_LIST, f"event-{number}", text, None, day)
            edges.append(Edge(first, other, kind, evidence))
    return edges


def add_ais_events(graph: Graph, events: Iterable[dict[str, Any]], resolver: Resolver) -> Graph:
    for edge in ais_edges(graph, events, resolver):
        graph.add_edge(edge)
    return graph


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None

"""From the kernels' tables to Events: filters that need the gazetteer or the inferred anchorages,
merging, multi-vessel meetings, vessel identities, sanctions context and confidence.

Everything here runs on the driver over small tables (events, not positions).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pyarrow as pa

from maxpressure.maritime.anchorages import Anchorages
from maxpressure.maritime.engine import DetectParams, StageTables
from maxpressure.maritime.events import Event, VesselRef
from maxpressure.maritime.gazetteer import nearest_place, ports
from maxpressure.maritime.geo import KM_PER_NM, haversine_km
from maxpressure.maritime.shore import distance_from_shore_km

# Confidence of each event type: a base and named features with their weights, in one table, so
# the "why" in details.confidence_features is the same list that made the number.
CONFIDENCE: dict[str, dict[str, float]] = {
    "encounter": {"base": 0.55, "alongside": 0.2, "night": 0.1, "long_meeting": 0.05, "dprk_flag": 0.1},
    "loitering": {"base": 0.4, "long_loiter": 0.2, "very_slow": 0.1, "night": 0.1, "dprk_flag": 0.1},
    "ais_gap": {"base": 0.4, "long_gap": 0.2, "well_received_before": 0.2, "far_offshore": 0.1,
                "dprk_flag": 0.1},
    "port_call": {"base": 0.25, "entry_seen": 0.25, "exit_seen": 0.25, "stop_or_gap": 0.25},
    "identity_change": {"base": 0.5, "mmsi_changed": 0.2, "flag_changed": 0.1, "name_changed": 0.1,
                        "dprk_flag": 0.1},
    "position_jump": {"base": 0.3, "sustained": 0.4, "repeated": 0.2, "impossible_speed": 0.1},
}


def confidence(kind: str, features: dict[str, bool]) -> tuple[float, list[str]]:
    weights = CONFIDENCE[kind]
    on = sorted(name for name, present in features.items() if present)
    return min(1.0, weights["base"] + sum(weights[name] for name in on)), on


def is_night(ts_mid: float, lon: float) -> bool:
    """Local solar time between 18:00 and 06:00 (transfers are done in the dark)."""
    hour = ((ts_mid % 86400) / 3600 + lon / 15.0) % 24
    return hour >= 18 or hour < 6


@dataclass
class Context:
    params: DetectParams
    vessel: Callable[[int], VesselRef]  # vid -> vessel
    by_mmsi: Callable[[str], VesselRef]
    anchorages: Anchorages


def _rows(table: pa.Table) -> list[dict]:
    return table.to_pylist()


def _rows_with_port(table: pa.Table, lat: str = "lat", lon: str = "lon") -> list[dict]:
    """Rows, each with ``port_km`` to the nearest port or anchorage point of the world, its
    ``port_name``, ``in_port`` (inside a port's or anchorage's zone) and ``shore_km`` (computed for
    the whole table at once)."""
    rows = _rows(table)
    if rows:
        lats, lons = table[lat].to_numpy(), table[lon].to_numpy()
        index, km, inside = nearest_place(lats, lons)
        shore = distance_from_shore_km(lats, lons)
        table_ports = ports()
        for row, i, distance, in_port, shore_km in zip(rows, index.tolist(), km.tolist(), inside.tolist(),
                                                       shore.tolist()):
            row.update(port_km=distance, port_name=table_ports[i].name, in_port=in_port, shore_km=shore_km)
    return rows


def _far_from_port(row: dict, min_km: float) -> bool:
    """Whether a row's point is outside every port and anchorage and at least ``min_km`` from the nearest."""
    return not row["in_port"] and row["port_km"] >= min_km


def _place_details(row: dict, prefix: str = "") -> dict:
    return {f"{prefix}distance_from_port_km": round(row["port_km"], 1), f"{prefix}nearest_port": row["port_name"],
            f"{prefix}distance_from_shore_km": round(row["shore_km"], 1)}


def encounters(stage: StageTables, ctx: Context) -> list[Event]:
    p = ctx.params.encounter
    runs = [r for r in _rows_with_port(stage.encounter_runs)
            if r["median_speed_kn"] < p.max_median_speed_kn
            and _far_from_port(r, p.min_distance_from_port_km)
            and r["shore_km"] >= p.min_distance_from_shore_km
            and not ctx.anchorages.contains(r["lat"], r["lon"])]
    # merge runs of the same pair less than merge_within_hours apart
    merged: list[dict] = []
    last_of_pair: dict[tuple, dict] = {}
    for run in sorted(runs, key=lambda r: (r["vid_a"], r["seg_a"], r["vid_b"], r["seg_b"], r["start_ts"])):
        pair = (run["vid_a"], run["seg_a"], run["vid_b"], run["seg_b"])
        prev = last_of_pair.get(pair)
        if prev and run["start_ts"] - prev["end_ts"] < p.merge_within_hours * 3600:
            total = prev["slots"] + run["slots"]
            for col in ("median_distance_m", "median_speed_kn", "lat", "lon"):
                prev[col] = (prev[col] * prev["slots"] + run[col] * run["slots"]) / total
            prev["slots"], prev["end_ts"] = total, run["end_ts"]
            prev["assumed_slots"] += run["assumed_slots"]
            continue
        run = dict(run)
        merged.append(run)
        last_of_pair[pair] = run
    # join overlapping pair encounters that share a vessel at one place into one meeting
    parent = list(range(len(merged)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_track: dict[tuple, list[int]] = defaultdict(list)
    for i, run in enumerate(merged):
        by_track[(run["vid_a"], run["seg_a"])].append(i)
        by_track[(run["vid_b"], run["seg_b"])].append(i)
    for members in by_track.values():
        for x in members:
            for y in members:
                a, b = merged[x], merged[y]
                if x < y and a["start_ts"] < b["end_ts"] and b["start_ts"] < a["end_ts"] \
                        and haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]) < 2.0:
                    parent[find(x)] = find(y)
    groups: dict[int, list[dict]] = defaultdict(list)
    for i, run in enumerate(merged):
        groups[find(i)].append(run)
    # partners each vessel met, for "one tanker serving several partners in sequence"
    met: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for run in merged:
        met[run["vid_a"]].append((run["start_ts"], run["vid_b"]))
        met[run["vid_b"]].append((run["start_ts"], run["vid_a"]))
    events = []
    for members in groups.values():
        vids = sorted({r["vid_a"] for r in members} | {r["vid_b"] for r in members})
        start, end = min(r["start_ts"] for r in members), max(r["end_ts"] for r in members)
        weights = np.array([r["slots"] for r in members], dtype=float)
        lat = float(np.average([r["lat"] for r in members], weights=weights))
        lon = float(np.average([r["lon"] for r in members], weights=weights))
        distance = float(np.average([r["median_distance_m"] for r in members], weights=weights))
        speed = float(np.average([r["median_speed_kn"] for r in members], weights=weights))
        window = p.sequence_window_hours * 3600
        sequence = {v: len({w for t, w in met[v] if abs(t - start) <= window}) for v in vids}
        hub = max(vids, key=lambda v: (sequence[v], -v))
        vessels = [ctx.vessel(v) for v in vids]
        score, features = confidence("encounter", {
            "alongside": distance <= p.alongside_m, "night": is_night((start + end) / 2, lon),
            "long_meeting": end - start >= 4 * 3600, "dprk_flag": any(v.dprk_flag for v in vessels)})
        events.append(Event("encounter", start, end, lat, lon, vessels, score, {
            "vessel_count": len(vids), "duration_h": round((end - start) / 3600, 2),
            "median_distance_m": round(distance, 1), "median_speed_kn": round(speed, 2),
            "crosses_midnight_utc": start // 86400 != end // 86400,
            # time of the meeting when a ship was not heard but assumed still (a bridged reception gap)
            "assumed_during_reception_gaps_h": round(
                max(r["assumed_slots"] for r in members) * p.resample_minutes / 60, 2),
            "partners_in_sequence": sequence[hub], "hub_mmsi": ctx.vessel(hub).mmsi if sequence[hub] > 1 else None,
            "confidence_features": features}))
    if events:
        places = _rows_with_port(pa.table({"lat": [e.lat for e in events], "lon": [e.lon for e in events]}))
        for event, place in zip(events, places):
            event.details.update(_place_details(place))
    return events


def _alongside(stage: StageTables, meetings: list[Event], ctx: Context) -> dict[str, list[tuple[int, int]]]:
    """Per MMSI, the times another vessel was within the encounter distance: every meeting, and
    every run of close slots the encounter filters set aside (a partner alongside in port, or
    moving): a ship with a partner alongside is not loitering alone."""
    busy: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for event in meetings:
        for v in event.vessels:
            busy[v.mmsi].append((event.start_ts, event.end_ts))
    runs = stage.encounter_runs
    for column in ("vid_a", "vid_b"):
        for vid, start, end in zip(runs[column].to_pylist(), runs["start_ts"].to_pylist(), runs["end_ts"].to_pylist()):
            busy[ctx.vessel(vid).mmsi].append((start, end))
    return busy


def loitering(stage: StageTables, ctx: Context, meetings: list[Event]) -> list[Event]:
    p = ctx.params.loiter
    busy = _alongside(stage, meetings, ctx)
    events = []
    for r in _rows_with_port(stage.loiters):
        far = _far_from_port(r, p.min_distance_from_port_km) and r["shore_km"] >= p.min_distance_from_shore_km
        vessel = ctx.vessel(r["vid"])
        overlaps = any(s < r["end_ts"] and r["start_ts"] < e for s, e in busy[vessel.mmsi])
        if not far or overlaps or ctx.anchorages.contains(r["lat"], r["lon"]):
            continue
        hours = (r["end_ts"] - r["start_ts"]) / 3600
        score, features = confidence("loitering", {
            "long_loiter": hours >= 8, "very_slow": r["avg_speed_kn"] < 0.5,
            "night": is_night((r["start_ts"] + r["end_ts"]) / 2, r["lon"]), "dprk_flag": vessel.dprk_flag})
        events.append(Event("loitering", r["start_ts"], r["end_ts"], r["lat"], r["lon"], [vessel], score, {
            "duration_h": round(hours, 2), "avg_speed_kn": round(r["avg_speed_kn"], 2), "fixes": r["fixes"],
            **_place_details(r), "confidence_features": features}))
    return events


def gaps(stage: StageTables, ctx: Context) -> list[Event]:
    p = ctx.params.gap
    events = []
    for r in _rows_with_port(stage.gaps, "start_lat", "start_lon"):
        if not (_far_from_port(r, p.min_start_distance_from_port_km)
                and r["shore_km"] >= p.min_start_distance_from_shore_km):
            continue
        vessel = ctx.vessel(r["vid"])
        hours = (r["end_ts"] - r["start_ts"]) / 3600
        score, features = confidence("ais_gap", {
            "long_gap": hours >= 24, "well_received_before": r["positions_before"] >= 14,
            "far_offshore": r["shore_km"] >= 50 * KM_PER_NM, "dprk_flag": vessel.dprk_flag})
        events.append(Event("ais_gap", r["start_ts"], r["end_ts"], r["start_lat"], r["start_lon"], [vessel], score, {
            "start": {"lat": r["start_lat"], "lon": r["start_lon"]},
            "end": {"lat": r["end_lat"], "lon": r["end_lon"]},
            "duration_h": round(hours, 2), "distance_km": round(r["distance_km"], 2),
            "implied_speed_kn": round(r["implied_speed_kn"], 2), "positions_before": r["positions_before"],
            **_place_details(r, "start_"), "segment": r["seg"],
            "confidence_features": features}))
    return events


def port_calls(stage: StageTables, ctx: Context) -> list[Event]:
    events = []
    for r in _rows(stage.port_calls):
        place = ports()[r["port"]]
        score, features = confidence("port_call", {
            "entry_seen": r["entry_seen"], "exit_seen": r["exit_seen"],
            "stop_or_gap": r["stopped"] or r["in_port_gap"]})
        events.append(Event("port_call", r["start_ts"], r["end_ts"], place.lat, place.lon, [ctx.vessel(r["vid"])],
                            score, {"port": place.name, "country": place.country, "kind": place.kind,
                                    "dprk_port": place.is_dprk, "duration_h": round((r["end_ts"] - r["start_ts"]) / 3600, 2),
                                    "fixes": r["fixes"], "in_port_gap": r["in_port_gap"],
                                    "confidence_features": features}))
    return events


def identity_changes(stage: StageTables, ctx: Context) -> list[Event]:
    events = []
    for r in _rows(stage.identities):
        vessels = [ctx.by_mmsi(m) for m in r["mmsis"].split(" | ") if m]
        changed = r["changed"].split(",")
        score, features = confidence("identity_change", {
            "mmsi_changed": "mmsi" in changed, "flag_changed": "flag" in changed,
            "name_changed": "name" in changed, "dprk_flag": any(v.dprk_flag for v in vessels)})
        split = (lambda s: s.split(" | ") if s else [])
        events.append(Event("identity_change", r["start_ts"], r["end_ts"], None, None, vessels, score, {
            "kind": r["kind"], "imo": r["imo"], "changed": changed, "names": split(r["names"]),
            "callsigns": split(r["callsigns"]), "flags": split(r["flags"]), "confidence_features": features}))
    return events


def jumps(stage: StageTables, ctx: Context) -> list[Event]:
    events = []
    for r in _rows_with_port(stage.jumps, "to_lat", "to_lon"):
        score, features = confidence("position_jump", {
            "sustained": r["fixes_in_segment"] >= 10, "repeated": r["segments"] > 2,
            "impossible_speed": r["implied_speed_kn"] > 100})
        events.append(Event("position_jump", r["from_ts"], r["to_ts"], r["to_lat"], r["to_lon"], [ctx.vessel(r["vid"])],
                            score, {"from": {"lat": r["from_lat"], "lon": r["from_lon"]},
                                    "to": {"lat": r["to_lat"], "lon": r["to_lon"]},
                                    "distance_km": round(r["distance_km"], 2),
                                    "implied_speed_kn": round(r["implied_speed_kn"], 1),
                                    "new_segment": r["seg"], "fixes_in_segment": r["fixes_in_segment"],
                                    "segments": r["segments"], **_place_details(r),
                                    "confidence_features": features}))
    return events


def assemble(stage: StageTables, ctx: Context) -> list[Event]:
    meetings = encounters(stage, ctx)
    events = (meetings + loitering(stage, ctx, meetings) + gaps(stage, ctx) + port_calls(stage, ctx)
              + identity_changes(stage, ctx) + jumps(stage, ctx))
    return sorted(events, key=Event.sort_key)

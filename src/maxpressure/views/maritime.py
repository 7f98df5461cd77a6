"""The view of the maritime analysis: the simulated demo AIS through the detectors,
with tracks and ports for the map, filters, alerts, and the events of one vessel."""

from __future__ import annotations

from datetime import date
from typing import Callable

from maxpressure.maritime.events import iso
from maxpressure.maritime.gazetteer import ports
from maxpressure.maritime.pipeline import detect
from maxpressure.maritime.simulate import write as write_demo_ais
from maxpressure.sources.ais import load as load_ais
from maxpressure.views.workbench import Workbench


DEMO_SEED = 7  # the simulator's default scenario: the same demo every run


def maritime_demo(wb: Workbench) -> dict:
    """The simulated demo AIS (labelled scenarios of the documented cases) run through the
    maritime detectors, with the store's designated vessels as the sanctions context."""

    def compute() -> dict:
        folder = wb.settings.home / "demo"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"demo-ais-seed{DEMO_SEED}.csv"
        if not path.exists():
            write_demo_ais(path, seed=DEMO_SEED, labels_path=folder / f"demo-ais-seed{DEMO_SEED}.labels.json")
        demo = maritime_from_files(wb, [path], "Simulated demo AIS (maxpressure maritime simulate, "
                                                f"seed {DEMO_SEED}), not real ship positions.")
        # Every surface that shows a demo event (overview alerts, a vessel's dossier) can say so.
        return demo | {"simulated": True, "events": [e | {"simulated": True} for e in demo["events"]]}

    return wb.background("maritime", compute)


# The stage after the detectors' (maritime.pipeline.STAGES) when the map's data is drawn up.
DRAW_STAGE = "tracks for the map"


def maritime_from_files(wb: Workbench, paths: list, source: str,
                        progress: Callable[[str], None] = lambda stage: None) -> dict:
    """Events of the maritime detectors on AIS files, with each vessel's track and profile (its
    identities over time and the list entries it matches); `progress` hears each stage."""
    with wb.private_store() as store:
        entries = store.current_entries()
    detection = detect(paths, entries=entries, progress=progress)
    events = [e.to_json() for e in detection.events]
    progress(DRAW_STAGE)
    mmsis = {v["mmsi"] for e in events for v in e["vessels"]}
    tracks, identities = maritime_tracks(paths, mmsis)
    return {
        "source": source,
        "simulated": False,
        "events": events,
        "types": sorted({e["type"] for e in events}),
        "counts": detection.counts(),
        "ingest": detection.ingest.to_json(),
        "tracks": tracks,
        "vessels": vessel_profiles(events, identities),
    }


def port_points() -> list[dict]:
    """The gazetteer's ports and anchorages for the map (`source`: gazetteer, WPI or GFW)."""
    return [{"name": p.name, "country": p.country, "kind": p.kind, "lat": p.lat, "lon": p.lon, "source": p.source}
            for p in ports()]


def vessel_profiles(events: list[dict], identities: dict[str, list[dict]]) -> dict[str, dict]:
    """Per MMSI of the events: the vessel as the events show it (its best identity, the list
    entries it matches) and every identity its AIS broadcast, first and last seen."""
    profiles: dict[str, dict] = {}
    for event in events:
        for vessel in event["vessels"]:
            profiles.setdefault(vessel["mmsi"], vessel | {"identities": identities.get(vessel["mmsi"], [])})
    return profiles


def maritime_tracks(paths: list, mmsis: set[str], max_points: int = 400) -> tuple[list[dict], dict[str, list[dict]]]:
    """Each vessel's positions, thinned to at most `max_points`, for drawing (not for analysis);
    and each vessel's identities (IMO, name, call sign, flag) with when they were broadcast."""
    con, _ = load_ais(paths)
    try:
        rows = con.execute(
            "SELECT mmsi, list(lon ORDER BY ts), list(lat ORDER BY ts) FROM positions "
            "GROUP BY mmsi ORDER BY mmsi").fetchall()
        statics = con.execute(
            "SELECT mmsi, imo, name, callsign, flag, first_ts, last_ts, reports FROM statics "
            "ORDER BY mmsi, first_ts").fetchall()
    finally:
        con.close()
    tracks = []
    for mmsi, lons, lats in rows:
        if str(mmsi) not in mmsis:
            continue
        step = max(1, len(lons) // max_points)
        points = [[round(x, 4), round(y, 4)] for x, y in zip(lons[::step], lats[::step])]
        for part in _split_at_jumps(points):
            tracks.append({"mmsi": str(mmsi), "points": part})
    identities: dict[str, list[dict]] = {}
    for mmsi, imo, name, callsign, flag, first_ts, last_ts, reports in statics:
        if str(mmsi) in mmsis:
            identities.setdefault(str(mmsi), []).append({
                "first": iso(first_ts), "last": iso(last_ts), "imo": imo, "name": name, "callsign": callsign,
                "flag": flag, "reports": int(reports)})
    return tracks, identities


# Consecutive drawn points further apart than this are not joined: two ships sharing an MMSI (or
# a spoofed position) would otherwise draw a line across the sea that no ship sailed.
MAX_DRAWN_STEP_DEG = 0.5


def _split_at_jumps(points: list[list[float]]) -> list[list[list[float]]]:
    parts: list[list[list[float]]] = [[]]
    for point in points:
        last = parts[-1][-1] if parts[-1] else None
        if last and max(abs(point[0] - last[0]), abs(point[1] - last[1])) > MAX_DRAWN_STEP_DEG:
            parts.append([])
        parts[-1].append(point)
    return [part for part in parts if len(part) >= 2]


def maritime_view(wb: Workbench, event_type: str | None, start: date | None, end: date | None,
                  sanctioned_only: bool) -> dict:
    demo = maritime_demo(wb)
    events = [
        e for e in demo["events"]
        if (not event_type or e["type"] == event_type) and (not sanctioned_only or e.get("sanctioned"))
        and (start is None or e["end"][:10] >= start.isoformat())
        and (end is None or e["start"][:10] <= end.isoformat())
    ]
    return demo | {"events": events, "ports": port_points(), "filters": {
        "type": event_type, "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None, "sanctioned": sanctioned_only}}


def maritime_alerts(wb: Workbench, top: int = 8) -> list[dict]:
    events = maritime_demo(wb)["events"]
    ranked = sorted(events, key=lambda e: (not e.get("sanctioned"), -e.get("confidence", 0), e["start"]))
    return ranked[:top]


def vessel_events(wb: Workbench, imos: set[str]) -> list[dict]:
    """Demo events involving the vessel, matched by the IMO numbers (bare digits) its entries record."""
    return [e for e in maritime_demo(wb)["events"]
            if any((v.get("imo") or "").upper().removeprefix("IMO").strip() in imos for v in e["vessels"])]

"""The one place where the workbench calls the analyses, and turns their results into JSON data.

Every page and its `/api/...` twin get the same plain dict from here, so the HTML and the JSON can
never disagree. An analysis that is not part of this build raises `AnalysisMissing`, and the page
says so in plain words instead of showing anything made up.
"""

from __future__ import annotations

import importlib
import logging
from collections import Counter
from dataclasses import asdict
from datetime import date
from typing import Any

from maxpressure.brief.dossier import build_dossier
from maxpressure.errors import NotFound
from maxpressure.model import AUTHORITIES, LISTS, regimes_of
from maxpressure.web.workbench import Failed, Pending, Workbench

log = logging.getLogger(__name__)

# The regime the workbench shows. The analyses take it as a parameter; DPRK is the showcase.
REGIME = "dprk"


class AnalysisMissing(Exception):
    """The module that computes this part is not available (yet)."""

    def __init__(self, part: str, module: str, reason: str = ""):
        self.part, self.module, self.reason = part, module, reason
        super().__init__(f"the {part} analysis ({module}) is not available in this build"
                         + (f": {reason}" if reason else ""))

    def to_json(self) -> dict[str, str]:
        return {"part": self.part, "module": self.module, "message": str(self)}


def require(part: str, module: str, *names: str) -> Any:
    """Import `module` and return the attributes named, or raise AnalysisMissing."""
    try:
        loaded = importlib.import_module(module)
        found = [getattr(loaded, name) for name in names]
    except (ImportError, AttributeError) as exc:
        raise AnalysisMissing(part, module, str(exc)) from None
    return found[0] if len(found) == 1 else found


# -- lists, snapshots, changes ----------------------------------------------------------------


def snapshots(wb: Workbench) -> list[dict]:
    with wb.store() as store:
        return [s.to_json() | {"title": LISTS.get(s.list, s.list)} for s in store.snapshots()]


def all_changes(wb: Workbench) -> list[dict]:
    def compute() -> list[dict]:
        with wb.store() as store:
            found = [c.to_json() for c in store.changes()]
        for change in found:
            change["regimes"] = regimes_of(change["programs"])
        return found

    return wb.cached("changes", compute)


def changes(wb: Workbench, list_name: str | None = None, kind: str | None = None,
            regime: str | None = None, since: date | None = None) -> dict:
    """Changes grouped by snapshot, newest snapshot first, with counts per kind."""
    picked = [
        c for c in all_changes(wb)
        if (not list_name or c["list"] == list_name) and (not kind or c["kind"] == kind)
        and (not regime or regime in c["regimes"])
        and (since is None or (c["as_of"] or "") >= since.isoformat())
    ]
    groups: dict[int, dict] = {}
    for change in picked:
        group = groups.setdefault(change["snapshot_id"], {
            "list": change["list"], "snapshot_id": change["snapshot_id"], "as_of": change["as_of"],
            "previous_snapshot_id": change["previous_snapshot_id"], "counts": Counter(), "changes": []})
        group["counts"][change["kind"]] += 1
        group["changes"].append(change)
    ordered = sorted(groups.values(), key=lambda g: (g["as_of"] or "", g["snapshot_id"]), reverse=True)
    for group in ordered:
        group["counts"] = dict(group["counts"])
    return {"filters": {"list": list_name, "kind": kind, "regime": regime,
                        "since": since.isoformat() if since else None},
            "lists": sorted({c["list"] for c in all_changes(wb)}),
            "total": len(picked), "snapshots": ordered}


def overview(wb: Workbench) -> dict:
    """The campaign at a glance: what the store holds and the headline of every analysis."""
    newest = changes(wb)["snapshots"][:4]
    for group in newest:
        group["changes"] = group["changes"][:12]
    return {
        "snapshots": snapshots(wb),
        "newest_changes": newest,
        "pressure": optional(lambda: pressure(wb)),
        "gaps": optional(lambda: gap_summary(wb)),
        "candidates": optional(lambda: network_candidates(wb, 5)),
        "maritime": optional(lambda: maritime_alerts(wb)),
    }


# -- entities and search ----------------------------------------------------------------------


def entity(wb: Workbench, key: str) -> dict:
    """The dossier of one entry, and (where the analyses are present) its reconciled view,
    network neighbourhood and vessel events."""
    with wb.store() as store:
        dossier = build_dossier(store, key)
    data = asdict(dossier)
    data["scripts"] = {script: [asdict(n) for n in names] for script, names in dossier.scripts.items()}
    data["reconciled"] = optional(lambda: reconciled_members(wb, dossier.entity_id))
    data["neighbourhood"] = optional(lambda: neighbourhood(wb, dossier.entity_id))
    data["vessel_events"] = optional(lambda: vessel_events(wb, dossier))
    return data


# The name-like properties of an entry's main entity, as one string (not its notes: a name that a
# remark mentions is not the entry's name).
_NAMES_SQL = "concat_ws(' | ', " + ", ".join(
    f"json_extract_string(entities, '$[0].properties.{prop}')"
    for prop in ("name", "alias", "weakAlias", "previousName")) + ")"


def search(wb: Workbench, text: str, limit: int = 20) -> dict:
    """Entries of the newest snapshots whose name, alias or id contains the text (any case)."""
    text = text.strip()
    if not text:
        return {"query": text, "results": []}
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with wb.store() as store:
        latest = [s.snapshot_id for s in store.latest_snapshots()]
        if not latest:
            return {"query": text, "results": []}
        rows = store.con.execute(
            "SELECT entity_id, list, list_id, schema, caption, listed_on, programs FROM entries "
            f"WHERE snapshot_id IN ({','.join('?' * len(latest))}) "
            f"AND (caption ILIKE ? ESCAPE '\\' OR list_id ILIKE ? ESCAPE '\\' OR {_NAMES_SQL} ILIKE ? ESCAPE '\\') "
            "ORDER BY (caption ILIKE ? ESCAPE '\\') DESC, length(caption), caption LIMIT ?",
            [*latest, pattern, pattern, pattern, pattern, limit]).fetchall()
    keys = ("entity_id", "list", "list_id", "schema", "caption", "listed_on", "programs")
    return {"query": text, "results": [dict(zip(keys, row)) for row in rows]}


def optional(compute) -> dict:
    """A part of a page that an absent (or failing) analysis leaves empty, saying why.

    One broken analysis must not take the whole page down with it: its failure is logged with
    the traceback and named on the page.
    """
    try:
        return {"available": True, "data": compute()}
    except AnalysisMissing as missing:
        return {"available": False, "missing": missing.to_json()}
    except Pending as pending:
        return {"available": False, "pending": True,
                "missing": {"part": pending.key, "module": "", "message": str(pending)}}
    except Failed as failed:
        return {"available": False, "missing": {"part": "analysis", "module": "", "message": str(failed)}}
    except NotFound:
        raise
    except Exception as exc:  # noqa: BLE001 - shown on the page and logged, never swallowed
        log.exception("analysis failed")
        return {"available": False, "missing": {
            "part": "analysis", "module": type(exc).__module__,
            "message": f"the analysis failed ({type(exc).__name__}: {exc}); see the server log"}}


# -- reconciliation and gaps ------------------------------------------------------------------


def reconciliation(wb: Workbench) -> dict:
    """The clustering of every list's newest snapshot and the gap rows, computed in the background
    (minutes on the full lists the first time; the reconcile module caches its links on disk)."""
    reconcile_store = require("reconciliation", "maxpressure.reconcile", "reconcile_store")
    designation_gaps = require("gaps", "maxpressure.reconcile.gaps", "designation_gaps")

    def compute() -> dict:
        with wb.private_store() as store:
            result = reconcile_store(store, cache_dir=wb.settings.home / "cache")
            first_seen = {s.list: store.first_seen(s.list) for s in store.latest_snapshots()}
        authorities = sorted({e.authority for e in result.entries})
        rows = [g.to_json() for g in designation_gaps(result, REGIME, authorities, first_seen)]
        return {"reconciled": result, "gaps": rows}

    return wb.background("reconciliation", compute)


def reconciled_members(wb: Workbench, entity_id: str) -> list[dict]:
    result = reconciliation(wb)["reconciled"]
    cluster = result.cluster_of(entity_id)
    return [{"entity_id": e.entity_id, "list": e.list, "list_id": e.list_id, "caption": e.caption,
             "schema": e.schema, "listed_on": e.listed_on, "authority": AUTHORITIES.get(e.list, e.list),
             "self": e.entity_id == entity_id}
            for e in result.member_entries(cluster)]


def gaps(wb: Workbench) -> list[dict]:
    """One row per reconciled entity of the regime (the `gaps --json` shape of DESIGN.md)."""
    return reconciliation(wb)["gaps"]


def gap_summary(wb: Workbench, top: int = 10) -> dict:
    """How many reconciled entities each authority is missing, and the entities missing most."""
    rows = gaps(wb)
    missing_counts = Counter(a for r in rows for a in r.get("missing_from") or [])
    biggest = sorted(rows, key=lambda r: (-len(r.get("missing_from") or []), r.get("caption") or ""))
    return {"entities": len(rows), "missing_counts": dict(missing_counts.most_common()),
            "biggest": biggest[:top]}



# -- network ----------------------------------------------------------------------------------


def network_candidates(wb: Workbench, limit: int = 50) -> list[dict]:
    raise AnalysisMissing("network candidates", "maxpressure.network")


def neighbourhood(wb: Workbench, entity_id: str) -> dict:
    raise AnalysisMissing("network neighbourhood", "maxpressure.network")


# -- maritime ---------------------------------------------------------------------------------


def maritime_demo(wb: Workbench) -> dict:
    raise AnalysisMissing("maritime demo", "maxpressure.maritime.simulate")


def maritime_from_files(wb: Workbench, paths: list, source: str) -> dict:
    """Events of the maritime detectors on AIS files, with the vessels' tracks and the ports."""
    detect = require("maritime", "maxpressure.maritime.pipeline", "detect")
    ports = require("maritime", "maxpressure.maritime.gazetteer", "ports")
    with wb.store() as store:
        entries = store.current_entries()
    detection = detect(paths, entries=entries)
    events = [e.to_json() for e in detection.events]
    return {
        "source": source,
        "events": events,
        "types": sorted({e["type"] for e in events}),
        "counts": detection.counts(),
        "tracks": maritime_tracks(paths, {v["mmsi"] for e in events for v in e["vessels"]}),
        "ports": [{"name": p.name, "country": p.country, "kind": p.kind, "lat": p.lat, "lon": p.lon}
                  for p in ports()],
    }


def maritime_tracks(paths: list, mmsis: set[str], max_points: int = 400) -> list[dict]:
    """Each vessel's positions, thinned to at most `max_points`, for drawing (not for analysis)."""
    load = require("maritime", "maxpressure.sources.ais", "load")
    con, _ = load(paths)
    try:
        rows = con.execute(
            "SELECT mmsi, list(lon ORDER BY ts), list(lat ORDER BY ts) FROM positions "
            "GROUP BY mmsi ORDER BY mmsi").fetchall()
    finally:
        con.close()
    tracks = []
    for mmsi, lons, lats in rows:
        if str(mmsi) not in mmsis:
            continue
        step = max(1, len(lons) // max_points)
        tracks.append({"mmsi": str(mmsi), "points": [[round(x, 4), round(y, 4)]
                                                     for x, y in zip(lons[::step], lats[::step])]})
    return tracks


def maritime_view(wb: Workbench, event_type: str | None, start: date | None, end: date | None,
                  sanctioned_only: bool) -> dict:
    demo = maritime_demo(wb)
    events = [
        e for e in demo["events"]
        if (not event_type or e["type"] == event_type) and (not sanctioned_only or e.get("sanctioned"))
        and (start is None or e["end"][:10] >= start.isoformat())
        and (end is None or e["start"][:10] <= end.isoformat())
    ]
    return demo | {"events": events, "filters": {
        "type": event_type, "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None, "sanctioned": sanctioned_only}}


def maritime_alerts(wb: Workbench, top: int = 8) -> list[dict]:
    events = maritime_demo(wb)["events"]
    ranked = sorted(events, key=lambda e: (not e.get("sanctioned"), -e.get("confidence", 0), e["start"]))
    return ranked[:top]


def vessel_events(wb: Workbench, dossier) -> list[dict]:
    raise AnalysisMissing("maritime", "maxpressure.maritime")


# -- pressure ---------------------------------------------------------------------------------


def pressure(wb: Workbench) -> dict:
    raise AnalysisMissing("pressure", "maxpressure.pressure")


# -- screening --------------------------------------------------------------------------------


def screening_status() -> dict:
    """Whether the screening engine and its `/match` API are part of this build."""
    try:
        require("screening", "maxpressure.web.match", "router")
    except AnalysisMissing as exc:
        return {"available": False, "missing": exc.to_json()}
    return {"available": True}


def screen_batch(wb: Workbench, text: str, filename: str, threshold: float | None) -> list[list]:
    raise AnalysisMissing("batch screening", "maxpressure.screening")


def _jsonable(value: Any) -> Any:
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, dict):
        return value
    return asdict(value)

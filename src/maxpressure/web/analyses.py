"""The one place where the workbench calls the analyses, and turns their results into JSON data.

Every page and its `/api/...` twin get the same plain dict from here, so the HTML and the JSON can
never disagree. An analysis that is not part of this build raises `AnalysisMissing`, and the page
says so in plain words instead of showing anything made up.
"""

from __future__ import annotations

import importlib
import logging
import tempfile
from collections import Counter
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from maxpressure.brief.dossier import build_dossier
from maxpressure.errors import InputError, NotFound
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
    newest = changes(wb, regime=REGIME)["snapshots"][:4]
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
    return wb.background("reconciliation", _reconciliation_job(wb))


def _reconciliation_job(wb: Workbench):
    reconcile_store = require("reconciliation", "maxpressure.reconcile", "reconcile_store")
    designation_gaps = require("gaps", "maxpressure.reconcile.gaps", "designation_gaps")

    def compute() -> dict:
        with wb.private_store() as store:
            result = reconcile_store(store, cache_dir=wb.settings.home / "cache")
            first_seen = {s.list: store.first_seen(s.list) for s in store.latest_snapshots()}
        authorities = sorted({e.authority for e in result.entries})
        rows = [g.to_json() for g in designation_gaps(result, REGIME, authorities, first_seen)]
        return {"reconciled": result, "gaps": rows}

    return compute


def _after_reconciliation(wb: Workbench) -> None:
    """Wait (in a background job) until the reconciliation has run and cached its links."""
    try:
        wb.after("reconciliation", _reconciliation_job(wb))
    except (AnalysisMissing, Failed):
        pass  # the job that needs it will run or fail on its own terms


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

# How many candidates the network job ranks once; pages show the first `limit` of them.
NETWORK_RANKED = 200


def network(wb: Workbench) -> dict:
    """The graph over every list's newest snapshot, parties reconciled (a background job)."""
    current_graph = require("network", "maxpressure.network.load", "current_graph")
    method = require("network", "maxpressure.network.rank", "METHOD")

    def compute() -> dict:
        _after_reconciliation(wb)
        with wb.private_store() as store:
            graph = current_graph(store)
        return {"graph": graph, "method": method}

    return wb.background("network", compute)


# Whose next designations the candidates are for, by default: parties the UN has not designated
# that connect to ones it has. (With no authority, every party on any loaded list is "designated",
# so only parties named by no list at all could be candidates.)
DEFAULT_CANDIDATE_AUTHORITY = "un"


def network_candidates(wb: Workbench, limit: int = 50, authority: str | None = DEFAULT_CANDIDATE_AUTHORITY) -> dict:
    """The top candidates not designated by `authority`, with their evidence paths drawn."""
    RankOptions, rank_candidates = require("network", "maxpressure.network.rank", "RankOptions", "rank_candidates")
    found = network(wb)
    graph = found["graph"]
    authority = authority or None

    def rank() -> list[dict]:
        options = RankOptions(authority=authority, regime=REGIME, limit=NETWORK_RANKED)
        return [_drawable(graph, c.to_json(graph)) for c in rank_candidates(graph, options)]

    ranked = wb.cached(f"candidates:{authority}", rank)
    authorities = sorted({a for node in graph.entity_nodes() for a in node.authorities})
    return {"method": found["method"], "regime": REGIME, "authority": authority,
            "authorities": authorities, "candidates": ranked[:limit]}


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
                           "evidence": edge.evidence.to_json()})
    return {"center": {"id": node_id, "caption": graph.nodes[node_id].caption}, "neighbours": neighbours}


# -- maritime ---------------------------------------------------------------------------------

DEMO_SEED = 7  # the simulator's default scenario: the same demo every run


def maritime_demo(wb: Workbench) -> dict:
    """The simulated demo AIS (labelled scenarios of the documented cases) run through the
    maritime detectors, with the store's designated vessels as the sanctions context."""
    write = require("maritime demo", "maxpressure.maritime.simulate", "write")

    def compute() -> dict:
        folder = wb.settings.home / "demo"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"demo-ais-seed{DEMO_SEED}.csv"
        if not path.exists():
            write(path, seed=DEMO_SEED, labels_path=folder / f"demo-ais-seed{DEMO_SEED}.labels.json")
        return maritime_from_files(wb, [path], "Simulated demo AIS (maxpressure maritime simulate, "
                                                f"seed {DEMO_SEED}), not real ship positions.")

    return wb.background("maritime", compute)


def maritime_from_files(wb: Workbench, paths: list, source: str) -> dict:
    """Events of the maritime detectors on AIS files, with the vessels' tracks and the ports."""
    detect = require("maritime", "maxpressure.maritime.pipeline", "detect")
    ports = require("maritime", "maxpressure.maritime.gazetteer", "ports")
    with wb.private_store() as store:
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
        points = [[round(x, 4), round(y, 4)] for x, y in zip(lons[::step], lats[::step])]
        for part in _split_at_jumps(points):
            tracks.append({"mmsi": str(mmsi), "points": part})
    return tracks


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
    return demo | {"events": events, "filters": {
        "type": event_type, "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None, "sanctioned": sanctioned_only}}


def maritime_alerts(wb: Workbench, top: int = 8) -> list[dict]:
    events = maritime_demo(wb)["events"]
    ranked = sorted(events, key=lambda e: (not e.get("sanctioned"), -e.get("confidence", 0), e["start"]))
    return ranked[:top]


def vessel_events(wb: Workbench, dossier) -> list[dict]:
    """Demo events involving the vessel, matched by the IMO number its list entry records."""
    imos = {i.value.upper().removeprefix("IMO").strip() for i in dossier.identifiers if "IMO" in i.kind.upper()}
    return [e for e in maritime_demo(wb)["events"]
            if any((v.get("imo") or "").upper().removeprefix("IMO").strip() in imos for v in e["vessels"])]


# -- pressure ---------------------------------------------------------------------------------


def pressure(wb: Workbench) -> dict:
    """The pressure report, plus designations per month by authority for the chart."""
    pressure_report = require("pressure", "maxpressure.pressure", "pressure_report")

    def compute() -> dict:
        _after_reconciliation(wb)
        with wb.private_store() as store:
            report = pressure_report(store, REGIME, cache_dir=wb.settings.home / "cache").to_json()
        by_authority: dict[str, dict[str, int]] = {}
        for row in report["monthly"]:
            if row["dimension"] == "total" and row["designations"]:
                by_authority.setdefault(row["authority"], {})[row["month"]] = row["designations"]
        return report | {"designations_by_authority": by_authority, "indicator_rows": _indicator_rows(report)}

    return wb.background("pressure", compute)


def _indicator_rows(report: dict) -> list[dict]:
    """The indicators as label/value rows, named after what they mean."""
    ind = report["indicators"]
    rows = [{"label": f"Share of UN {REGIME.upper()} designations also listed by {m['authority']}",
             "display": f"{m['share']:.0%} ({m['mirrored']} of {m['un_entries']})"}
            for m in ind["un_designations_mirrored_share"]]
    rows += [{"label": f"Median days for {lag['authority']} to follow the UN"
                       + (" (upper bound: first snapshot seen)" if lag["dated_by"] == "first_seen" else ""),
              "display": "–" if lag["median_days"] is None else f"{lag['median_days']:.0f} days ({lag['pairs']} pairs)"}
             for lag in ind["median_days_to_follow_un"]]
    return rows


# -- screening --------------------------------------------------------------------------------


def screening_status() -> dict:
    """Whether the screening engine and its `/match` API are part of this build."""
    try:
        require("screening", "maxpressure.web.match", "router")
    except AnalysisMissing as exc:
        return {"available": False, "missing": exc.to_json()}
    return {"available": True}


BATCH_RESULTS_PER_QUERY = 5


def screen_batch(screener, text: str, filename: str, threshold: float | None) -> list[list]:
    """CSV rows of results for every query of an uploaded CSV, in input order (a query with no
    result still gets a row). A malformed row is an InputError naming the upload and its line."""
    read_queries = require("screening", "maxpressure.screening.batch", "read_queries")
    default_threshold = require("screening", "maxpressure.screening", "DEFAULT_THRESHOLD")
    threshold = default_threshold if threshold is None else threshold
    with tempfile.TemporaryDirectory(prefix="mp-upload-") as folder:
        path = Path(folder) / "upload.csv"
        path.write_text(text, encoding="utf-8")
        try:
            queries = read_queries(path)
        except InputError as exc:  # name the user's file, not our temporary copy
            raise InputError(filename, exc.message, exc.line) from None
    out = [["id", "name", "rank", "entity_id", "caption", "schema", "score", "match", "lists"]]
    for query_id, query in queries:
        results = screener.screen(query, threshold=threshold, limit=BATCH_RESULTS_PER_QUERY)
        if not results:
            out.append([query_id, query.name, "", "", "", "", "", "", ""])
        for rank, r in enumerate(results, start=1):
            out.append([query_id, query.name, rank, r.entity_id, r.caption, r.schema, f"{r.score:.4f}",
                        "true" if r.match else "false", " ".join(f"{x.list}:{x.list_id}" for x in r.lists)])
    return out


def _jsonable(value: Any) -> Any:
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, dict):
        return value
    return asdict(value)

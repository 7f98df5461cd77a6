"""The one place where the workbench calls the analyses, and turns their results into JSON data.

Every page and its `/api/...` twin get the same plain dict from here, so the HTML and the JSON can
never disagree. An analysis that is not part of this build raises `AnalysisMissing`, and the page
says so in plain words instead of showing anything made up.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Iterator

from maxpressure.errors import InputError
from maxpressure.model import LISTS, regimes_of
from maxpressure.views.merged_dossier import evidence_quotes, merged_dossier
from maxpressure.views.pressure import pressure_view
from maxpressure.views.search import search as find_entries
from maxpressure.web.availability import REGIME, AnalysisMissing, optional, require
from maxpressure.web.maritime_view import (
    DEMO_SEED, maritime_alerts, maritime_demo, maritime_from_files, maritime_view, vessel_events,
)
from maxpressure.web.network_view import (
    DEFAULT_CANDIDATE_AUTHORITY, NETWORK_RANKED, neighbourhood, network, network_candidates,
)
from maxpressure.web.reconciled_view import (
    after_reconciliation, gap_summary, gaps, members_of, reconciled_members, reconciliation,
)
from maxpressure.web.workbench import Workbench

__all__ = [
    "REGIME", "AnalysisMissing", "optional", "require", "snapshots", "changes", "overview", "entity",
    "search", "reconciliation", "reconciled_members", "gaps", "gap_summary", "network",
    "network_candidates", "neighbourhood", "NETWORK_RANKED", "DEFAULT_CANDIDATE_AUTHORITY",
    "maritime_demo", "maritime_from_files", "maritime_view", "maritime_alerts", "vessel_events",
    "DEMO_SEED", "pressure", "screening_status", "screen_batch",
]


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
    """The dossier of one entry (its own fields, as before), the merged dossier of every entry
    reconciled with it (`merged`), and (where the analyses are present) its network
    neighbourhood with the evidence quoted, and its vessel events."""
    with wb.store() as store:
        merged = merged_dossier(store, key, members_of(wb))
    dossier = merged.opened
    data = asdict(dossier)
    data["scripts"] = {script: [asdict(n) for n in names] for script, names in dossier.scripts.items()}
    data["merged"] = merged.to_json()
    data["reconciled"] = optional(lambda: reconciled_members(wb, dossier.entity_id))
    data["neighbourhood"] = optional(lambda: neighbourhood(wb, dossier.entity_id))
    data["evidence"] = evidence_quotes(data["neighbourhood"]["data"]) if data["neighbourhood"]["available"] else []
    data["vessel_events"] = optional(lambda: vessel_events(wb, merged.imo_numbers()))
    return data


def search(wb: Workbench, text: str, limit: int = 20) -> dict:
    """Entries of the newest snapshots found by list id, identifier or name, each saying why."""
    text = text.strip()
    with wb.store() as store:
        return {"query": text, "results": find_entries(store, text, limit) if text else []}


# -- pressure ---------------------------------------------------------------------------------


def pressure(wb: Workbench) -> dict:
    """The pressure report, with its chart series and indicators in words (`views/pressure.py`)."""
    pressure_report = require("pressure", "maxpressure.pressure", "pressure_report")

    def compute() -> dict:
        after_reconciliation(wb)
        with wb.private_store() as store:
            report = pressure_report(store, REGIME, cache_dir=wb.settings.cache_dir).to_json()
        return report | pressure_view(report)

    return wb.background("pressure", compute)


# -- screening --------------------------------------------------------------------------------


def screening_status() -> dict:
    """Whether the screening engine and its `/match` API are part of this build."""
    try:
        require("screening", "maxpressure.web.match", "router")
    except AnalysisMissing as exc:
        return {"available": False, "missing": exc.to_json()}
    return {"available": True}


BATCH_RESULTS_PER_QUERY = 5


def screen_batch(screener, text: str, filename: str, threshold: float | None) -> tuple[int, Iterator[list]]:
    """(number of queries, CSV rows of results) for an uploaded CSV, in input order; a query with
    no result still gets a row. The file is read in full first, so a malformed row is an
    InputError (naming the upload and its line) before any result is produced; the rows are then
    produced one query at a time, so the response can stream and the page can show progress."""
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

    def rows() -> Iterator[list]:
        # `query` is the query's ordinal in the upload: the page reads it to show progress.
        yield ["query", "id", "name", "rank", "entity_id", "caption", "schema", "score", "match", "lists"]
        for ordinal, (query_id, query) in enumerate(queries, start=1):
            results = screener.screen(query, threshold=threshold, limit=BATCH_RESULTS_PER_QUERY)
            if not results:
                yield [ordinal, query_id, query.name, "", "", "", "", "", "", ""]
            for rank, r in enumerate(results, start=1):
                yield [ordinal, query_id, query.name, rank, r.entity_id, r.caption, r.schema, f"{r.score:.4f}",
                       "true" if r.match else "false", " ".join(f"{x.list}:{x.list_id}" for x in r.lists)]

    return len(queries), rows()

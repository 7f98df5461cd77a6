"""The snapshots the store holds and what changed between them, list by list."""

from __future__ import annotations

from collections import Counter
from datetime import date

from maxpressure.data import bundled_note
from maxpressure.model import regimes_of, title_of
from maxpressure.views.paging import paginate
from maxpressure.views.workbench import Workbench


def snapshots(wb: Workbench) -> list[dict]:
    """Every snapshot held, with the note a bundled snapshot carries (None for the others)."""
    with wb.store() as store:
        return [s.to_json() | {"title": title_of(s.list),
                               "note": bundled_note(s.list, s.as_of, s.source_files)}
                for s in store.snapshots()]


def all_changes(wb: Workbench) -> list[dict]:
    def compute() -> list[dict]:
        with wb.store() as store:
            found = [c.to_json() for c in store.changes()]
        for change in found:
            change["regimes"] = regimes_of(change["programs"])
        return found

    return wb.cached("changes", compute)


# How the changes can be ordered within each snapshot (snapshots stay newest first).
CHANGE_SORTS = {
    "kind": lambda c: (c["kind"], c["list_id"]),
    "list_id": lambda c: c["list_id"],
    "caption": lambda c: ((c["caption"] or "").casefold(), c["list_id"]),
}
DEFAULT_CHANGE_SORT = "kind"


def changes(wb: Workbench, list_name: str | None = None, kind: str | None = None,
            regime: str | None = None, since: date | None = None, sort: str = DEFAULT_CHANGE_SORT,
            page: int = 1, per_page: int | None = None) -> dict:
    """Changes grouped by snapshot, newest snapshot first, with counts per kind; page `page` of the
    changes (`per_page=None`: all), each snapshot's counts always over all its changes."""
    sort = sort if sort in CHANGE_SORTS else DEFAULT_CHANGE_SORT
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
            "previous_snapshot_id": change["previous_snapshot_id"], "counts": Counter(), "total": 0,
            "changes": []})
        group["counts"][change["kind"]] += 1
        group["total"] += 1
    ordered = sorted(groups.values(), key=lambda g: (g["as_of"] or "", g["snapshot_id"]), reverse=True)
    position = {g["snapshot_id"]: i for i, g in enumerate(ordered)}
    shown = paginate(sorted(picked, key=lambda c: (position[c["snapshot_id"]], CHANGE_SORTS[sort](c))),
                     page, per_page)
    for change in shown.rows:
        groups[change["snapshot_id"]]["changes"].append(change)
    notes = wb.cached("snapshot-notes", lambda: {s["snapshot_id"]: s["note"] for s in snapshots(wb)})
    for group in ordered:
        group["counts"] = dict(group["counts"])
        group["note"] = notes.get(group["snapshot_id"])
    return {"filters": {"list": list_name, "kind": kind, "regime": regime,
                        "since": since.isoformat() if since else None, "sort": sort},
            "sorts": list(CHANGE_SORTS),
            "lists": sorted({c["list"] for c in all_changes(wb)}),
            "total": len(picked), "paging": shown.to_json(),
            # Every snapshot with a change, with its counts; its `changes` are those on this page.
            "snapshots": ordered}

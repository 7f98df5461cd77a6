"""The view of cross-list reconciliation: the clustering, the gap rows, every entry of an entity."""

from __future__ import annotations

from maxpressure.designations import designation_record
from maxpressure.model import AUTHORITIES
from maxpressure.reconcile import reconcile_store
from maxpressure.reconcile.gaps import designation_gaps, loaded_authorities
from maxpressure.views.parts import REGIME
from maxpressure.views.workbench import Failed, Pending, Workbench


def reconciliation(wb: Workbench) -> dict:
    """The clustering of every list's newest snapshot and the gap rows, computed in the background
    (minutes on the full lists the first time; the reconcile module caches its links on disk)."""
    return wb.background("reconciliation", _reconciliation_job(wb))


def _reconciliation_job(wb: Workbench):
    def compute() -> dict:
        with wb.private_store() as store:
            result = reconcile_store(store, cache_dir=wb.settings.cache_dir)
            record = designation_record(store)
        # The same authorities as `gaps` on the command line: a dataset that designates nobody (the
        # Panel of Experts' named parties) is no authority an entity can be missing from.
        rows = [g.to_json() for g in designation_gaps(result, REGIME, loaded_authorities(result), record)]
        return {"reconciled": result, "gaps": rows, "record": record}

    return compute


def after_reconciliation(wb: Workbench) -> None:
    """Wait (in a background job) until the reconciliation has run and cached its links."""
    try:
        wb.after("reconciliation", _reconciliation_job(wb))
    except Failed:
        pass  # the job that needs it will run or fail on its own terms


def reconciled_members(wb: Workbench, entity_id: str) -> list[dict]:
    done = reconciliation(wb)
    result, record = done["reconciled"], done["record"]
    cluster = result.cluster_of(entity_id)
    return [{"entity_id": e.entity_id, "list": e.list, "list_id": e.list_id, "caption": e.caption,
             "schema": e.schema, "authority": AUTHORITIES.get(e.list, e.list),
             **_dated(record, e.entity_id), "self": e.entity_id == entity_id}
            for e in result.member_entries(cluster)]


def members_of(wb: Workbench):
    """`entity id -> entity ids reconciled with it` once the reconciliation is ready, else None
    (the dossier then holds the one entry, and the page says why)."""
    try:
        result = reconciliation(wb)["reconciled"]
    except (Pending, Failed):
        return None
    return lambda entity_id: [e.entity_id for e in result.member_entries(result.cluster_of(entity_id))]


def _dated(record, entity_id: str) -> dict:
    designation = record.of(entity_id)
    return designation.date.to_json() | {"implements": designation.implements} if designation else {
        "listed_on": None, "date_text": "date unknown"}

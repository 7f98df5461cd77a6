"""One entity: the dossier of the entry opened (its own fields), the merged dossier of every entry
reconciled with it, and, as the analyses finish, its reconciled entries, its network
neighbourhood with the evidence quoted, and its vessel events."""

from __future__ import annotations

from dataclasses import asdict

from maxpressure.views.maritime import vessel_events
from maxpressure.views.merged_dossier import evidence_quotes, merged_dossier
from maxpressure.views.network import neighbourhood
from maxpressure.views.parts import optional
from maxpressure.views.reconciled import members_of, reconciled_members
from maxpressure.views.workbench import Workbench


# Dossiers kept once complete: the workbench's store is read-only, so a dossier cannot go stale
# (a load builds a new workbench). An OFAC dossier takes hundreds of milliseconds to gather.
DOSSIERS_KEPT = 512
PARTS = ("reconciled", "neighbourhood", "vessel_events")  # computed in the background


def entity(wb: Workbench, key: str) -> dict:
    """NotFound if the store holds no entry by that id. The result is shared: do not change it."""
    return wb.recent(f"entity:{key}", lambda: _entity(wb, key), DOSSIERS_KEPT,
                     final=lambda data: all(data[part]["available"] for part in PARTS))


def _entity(wb: Workbench, key: str) -> dict:
    with wb.store() as store:
        merged = merged_dossier(store, key, members_of(wb))
    dossier = merged.opened
    data = asdict(dossier)
    data["scripts"] = {script: [asdict(n) for n in names] for script, names in dossier.scripts.items()}
    data["merged"] = merged.to_json()
    data["reconciled"] = optional(lambda: reconciled_members(wb, dossier.entity_id))
    data["neighbourhood"] = optional(lambda: neighbourhood(wb, dossier.entity_id))
    data["evidence"] = (evidence_quotes(data["neighbourhood"]["data"])
                        if data["neighbourhood"]["available"] else [])
    data["vessel_events"] = optional(lambda: vessel_events(wb, merged.imo_numbers()))
    return data

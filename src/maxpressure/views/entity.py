"""One entity: the dossier of its list entry and, as the analyses finish, its reconciled entries,
its network neighbourhood and its vessel events."""

from __future__ import annotations

from dataclasses import asdict

from maxpressure.views.dossier import build_dossier
from maxpressure.views.maritime import vessel_events
from maxpressure.views.network import neighbourhood
from maxpressure.views.parts import optional
from maxpressure.views.reconciled import reconciled_members
from maxpressure.views.workbench import Workbench


def entity(wb: Workbench, key: str) -> dict:
    """NotFound if the store holds no entry by that id."""
    with wb.store() as store:
        dossier = build_dossier(store, key)
    data = asdict(dossier)
    data["scripts"] = {script: [asdict(n) for n in names] for script, names in dossier.scripts.items()}
    data["reconciled"] = optional(lambda: reconciled_members(wb, dossier.entity_id))
    data["neighbourhood"] = optional(lambda: neighbourhood(wb, dossier.entity_id))
    data["vessel_events"] = optional(lambda: vessel_events(wb, dossier))
    return data

"""The campaign at a glance: what the store holds and the headline of every analysis."""

from __future__ import annotations

from maxpressure.views.changes import changes, snapshots
from maxpressure.views.gaps import gap_summary
from maxpressure.views.maritime import maritime_alerts
from maxpressure.views.network import network_candidates
from maxpressure.views.parts import REGIME, optional
from maxpressure.views.pressure import pressure
from maxpressure.views.workbench import Workbench


def overview(wb: Workbench) -> dict:
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

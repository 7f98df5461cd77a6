"""Counts of what changed between consecutive snapshots of each list, overall and per regime."""

from __future__ import annotations

from collections import Counter

from maxpressure.model import regimes_of
from maxpressure.store import Store


def summarise_changes(store: Store, regime: str = "dprk") -> list[dict]:
    """One row per pair of consecutive snapshots: added/removed/amended, all and for `regime`."""
    rows = []
    for list_name in sorted({s.list for s in store.snapshots()}):
        history = store.snapshots(list_name)
        changes = store.changes(list_name)
        for before, after in zip(history, history[1:]):
            counts: Counter[str] = Counter()
            for change in changes:
                if change.snapshot_id != after.snapshot_id:
                    continue
                counts[change.kind] += 1
                if regime in regimes_of(change.programs):
                    counts[f"{regime}_{change.kind}"] += 1
            rows.append({
                "list": list_name, "from": before.as_of, "to": after.as_of,
                **{k: counts[k] for k in ("added", "removed", "amended")},
                **{f"dprk_{k}": counts[f"{regime}_{k}"] for k in ("added", "removed", "amended")},
            })
    return rows

"""Designation gaps: for each reconciled entity of a regime, who lists it, since when, who does not.

A reconciled entity belongs to a regime when any of its list entries is under one of the regime's
programmes (an OFAC NPWMD entry joins the DPRK regime through its UN DPRK counterpart). Dates are
the list's own where it gives one (UN LISTED_ON, EU designation date, UK date designated); OFAC's
legacy files carry none, so its date is the first snapshot in the store that holds the entry, and
`dated_by` says so: a lag measured from such a date is an upper bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from maxpressure.model import Entry
from maxpressure.reconcile import Reconciled

if TYPE_CHECKING:  # pragma: no cover
    from maxpressure.store import Store


@dataclass(frozen=True, slots=True)
class Member:
    list: str
    list_id: str
    entity_id: str
    authority: str
    listed_on: date | None
    # "list": the list's own date; "first_seen": the first snapshot holding it (listed between the
    # previous snapshot and this one); "on_or_before": held by the list's first snapshot; "none".
    dated_by: str
    programs: tuple[str, ...]

    def to_json(self) -> dict:
        return {"list": self.list, "list_id": self.list_id, "entity_id": self.entity_id,
                "authority": self.authority, "listed_on": self.listed_on, "dated_by": self.dated_by,
                "programs": list(self.programs)}


@dataclass(slots=True)
class Gap:
    entity_id: str  # the cluster id
    caption: str
    schema: str
    members: list[Member]
    listed_by: dict[str, date | None]  # authority -> earliest date it lists the entity
    missing_from: list[str]
    lags_days: dict[str, int] = field(default_factory=dict)  # authority -> days after the first listing
    lags_upper_bound_days: dict[str, int] = field(default_factory=dict)  # same, from first-seen dates
    confidence: float = 1.0
    evidence: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "entity_id": self.entity_id,
            "caption": self.caption,
            "schema": self.schema,
            "members": [m.to_json() for m in self.members],
            "missing_from": self.missing_from,
            "listed_by": self.listed_by,
            "lags_days": self.lags_days,
            "lags_upper_bound_days": self.lags_upper_bound_days,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence,
        }


def designation_gaps(reconciled: Reconciled, regime: str, authorities: list[str],
                     first_seen: dict[str, dict[str, date]] | None = None) -> list[Gap]:
    """One Gap per reconciled entity with a member in `regime`, ordered by cluster id.

    `authorities` are those whose lists are loaded (an authority with no list loaded cannot be
    "missing"); `first_seen` maps list -> list id -> first snapshot date, for undated lists.
    """
    first_seen = first_seen or {}
    # The as_of of each list's first snapshot: entries first seen then are stock, not dated.
    stock = {name: min(seen.values()) for name, seen in first_seen.items() if seen}
    gaps = []
    seen_clusters: set[str] = set()
    for entry in reconciled.entries:
        if regime not in entry.regimes:
            continue
        cluster_id = reconciled.cluster_of(entry.entity_id)
        if cluster_id in seen_clusters:
            continue
        seen_clusters.add(cluster_id)
        gaps.append(_gap(reconciled, cluster_id, authorities, first_seen, stock))
    return sorted(gaps, key=lambda g: g.entity_id)


def _gap(reconciled: Reconciled, cluster_id: str, authorities: list[str],
         first_seen: dict[str, dict[str, date]], stock: dict[str, date]) -> Gap:
    entries = reconciled.member_entries(cluster_id)
    members = [_member(entry, first_seen, stock) for entry in entries]
    listed_by: dict[str, date | None] = {}
    dated_by: dict[str, str] = {}
    for member in sorted(members, key=lambda m: (m.listed_on is None, m.listed_on or date.max)):
        if member.authority not in listed_by:
            listed_by[member.authority], dated_by[member.authority] = member.listed_on, member.dated_by
    listed_dates = [d for a, d in listed_by.items() if d and dated_by[a] == "list"]
    first = min(listed_dates) if listed_dates else None
    lags = {a: (d - first).days for a, d in listed_by.items() if d and first and dated_by[a] == "list"}
    # A first-seen date is the snapshot that first held the entry: the real date is on or before.
    upper = {a: (d - first).days for a, d in listed_by.items() if d and first and dated_by[a] == "first_seen"}
    cluster = reconciled.clustering.cluster(cluster_id)
    lead = reconciled.by_id.get(cluster_id, entries[0])
    return Gap(
        entity_id=cluster_id,
        caption=lead.caption,
        schema=lead.schema,
        members=members,
        listed_by=dict(sorted(listed_by.items())),
        missing_from=sorted(set(authorities) - set(listed_by)),
        lags_days=dict(sorted(lags.items())),
        lags_upper_bound_days=dict(sorted(upper.items())),
        confidence=cluster.confidence,
        evidence=[link.to_json() for link in cluster.links],
    )


def _member(entry: Entry, first_seen: dict[str, dict[str, date]], stock: dict[str, date]) -> Member:
    if entry.listed_on:
        listed_on, dated_by = entry.listed_on, "list"
    elif seen := first_seen.get(entry.list, {}).get(entry.list_id):
        # In the list's first snapshot the entry is stock: listed on or before that date.
        listed_on, dated_by = seen, "on_or_before" if seen == stock.get(entry.list) else "first_seen"
    else:
        listed_on, dated_by = None, "none"
    return Member(entry.list, entry.list_id, entry.entity_id, entry.authority, listed_on, dated_by,
                  tuple(entry.programs))


def gaps_from_store(store: "Store", regime: str, cache_dir=None) -> list[Gap]:
    """Gaps over the newest snapshot of every list in the store."""
    from maxpressure.reconcile import reconcile_store

    reconciled = reconcile_store(store, cache_dir=cache_dir, full_entries=False)
    lists = sorted({s.list for s in store.latest_snapshots()})
    authorities = sorted({e.authority for e in reconciled.entries})
    first_seen = {name: store.first_seen(name) for name in lists}
    return designation_gaps(reconciled, regime, authorities, first_seen)

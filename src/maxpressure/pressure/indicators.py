"""Pressure indicators, each named after what it means.

- `un_designations_mirrored_share`: of the UN's designations under a regime, the share each other
  authority also lists (through reconciliation: OFAC lists many UN DPRK entries under NPWMD).
- `median_days_to_follow_un`: for entries an authority shares with the UN, the median number of
  days from the UN's listing to the authority's, counted only where the authority's own list gives
  the date. OFAC's first-seen dates are upper bounds and are reported separately, and entries
  already in OFAC's first snapshot (stock, undated) are left out.
- `designations_with_china_nexus_per_quarter`: designations whose entry names China or Hong Kong
  (nationality, address, registration, flag), per authority and quarter.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from statistics import median
from typing import Iterable

from maxpressure.pressure.timeline import ListingEvent
from maxpressure.reconcile import Reconciled

UN = "un"


@dataclass(frozen=True, slots=True)
class MirrorShare:
    authority: str
    un_entries: int
    mirrored: int

    @property
    def share(self) -> float:
        return self.mirrored / self.un_entries if self.un_entries else 0.0

    def to_json(self) -> dict:
        return {"authority": self.authority, "un_entries": self.un_entries, "mirrored": self.mirrored,
                "share": round(self.share, 4)}


@dataclass(frozen=True, slots=True)
class FollowLag:
    authority: str
    dated_by: str  # list (the authority's own date) | first_seen (upper bound)
    pairs: int
    median_days: float | None

    def to_json(self) -> dict:
        return {"authority": self.authority, "dated_by": self.dated_by, "pairs": self.pairs,
                "median_days": self.median_days}


@dataclass(slots=True)
class Indicators:
    regime: str
    un_designations_mirrored_share: list[MirrorShare] = field(default_factory=list)
    median_days_to_follow_un: list[FollowLag] = field(default_factory=list)
    designations_with_china_nexus_per_quarter: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "regime": self.regime,
            "un_designations_mirrored_share": [m.to_json() for m in self.un_designations_mirrored_share],
            "median_days_to_follow_un": [lag.to_json() for lag in self.median_days_to_follow_un],
            "designations_with_china_nexus_per_quarter": self.designations_with_china_nexus_per_quarter,
        }


def un_designations_mirrored_share(reconciled: Reconciled, regime: str, authorities: Iterable[str]) -> list[MirrorShare]:
    un_entries = [e for e in reconciled.entries if e.authority == UN and regime in e.regimes]
    shares = []
    for authority in sorted(set(authorities) - {UN}):
        mirrored = sum(
            1 for entry in un_entries
            if any(m.authority == authority for m in reconciled.member_entries(reconciled.cluster_of(entry.entity_id)))
        )
        shares.append(MirrorShare(authority, len(un_entries), mirrored))
    return shares


def median_days_to_follow_un(reconciled: Reconciled, regime: str,
                             first_seen: dict[str, dict[str, date]]) -> list[FollowLag]:
    lags: dict[tuple[str, str], list[int]] = defaultdict(list)
    stock = {name: min(seen.values()) for name, seen in first_seen.items() if seen}
    for entry in reconciled.entries:
        if entry.authority != UN or regime not in entry.regimes or not entry.listed_on:
            continue
        follower_dates: dict[tuple[str, str], date] = {}
        for member in reconciled.member_entries(reconciled.cluster_of(entry.entity_id)):
            if member.authority == UN:
                continue
            if member.listed_on:
                key, day = (member.authority, "list"), member.listed_on
            elif seen := first_seen.get(member.list, {}).get(member.list_id):
                if seen == stock.get(member.list):
                    continue  # stock of the list's first snapshot: no date to measure from
                key, day = (member.authority, "first_seen"), seen
            else:
                continue
            if key not in follower_dates or day < follower_dates[key]:
                follower_dates[key] = day
        for key, day in follower_dates.items():
            lags[key].append((day - entry.listed_on).days)
    return [FollowLag(authority, dated_by, len(days), float(median(days)) if days else None)
            for (authority, dated_by), days in sorted(lags.items())]


def designations_with_china_nexus_per_quarter(events: Iterable[ListingEvent]) -> dict[str, dict[str, int]]:
    """authority -> quarter -> designations with a China/Hong Kong nexus."""
    counts: Counter[tuple[str, str]] = Counter(
        (e.authority, e.quarter) for e in events if e.kind == "designation" and "china" in e.nexus
    )
    result: dict[str, dict[str, int]] = defaultdict(dict)
    for (authority, quarter), count in sorted(counts.items()):
        result[authority][quarter] = count
    return dict(result)

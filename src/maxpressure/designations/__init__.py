"""The designation record: for every list entry, who designated it, on whose authority, and when.

Every analysis and view reads designations from here (gaps, pressure, network, web, brief):

- `designation_record(store)` dates every entry of the newest snapshots (`Designation`), with
  its basis (`record.DesignationDate`) and the authority it implements;
- `date_of(...)` applies the same dating rules to any entry of any snapshot (the pressure
  timeline walks every snapshot);
- `implemented_designation(d)` turns an entry that implements another authority's designation,
  which that authority's own list cannot hold, into that authority's designation: the UN
  consolidated XML has no vessels, so the 1718 Committee's vessel designations are known only
  through the lists that implement them (the UK's rows say `Designation source: UN`).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Iterator

from maxpressure.designations.ofac_dates import DATED_LISTS, FirstSeenWindow, cited_dates, daily_windows
from maxpressure.designations.record import (
    BASES,
    CARRIED_OVER,
    EXACT_BASES,
    LIST,
    ON_OR_BEFORE,
    SOURCED,
    UNKNOWN,
    Citation,
    Designation,
    DesignationDate,
    authority_of,
    implemented_authority,
    implements_of,
)
from maxpressure.model import designates, regimes_of

if TYPE_CHECKING:  # pragma: no cover
    from maxpressure.model import Entry
    from maxpressure.store import Store

__all__ = [
    "BASES", "CARRIED_OVER", "EXACT_BASES", "LIST", "ON_OR_BEFORE", "SOURCED", "UNKNOWN",
    "Citation", "Designation", "DesignationDate", "DesignationRecord", "designation_record",
    "date_of", "designation_of", "implemented_designation", "implements_of", "NOT_HELD_BY_LIST", "CARRIED_OVER_ON",
]

# The day a regime transfer dated every entry it carried over: the UK's own regulations took over
# from the EU's at IP completion day, and the UK list dates what it carried over 31-12-2020.
CARRIED_OVER_ON: dict[str, date] = {"gb": date(2020, 12, 31)}

# What an authority's own list cannot hold: the UN consolidated XML has no vessel section.
NOT_HELD_BY_LIST: dict[str, frozenset[str]] = {"un": frozenset({"Vessel"})}

# Authorities whose lists say which designations they implement (and so whose entities we read).
_IMPLEMENTING = frozenset({"gb", "eu"})


def date_of(list_name: str, list_id: str, listed_on: date | None, implements: str | None,
            window: tuple[date | None, date | None] | None) -> DesignationDate:
    """The designation date of one entry and its basis.

    `window` is (the snapshot before the first that held the entry, that first snapshot): the
    first-seen interval the store itself can vouch for.
    """
    authority = authority_of(list_name)
    if listed_on:
        if implements is None and CARRIED_OVER_ON.get(authority) == listed_on:
            return DesignationDate(CARRIED_OVER, listed_on)
        return DesignationDate(LIST, listed_on)
    if list_name in DATED_LISTS and (cited := cited_dates().get(list_id)):
        return cited
    after, day = window or (None, None)
    if list_name in DATED_LISTS and (daily := daily_windows().get(list_id)):
        after, day = _narrow(after, day, daily)
    if day is None:
        return DesignationDate(UNKNOWN)
    return DesignationDate(ON_OR_BEFORE, day, after)


def _narrow(after: date | None, day: date | None, daily: FirstSeenWindow) -> tuple[date | None, date | None]:
    """The store's first-seen window narrowed by OFAC's daily copies, where the two agree."""
    if day is None:
        return daily.absent_on, daily.first_present_on
    new_after = max(filter(None, (after, daily.absent_on)), default=None)
    new_day = min(day, daily.first_present_on)
    if new_after is not None and new_after >= new_day:
        return after, day  # they disagree (a delisting and relisting?): trust our own snapshots
    return new_after, new_day


def implemented_designation(designation: Designation) -> Designation | None:
    """The implemented authority's own designation, where its list cannot hold the entry."""
    authority = designation.implements
    if not authority or designation.schema not in NOT_HELD_BY_LIST.get(authority, ()):
        return None
    return replace(designation, authority=authority, implements=None,
                   via=f"{designation.list}:{designation.list_id}")


class DesignationRecord:
    """Every entry of the newest snapshots, dated; looked up by entity id."""

    def __init__(self, designations: list[Designation]):
        self.by_entity = {d.entity_id: d for d in designations}

    def of(self, entity_id: str) -> Designation | None:
        return self.by_entity.get(entity_id)

    def __iter__(self) -> Iterator[Designation]:
        return iter(self.by_entity.values())

    def __len__(self) -> int:
        return len(self.by_entity)

    def in_regime(self, regime: str) -> list[Designation]:
        return [d for d in self if regime in d.regimes]

    def implemented(self, regime: str | None = None) -> list[Designation]:
        """Designations known only through an implementing list (the UN's vessels)."""
        found = (implemented_designation(d) for d in self if regime is None or regime in d.regimes)
        return [d for d in found if d is not None]


def designation_record(store: "Store") -> DesignationRecord:
    """Date every entry of the newest snapshot of each list (a dataset that designates nobody,
    like the Panel of Experts' named parties, holds no designation to date)."""
    snapshots = [s for s in store.latest_snapshots() if designates(s.list)]
    windows = {s.list: store.first_seen_windows(s.list) for s in snapshots}
    implementing = sorted({s.list for s in snapshots if authority_of(s.list) in _IMPLEMENTING})
    rows = store.designation_rows([s.snapshot_id for s in snapshots], implementing)
    designations = []
    for list_name, list_id, entity_id, schema, programs, regimes, listed_on, entities in rows:
        implements = _implements(list_name, entities)
        designations.append(Designation(
            list=list_name, list_id=list_id, entity_id=entity_id, schema=schema,
            authority=authority_of(list_name), regimes=tuple(regimes or regimes_of(programs or ())),
            programs=tuple(programs or ()), implements=implements,
            date=date_of(list_name, list_id, listed_on, implements, windows[list_name].get(list_id)),
        ))
    return DesignationRecord(designations)


def designation_of(store: "Store", entry: "Entry") -> Designation | None:
    """One entry's designation, dated by the same rules as `designation_record`; None for a record
    of a dataset that designates nobody (a Panel of Experts record names a party, and the day its
    dataset was compiled is no designation date)."""
    if not designates(entry.list):
        return None
    implements = implements_of(entry)
    window = store.first_seen_windows(entry.list).get(entry.list_id)
    return Designation(
        list=entry.list, list_id=entry.list_id, entity_id=entry.entity_id, schema=entry.schema,
        authority=entry.authority, regimes=tuple(entry.regimes), programs=tuple(entry.programs),
        implements=implements, date=date_of(entry.list, entry.list_id, entry.listed_on, implements, window))


def _implements(list_name: str, entities_text: str | None) -> str | None:
    if not entities_text:
        return None
    entities = json.loads(entities_text)
    return implemented_authority(authority_of(list_name),
                                 ((e.get("schema", ""), e.get("properties") or {}) for e in entities))

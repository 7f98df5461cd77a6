"""Designations and delistings per month, by authority, programme, entity type and nexus country.

Dates come from the lists themselves where they give one: UN LISTED_ON, EU designation date, UK
date designated. OFAC's legacy files give none, so an OFAC entry is dated by the first snapshot in
the store that holds it, and entries of a list's first snapshot (the stock when collection began)
are not counted as designations at all: `dated_by` says which rule dated an event. Delistings are
entries that disappear between consecutive snapshots, dated at the later snapshot.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Iterable

from maxpressure.model import Entry

if TYPE_CHECKING:  # pragma: no cover
    from maxpressure.store import Store

# Entity properties that tie an entry to a country: who it is (nationality), where it is
# (address, registration, jurisdiction) and, for a ship, whose flag it flies.
NEXUS_PROPERTIES = ("nationality", "citizenship", "country", "jurisdiction", "mainCountry",
                    "birthCountry", "flag", "pastFlags")

# Nexus groups the DPRK regime is watched by: China including Hong Kong (the front companies),
# Russia, the DPRK itself; everything else is "other".
NEXUS_GROUPS = {"cn": "china", "hk": "china", "ru": "russia", "kp": "dprk"}

# A regime also reaches entries listed under other programmes with a country nexus to its target
# (OFAC lists many DPRK proliferators under NPWMD, not DPRK).
REGIME_COUNTRIES = {"dprk": "kp"}


@dataclass(frozen=True, slots=True)
class ListingEvent:
    kind: str  # designation | delisting
    day: date
    authority: str
    list: str
    list_id: str
    schema: str
    programs: tuple[str, ...]
    countries: tuple[str, ...]
    dated_by: str  # list | first_seen | snapshot (delisting: the snapshot it vanished from)

    @property
    def month(self) -> str:
        return self.day.strftime("%Y-%m")

    @property
    def quarter(self) -> str:
        return f"{self.day.year}Q{(self.day.month - 1) // 3 + 1}"

    @property
    def nexus(self) -> tuple[str, ...]:
        groups = {NEXUS_GROUPS.get(c, "other") for c in self.countries}
        return tuple(sorted(groups)) or ("none",)


@dataclass(frozen=True, slots=True)
class MonthlyCount:
    month: str
    authority: str
    dimension: str  # total | program | schema | nexus
    value: str
    designations: int
    delistings: int

    def to_json(self) -> dict:
        return {"month": self.month, "authority": self.authority, "dimension": self.dimension,
                "value": self.value, "designations": self.designations, "delistings": self.delistings}


def entry_countries(entry: Entry) -> tuple[str, ...]:
    """ISO codes of every country the entry's entities name (FtM has cleaned them to codes)."""
    found: set[str] = set()
    for entity in entry.entities:
        if entity.schema.name in ("Sanction",):
            continue
        for prop in NEXUS_PROPERTIES:
            found.update(v.lower() for v in entity.get(prop, quiet=True))
    return tuple(sorted(found))


def in_regime(entry: Entry, regime: str | None) -> bool:
    if regime is None:
        return True
    if regime in entry.regimes:
        return True
    country = REGIME_COUNTRIES.get(regime)
    return bool(country) and country in entry_countries(entry)


def listing_events(store: "Store", regime: str | None = "dprk") -> list[ListingEvent]:
    """Every designation and delisting the store's snapshots show, for one regime (None: all)."""
    events: list[ListingEvent] = []
    for list_name in sorted({s.list for s in store.snapshots()}):
        history = store.snapshots(list_name)
        seen: set[str] = set()
        previous: dict[str, Entry] = {}
        for index, snapshot in enumerate(history):
            held = store.list_ids(snapshot.snapshot_id)
            current = {e.list_id: e for e in _candidate_entries(store, snapshot.snapshot_id, regime)
                       if in_regime(e, regime)}
            for list_id, entry in current.items():
                if list_id in seen:
                    continue
                if entry.listed_on:
                    events.append(_event("designation", entry, entry.listed_on, "list"))
                elif index > 0 and snapshot.as_of:
                    events.append(_event("designation", entry, snapshot.as_of, "first_seen"))
                # else: stock of an undated list's first snapshot, no designation date
            if index > 0 and snapshot.as_of:
                events.extend(_event("delisting", entry, snapshot.as_of, "snapshot")
                              for list_id, entry in previous.items() if list_id not in held)
            seen |= held
            previous = current
    return sorted(events, key=lambda e: (e.day, e.authority, e.list_id))


def _candidate_entries(store: "Store", snapshot_id: int, regime: str | None) -> list[Entry]:
    """Rows that can belong to a regime: its programmes, or its target country anywhere in the
    entities (the rest of a 15,000-entry OFAC snapshot is never rebuilt into entities)."""
    if regime is None:
        return store.entries(snapshot_id)
    return store.entries(snapshot_id, regime=regime, or_mentioning=REGIME_COUNTRIES.get(regime, "-"))


def _event(kind: str, entry: Entry, day: date, dated_by: str) -> ListingEvent:
    return ListingEvent(kind, day, entry.authority, entry.list, entry.list_id, entry.schema,
                        tuple(entry.programs), entry_countries(entry), dated_by)


def monthly_counts(events: Iterable[ListingEvent]) -> list[MonthlyCount]:
    """Counts per month and authority: in total, and by programme, schema and nexus group."""
    counter: Counter[tuple[str, str, str, str, str]] = Counter()
    for event in events:
        keys = [("total", "all")]
        keys += [("program", p) for p in event.programs or ("(none)",)]
        keys += [("schema", event.schema)]
        keys += [("nexus", n) for n in event.nexus]
        for dimension, value in keys:
            counter[(event.month, event.authority, dimension, value, event.kind)] += 1
    cells = sorted({k[:4] for k in counter})
    return [
        MonthlyCount(month, authority, dimension, value,
                     counter[(month, authority, dimension, value, "designation")],
                     counter[(month, authority, dimension, value, "delisting")])
        for month, authority, dimension, value in cells
    ]

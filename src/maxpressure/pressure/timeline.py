"""Designations and delistings per month, by authority, programme, entity type and nexus country.

Every event is dated by the designation record's rules (`maxpressure.designations.date_of`): the
list's own date, a cited date (OFAC's DPRK actions), or a first-seen window between two
snapshots. An event is counted in a month only when its date falls in that month: a window wider
than a month (every OFAC entry added between the 2021 and 2024 snapshots that no cited table
dates) is counted apart, as undated, never in the month it was first seen. Entries a regime
transfer carried over (the UK's 31-12-2020) are `carried_over` events, not designations.

Designations are counted once, by the authority that made them: an entry that implements the
UN's designation (the UK's `Designation source: UN`) counts under `implements`, not in the
implementing authority's own total, and the UN's vessel designations, which its list cannot hold,
count for the UN through the entry that records them. Delistings are entries that disappear
between consecutive snapshots, dated by that window.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Iterable

from maxpressure.designations import CARRIED_OVER, ON_OR_BEFORE, DesignationDate, date_of, implements_of
from maxpressure.designations import NOT_HELD_BY_LIST
from maxpressure.model import Entry, designates

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
    kind: str  # designation | delisting | carried_over
    date: DesignationDate
    authority: str  # who designated (the UN, for a UN vessel designation the UK records)
    list: str
    list_id: str
    entity_id: str
    schema: str
    programs: tuple[str, ...]
    countries: tuple[str, ...]
    implements: str | None = None  # the authority whose designation this entry implements
    via: str | None = None  # "gb_fcdo:DPR0075": the entry that records another authority's designation

    @property
    def day(self) -> date | None:
        return self.date.day

    @property
    def dated_by(self) -> str:
        return self.date.basis

    @property
    def month(self) -> str | None:
        """The month the event can be counted in, or None (a window wider than a month)."""
        return self.date.month

    @property
    def quarter(self) -> str | None:
        if self.month is None:
            return None
        year, month = self.month.split("-")
        return f"{year}Q{(int(month) - 1) // 3 + 1}"

    @property
    def own(self) -> bool:
        """A designation the authority made on its own (not one it implements for the UN)."""
        return self.implements is None

    @property
    def nexus(self) -> tuple[str, ...]:
        groups = {NEXUS_GROUPS.get(c, "other") for c in self.countries}
        return tuple(sorted(groups)) or ("none",)

    def to_json(self) -> dict:
        return {"kind": self.kind, "authority": self.authority, "list": self.list, "list_id": self.list_id,
                "schema": self.schema, "implements": self.implements, "via": self.via, **self.date.to_json()}


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
    """Every designation, carry-over and delisting the store's snapshots show, for one regime
    (None: all), each dated with its basis."""
    events: list[ListingEvent] = []
    for list_name in sorted({s.list for s in store.snapshots() if designates(s.list)}):
        history = store.snapshots(list_name)
        seen: set[str] = set()
        previous: dict[str, Entry] = {}
        before = None  # the as_of of the snapshot before this one
        for snapshot in history:
            held = store.list_ids(snapshot.snapshot_id)
            current = {e.list_id: e for e in _candidate_entries(store, snapshot.snapshot_id, regime)
                       if in_regime(e, regime)}
            for list_id, entry in current.items():
                if list_id not in seen:
                    events.extend(_first_listing(entry, (before, snapshot.as_of)))
            if before is not None and snapshot.as_of:
                gone = DesignationDate(ON_OR_BEFORE, snapshot.as_of, before)
                events.extend(_event("delisting", entry, gone)
                              for list_id, entry in previous.items() if list_id not in held)
            seen |= held
            previous = current
            before = snapshot.as_of or before
    return sorted(events, key=lambda e: (e.day or date.max, e.authority, e.list_id))


def _first_listing(entry: Entry, window: tuple[date | None, date | None]) -> list[ListingEvent]:
    implements = implements_of(entry)
    when = date_of(entry.list, entry.list_id, entry.listed_on, implements, window)
    if when.basis == CARRIED_OVER:
        return [_event("carried_over", entry, when)]
    found = [_event("designation", entry, when, implements)]
    if implements and entry.schema in NOT_HELD_BY_LIST.get(implements, ()):
        # The implemented authority's own designation, which its list cannot hold.
        found.append(ListingEvent("designation", when, implements, entry.list, entry.list_id, entry.entity_id,
                                  entry.schema, tuple(entry.programs), entry_countries(entry),
                                  via=f"{entry.list}:{entry.list_id}"))
    return found


def _candidate_entries(store: "Store", snapshot_id: int, regime: str | None) -> list[Entry]:
    """Rows that can belong to a regime: its programmes, or its target country anywhere in the
    entities (the rest of a 15,000-entry OFAC snapshot is never rebuilt into entities)."""
    if regime is None:
        return store.entries(snapshot_id)
    return store.entries(snapshot_id, regime=regime, or_mentioning=REGIME_COUNTRIES.get(regime, "-"))


def _event(kind: str, entry: Entry, when: DesignationDate, implements: str | None = None) -> ListingEvent:
    return ListingEvent(kind, when, entry.authority, entry.list, entry.list_id, entry.entity_id, entry.schema,
                        tuple(entry.programs), entry_countries(entry), implements)


def one_per_designation(events: Iterable[ListingEvent], cluster_of) -> list[ListingEvent]:
    """Recorded designations of another authority (a UN vessel that both the UK and the EU
    record) kept once per reconciled entity: the earliest."""
    kept: list[ListingEvent] = []
    recorded: dict[tuple[str, str], ListingEvent] = {}
    for event in events:
        if event.via is None:
            kept.append(event)
            continue
        key = (event.authority, cluster_of(event.entity_id))
        if key not in recorded or (event.day or date.max) < (recorded[key].day or date.max):
            recorded[key] = event
    return sorted(kept + list(recorded.values()), key=lambda e: (e.day or date.max, e.authority, e.list_id))


def monthly_counts(events: Iterable[ListingEvent]) -> list[MonthlyCount]:
    """Counts per month and authority: each authority's own designations in total, and by
    programme, schema, nexus group and date basis; designations it implements for another
    authority under `implements`; carry-overs under `carried_over`. Events with no countable
    month are left to `undated_counts`."""
    counter: Counter[tuple[str, str, str, str, str]] = Counter()
    for event in events:
        if event.month is None:
            continue
        if event.kind == "carried_over":
            keys = [("carried_over", "all")]
        elif not event.own:
            keys = [("implements", event.implements)]
        else:
            keys = [("total", "all"), ("schema", event.schema), ("dated_by", event.dated_by)]
            keys += [("program", p) for p in event.programs or ("(none)",)]
            keys += [("nexus", n) for n in event.nexus]
            if event.via:
                keys.append(("recorded_by", event.via.partition(":")[0]))
        kind = "delisting" if event.kind == "delisting" else "designation"
        for dimension, value in keys:
            counter[(event.month, event.authority, dimension, value, kind)] += 1
    cells = sorted({k[:4] for k in counter})
    return [
        MonthlyCount(month, authority, dimension, value,
                     counter[(month, authority, dimension, value, "designation")],
                     counter[(month, authority, dimension, value, "delisting")])
        for month, authority, dimension, value in cells
    ]


@dataclass(frozen=True, slots=True)
class UndatedCount:
    """Events an authority made within a window too wide to give them a month."""

    authority: str
    kind: str
    after: date | None
    on_or_before: date | None
    events: int

    def to_json(self) -> dict:
        return {"authority": self.authority, "kind": self.kind,
                "after": self.after.isoformat() if self.after else None,
                "on_or_before": self.on_or_before.isoformat() if self.on_or_before else None,
                "events": self.events}


def undated_counts(events: Iterable[ListingEvent]) -> list[UndatedCount]:
    counter: Counter[tuple] = Counter(
        (e.authority, e.kind, e.date.after, e.date.day) for e in events if e.month is None and e.own
    )
    return [UndatedCount(a, k, after, day, n) for (a, k, after, day), n in
            sorted(counter.items(), key=lambda item: (item[0][0], item[0][1], str(item[0][3])))]

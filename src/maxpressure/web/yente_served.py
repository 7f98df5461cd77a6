"""What the yente-compatible API serves, built once and swapped whole: the screener over the newest
snapshot of every list, and what the API needs beside it.

yente answers from an index of canonical (merged) entities; ours are the reconciled entities of
the screener: a cluster of list entries that designate the same real-world entity has the id
`cluster-<smallest member id>`, a lone entry keeps its own id, and every member id is a referent
of its cluster. Filters (`include_dataset`, `topics`, `changed_since` ...) become boolean masks
over the screener's candidates, so the screener applies them before it cuts the list to `limit`.

`Served` is immutable once built; a new snapshot means a new `Served` put in place in one
assignment, so a request never sees half of one and half of another.
"""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

import numpy as np
from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from followthemoney import model
from followthemoney.types import registry

from maxpressure.model import designates
from maxpressure.screening.index import Candidate
from maxpressure.screening.screen import Screener
from maxpressure.store import Snapshot

# yente serves collections of datasets; ours are every loaded list, under these two names.
COLLECTIONS = {"default": "All loaded lists", "sanctions": "All loaded sanctions lists"}
# Every list entry designates its target: the FtM topic of a designation.
SANCTION_TOPIC = "sanction"
MAX_CACHED_MASKS = 512  # filter masks kept (one byte per candidate each: ~40 kB on the bundled lists)

_build_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class EntryDates:
    first_seen: date | None
    last_seen: date | None
    last_change: date | None


# What yente lets a client filter and count by (its facets), per reconciled entity.
FACETS = ("datasets", "schema", "countries", "topics", "genders")


@dataclass
class Served:
    screener: Screener
    snapshots: list[Snapshot]
    canonical_of: dict[str, str]  # list-entry entity id -> canonical id
    members_of: dict[str, list[int]]  # canonical id -> candidate numbers
    dates: dict[str, EntryDates]  # list-entry entity id -> dates
    group_of: np.ndarray  # candidate number -> reconciled entity (group) number
    group_values: list[dict[str, frozenset[str]]]  # per group: facet -> values
    group_last_change: np.ndarray  # per group, datetime64[D]
    candidate_schema: np.ndarray
    _masks: dict[tuple[str, str], np.ndarray] = field(default_factory=dict, repr=False)

    @property
    def lists(self) -> list[str]:
        return sorted(s.list for s in self.snapshots)

    def dataset_lists(self, dataset: str) -> set[str]:
        """The lists a yente dataset name stands for; 404 for a name we do not serve."""
        if dataset in COLLECTIONS:
            return set(self.lists)
        if dataset in self.lists:
            return {dataset}
        raise HTTPException(404, detail="No such dataset.")

    def members(self, canonical_id: str) -> list[Candidate]:
        cands = self.screener.index.candidates
        return [cands[i] for i in self.members_of.get(canonical_id, ())]

    def value_mask(self, facet: str, value: str) -> np.ndarray:
        """Candidates whose reconciled entity has the value (one of its lists, topics, countries ...)."""
        def compute() -> np.ndarray:
            groups = np.array([value in values[facet] for values in self.group_values], dtype=bool)
            return groups[self.group_of] if len(groups) else np.zeros(0, dtype=bool)

        return self._cached((facet, value), compute)

    def any_mask(self, facet: str, values: Iterable[str]) -> np.ndarray:
        mask = np.zeros(len(self.screener), dtype=bool)
        for value in values:
            mask |= self.value_mask(facet, value)
        return mask

    def all_mask(self, facet: str, values: Iterable[str]) -> np.ndarray:
        mask = np.ones(len(self.screener), dtype=bool)
        for value in values:
            mask &= self.value_mask(facet, value)
        return mask

    def _cached(self, key: tuple[str, str], compute) -> np.ndarray:
        mask = self._masks.get(key)
        if mask is None:
            mask = compute()
            if len(self._masks) < MAX_CACHED_MASKS:  # a client sending endless new values cannot fill memory
                self._masks[key] = mask  # a dict write is atomic: racing requests compute the same array
        return mask

    def changed_since_mask(self, since: date) -> np.ndarray:
        return self._cached(("changed_since", since.isoformat()),
                            lambda: (self.group_last_change >= np.datetime64(since, "D"))[self.group_of])

    def excluded_ids_mask(self, ids: Iterable[str]) -> np.ndarray:
        """False for every member of an entity named by its canonical id or any referent."""
        mask = np.ones(len(self.screener), dtype=bool)
        for entity_id in ids:
            canonical = self.canonical_of.get(entity_id, entity_id)
            for i in self.members_of.get(canonical, ()):
                mask[i] = False
        return mask

    def schema_mask(self, excluded: Iterable[str]) -> np.ndarray:
        names = sorted(set(excluded))
        return self._cached(("exclude_schema", ",".join(names)), lambda: ~np.isin(self.candidate_schema, names))


def _day(snapshot: Snapshot) -> date:
    return snapshot.as_of or snapshot.loaded_at.date()


def entry_dates(store, snapshots: list[Snapshot]) -> dict[str, EntryDates]:
    """first_seen, last_seen and last_change of every current entry, from the store's history.

    first_seen is the first snapshot holding the entry (or the list's listing date when earlier
    snapshots are not kept), last_seen the snapshot served, last_change the newest snapshot in
    which the entry was added or amended."""
    served = {s.list: s for s in snapshots}
    changed: dict[str, date] = {}
    for change in store.changes():
        if change.kind in ("added", "amended") and change.as_of:
            if change.entity_id not in changed or change.as_of > changed[change.entity_id]:
                changed[change.entity_id] = change.as_of
    dates: dict[str, EntryDates] = {}
    for name, snapshot in served.items():
        first = store.first_seen(name)
        for entry in store.entries(snapshot.snapshot_id):
            seen = first.get(entry.list_id) or _day(snapshot)
            dates[entry.entity_id] = EntryDates(seen, _day(snapshot), changed.get(entry.entity_id, seen))
    return dates


def _entity_values(cand: Candidate) -> dict[str, set[str]]:
    """The facet values of one list entry's main entity (countries from every country property)."""
    schema = model.get(cand.schema)
    values: dict[str, set[str]] = {"datasets": {cand.list}, "schema": {cand.schema}, "countries": set(),
                                   "topics": {SANCTION_TOPIC}, "genders": set()}
    for prop_name, found in cand.properties.items():
        prop = schema.get(prop_name) if schema is not None else None
        if prop is None:
            continue
        if prop.type == registry.country:
            values["countries"].update(found)
        elif prop.type == registry.topic:
            values["topics"].update(found)
        elif prop.type == registry.gender:
            values["genders"].update(found)
    return values


def build_served(screener: Screener, snapshots: list[Snapshot], dates: dict[str, EntryDates]) -> Served:
    cands = screener.index.candidates
    canonical_of: dict[str, str] = {}
    members_of: dict[str, list[int]] = {}
    group_of = np.zeros(len(cands), dtype=np.int64)
    group_values: list[dict[str, frozenset[str]]] = []
    last_change = np.full(len(screener.groups), np.datetime64("1900-01-01"), dtype="datetime64[D]")
    for g, ids in enumerate(screener.groups):
        canonical = screener.entity_id_of_group(g)
        members_of[canonical] = list(ids)
        merged: dict[str, set[str]] = {facet: set() for facet in FACETS}
        for i in ids:
            cand = cands[i]
            canonical_of[cand.entity_id] = canonical
            group_of[i] = g
            for facet, found in _entity_values(cand).items():
                merged[facet] |= found
            changed = dates.get(cand.entity_id)
            if changed and changed.last_change:
                last_change[g] = max(last_change[g], np.datetime64(changed.last_change, "D"))
        group_values.append({facet: frozenset(v) for facet, v in merged.items()})
    return Served(screener, snapshots, canonical_of, members_of, dates, group_of, group_values, last_change,
                  np.array([c.schema for c in cands], dtype=object))


def load_served(settings, store_path=None) -> Served:
    """Build what the API serves from the store in `settings.home`, or from the store file at
    `store_path` (a newly published one the server is switching to); the screening index is
    cached on disk by snapshot ids, so a restart only re-reads it."""
    from maxpressure.prepare import reconciled_screener
    from maxpressure.store import Store

    with Store(store_path or settings.store_path, read_only=True) as store:
        # The catalog lists what the screener answers from: a dataset that designates nobody is not a dataset to match.
        snapshots = [s for s in store.latest_snapshots() if designates(s.list)]
        screener = reconciled_screener(store, settings)
        dates = entry_dates(store, snapshots)
    return build_served(screener, snapshots, dates)


def served(request: Request) -> Served:
    return served_by(request.app)


def served_by(app) -> Served:
    """What the app serves, built on first use (one build at a time)."""
    state = app.state
    current = getattr(state, "served", None)
    if current is None:
        with _build_lock:
            current = getattr(state, "served", None)
            if current is None:
                wait = getattr(state, "before_building", None)
                if wait is not None:
                    wait()  # e.g. the workbench's reconciliation, which writes the cache we read
                current = load_served(state.settings)
                state.served = current
                settle_heap()
    return current


async def served_soon(request: Request) -> Served:
    """`served` for an async route: at once when built, else built in a worker thread (a first
    query must not stall the event loop, and with it every other request, for the build)."""
    current = getattr(request.app.state, "served", None)
    return current if current is not None else await run_in_threadpool(served, request)


def settle_heap() -> None:
    """Leave what is served out of the garbage collector's full passes. The index is millions of
    long-lived objects; a full pass walks them all (a few hundred milliseconds) and lands on
    whichever request happens to allocate then: the tail of `/match`. Frozen, they are skipped;
    their memory is still freed by reference counting when a newer `Served` replaces them."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def replace_served(app) -> Served:
    """Build what the store holds now and put it in place in one assignment: how a server that
    has loaded a new snapshot starts answering from it (requests under way finish on the old one)."""
    fresh = load_served(app.state.settings)
    app.state.served = fresh
    settle_heap()
    return fresh


def start_building(app) -> None:
    """Build in a background thread, so `/readyz` turns ready without waiting for a first query."""
    def build() -> None:
        try:
            served_by(app)
        except Exception as exc:  # noqa: BLE001 - reported by /readyz, not lost in a thread
            app.state.served_error = f"{type(exc).__name__}: {exc}"

    threading.Thread(target=build, name="yente-index", daemon=True).start()

"""Designation gaps: for each reconciled entity of a regime, who lists it, since when, who does not.

A reconciled entity belongs to a regime when any of its list entries is under one of the regime's
programmes (an OFAC NPWMD entry joins the DPRK regime through its UN DPRK counterpart). Every
date comes from the designation record (`maxpressure.designations`) with its basis: the list's
own date, a cited date, a first-seen window ("on or before"), or a carried-over date. An
authority also lists an entity when:

- one of its lists implements the authority's designation where the authority's own list cannot
  hold it (the UN's vessel designations, known through the UK's `Designation source: UN`);
- one of its entries holds the entity's name as an alias (OFAC's KOMID a.k.a. Korea Kumryong
  Trading Corporation lists UN KPe.014).

Lags are counted only between two dates that are real designation dates; a lag to an "on or
before" date is an upper bound, and an entry implementing the UN's designation copies the UN's
date, so it measures nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from maxpressure.designations import (
    ON_OR_BEFORE,
    UNKNOWN,
    Designation,
    DesignationDate,
    DesignationRecord,
    NOT_HELD_BY_LIST,
    date_of,
    implemented_designation,
)
from maxpressure.model import Entry, designates
from maxpressure.reconcile import Reconciled

if TYPE_CHECKING:  # pragma: no cover
    from maxpressure.store import Store


@dataclass(frozen=True, slots=True)
class Member:
    """One list entry by which an authority lists the entity."""

    list: str
    list_id: str
    entity_id: str
    authority: str
    date: DesignationDate
    programs: tuple[str, ...]
    implements: str | None = None  # "un": the entry implements the UN's designation
    # How the entry lists the entity: "entry" (it is the entity), "implements" (the authority's
    # designation as an implementing list records it), "alias" (the entity's name is its a.k.a.)
    via: str = "entry"

    @property
    def listed_on(self) -> date | None:
        return self.date.day

    @property
    def dated_by(self) -> str:
        return self.date.basis

    def to_json(self) -> dict:
        return {"list": self.list, "list_id": self.list_id, "entity_id": self.entity_id,
                "authority": self.authority, **self.date.to_json(), "implements": self.implements,
                "via": self.via, "programs": list(self.programs)}


@dataclass(slots=True)
class Gap:
    entity_id: str  # the cluster id
    caption: str
    schema: str
    members: list[Member]
    listed_by: dict[str, DesignationDate]  # authority -> the earliest designation it lists the entity by
    missing_from: list[str]
    lags_days: dict[str, int] = field(default_factory=dict)  # authority -> days after the first listing
    lags_upper_bound_days: dict[str, int] = field(default_factory=dict)  # same, to an on-or-before date
    confidence: float = 1.0
    evidence: list[dict] = field(default_factory=list)
    # What the lists say that does not add up (an implementation of a UN designation the UN's
    # list does not hold), in words.
    notes: list[str] = field(default_factory=list)

    def listed_text(self, authority: str) -> str:
        return self.listed_by[authority].text()

    def to_json(self) -> dict:
        return {
            "entity_id": self.entity_id,
            "caption": self.caption,
            "schema": self.schema,
            "members": [m.to_json() for m in self.members],
            "missing_from": self.missing_from,
            "listed_by": {a: d.iso() for a, d in self.listed_by.items()},
            "listed_by_dates": {a: d.to_json() for a, d in self.listed_by.items()},
            "lags_days": self.lags_days,
            "lags_upper_bound_days": self.lags_upper_bound_days,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence,
            "notes": self.notes,
        }


def designation_gaps(reconciled: Reconciled, regime: str, authorities: list[str],
                     record: DesignationRecord | None = None) -> list[Gap]:
    """One Gap per reconciled entity with a member in `regime`, ordered by cluster id.

    `authorities` are those whose lists are loaded (an authority with no list loaded cannot be
    "missing"); `record` dates the entries (without it, only the lists' own dates count).
    """
    gaps = []
    seen_clusters: set[str] = set()
    for entry in reconciled.entries:
        if regime not in entry.regimes:
            continue
        cluster_id = reconciled.cluster_of(entry.entity_id)
        if cluster_id in seen_clusters:
            continue
        seen_clusters.add(cluster_id)
        gaps.append(_gap(reconciled, cluster_id, authorities, record))
    return sorted(gaps, key=lambda g: g.entity_id)


def _gap(reconciled: Reconciled, cluster_id: str, authorities: list[str],
         record: DesignationRecord | None) -> Gap:
    # A dataset that designates nobody (the Panel's named parties) reconciles to the entity
    # but is no authority's listing of it.
    entries = [e for e in reconciled.member_entries(cluster_id) if designates(e.list)]
    members = [_member(entry, record) for entry in entries]
    notes: list[str] = []
    held = {m.authority for m in members}
    for member in list(members):
        _add_implemented(member, entries, held, authorities, members, notes, record)
    held = {m.authority for m in members}
    for holder, link in reconciled.alias_holders(cluster_id):
        if holder.authority not in held and designates(holder.list):
            members.append(_member(holder, record, via="alias"))
            held.add(holder.authority)
    listed_by = _earliest_by_authority(members)
    cluster = reconciled.clustering.cluster(cluster_id)
    lead = reconciled.by_id.get(cluster_id, entries[0])
    lags, upper = _lags(members, listed_by)
    return Gap(
        entity_id=cluster_id,
        caption=lead.caption,
        schema=lead.schema,
        members=members,
        listed_by=dict(sorted(listed_by.items())),
        missing_from=sorted(set(authorities) - set(listed_by)),
        lags_days=lags,
        lags_upper_bound_days=upper,
        confidence=cluster.confidence,
        evidence=[link.to_json() for link in cluster.links]
        + [link.to_json() for _, link in reconciled.alias_holders(cluster_id)],
        notes=notes,
    )


def _add_implemented(member: Member, entries: list[Entry], held: set[str], authorities: list[str],
                     members: list[Member], notes: list[str], record: DesignationRecord | None) -> None:
    """The implemented authority's designation, where its own list cannot hold the entity."""
    authority = member.implements
    if not authority or authority in held:
        return
    designation = record.of(member.entity_id) if record else None
    implemented = implemented_designation(designation) if designation else None
    if implemented is not None:
        members.append(Member(member.list, member.list_id, member.entity_id, authority,
                              implemented.date, member.programs, None, via="implements"))
        held.add(authority)
    elif authority in authorities and entries[0].schema not in NOT_HELD_BY_LIST.get(authority, ()):
        notes.append(f"{member.list}:{member.list_id} says it implements a {authority.upper()} designation "
                     f"that the {authority.upper()} list loaded does not hold (delisted, or not reconciled)")


def _earliest_by_authority(members: list[Member]) -> dict[str, DesignationDate]:
    """Per authority, its earliest designation of the entity: real dates before bounds."""
    def order(m: Member):
        return (m.date.basis == UNKNOWN, m.date.day or date.max, not m.date.exact)

    found: dict[str, DesignationDate] = {}
    for member in sorted(members, key=order):
        found.setdefault(member.authority, member.date)
    return found


def _lags(members: list[Member], listed_by: dict[str, DesignationDate]) -> tuple[dict[str, int], dict[str, int]]:
    """Days from the first real designation to each authority's, where both dates mean it."""
    copied = {m.authority for m in members if m.implements}  # their date is the UN's, not theirs
    exact = {a: d.day for a, d in listed_by.items() if d.exact and d.precision == "day" and a not in copied}
    if not exact:
        return {}, {}
    first = min(exact.values())
    # A lag needs a real date on two sides: one authority alone lags nobody.
    lags = {a: (day - first).days for a, day in sorted(exact.items())} if len(exact) > 1 else {}
    upper = {a: (d.day - first).days for a, d in sorted(listed_by.items())
             if d.basis == ON_OR_BEFORE and d.day and a not in copied}
    return lags, upper


def _member(entry: Entry, record: DesignationRecord | None, via: str = "entry") -> Member:
    designation: Designation | None = record.of(entry.entity_id) if record else None
    if designation is not None:
        when, implements = designation.date, designation.implements
    else:
        when, implements = date_of(entry.list, entry.list_id, entry.listed_on, None, None), None
    return Member(entry.list, entry.list_id, entry.entity_id, entry.authority, when,
                  tuple(entry.programs), implements, via)


def gaps_from_store(store: "Store", regime: str, cache_dir=None) -> list[Gap]:
    """Gaps over the newest snapshot of every list in the store."""
    from maxpressure.designations import designation_record
    from maxpressure.reconcile import reconcile_store

    reconciled = reconcile_store(store, cache_dir=cache_dir, full_entries=False)
    return designation_gaps(reconciled, regime, loaded_authorities(reconciled), designation_record(store))


def loaded_authorities(reconciled: Reconciled) -> list[str]:
    """The authorities whose lists are loaded: those an entity can be missing from (a dataset
    that designates nobody is none)."""
    return sorted({e.authority for e in reconciled.entries if designates(e.list)})

"""One dossier per real-world entity: every value of every list entry reconciled with it, each
value with its source.

An analyst who opens the UK's entry of the CHON MA SAN must see the IMO number and the flag
that only OFAC's entry records, and KOMID's UN entry must show OFAC's extra aliases and its
addresses in Beijing, Damascus, Moscow and Tehran. So each member entry is read on its own (the
per-entry dossier: names, facts, identifiers, addresses, relationships, history) and the values
are merged: one row per distinct value, carrying every entry that states it, with that entry's
snapshot and its designation date in words (the designation model's basis: "2018-02-23 (cited)",
"on or before 2021-07-07", "carried over on 2020-12-31").

The history says what changed between snapshots as old -> new values, which the store's change
log only names by property. The network neighbourhood and the vessel events are computed by
their analyses and passed in; `evidence_quotes` turns the neighbourhood into the brief's quotes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Callable, Iterable

from maxpressure.views.dossier import Dossier, build_dossier
from maxpressure.designations import designation_of
from maxpressure.model import AUTHORITIES, Entry, designates, title_of
from maxpressure.store import Store

# Properties that are plumbing, not something a list says about the entity.
_PLUMBING = {"id", "entity", "holder", "subject", "object", "proof", "addressEntity", "topics",
             "sourceUrl", "authorityId", "unscId", "programId", "recordId"}


@dataclass(frozen=True)
class Source:
    """One list entry, as held in one snapshot, with its designation date and the date's basis."""

    list: str
    list_id: str
    entity_id: str
    snapshot_id: int
    as_of: date | None
    date_text: str  # the designation date in words, never a bare first-seen date; "" for a Panel record
    dated_by: str

    @property
    def label(self) -> str:
        return f"{self.list}:{self.list_id}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"as_of": self.as_of.isoformat() if self.as_of else None, "label": self.label}


@dataclass
class Value:
    """One distinct value (a name, an identifier, an address, a fact) and every entry stating it."""

    value: str
    kind: str  # "alias", "IMO Number", "flag" ...
    sources: list[Source] = field(default_factory=list)
    script: str = ""  # names: Latin, Hangul, Chinese characters ...
    country: str = ""  # identifiers: the issuing country
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "kind": self.kind, "script": self.script, "country": self.country,
                "note": self.note, "sources": [s.to_json() for s in self.sources]}


@dataclass(frozen=True)
class Member:
    """One list entry of the entity: who lists it, since when and on whose authority."""

    source: Source
    caption: str
    schema: str
    list_title: str
    authority: str
    programs: tuple[str, ...]
    implements: str | None
    citation: dict | None
    current: bool  # whether the newest snapshot of its list still holds it
    opened: bool  # the entry the dossier was opened from

    @property
    def designates(self) -> bool:
        """False for a dataset that names parties without designating them (the Panel)."""
        return designates(self.source.list)

    def to_json(self) -> dict[str, Any]:
        return {**self.source.to_json(), "caption": self.caption, "schema": self.schema,
                "list_title": self.list_title, "authority": self.authority, "programs": list(self.programs),
                "implements": self.implements, "citation": self.citation, "current": self.current,
                "self": self.opened, "designates": self.designates}


@dataclass(frozen=True)
class Sanction:
    """A designation as its list records it: programme, authority, provisions, date and basis."""

    source: Source
    authority: str  # the authority's code: un, us, gb, eu
    authority_name: str  # as the list words it
    programs: tuple[str, ...]
    implements: str | None  # "un" where the entry implements the UN's designation
    provisions: tuple[str, ...]
    reasons: tuple[str, ...]
    citation: dict | None

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source.to_json(), "authority": self.authority, "authority_name": self.authority_name,
                "programs": list(self.programs), "implements": self.implements,
                "provisions": list(self.provisions), "reasons": list(self.reasons),
                "date_text": self.source.date_text, "dated_by": self.source.dated_by, "citation": self.citation}


@dataclass
class Link:
    """A relationship a list states, with the other party's own dossier where the store holds it."""

    kind: str
    role: str
    other_id: str
    other_caption: str
    other_list: str | None
    detail: str
    sources: list[Source] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "role": self.role, "other_id": self.other_id, "other_caption": self.other_caption,
                "other_list": self.other_list, "detail": self.detail, "sources": [s.to_json() for s in self.sources]}


@dataclass(frozen=True)
class ValueChange:
    label: str  # "alias", "Address: full address" ...
    old: tuple[str, ...]
    new: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "old": list(self.old), "new": list(self.new)}


@dataclass(frozen=True)
class Step:
    """One snapshot in the life of one member entry."""

    source_label: str
    snapshot_id: int
    as_of: date | None
    kind: str  # listed, amended, unchanged, removed
    changes: tuple[ValueChange, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source_label, "snapshot_id": self.snapshot_id,
                "as_of": self.as_of.isoformat() if self.as_of else None, "kind": self.kind,
                "changes": [c.to_json() for c in self.changes]}


@dataclass
class MergedDossier:
    entity_id: str  # the entry it was opened from
    caption: str
    schema: str
    members: list[Member]
    names: list[Value]
    facts: list[Value]
    identifiers: list[Value]
    addresses: list[Value]
    sanctions: list[Sanction]
    relationships: list[Link]
    history: list[Step]
    opened: Dossier  # the per-entry dossier of the entry it was opened from

    @property
    def scripts(self) -> dict[str, list[Value]]:
        grouped: dict[str, list[Value]] = {}
        for name in self.names:
            grouped.setdefault(name.script, []).append(name)
        return grouped

    def imo_numbers(self) -> set[str]:
        """The vessel's IMO numbers as bare digits, from every member entry."""
        return {_bare_imo(i.value) for i in self.identifiers if "IMO" in i.kind.upper() and _bare_imo(i.value)}

    def to_json(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id, "caption": self.caption, "schema": self.schema,
            "members": [m.to_json() for m in self.members],
            "names": [n.to_json() for n in self.names],
            "scripts": {script: [n.to_json() for n in names] for script, names in self.scripts.items()},
            "facts": [f.to_json() for f in self.facts],
            "identifiers": [i.to_json() for i in self.identifiers],
            "addresses": [a.to_json() for a in self.addresses],
            "sanctions": [s.to_json() for s in self.sanctions],
            "relationships": [r.to_json() for r in self.relationships],
            "history": [h.to_json() for h in self.history],
        }


def merged_dossier(store: Store, key: str, members_of: Callable[[str], list[str]] | None = None) -> MergedDossier:
    """The dossier of the entity whose entry is named by `key` (entity id, list id or
    `list:list_id`; NotFound if none). `members_of(entity_id)` gives the entity ids reconciled
    with it (the reconciliation); without it the dossier holds the one entry."""
    opened = build_dossier(store, key)
    member_ids = [opened.entity_id] + [m for m in (members_of(opened.entity_id) if members_of else [])
                                       if m != opened.entity_id]
    read = [(opened, *_held(store, opened.entity_id))] + [
        (build_dossier(store, m), *_held(store, m)) for m in member_ids[1:]]
    dossier = MergedDossier(opened.entity_id, opened.caption, opened.schema, [], [], [], [], [], [], [], [], opened)
    names: dict[tuple, Value] = {}
    facts: dict[tuple, Value] = {}
    identifiers: dict[tuple, Value] = {}
    addresses: dict[tuple, Value] = {}
    links: dict[tuple, Link] = {}
    for entry_dossier, entry, held in read:
        source = _source(store, entry, held[-1][0])
        dossier.members.append(_member(entry_dossier, source, entry_dossier.entity_id == opened.entity_id))
        if designates(entry.list):  # a Panel report names a party; it imposes nothing
            dossier.sanctions.append(_sanction(entry, entry_dossier, source))
        for name in entry_dossier.names:
            _add(names, (_fold(name.value), name.script), source, lambda n=name: Value(n.value, n.kind, script=n.script),
                 kind=name.kind)
        for label, value in entry_dossier.facts:
            _add(facts, (label, _fold(value)), source, lambda l=label, v=value: Value(v, l))
        for ident in entry_dossier.identifiers:
            _add(identifiers, (_identifier_key(ident.kind, ident.value),), source,
                 lambda i=ident: Value(i.value, i.kind, country=i.country, note=i.note))
        for address in entry_dossier.addresses:
            _add(addresses, (_fold(address),), source, lambda a=address: Value(a, "address"))
        for rel in entry_dossier.relationships:
            other = members_of(rel.other_id)[0] if members_of and rel.other_list else rel.other_id
            key_ = (rel.kind, rel.role, other)
            if key_ not in links:
                links[key_] = Link(rel.kind, rel.role, rel.other_id, rel.other_caption, rel.other_list, rel.detail)
            if source not in links[key_].sources:
                links[key_].sources.append(source)
        dossier.history.extend(_history(entry_dossier, source.label, held))
    dossier.names, dossier.facts = list(names.values()), list(facts.values())
    dossier.identifiers, dossier.addresses = list(identifiers.values()), list(addresses.values())
    dossier.relationships = list(links.values())
    dossier.history.sort(key=lambda s: (s.as_of or date.min, s.snapshot_id), reverse=True)
    return dossier


def evidence_quotes(neighbourhood: dict) -> list[dict]:
    """The source's own words for every link of the neighbourhood (as the target package quotes them)."""
    quotes = []
    for node in neighbourhood.get("neighbours") or []:
        evidence = node.get("evidence") or {}
        if evidence.get("document"):
            quotes.append({"caption": node["caption"], "entity_id": node.get("entity_id"), "label": node["label"],
                           "list": evidence.get("list"), "list_id": evidence.get("list_id"),
                           "quote": evidence["document"], "known_on": evidence.get("known_on")})
    return quotes


def _held(store: Store, entity_id: str) -> tuple[Entry, list]:
    held = store.history(entity_id)
    return held[-1][1], held


def _source(store: Store, entry: Entry, snapshot) -> Source:
    designation = designation_of(store, entry)
    if designation is None:  # a Panel record: it names the party and gives no designation date
        return Source(entry.list, entry.list_id, entry.entity_id, snapshot.snapshot_id, snapshot.as_of, "", "")
    return Source(entry.list, entry.list_id, entry.entity_id, snapshot.snapshot_id, snapshot.as_of,
                  designation.date.text(), designation.date.basis)


def _member(entry: Dossier, source: Source, opened: bool) -> Member:
    return Member(source, entry.caption, entry.schema, title_of(entry.list),
                  AUTHORITIES.get(entry.list, entry.list), tuple(entry.programs),
                  entry.designation.get("implements"), entry.designation.get("citation"), entry.current, opened)


def _sanction(entry: Entry, entry_dossier: Dossier, source: Source) -> Sanction:
    stated = [e for e in entry.entities if e.schema.name == "Sanction"]
    values = lambda prop: tuple(dict.fromkeys(v for s in stated for v in s.get(prop, quiet=True)))  # noqa: E731
    return Sanction(source, entry.authority, ", ".join(values("authority")) or title_of(entry.list),
                    tuple(entry.programs) or values("program"), entry_dossier.designation.get("implements"),
                    values("provisions"), values("reason"), entry_dossier.designation.get("citation"))


def _add(found: dict[tuple, Value], key: tuple, source: Source, make: Callable[[], Value], kind: str = "") -> None:
    if key not in found:
        found[key] = make()
    value = found[key]
    if kind and kind not in value.kind.split(", "):
        value.kind = f"{value.kind}, {kind}"
    if source not in value.sources:
        value.sources.append(source)


def _fold(text: str) -> str:
    """Two spellings of one value that differ only in case, accents' encoding or spacing."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().replace(",", " ").split())


def _bare_imo(value: str) -> str:
    digits = "".join(c for c in value if c.isdigit())
    return digits if len(digits) == 7 else ""


def _identifier_key(kind: str, value: str) -> str:
    """An IMO number is one identifier whether written `IMO 8660313`, `IMO8660313` or `8660313`."""
    if "IMO" in kind.upper() and _bare_imo(value):
        return "imo:" + _bare_imo(value)
    return "".join(c for c in value.casefold() if c.isalnum())


def _history(entry_dossier: Dossier, label: str, held: list) -> list[Step]:
    """The entry's snapshots, each amendment with its old -> new values."""
    by_snapshot = {snapshot.snapshot_id: entry for snapshot, entry in held}
    order = [snapshot.snapshot_id for snapshot, _ in held]
    steps = []
    for step in entry_dossier.history:
        changes: tuple[ValueChange, ...] = ()
        if step.kind == "amended" and step.snapshot_id in by_snapshot:
            position = order.index(step.snapshot_id)
            if position > 0:
                changes = value_changes(by_snapshot[order[position - 1]], by_snapshot[step.snapshot_id])
        steps.append(Step(label, step.snapshot_id, step.as_of, step.kind, changes))
    return steps


def value_changes(before: Entry, after: Entry) -> tuple[ValueChange, ...]:
    """What one list entry says differently in two snapshots, property by property."""
    old, new = _statements(before), _statements(after)
    return tuple(ValueChange(label, tuple(sorted(old.get(label, ()))), tuple(sorted(new.get(label, ()))))
                 for label in sorted(old.keys() | new.keys()) if old.get(label, set()) != new.get(label, set()))


def _statements(entry: Entry) -> dict[str, set[str]]:
    """label -> values, for the main entity (`alias`) and what is attached to it (`Address: city`)."""
    found: dict[str, set[str]] = {}
    for position, entity in enumerate(entry.entities):
        for prop_name, values in entity.properties.items():
            if prop_name in _PLUMBING:
                continue
            prop = entity.schema.properties[prop_name]
            label = prop.name if position == 0 else f"{entity.schema.label}: {prop.label}"
            found.setdefault(label, set()).update(_shown(values))
    return found


def _shown(values: Iterable[str]) -> set[str]:
    return {v for v in values if v}

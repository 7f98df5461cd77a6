"""Everything the store knows about one list entry, laid out for a reader.

The entity page of the workbench and the target package of the brief show the same dossier:
names and aliases grouped by script, identifiers, addresses, relationships (with the other end
resolved to its own list entry where the store holds it), and the entry's history snapshot by
snapshot. Building it is plain data work; rendering belongs to the surfaces.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from followthemoney.proxy import EntityProxy

from maxpressure.designations import designation_of
from maxpressure.model import AUTHORITIES, Entry, title_of
from maxpressure.store import Store
from maxpressure.store.changes import changed_properties
from maxpressure.store.codec import entity_to_dict

# Name-like properties of the main entity, and how the page labels them.
NAME_PROPERTIES = {
    "name": "name", "alias": "alias", "weakAlias": "weak alias", "previousName": "former name",
    "firstName": "first name", "lastName": "last name", "middleName": "middle name",
}
# Schemata of attached documents that identify the holder.
DOCUMENT_SCHEMATA = {"Passport", "Identification"}
# Scripts a reader cares to tell apart, by the Unicode character name's first word.
SCRIPT_NAMES = {"HANGUL": "Hangul", "CJK": "Chinese characters", "CYRILLIC": "Cyrillic",
                "ARABIC": "Arabic", "LATIN": "Latin", "HIRAGANA": "Japanese", "KATAKANA": "Japanese"}


@dataclass(frozen=True)
class Name:
    value: str
    kind: str  # name, alias, former name ...
    script: str


@dataclass(frozen=True)
class Identifier:
    kind: str  # passport, IMO number, SWIFT/BIC ...
    value: str
    country: str = ""
    note: str = ""


@dataclass(frozen=True)
class Relationship:
    kind: str  # the FtM schema: UnknownLink, Ownership, Family ...
    role: str  # what the other party is to this one: "linked to", "owner", "asset" ...
    other_id: str
    other_caption: str
    other_list: str | None = None  # set when the other end is itself a list entry in the store
    detail: str = ""


@dataclass(frozen=True)
class HistoryStep:
    snapshot_id: int
    as_of: date | None
    kind: str  # listed, amended, unchanged, removed
    changed: tuple[str, ...] = ()


@dataclass
class Dossier:
    entity_id: str
    list: str
    list_id: str
    list_title: str
    authority: str
    schema: str
    caption: str
    programs: list[str]
    listed_on: date | None  # the list's own date, where it gives one
    designation: dict[str, Any]  # the designation record: authority, implements, date with its basis
    names: list[Name]
    facts: list[tuple[str, str]]  # (label, value): birth date, nationality, flag, notes ...
    identifiers: list[Identifier]
    addresses: list[str]
    relationships: list[Relationship]
    history: list[HistoryStep]
    current: bool  # whether the newest snapshot of its list still holds the entry
    entities: list[dict[str, Any]] = field(default_factory=list)  # raw FtM, for the JSON API

    @property
    def scripts(self) -> dict[str, list[Name]]:
        grouped: dict[str, list[Name]] = {}
        for name in self.names:
            grouped.setdefault(name.script, []).append(name)
        return grouped


def script_of(text: str) -> str:
    """The script of a name, from its letters: Latin, Hangul, Chinese characters, Cyrillic ..."""
    seen: list[str] = []
    for char in text:
        if not char.isalpha():
            continue
        first = unicodedata.name(char, "UNKNOWN").split(" ")[0]
        script = SCRIPT_NAMES.get(first, "Other")
        if script not in seen:
            seen.append(script)
    if not seen:
        return "Other"
    # A name mixing Latin with another script is filed under the other one: that is its reading.
    non_latin = [s for s in seen if s != "Latin"]
    return non_latin[0] if non_latin else "Latin"


def build_dossier(store: Store, key: str) -> Dossier:
    """The dossier of the entry named by entity id, list id or `list:list_id` (NotFound if none)."""
    from maxpressure.store.codec import entity_to_dict

    held = store.history(key)
    snapshot, entry = held[-1]
    latest = store.latest(entry.list)
    main = entry.entity
    return Dossier(
        entity_id=entry.entity_id,
        list=entry.list,
        list_id=entry.list_id,
        list_title=title_of(entry.list),
        authority=AUTHORITIES.get(entry.list, entry.list),
        schema=entry.schema,
        caption=entry.caption,
        programs=list(entry.programs),
        listed_on=entry.listed_on,
        designation=_designation(store, entry),
        names=_names(main),
        facts=_facts(main),
        identifiers=_identifiers(entry),
        addresses=_addresses(entry),
        relationships=_relationships(store, entry),
        history=_history(store, entry, held),
        current=latest is not None and latest.snapshot_id == snapshot.snapshot_id,
        entities=[entity_to_dict(e) for e in entry.entities],
    )


def _designation(store: Store, entry: Entry) -> dict[str, Any]:
    """The entry's designation record; empty for a record of a dataset that designates nobody."""
    designation = designation_of(store, entry)
    return designation.to_json() if designation else {}


def _names(main: EntityProxy) -> list[Name]:
    names, seen = [], set()
    for prop, label in NAME_PROPERTIES.items():
        if prop not in main.schema.properties:
            continue
        for value in main.get(prop):
            if (value, label) not in seen:
                seen.add((value, label))
                names.append(Name(value, label, script_of(value)))
    return names


_FACT_PROPERTIES = {
    "birthDate": "birth date", "birthPlace": "birth place", "nationality": "nationality",
    "citizenship": "citizenship", "gender": "gender", "position": "position", "title": "title",
    "flag": "flag", "type": "vessel type", "buildDate": "built", "tonnage": "tonnage",
    "incorporationDate": "incorporated", "jurisdiction": "jurisdiction", "country": "country",
    "legalForm": "legal form", "notes": "notes", "summary": "summary",
}


def _facts(main: EntityProxy) -> list[tuple[str, str]]:
    facts = []
    for name, label in _FACT_PROPERTIES.items():
        prop = main.schema.properties.get(name)
        if prop is not None:
            # The type's caption turns codes into words: "kp" -> "North Korea".
            facts.extend((label, prop.type.caption(value, format=None) or value) for value in main.get(prop))
    return facts


def _identifiers(entry: Entry) -> list[Identifier]:
    found: list[Identifier] = []
    for doc in entry.entities[1:]:
        if doc.schema.name in DOCUMENT_SCHEMATA:
            for number in doc.get("number"):
                found.append(Identifier(
                    ", ".join(doc.get("type")) or doc.schema.label, number,
                    ", ".join(doc.get("country")), "; ".join(doc.get("summary"))))
    # The same number is often both a property of the entity and a document: show it once,
    # from the document, which carries the issuing country and notes.
    documented = {i.value for i in found}
    main = entry.entity
    for prop in main.schema.properties.values():
        if prop.type.name == "identifier" and prop.name != "programId":
            found.extend(Identifier(prop.label, v) for v in main.get(prop) if v not in documented)
    return found


def _addresses(entry: Entry) -> list[str]:
    found: list[str] = []
    for ent in entry.entities[1:]:
        if ent.schema.name == "Address":
            found.extend(ent.get("full") or [ent.caption])
    for value in entry.entity.get("address", quiet=True):
        if value not in found:
            found.append(value)
    return found


def _relationships(store: Store, entry: Entry) -> list[Relationship]:
    main_id = entry.entity_id
    links = []
    for ent in entry.entities[1:]:
        schema = ent.schema
        if not schema.edge or not schema.source_prop or not schema.target_prop:
            continue
        sources, targets = ent.get(schema.source_prop), ent.get(schema.target_prop)
        if main_id in sources:
            role, others = schema.target_prop.label, targets
        elif main_id in targets:
            role, others = schema.source_prop.label, sources
        else:
            continue
        detail = "; ".join(ent.get("role", quiet=True) + ent.get("relationship", quiet=True)
                           + ent.get("summary", quiet=True))
        for other in others:
            links.append((schema.name, role, other, detail))
    # Vessel owner/operator, and the like, point straight at another entity.
    for prop in entry.entity.schema.properties.values():
        if prop.type.name == "entity" and prop.name not in {"addressEntity", "proof"}:
            for other in entry.entity.get(prop):
                links.append((entry.schema, prop.label, other, ""))
    return [_resolve(store, entry, *link) for link in links]


def _resolve(store: Store, entry: Entry, kind: str, role: str, other_id: str, detail: str) -> Relationship:
    """Name the other end: an entity of the same entry, or a list entry the store holds."""
    for ent in entry.entities:
        if ent.id == other_id:
            return Relationship(kind, role, other_id, ent.caption, None, detail)
    row = store.con.execute(
        "SELECT list, caption FROM entries WHERE entity_id = ? ORDER BY snapshot_id DESC LIMIT 1",
        [other_id]).fetchone()
    if row:
        return Relationship(kind, role, other_id, row[1], row[0], detail)
    return Relationship(kind, role, other_id, other_id, None, detail)


def _history(store: Store, entry: Entry, held: list) -> list[HistoryStep]:
    """Every snapshot of the entry's list from its first appearance: listed, amended, removed.

    Read from the entry's own rows (`held`: every snapshot holding it, with its content there),
    not from the list's change log, which diffs every entry of every snapshot (thousands of rows
    for OFAC) to say what one entry did."""
    by_snapshot = {snapshot.snapshot_id: held_entry for snapshot, held_entry in held}
    steps, previous = [], None
    for snapshot in store.snapshots(entry.list):
        now = by_snapshot.get(snapshot.snapshot_id)
        if now is not None and previous is None:
            steps.append(HistoryStep(snapshot.snapshot_id, snapshot.as_of, "listed"))
        elif previous is not None and now is None:
            steps.append(HistoryStep(snapshot.snapshot_id, snapshot.as_of, "removed"))
        elif now is not None:
            changed = _changed(previous, now)
            steps.append(HistoryStep(snapshot.snapshot_id, snapshot.as_of, "amended", tuple(changed)) if changed
                         else HistoryStep(snapshot.snapshot_id, snapshot.as_of, "unchanged"))
        previous = now
    return steps


def _changed(before: Entry, after: Entry) -> list[str]:
    """What differs between two snapshots' rows of one entry, named as the store's change log
    names it (`store.changes.changed_properties`, plus programs and listed_on)."""
    def text(entry: Entry) -> str:
        return json.dumps([entity_to_dict(e) for e in entry.entities])

    changed = changed_properties(text(before), text(after))
    if sorted(before.programs) != sorted(after.programs):
        changed.append("programs")
    if before.listed_on != after.listed_on:
        changed.append("listed_on")
    return sorted(changed)

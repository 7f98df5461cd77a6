"""OFAC's advanced XML (`SDN_ADVANCED.XML`, `CONS_ADVANCED.XML`) to FtM entities, with listing dates.

The advanced format is OFAC's only export that dates its entries: each `SanctionsEntry` carries an
`EntryEvent` of type "Created" with the day the entry was put on that list. It is normalised: a
`DistinctParty` (FixedRef = the legacy ent_num) holds names and features whose types are ids into
`ReferenceValueSets`; addresses and identity documents live in their own sections and are joined
by id. Every id is resolved through the file's own reference tables, never assumed.

Entries are built as the legacy parsers build them (same list names, list ids, entity ids,
programme labels; features and documents are written back as the remark OFAC prints, `Passport
U00242309`, and typed by the same rule table), so one entry read from sdn.csv, sdn.xml or the
advanced file is the same entry in the store. CONS_ADVANCED.XML also repeats the SDN entries of
parties that are on both lists; a file yields only the entries of its own list.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Sequence

from lxml import etree

from maxpressure.errors import InputError
from maxpressure.model import Entry, ParsedList, entry_entity_id, make_entity, sub_entity_id
from maxpressure.sources import ofac_remarks
from maxpressure.sources.entities import add_entity
from maxpressure.sources.files import read_bytes, strip_name
from maxpressure.sources.ofac_advanced_values import (
    References,
    child,
    children,
    date_of,
    feature_values,
    location_address,
    period_start,
)
from maxpressure.sources.ofac_csv import add_address, add_vessel_details, ofac_sanction, remark_warnings
from maxpressure.sources.ofac_xml import CONSOLIDATED_LIST, LIST
from maxpressure.sources.xmlsafe import local_name, parse_xml, text_of

SOURCE_URLS = {
    LIST: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_ADVANCED.XML",
    CONSOLIDATED_LIST: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_ADVANCED.XML",
}
SDN_LIST = "SDN List"  # the ListValues name of the SDN list; every other list is a non-SDN list
CREATED = "created"  # the EntryEventType that dates a listing
DEFAULT_CREATED_ID = "1"  # only when a file gives no EntryEventTypeValues table to resolve it
# The two namespaces OFAC has used for this schema (the UN's draft standard, and its own in newer files).
NAMESPACE_MARKS = (b"http://www.un.org/sanctions/1.0", b"/exports/ADVANCED_XML")
REQUIRED_SECTIONS = ("DateOfIssue", "ReferenceValueSets", "Locations", "IDRegDocuments",
                     "DistinctParties", "SanctionsEntries")

SCHEMA_OF_SUBTYPE = {"vessel": "Vessel", "aircraft": "Airplane"}
SCHEMA_OF_PARTY_TYPE = {"individual": "Person", "entity": "Organization"}
ALIAS_PROPERTY = {"a.k.a.": "alias", "n.k.a.": "alias", "f.k.a.": "previousName"}
LAST_NAME_PARTS = {"last name", "maiden name"}
# Feature type -> the label sdn.csv prints for it, so the remark rules type the value.
REMARK_LABEL = {"birthdate": "DOB", "place of birth": "POB", "nationality country": "nationality",
                "citizenship country": "citizen"}
# Feature type -> argument of ofac_csv.add_vessel_details.
VESSEL_FEATURES = {"vessel call sign": "call_sign", "vessel type": "kind", "vessel tonnage": "tonnage",
                   "vessel gross registered tonnage": "grt", "vessel flag": "flag", "vessel owner": "owner_name"}
ADDRESS_FEATURE = "location"


class BadParty(Exception):
    """One DistinctParty OFAC wrote inconsistently: counted and left out, never fatal."""


def sniff(path: Path, head: bytes) -> bool:
    return b"<Sanctions" in head and any(mark in head for mark in NAMESPACE_MARKS)


def parse(paths: Sequence[Path], as_of: date | None = None) -> ParsedList:
    if len(paths) != 1:
        raise InputError(paths[0] if paths else None, "an OFAC advanced XML list is one file; got several")
    path = Path(paths[0])
    root = parse_xml(read_bytes(path), path)
    if local_name(root) != "Sanctions":
        raise InputError(path, f"not an OFAC advanced XML list: root element is <{local_name(root)}>",
                         line=root.sourceline)
    for section in REQUIRED_SECTIONS:
        if child(root, section) is None:
            raise InputError(path, f"not an OFAC advanced XML list: no <{section}>", line=root.sourceline)
    refs = References(child(root, "ReferenceValueSets"))
    published = date_of(child(root, "DateOfIssue"))
    if as_of is None and published is None:
        raise InputError(path, "no valid DateOfIssue; give the list's date with --as-of", line=root.sourceline)
    sanctions = _sanctions_by_profile(child(root, "SanctionsEntries"), path)
    list_name = _list_name(path, refs, sanctions)
    locations = {el.get("ID"): el for el in children(child(root, "Locations"), "Location")}
    documents: dict[str, list[etree._Element]] = {}
    for document in children(child(root, "IDRegDocuments"), "IDRegDocument"):
        documents.setdefault(document.get("IdentityID"), []).append(document)

    builder = _Builder(refs, locations, documents, list_name)
    entries, pending_links, seen, by_profile = [], {}, set(), {}
    other_list = bad = 0
    first_bad = ""
    for party in children(child(root, "DistinctParties"), "DistinctParty"):
        profile = child(party, "Profile")
        profile_id = (profile.get("ID") if profile is not None else None) or ""
        own = [e for e in sanctions.get(profile_id, []) if _on_list(refs, e.get("ListID"), list_name)]
        if profile is None or not own:
            other_list += 1
            continue
        try:
            entry, links = builder.entry(party, profile, own)
        except BadParty as exc:
            bad += 1
            first_bad = first_bad or f"FixedRef {party.get('FixedRef')} (line {party.sourceline}): {exc}"
            continue
        if entry.list_id in seen:
            raise InputError(path, f"FixedRef {entry.list_id} appears twice", line=party.sourceline)
        seen.add(entry.list_id)
        entries.append(entry)
        by_profile[profile_id] = entry
        if links:
            pending_links[entry.list_id] = links

    report = ofac_remarks.link_entries(entries, pending_links)
    outside = _relationships(child(root, "ProfileRelationships"), refs, by_profile)
    warnings = _warnings(list_name, other_list, bad, first_bad, builder.undated, outside)
    return ParsedList(list=list_name, as_of=as_of or published, source_files=[str(path)], entries=entries,
                      warnings=warnings + remark_warnings(report, builder.counts))


def _sanctions_by_profile(section: etree._Element, path: Path) -> dict[str, list[etree._Element]]:
    found: dict[str, list[etree._Element]] = {}
    for entry in children(section, "SanctionsEntry"):
        profile = entry.get("ProfileID")
        if not profile:
            raise InputError(path, f"SanctionsEntry {entry.get('ID')} without ProfileID", line=entry.sourceline)
        found.setdefault(profile, []).append(entry)
    return found


def _list_name(path: Path, refs: References, sanctions: dict[str, list[etree._Element]]) -> str:
    """SDN_ADVANCED.XML is the SDN list, CONS_ADVANCED.XML the non-SDN one; a renamed copy is
    told by its content: the consolidated file is the one with entries on a non-SDN list."""
    name = strip_name(path).lower()
    if "cons" in name:
        return CONSOLIDATED_LIST
    if "sdn" in name:
        return LIST
    non_sdn = any(not _on_list(refs, e.get("ListID"), LIST) for group in sanctions.values() for e in group)
    return CONSOLIDATED_LIST if non_sdn else LIST


def _on_list(refs: References, list_id: str | None, list_name: str) -> bool:
    """Whether a SanctionsEntry belongs to `list_name`: the SDN List, or any non-SDN list."""
    if list_id is None or not refs.has("List"):
        return True  # an entry that names no list is on the file's own list
    is_sdn = refs.name_or_none("List", list_id) == SDN_LIST
    return is_sdn if list_name == LIST else not is_sdn


class _Builder:
    """Turns one DistinctParty and its SanctionsEntries into an Entry."""

    def __init__(self, refs: References, locations: dict, documents: dict, list_name: str):
        self.refs, self.locations, self.documents = refs, locations, documents
        self.list_name = list_name
        self.counts = ofac_remarks.RemarkCounts()
        self.created = refs.ids_named("EntryEventType", CREATED, default=DEFAULT_CREATED_ID)
        self.undated = 0

    def entry(self, party: etree._Element, profile: etree._Element, own: list[etree._Element]):
        list_id = (party.get("FixedRef") or "").strip()
        if not list_id:
            raise BadParty("DistinctParty without FixedRef")
        schema = self._schema(profile)
        identities = children(profile, "Identity")
        primary = next((i for i in identities if i.get("Primary") == "true"), identities[0] if identities else None)
        if primary is None:
            raise BadParty("Profile without Identity")
        main = make_entity(schema, entry_entity_id(self.list_name, list_id))
        caption = self._names(main, primary)
        main.add("topics", "sanction", cleaned=True)
        entities = [main]
        facts = ofac_remarks.extract(" ".join(text_of(c) for c in children(party, "Comment")))
        facts += [self._document_fact(d) for i in identities for d in self.documents.get(i.get("ID"), [])]
        vessel: dict[str, str] = {}
        addresses = []
        for feature in children(profile, "Feature"):
            kind = self.refs.name("FeatureType", feature.get("FeatureTypeID"), BadParty)
            if kind.lower() == ADDRESS_FEATURE:
                addresses += [self._location(v.get("LocationID")) for fv in children(feature, "FeatureVersion")
                              for v in children(fv, "VersionLocation")]
                continue
            for value in feature_values(feature, self.refs, self.locations, BadParty):
                if kind.lower() in VESSEL_FEATURES:
                    vessel.setdefault(VESSEL_FEATURES[kind.lower()], value)
                else:
                    facts.append(ofac_remarks.classify(f"{REMARK_LABEL.get(kind.lower(), kind)} {value}"))
        links = ofac_remarks.apply(facts, main, entities, self.counts)
        if schema == "Vessel" and vessel:
            add_vessel_details(main, entities, *(vessel.get(k, "") for k in (
                "call_sign", "kind", "tonnage", "grt", "flag", "owner_name")))

        programs, provisions, listed_on = self._listing(own)
        sanction = ofac_sanction(main.id, list_id, programs, self.list_name, SOURCE_URLS[self.list_name])
        sanction.add("provisions", provisions)
        sanction.add("listingDate", listed_on.isoformat() if listed_on else None)
        entities.append(sanction)
        entry = Entry(list=self.list_name, list_id=list_id, schema=schema, caption=caption, programs=programs,
                      listed_on=listed_on, entities=entities)
        for parts in addresses:
            add_address(entry, **parts)
        return entry, links

    def _schema(self, profile: etree._Element) -> str:
        subtype = self.refs.item("PartySubType", profile.get("PartySubTypeID"), BadParty)
        party_type = self.refs.name("PartyType", subtype.get("PartyTypeID"), BadParty).lower()
        schema = SCHEMA_OF_SUBTYPE.get(text_of(subtype).lower()) or SCHEMA_OF_PARTY_TYPE.get(party_type)
        if schema is None:
            raise BadParty(f"party type {party_type!r} / {text_of(subtype)!r} is not a person, entity, vessel or aircraft")
        return schema

    def _names(self, main, identity: etree._Element) -> str:
        """Names as the legacy files write them ("LAST, First"), so the formats compare equal."""
        part_types = {g.get("ID"): self.refs.name("NamePartType", g.get("NamePartTypeID"), BadParty).lower()
                      for g in identity.iter() if local_name(g) == "NamePartGroup"}
        caption = ""
        for alias in children(identity, "Alias"):
            alias_type = self.refs.name("AliasType", alias.get("AliasTypeID"), BadParty).lower()
            for number, documented in enumerate(children(alias, "DocumentedName")):
                parts = [(part_types.get(v.get("NamePartGroupID"), ""), text_of(v))
                         for p in children(documented, "DocumentedNamePart") for v in children(p, "NamePartValue")]
                last = " ".join(v for t, v in parts if t in LAST_NAME_PARTS and v)
                first = " ".join(v for t, v in parts if t not in LAST_NAME_PARTS and v)
                name = f"{last}, {first}" if last and first else (last or first)
                if not name:
                    continue
                if alias.get("Primary") == "true" and number == 0 and not caption:
                    caption = name
                    main.add("name", name)
                    if main.schema.name == "Person":
                        main.add("firstName", first or None)
                        main.add("lastName", last or None)
                elif alias.get("LowQuality") == "true" and alias_type in ("a.k.a.", "n.k.a."):
                    main.add("weakAlias", name)
                else:
                    main.add(ALIAS_PROPERTY.get(alias_type, "alias"), name)
        if not caption:
            raise BadParty("no primary name")
        return caption

    def _document_fact(self, document: etree._Element) -> ofac_remarks.Fact:
        """An IDRegDocument as the remark OFAC prints ("Passport U00242309"), with its country and dates."""
        kind = self.refs.name("IDRegDocType", document.get("IDRegDocTypeID"), BadParty)
        fact = ofac_remarks.classify(f"{kind} {text_of(child(document, 'IDRegistrationNo'))}".strip())
        if document.get("IssuedBy-CountryID"):
            fact.country = self.refs.name("Country", document.get("IssuedBy-CountryID"), BadParty)
        for dated in children(document, "DocumentDate"):
            day = self.refs.name("IDRegDocDateType", dated.get("IDRegDocDateTypeID"), BadParty).lower()
            period = period_start(child(dated, "DatePeriod"))
            if period and day.startswith("issue"):
                fact.issued = period
            elif period and day.startswith("expir"):
                fact.expires = period
        return fact

    def _location(self, location_id: str | None) -> dict[str, str]:
        location = self.locations.get(location_id or "")
        if location is None:
            raise BadParty(f"Location {location_id} is not in <Locations>")
        return location_address(location, self.refs, BadParty)

    def _listing(self, own: list[etree._Element]) -> tuple[tuple[str, ...], list[str], date | None]:
        """Programmes, measures and the earliest "Created" date of the party's entries on this list."""
        programs: list[str] = []
        provisions: list[str] = []
        created: list[date] = []
        for sanction in own:
            for event in children(sanction, "EntryEvent"):
                if event.get("EntryEventTypeID") in self.created:
                    day = date_of(child(event, "Date"))
                    if day is None:
                        raise BadParty(f"EntryEvent {event.get('ID')} has no valid Date")
                    created.append(day)
            for measure in children(sanction, "SanctionsMeasure"):
                kind = self.refs.name("SanctionsType", measure.get("SanctionsTypeID"), BadParty)
                value = text_of(child(measure, "Comment")) if kind.lower() == "program" else kind
                target = programs if kind.lower() == "program" else provisions
                if value and value not in target:
                    target.append(value)
        if not created:
            self.undated += 1
        return tuple(programs), provisions, min(created, default=None)


def _relationships(section: etree._Element | None, refs: References, by_profile: dict[str, Entry]) -> int:
    """ProfileRelationships between two entries of the list, as UnknownLinks on the From entry.

    The link gets the id the legacy parsers give OFAC's "Linked To" remark for the same pair, so
    both formats state one link; its role is OFAC's relation type ("Owned or Controlled By").
    Returns how many relationships name a party outside the list (left out).
    """
    outside = 0
    for relation in children(section, "ProfileRelationship"):
        subject = by_profile.get(relation.get("From-ProfileID") or "")
        target = by_profile.get(relation.get("To-ProfileID") or "")
        if subject is None or target is None:
            outside += 1
            continue
        link = make_entity("UnknownLink", sub_entity_id(subject.entity_id, "link", target.entity_id))
        link.add("subject", subject.entity_id, cleaned=True)
        link.add("object", target.entity_id, cleaned=True)
        link.add("role", refs.name_or_none("RelationType", relation.get("RelationTypeID")) or "Linked To")
        link.add("description", target.caption)
        if relation.get("Former") == "true":
            link.add("summary", "former relationship")
        add_entity(subject.entities, link)
    return outside


def _warnings(list_name: str, other_list: int, bad: int, first_bad: str, undated: int, outside: int) -> list[str]:
    warnings = []
    if other_list:
        warnings.append(f"{other_list} parties have no entry on the {list_name} list; left out")
    if bad:
        warnings.append(f"{bad} parties could not be read and were left out (first: {first_bad})")
    if undated:
        warnings.append(f"{undated} entries carry no 'Created' event; their listing date is unknown")
    if outside:
        warnings.append(f"{outside} ProfileRelationships name a party that is not on the {list_name} list; left out")
    return warnings

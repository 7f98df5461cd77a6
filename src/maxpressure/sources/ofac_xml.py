"""OFAC XML (`sdn.xml` and the non-SDN `consolidated.xml`, one schema) to FtM entities.

The same entity model as the CSV parser, read from structured elements instead of free text.
`idList/id` is OFAC's catch-all ("Passport", "SWIFT/BIC", but also "Website", "Target Type" and
sanctions notices), so each id is written back as the remark segment OFAC would print
(`Passport 109110001`) and typed by the same rule table as the CSV remarks; what no rule claims
stays a note. OFAC changed the XML namespace over the years, so elements are matched by local name.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Sequence

from lxml import etree

from maxpressure.errors import InputError
from maxpressure.model import Entry, ParsedList, entry_entity_id, make_entity
from maxpressure.sources import ofac_remarks
from maxpressure.sources.files import read_bytes, strip_name
from maxpressure.sources.ofac_csv import (
    add_address,
    add_vessel_details,
    ofac_sanction,
    remark_warnings,
)
from maxpressure.sources.xmlsafe import local_name, parse_xml

# Parsers register under one name; the list each file produces depends on which file it is.
LIST = "us_ofac_sdn"
CONSOLIDATED_LIST = "us_ofac_cons"

SOURCE_URLS = {
    LIST: "https://www.treasury.gov/ofac/downloads/sdn.xml",
    CONSOLIDATED_LIST: "https://www.treasury.gov/ofac/downloads/consolidated/consolidated.xml",
}

# (list element, value element, the remark label OFAC prints for it in sdn.csv)
PERSONAL_DATA = (
    ("dateOfBirthList", "dateOfBirth", "DOB"),
    ("placeOfBirthList", "placeOfBirth", "POB"),
    ("nationalityList", "country", "nationality"),
    ("citizenshipList", "country", "citizen"),
)

SCHEMA_OF_TYPE = {"individual": "Person", "entity": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}
AKA_PROPERTY = {("a.k.a.", "strong"): "alias", ("a.k.a.", "weak"): "weakAlias",
                ("n.k.a.", "strong"): "alias", ("n.k.a.", "weak"): "weakAlias"}


def sniff(path: Path, head: bytes) -> bool:
    return b"<sdnList" in head


def list_name_for(path: Path) -> str:
    """sdn.xml is the SDN list; consolidated.xml (and its dated copies) the non-SDN list."""
    name = strip_name(path).lower()
    return CONSOLIDATED_LIST if "consolidated" in name or name.startswith("cons_") else LIST


def parse(paths: Sequence[Path], as_of: date | None = None) -> ParsedList:
    if len(paths) != 1:
        raise InputError(paths[0] if paths else None, "an OFAC XML list is one file; got several")
    path = Path(paths[0])
    root = parse_xml(read_bytes(path), path)
    if local_name(root) != "sdnList":
        raise InputError(path, f"not an OFAC sdnList: root element is <{local_name(root)}>", line=root.sourceline)
    list_name = list_name_for(path)
    elements = _children_by_name(root)
    published = _publish_date(elements.get("publshInformation", [None])[0])
    if as_of is None and published is None:
        raise InputError(path, "no Publish_Date in publshInformation; give the list's date with --as-of",
                         line=root.sourceline)

    _check_record_count(elements, path)

    counts = ofac_remarks.RemarkCounts()
    entries, pending_links, seen = [], {}, set()
    for element in elements.get("sdnEntry", []):
        entry, links = _entry(element, list_name, path, counts)
        if entry.list_id in seen:
            raise InputError(path, f"uid {entry.list_id} appears twice", line=element.sourceline)
        seen.add(entry.list_id)
        entries.append(entry)
        if links:
            pending_links[entry.list_id] = links
    report = ofac_remarks.link_entries(entries, pending_links)
    return ParsedList(
        list=list_name,
        as_of=as_of or published,
        source_files=[str(path)],
        entries=entries,
        warnings=remark_warnings(report, counts),
    )


def _check_record_count(elements: dict[str, list[etree._Element]], path: Path) -> None:
    """OFAC states how many entries the file holds; a file holding another number is not the
    list OFAC published (a well-formed file can still have been edited or re-assembled)."""
    info = elements.get("publshInformation", [None])[0]
    if info is None:
        raise InputError(path, "no publshInformation: cannot check the file is OFAC's complete list")
    stated = _text(_children_by_name(info), "Record_Count")
    held = len(elements.get("sdnEntry", []))
    if not stated.isdigit():
        raise InputError(path, f"Record_Count {stated!r} is not a number", line=info.sourceline)
    if int(stated) != held:
        raise InputError(path, f"Record_Count says {int(stated):,} entries but the file holds {held:,}: "
                         "incomplete or altered", line=info.sourceline)


def _children_by_name(element: etree._Element) -> dict[str, list[etree._Element]]:
    found: dict[str, list[etree._Element]] = {}
    for child in element:
        found.setdefault(local_name(child), []).append(child)
    return found


def _text(elements: dict[str, list[etree._Element]], name: str) -> str:
    element = elements.get(name, [None])[0]
    if element is None or element.text is None:
        return ""
    return " ".join(element.text.split())


def _items(elements: dict[str, list[etree._Element]], list_tag: str) -> list[dict[str, list[etree._Element]]]:
    """The children of `<fooList><foo>...</foo></fooList>` as name -> elements maps."""
    return [_children_by_name(item) for holder in elements.get(list_tag, []) for item in holder]


def _publish_date(info: etree._Element | None) -> date | None:
    if info is None:
        return None
    try:
        return datetime.strptime(_text(_children_by_name(info), "Publish_Date"), "%m/%d/%Y").date()
    except ValueError:
        return None


def _name(first: str, last: str) -> str:
    """Written as the CSV writes it ("LAST, First") so both formats of one list compare equal."""
    return f"{last}, {first}" if first and last else (last or first)


def _entry(element: etree._Element, list_name: str, path: Path, counts) -> tuple[Entry, list[str]]:
    fields = _children_by_name(element)
    list_id = _text(fields, "uid")
    if not list_id:
        raise InputError(path, "sdnEntry without uid", line=element.sourceline)
    sdn_type = _text(fields, "sdnType").lower()
    schema = SCHEMA_OF_TYPE.get(sdn_type)
    if schema is None:
        raise InputError(path, f"sdnEntry {list_id}: unknown sdnType {sdn_type!r}", line=element.sourceline)
    first, last = _text(fields, "firstName"), _text(fields, "lastName")
    name = _name(first, last)
    if not name:
        raise InputError(path, f"sdnEntry {list_id} has no name", line=element.sourceline)

    main = make_entity(schema, entry_entity_id(list_name, list_id))
    main.add("name", name)
    main.add("topics", "sanction", cleaned=True)
    entities = [main]
    if schema == "Person":
        main.add("firstName", first or None)
        main.add("lastName", last or None)
        main.add("position", _text(fields, "title") or None)
    for aka in _items(fields, "akaList"):
        key = (_text(aka, "type").lower(), _text(aka, "category").lower())
        prop = "previousName" if key[0] == "f.k.a." else AKA_PROPERTY.get(key, "alias")
        main.add(prop, _name(_text(aka, "firstName"), _text(aka, "lastName")) or None)

    facts = ofac_remarks.extract(_text(fields, "remarks"))
    facts += [_id_fact(item) for item in _items(fields, "idList") if _text(item, "idType") or _text(item, "idNumber")]
    for list_tag, child, label in PERSONAL_DATA:
        # Written back as the remark OFAC prints ("DOB 15 Nov 1972") to share the remarks' rules.
        facts += [ofac_remarks.classify(f"{label} {value}") for i in _items(fields, list_tag) if (value := _text(i, child))]
    links = ofac_remarks.apply(facts, main, entities, counts)

    if schema == "Vessel" and "vesselInfo" in fields:
        info = _children_by_name(fields["vesselInfo"][0])
        add_vessel_details(main, entities, *(_text(info, tag) for tag in (
            "callSign", "vesselType", "tonnage", "grossRegisteredTonnage", "vesselFlag", "vesselOwner")))

    programs = tuple(p for e in fields.get("programList", []) for c in e if (p := " ".join((c.text or "").split())))
    entities.append(ofac_sanction(main.id, list_id, programs, list_name, SOURCE_URLS[list_name]))
    entry = Entry(list=list_name, list_id=list_id, schema=schema, caption=name, programs=programs, entities=entities)
    for address in _items(fields, "addressList"):
        street = ", ".join(p for p in (_text(address, f"address{i}") for i in (1, 2, 3)) if p)
        add_address(entry, street, _text(address, "city"), _text(address, "country"),
                    region=_text(address, "stateOrProvince"), postal_code=_text(address, "postalCode"))
    return entry, links


def _id_fact(item: dict[str, list[etree._Element]]) -> ofac_remarks.Fact:
    """An `<id>` as a remark Fact, with the structured country and dates kept."""
    fact = ofac_remarks.classify(f"{_text(item, 'idType')} {_text(item, 'idNumber')}".strip())
    fact.country = _text(item, "idCountry") or fact.country
    fact.issued = ofac_remarks.ofac_date(_text(item, "issueDate")) or fact.issued
    fact.expires = ofac_remarks.ofac_date(_text(item, "expirationDate")) or fact.expires
    return fact

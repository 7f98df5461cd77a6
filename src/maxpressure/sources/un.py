"""UN Security Council Consolidated List (XML) to FtM entities.

One `INDIVIDUAL` becomes a Person, one `ENTITY` an Organization; the UN list has no vessels (the
1718 Committee publishes those only as a PDF). Each record also yields its Address, Passport /
Identification and Sanction entities. The reference number (`KPi.033`) is the list id; the UN
writes some with stray spaces, so every value is whitespace-normalised before use.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Sequence

from lxml import etree

from maxpressure.errors import InputError
from maxpressure.model import Entry, ParsedList, entry_entity_id, make_entity, sub_entity_id
from maxpressure.sources.entities import add_address, add_entity
from maxpressure.sources.files import read_bytes
from maxpressure.sources.xmlsafe import parse_xml, text_of

LIST = "un_sc"
AUTHORITY = "United Nations Security Council"
SOURCE_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"

NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")

# Alias quality -> FtM property. Individuals are graded Good/Low; entities a.k.a./f.k.a.
# An empty quality still carries a name the UN lists, so it is an alias.
ALIAS_PROPERTY = {
    "good": "alias",
    "a.k.a.": "alias",
    "": "alias",
    "low": "weakAlias",
    "f.k.a.": "previousName",
}

# TYPE_OF_DOCUMENT is written in whichever UN language the submitting state used.
_PASSPORT_LABEL = re.compile(r"pass|pasaport", re.IGNORECASE)

# KPe comments give the shipping company's own IMO number ("IMO number: 5571322",
# "International Maritime Organization (IMO) Number: 1790183"): a company id, never a vessel's.
_COMPANY_IMO = re.compile(r"\bIMO\)?\s*(?:number|no\.?)?\s*:?\s*(\d{7})\b", re.IGNORECASE)

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def sniff(path: Path, head: bytes) -> bool:
    return b"<CONSOLIDATED_LIST" in head


def parse(paths: Sequence[Path], as_of: date | None = None) -> ParsedList:
    if len(paths) != 1:
        raise InputError(paths[0] if paths else None, "the UN list is one XML file; got several")
    path = Path(paths[0])
    root = parse_xml(read_bytes(path), path)
    if root.tag != "CONSOLIDATED_LIST":
        raise InputError(path, f"not a UN consolidated list: root element is <{root.tag}>", line=root.sourceline)
    generated = iso_date(root.get("dateGenerated", ""))
    if as_of is None and generated is None:
        raise InputError(path, "no dateGenerated on CONSOLIDATED_LIST; give the list's date with --as-of",
                         line=root.sourceline)
    # The UN always writes both sections, if empty; a file missing one was cut and re-closed.
    for section in ("INDIVIDUALS", "ENTITIES"):
        if root.find(section) is None:
            raise InputError(path, f"no {section} section: not a complete UN consolidated list",
                             line=root.sourceline)
    entries, seen = [], set()
    for tag, schema in (("INDIVIDUAL", "Person"), ("ENTITY", "Organization")):
        for record in root.iter(tag):
            entry = _record(record, schema, path)
            if entry.list_id in seen:
                raise InputError(path, f"reference number {entry.list_id} appears twice", line=record.sourceline)
            seen.add(entry.list_id)
            entries.append(entry)
    return ParsedList(list=LIST, as_of=as_of or generated, source_files=[str(path)], entries=entries)


def iso_date(value: str) -> date | None:
    """The calendar date at the start of an ISO timestamp ('2017-07-03T20:27:45-04:00')."""
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def partial_date(value: str) -> str | None:
    """'1964-07-17', '1964-07' or '1964' as written; None when it is not a date."""
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    return "-".join(part for part in match.groups() if part)


def _values(record: etree._Element, tag: str) -> list[str]:
    """The non-empty `<TAG><VALUE>` texts of a record."""
    return [text for element in record.findall(f"{tag}/VALUE") if (text := text_of(element))]


def _record(record: etree._Element, schema: str, path: Path) -> Entry:
    list_id = text_of(record.find("REFERENCE_NUMBER"))
    if not list_id:
        raise InputError(path, f"{record.tag} without REFERENCE_NUMBER", line=record.sourceline)
    name = " ".join(part for tag in NAME_PARTS if (part := text_of(record.find(tag))))
    if not name:
        raise InputError(path, f"{record.tag} {list_id} has no name", line=record.sourceline)
    program = text_of(record.find("UN_LIST_TYPE"))
    listed_on = iso_date(text_of(record.find("LISTED_ON")))

    main = make_entity(schema, entry_entity_id(LIST, list_id))
    main.add("name", name)
    main.add("topics", "sanction")
    main.add("notes", text_of(record.find("COMMENTS1")) or None)
    main.add("alias", text_of(record.find("NAME_ORIGINAL_SCRIPT")) or None)
    for alias in record.findall(f"{record.tag}_ALIAS"):
        alias_name = text_of(alias.find("ALIAS_NAME"))
        quality = text_of(alias.find("QUALITY")).lower()
        if alias_name:
            main.add(ALIAS_PROPERTY.get(quality, "alias"), alias_name)
        # Some aliases come with the date and place of birth used under that name: the person's too.
        if schema == "Person":
            main.add("birthDate", partial_date(text_of(alias.find("DATE_OF_BIRTH"))))
            place = [text_of(alias.find(tag)) for tag in ("CITY_OF_BIRTH", "COUNTRY_OF_BIRTH")]
            main.add("birthPlace", ", ".join(p for p in place if p) or None)

    entities = [main]
    if schema == "Person":
        _person_details(record, main, entities)
    else:
        for imo in _COMPANY_IMO.findall(text_of(record.find("COMMENTS1"))):
            main.add("imoNumber", imo)
    for address in record.findall(f"{record.tag}_ADDRESS"):
        _address(address, main, entities)
    entities.append(_sanction(main.id, list_id, program, listed_on))
    return Entry(
        list=LIST,
        list_id=list_id,
        schema=schema,
        caption=name,
        programs=(program,) if program else (),
        listed_on=listed_on,
        entities=entities,
    )


def _person_details(record: etree._Element, person, entities: list) -> None:
    person.add("position", _values(record, "DESIGNATION"))
    person.add("title", _values(record, "TITLE"))
    person.add("nationality", _values(record, "NATIONALITY"))
    person.add("gender", text_of(record.find("GENDER")) or None)
    for dob in record.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        # EXACT and APPROXIMATELY give DATE or YEAR; BETWEEN gives FROM_YEAR and TO_YEAR, and
        # both ends are kept so a screen on either year finds the person.
        for tag in ("DATE", "YEAR", "FROM_YEAR", "TO_YEAR"):
            person.add("birthDate", partial_date(text_of(dob.find(tag))))
    for place in record.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        parts = [text_of(place.find(tag)) for tag in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")]
        person.add("birthPlace", ", ".join(p for p in parts if p) or None)
        person.add("birthCountry", text_of(place.find("COUNTRY")) or None)
    for document in record.findall("INDIVIDUAL_DOCUMENT"):
        _document(document, person, entities)


def _document(document: etree._Element, holder, entities: list) -> None:
    number = text_of(document.find("NUMBER"))
    if not number:
        return
    kind = " ".join(filter(None, (text_of(document.find(t)) for t in ("TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2"))))
    is_passport = bool(_PASSPORT_LABEL.search(kind))
    holder.add("passportNumber" if is_passport else "idNumber", number)
    country = text_of(document.find("ISSUING_COUNTRY")) or text_of(document.find("COUNTRY_OF_ISSUE"))
    # The UN repeats one passport once per language label: one document per number.
    doc = make_entity("Passport" if is_passport else "Identification", sub_entity_id(holder.id, "doc", number))
    doc.add("holder", holder.id)
    doc.add("number", number)
    doc.add("type", kind or None)
    doc.add("country", country or None)
    doc.add("startDate", partial_date(text_of(document.find("DATE_OF_ISSUE"))))
    doc.add("authority", text_of(document.find("CITY_OF_ISSUE")) or None)
    doc.add("description", text_of(document.find("NOTE")) or None)
    add_entity(entities, doc)


def _address(element: etree._Element, owner, entities: list) -> None:
    street, city, region, postcode, country, note = (
        text_of(element.find(tag)) for tag in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "NOTE")
    )
    add_address(owner, entities, street, city, region, postcode, country, note)


def _sanction(entity_id: str, list_id: str, program: str, listed_on: date | None):
    sanction = make_entity("Sanction", sub_entity_id(entity_id, "sanction", LIST, list_id))
    sanction.add("entity", entity_id)
    sanction.add("authority", AUTHORITY)
    sanction.add("authorityId", list_id)
    sanction.add("unscId", list_id)
    sanction.add("program", program or None)
    sanction.add("listingDate", listed_on.isoformat() if listed_on else None)
    sanction.add("sourceUrl", SOURCE_URL)
    return sanction

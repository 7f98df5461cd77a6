"""The EU Consolidated Financial Sanctions File (FSF), XML version 1.1.

Root `export` (namespace http://eu.europa.ec/fpi/fsd/export, with a `generationDate`), then one
`sanctionEntity` per designation: attributes logicalId, euReferenceNumber, unitedNationId,
designationDate, designationDetails; children `regulation` (programme code such as PRK, dates,
numberTitle), `subjectType` (code person / enterprise), `nameAlias`, `citizenship`, `birthdate`,
`identification`, `address` and `remark`. Every detail is an attribute.

The list id is the logicalId. `unitedNationId` carries the UN reference number (KPi.033) when the
EU implements a UN designation; it goes on the Sanction as `unscId` so reconciliation can join
the EU entry to the UN one exactly.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Sequence

from followthemoney.proxy import EntityProxy
from lxml import etree

from maxpressure.errors import InputError
from maxpressure.model import Entry, ParsedList, entry_entity_id, make_entity, sub_entity_id
from maxpressure.sources.files import read_bytes, strip_name
from maxpressure.sources.xmlsafe import local_name, parse_xml

LIST = "eu_fsf"
AUTHORITY = "European Union"

SCHEMA_OF_SUBJECT = {"person": "Person", "enterprise": "Organization"}
# EU writes "00" / "UNKNOWN" where it does not know the country.
_NO_COUNTRY = {"", "00"}
_GENDERS = {"M": "male", "F": "female"}


def sniff(path: Path, head: bytes) -> bool:
    return b"<export" in head and b"/fpi/fsd/export" in head


def parse(paths: Sequence[Path], as_of: date | None = None) -> ParsedList:
    entries: list[Entry] = []
    generated: date | None = None
    for path in paths:
        path = Path(path)
        root = parse_xml(read_bytes(path), path)
        if local_name(root) != "export":
            raise InputError(path, f"not an EU FSF export: root element is <{local_name(root)}>", line=root.sourceline)
        generated = generated or _iso_date(root.get("generationDate", ""))
        for element in root:
            if local_name(element) == "sanctionEntity":
                entries.append(_entry(element, path))
    if not entries:
        raise InputError(paths[0], "no sanctionEntity found")
    return ParsedList(LIST, as_of or generated, [strip_name(p) for p in paths], entries)


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local_name(child) == name]


def _attr(element: etree._Element, name: str) -> str:
    return " ".join((element.get(name) or "").split())


def _entry(element: etree._Element, path: Path) -> Entry:
    line = element.sourceline
    logical_id = _attr(element, "logicalId")
    if not logical_id:
        raise InputError(path, "sanctionEntity without a logicalId", line=line)
    subject = _children(element, "subjectType")
    code = _attr(subject[0], "code").lower() if subject else ""
    schema = SCHEMA_OF_SUBJECT.get(code, "LegalEntity")
    main_id = entry_entity_id(LIST, logical_id)
    main = make_entity(schema, main_id)
    entities: list[EntityProxy] = [main]

    caption = _add_names(main, _children(element, "nameAlias"))
    if not caption:
        raise InputError(path, f"sanctionEntity {logical_id} has no name", line=line)
    main.add("topics", "sanction")
    for citizenship in _children(element, "citizenship"):
        country = _attr(citizenship, "countryIso2Code")
        if country.upper() not in _NO_COUNTRY:
            main.add("nationality" if schema == "Person" else "country", country, quiet=True)
    if schema == "Person":
        _add_birth(main, _children(element, "birthdate"))
    for ident in _children(element, "identification"):
        entities.extend(_add_identification(main, ident))
    for address in _children(element, "address"):
        if (entity := _add_address(main, address)) is not None:
            entities.append(entity)
    remarks = [" ".join((r.text or "").split()) for r in _children(element, "remark")]
    main.add("notes", [r for r in remarks if r])

    regulations = _children(element, "regulation")
    programs = tuple(dict.fromkeys(p for r in regulations if (p := _attr(r, "programme"))))
    main.add("program", programs)
    dates = [d for r in regulations if (d := _iso_date(_attr(r, "publicationDate")))]
    if designated := _iso_date(_attr(element, "designationDate")):
        dates.append(designated)
    listed_on = min(dates) if dates else None

    sanction = make_entity("Sanction", sub_entity_id(main_id, "sanction", LIST, logical_id))
    sanction.add("entity", main_id, cleaned=True)
    sanction.add("authority", AUTHORITY)
    sanction.add("authorityId", _attr(element, "euReferenceNumber"))
    sanction.add("recordId", logical_id)
    sanction.add("unscId", _attr(element, "unitedNationId"))
    sanction.add("program", programs)
    sanction.add("reason", _attr(element, "designationDetails"))
    sanction.add("provisions", [t for r in regulations if (t := _attr(r, "numberTitle"))])
    if listed_on:
        sanction.add("listingDate", listed_on.isoformat())
    starts = [d for r in regulations if (d := _iso_date(_attr(r, "entryIntoForceDate")))]
    if starts:
        sanction.add("startDate", min(starts).isoformat())
    for regulation in regulations:
        for url in _children(regulation, "publicationUrl"):
            sanction.add("sourceUrl", (url.text or "").strip(), quiet=True)
    entities.append(sanction)
    return Entry(LIST, logical_id, schema, caption, programs, listed_on, entities)


def _add_names(main: EntityProxy, aliases: list[etree._Element]) -> str:
    """Names from nameAlias; the first strong English (or unmarked) name is the caption."""

    def is_primary_candidate(alias: etree._Element) -> bool:
        return _attr(alias, "strong") != "false" and _attr(alias, "nameLanguage").upper() in ("", "EN")

    ordered = sorted(aliases, key=lambda a: not is_primary_candidate(a))
    caption = ""
    for alias in ordered:
        name = _attr(alias, "wholeName") or " ".join(
            p for p in (_attr(alias, "firstName"), _attr(alias, "middleName"), _attr(alias, "lastName")) if p
        )
        if not name:
            continue
        if not caption:
            caption = name
            main.add("name", name)
            if main.schema.name == "Person":
                main.add("firstName", _attr(alias, "firstName"))
                main.add("middleName", _attr(alias, "middleName"))
                main.add("lastName", _attr(alias, "lastName"))
        elif _attr(alias, "strong") == "false":
            main.add("weakAlias", name)
        else:
            main.add("alias", name)
        if main.schema.name == "Person":
            main.add("title", _attr(alias, "title"))
            main.add("position", _attr(alias, "function"))
            main.add("gender", _GENDERS.get(_attr(alias, "gender").upper()))
    return caption


def _add_birth(main: EntityProxy, births: list[etree._Element]) -> None:
    for birth in births:
        when = _attr(birth, "birthdate")
        if not when:
            year, month = _attr(birth, "year"), _attr(birth, "monthOfYear")
            when = f"{year}-{int(month):02d}" if year and month.isdigit() else year
        main.add("birthDate", when, quiet=True)
        country = _attr(birth, "countryIso2Code")
        country = "" if country.upper() in _NO_COUNTRY else country
        described = "" if not country else _attr(birth, "countryDescription")
        place = ", ".join(p for p in (_attr(birth, "place"), _attr(birth, "city"), described) if p)
        main.add("birthPlace", place)
        main.add("birthCountry", country, quiet=True)


_ID_PROPERTY = {
    "passport": "passportNumber",
    "id": "idNumber",
    "regnumber": "registrationNumber",
    "swiftbic": "swiftBic",
    "imo": "imoNumber",
}


def _add_identification(main: EntityProxy, ident: etree._Element) -> list[EntityProxy]:
    """The number on the main entity's typed property, plus a Passport/Identification for people."""
    number = _attr(ident, "number") or _attr(ident, "latinNumber")
    if not number:
        return []
    code = _attr(ident, "identificationTypeCode").lower()
    prop = _ID_PROPERTY.get(code, "idNumber" if main.schema.name == "Person" else "registrationNumber")
    if not main.schema.get(prop):
        prop = "idNumber" if main.schema.get("idNumber") else "registrationNumber"
    main.add(prop, number, quiet=True)
    if prop not in ("passportNumber", "idNumber") or not main.schema.is_a("LegalEntity"):
        return []
    country = _attr(ident, "countryIso2Code")
    document = make_entity(
        "Passport" if prop == "passportNumber" else "Identification",
        sub_entity_id(main.id, "id", code, number, country),
    )
    document.add("holder", main.id, cleaned=True)
    document.add("number", number)
    document.add("type", _attr(ident, "identificationTypeDescription") or code)
    if country.upper() not in _NO_COUNTRY:
        document.add("country", country, quiet=True)
    document.add("authority", _attr(ident, "issuedBy"))
    remarks = [" ".join((r.text or "").split()) for r in _children(ident, "remark")]
    document.add("summary", [r for r in remarks if r])
    return [document]


def _add_address(main: EntityProxy, element: etree._Element) -> EntityProxy | None:
    """An Address linked through addressEntity; None for the EU's all-blank "UNKNOWN" address."""
    parts = {
        "street": _attr(element, "street"),
        "postOfficeBox": _attr(element, "poBox"),
        "city": _attr(element, "city"),
        "postalCode": _attr(element, "zipCode"),
        "region": _attr(element, "region"),
        "place": _attr(element, "place"),
    }
    country = _attr(element, "countryIso2Code")
    country = "" if country.upper() in _NO_COUNTRY else country
    described = _attr(element, "countryDescription") if country else ""
    address = make_entity("Address", sub_entity_id(main.id, "address", *parts.values(), country))
    full = ", ".join(v for v in (*parts.values(), described) if v)
    if not full:
        return None
    address.add("full", full)
    for prop in ("street", "postOfficeBox", "city", "postalCode", "region"):
        address.add(prop, parts[prop])
    address.add("country", country, quiet=True)
    remarks = [" ".join((r.text or "").split()) for r in _children(element, "remark")]
    address.add("remarks", [r for r in remarks if r])
    main.add("addressEntity", address.id, cleaned=True)
    main.add("address", full)
    return address

"""Reading values out of OFAC's advanced XML: reference tables, dates, date periods, locations.

The advanced format writes almost nothing as plain text: a feature's type, a document's type, a
country or a name part's role is an id into the file's `ReferenceValueSets`, a date is a
`Year`/`Month`/`Day` triple, a date of birth a `DatePeriod` whose bounds say how precise it is, and
an address a `Location` of typed parts. These helpers turn each into the text the legacy files print
("DOB 1962", "Nationality of Registration Russia"), so one rule table types both formats.
Elements are matched by local name: OFAC has published the schema under two namespaces.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Iterator

from lxml import etree

from maxpressure.sources.xmlsafe import local_name, text_of

# LocPartTypeValues names -> the address field they fill.
STREET_PARTS = ("address1", "address2", "address3")
CITY_PART, STATE_PART, REGION_PART, POSTAL_PART = "city", "state/province", "region", "postal code"


def child(element: etree._Element | None, name: str) -> etree._Element | None:
    if element is None:
        return None
    return next((c for c in element if local_name(c) == name), None)


def children(element: etree._Element | None, name: str) -> list[etree._Element]:
    if element is None:
        return []
    return [c for c in element if local_name(c) == name]


class References:
    """The file's ReferenceValueSets, as kind ("FeatureType") -> ID -> element."""

    def __init__(self, section: etree._Element):
        self.tables: dict[str, dict[str, etree._Element]] = {}
        for table in section:
            kind = local_name(table)
            if kind.endswith("Values"):
                self.tables[kind.removesuffix("Values")] = {i.get("ID"): i for i in table if local_name(i)}

    def item(self, kind: str, ref_id: str | None, error: type[Exception]) -> etree._Element:
        found = self.tables.get(kind, {}).get(ref_id or "")
        if found is None:
            raise error(f"{kind}ID {ref_id} is not in the file's {kind}Values")
        return found

    def name(self, kind: str, ref_id: str | None, error: type[Exception]) -> str:
        return text_of(self.item(kind, ref_id, error))

    def name_or_none(self, kind: str, ref_id: str | None) -> str | None:
        found = self.tables.get(kind, {}).get(ref_id or "")
        return None if found is None else text_of(found)

    def has(self, kind: str) -> bool:
        return kind in self.tables

    def ids_named(self, kind: str, name: str, default: str) -> set[str]:
        """The ids whose name is `name` (case-insensitive); `default` only when the table is absent."""
        if kind not in self.tables:
            return {default}
        return {ref_id for ref_id, item in self.tables[kind].items() if text_of(item).casefold() == name}


def date_of(element: etree._Element | None) -> date | None:
    """A `Year`/`Month`/`Day` element (Date, DateOfIssue, From, To) as a date; None when absent or invalid."""
    if element is None:
        return None
    try:
        return date(*(int(text_of(child(element, part))) for part in ("Year", "Month", "Day")))
    except (TypeError, ValueError):
        return None


def _bounds(period: etree._Element | None) -> tuple[date | None, date | None, bool]:
    """The earliest and latest day a DatePeriod allows, and whether OFAC marks it approximate."""
    if period is None:
        return None, None, False
    start, end = child(period, "Start"), child(period, "End")
    low = (date_of(child(start, "From")) or date_of(child(start, "To"))) if start is not None else None
    high = (date_of(child(end, "To")) or date_of(child(end, "From"))) if end is not None else None
    approximate = any(b is not None and b.get("Approximate") == "true" for b in (start, end))
    return low or high, high or low, approximate


def period_text(period: etree._Element | None) -> str:
    """A DatePeriod as sdn.csv prints it: '15 Nov 1972', 'Nov 1972', '1962', '1961 to 1963', 'circa 1960'."""
    low, high, approximate = _bounds(period)
    if low is None or high is None:
        return ""
    whole_years = (low.month, low.day, high.month, high.day) == (1, 1, 12, 31)
    if low == high:
        written = low.strftime("%d %b %Y")
    elif whole_years and low.year == high.year:
        written = str(low.year)
    elif (low.year, low.month) == (high.year, high.month) and low.day == 1 and \
            high.day == calendar.monthrange(high.year, high.month)[1]:
        written = low.strftime("%b %Y")
    elif whole_years:
        written = f"{low.year} to {high.year}"
    else:
        written = f"{low:%d %b %Y} to {high:%d %b %Y}"
    return f"circa {written}" if approximate else written


def period_start(period: etree._Element | None) -> str:
    low, _high, _approximate = _bounds(period)
    return low.isoformat() if low else ""


def _part_values(location: etree._Element) -> Iterator[tuple[str, str]]:
    for part in children(location, "LocationPart"):
        values = children(part, "LocationPartValue")
        primary = next((v for v in values if v.get("Primary") == "true"), values[0] if values else None)
        value = text_of(child(primary, "Value"))
        if value:
            yield part.get("LocPartTypeID") or "", value


def _countries(location: etree._Element, refs: References, error: type[Exception]) -> list[str]:
    return [refs.name("Country", c.get("CountryID"), error) for c in children(location, "LocationCountry")]


def location_text(location: etree._Element, refs: References, error: type[Exception]) -> str:
    """A Location used as a value (a nationality, a flag): its countries, else its parts."""
    countries = _countries(location, refs, error)
    return ", ".join(countries) if countries else ", ".join(v for _t, v in _part_values(location))


def location_address(location: etree._Element, refs: References, error: type[Exception]) -> dict[str, str]:
    """A Location used as an address, as keyword arguments of ofac_csv.add_address."""
    fields: dict[str, list[str]] = {}
    for type_id, value in _part_values(location):
        fields.setdefault(refs.name("LocPartType", type_id, error).lower(), []).append(value)
    countries = _countries(location, refs, error)
    return {
        "street": ", ".join(v for part in STREET_PARTS for v in fields.get(part, [])),
        "city": ", ".join(fields.get(CITY_PART, [])),
        "region": ", ".join(fields.get(STATE_PART, []) + fields.get(REGION_PART, [])),
        "postal_code": ", ".join(fields.get(POSTAL_PART, [])),
        "country": countries[0] if countries else "",
    }


def feature_values(feature: etree._Element, refs: References, locations: dict[str, etree._Element],
                   error: type[Exception]) -> list[str]:
    """Every value a Feature's versions give: a date period, a detail text or lookup, or a location."""
    values = []
    for version in children(feature, "FeatureVersion"):
        values += [t for p in children(version, "DatePeriod") if (t := period_text(p))]
        for detail in children(version, "VersionDetail"):
            if detail.get("DetailReferenceID"):
                values.append(refs.name("DetailReference", detail.get("DetailReferenceID"), error))
            elif text_of(detail):
                values.append(text_of(detail))
        for reference in children(version, "VersionLocation"):
            location = locations.get(reference.get("LocationID") or "")
            if location is None:
                raise error(f"Location {reference.get('LocationID')} is not in <Locations>")
            if value := location_text(location, refs, error):
                values.append(value)
    return values

"""OFSI's Consolidated List of Financial Sanctions Targets, `ConList.csv` (2022 format).

A `Last Updated,<DD/MM/YYYY>` line, then a 36-column header (Name 6 = family name, Name 1..5,
Title, ..., Other Information, Group Type, Alias Type, Alias Quality, Regime, Listed On,
UK Sanctions List Date Designated, Last Updated, Group ID), then one row per name. The rows of
one Group ID are one entry. OFSI has published this file in a Windows code page as well as UTF-8,
so both are read on purpose.

`Other Information` carries tagged facts: `(UK Sanctions List Ref):DPR0157. (UN Ref):KPe.001.`;
the UK reference becomes the Sanction's `authorityId` (the same id the FCDO list uses), the Group
ID its `recordId`, and the UN reference its `unscId`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Sequence

from maxpressure.errors import InputError
from maxpressure.model import Entry, ParsedList, entry_entity_id, make_entity, sub_entity_id
from maxpressure.sources.files import read_bytes, strip_name
from maxpressure.sources.uk_fcdo import uk_birth_date
from maxpressure.sources.uk_rows import CsvLines, FirstRow, designation_of

LIST = "gb_hmt"
AUTHORITY = "United Kingdom (OFSI)"
REQUIRED = ("Name 6", "Name 1", "Group Type", "Alias Type", "Regime", "Group ID")
_FIRST_ROW = FirstRow(id="Group ID", type="Group Type", date="Listed On")

_UK_REF = re.compile(r"\(UK Sanctions List Ref\):\s*([A-Z]{2,4}\d{3,5})")
_UN_REF = re.compile(r"\(UN Ref\):\s*([A-Z]{2}[a-z]\.\d{3})")
_IMO = re.compile(r"IMO[^0-9]{0,20}(\d{7})\b", re.IGNORECASE)
# "(1) China (2) Hong Kong" -> each country on its own.
_ENUMERATION = re.compile(r"\(\d+\)\s*")


def sniff(path: Path, head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"Last Updated") and b"Name 6" in head


def parse(paths: Sequence[Path], as_of: date | None = None) -> ParsedList:
    groups: dict[str, _Group] = {}
    updated: date | None = None
    for path in paths:
        path = Path(path)
        file_date = _read(path, groups)
        updated = updated or file_date
    if not groups:
        raise InputError(paths[0], "no designations found")
    entries = [group.to_entry() for group in groups.values()]
    return ParsedList(LIST, as_of or updated, [strip_name(p) for p in paths], entries)


def _read(path: Path, groups: dict[str, "_Group"]) -> date | None:
    lines = CsvLines(read_bytes(path), path)
    first = lines.next_line()
    if not first or not first[0].strip().lstrip("\ufeff").startswith("Last Updated"):
        raise InputError(path, "not an OFSI ConList.csv: first line is not 'Last Updated,<date>'", line=1)
    updated = _first_date(first[1:])
    for line, row in lines.rows(lines.next_line(), REQUIRED, "an OFSI ConList.csv", _single_spaced):
        group = designation_of(groups, row, _FIRST_ROW, path, line, _new_group)
        _add_name(group, row)
        _add_details(group, row)
    return updated


def _single_spaced(cell: str) -> str:
    return " ".join(cell.split())


def _first_date(cells: list[str]) -> date | None:
    for cell in cells:
        try:
            return datetime.strptime(cell.strip(), "%d/%m/%Y").date()
        except ValueError:
            continue
    return None


class _Group:
    """The rows of one Group ID."""

    def __init__(self, group_id: str, schema: str, regime: str, listed_on: date | None):
        self.group_id = group_id
        self.regime = regime
        self.listed_on = listed_on
        self.main = make_entity(schema, entry_entity_id(LIST, group_id))
        self.caption = ""
        self.addresses: dict[str, object] = {}
        self.uk_ref = ""
        self.un_ref = ""

    def to_entry(self) -> Entry:
        main = self.main
        caption = self.caption or self.group_id
        main.add("topics", "sanction")
        main.add("program", self.regime)
        sanction = make_entity("Sanction", sub_entity_id(main.id, "sanction", LIST, self.group_id))
        sanction.add("entity", main.id, cleaned=True)
        sanction.add("authority", AUTHORITY)
        sanction.add("authorityId", self.uk_ref or None)
        sanction.add("recordId", self.group_id)
        sanction.add("unscId", self.un_ref or None)
        sanction.add("program", self.regime)
        if self.listed_on:
            sanction.add("listingDate", self.listed_on.isoformat())
        entities = [main, *self.addresses.values(), sanction]
        programs = (self.regime,) if self.regime else ()
        return Entry(LIST, self.group_id, main.schema.name, caption, programs, self.listed_on, entities)


def _new_group(group_id: str, schema: str, listed_on: date | None, row: dict[str, str]) -> _Group:
    return _Group(group_id, schema, row.get("Regime", ""), listed_on)


def _add_name(group: _Group, row: dict[str, str]) -> None:
    main = group.main
    given = [row.get(f"Name {i}", "") for i in range(1, 6)]
    family = row.get("Name 6", "")
    if main.schema.name == "Person":
        name = " ".join(p for p in [*given, family] if p)
    else:
        name = " ".join(p for p in [family, *given] if p)
    alias_type = row.get("Alias Type", "").lower()
    if name:
        if alias_type == "primary name" and not group.caption:
            group.caption = name
            main.add("name", name)
            if main.schema.name == "Person":
                main.add("lastName", family or None)
                main.add("firstName", given[0] or None)
        elif alias_type.startswith("fka") or "former" in alias_type:
            main.add("previousName", name)
        elif row.get("Alias Quality", "").lower() == "low":
            main.add("weakAlias", name)
        else:
            main.add("alias", name)
    main.add("alias", row.get("Name Non-Latin Script") or None)


def _add_details(group: _Group, row: dict[str, str]) -> None:
    main = group.main
    get = row.get
    info = get("Other Information", "")
    if info:
        main.add("notes", info)
        if match := _UK_REF.search(info):
            group.uk_ref = group.uk_ref or match.group(1)
        if match := _UN_REF.search(info):
            group.un_ref = group.un_ref or match.group(1)
    lines = [get(f"Address {i}", "") for i in range(1, 7)]
    postcode, country = get("Post/Zip Code", ""), get("Country", "")
    full = ", ".join(p for p in [*lines, postcode, country] if p)
    if full and full not in group.addresses:
        address = make_entity("Address", sub_entity_id(main.id, "address", full))
        address.add("full", full)
        address.add("postalCode", postcode or None)
        address.add("country", country or None, quiet=True)
        group.addresses[full] = address
        main.add("addressEntity", address.id, cleaned=True)
        main.add("address", full)
    schema = main.schema.name
    if schema == "Person":
        if dob := uk_birth_date(get("DOB", "")):
            main.add("birthDate", dob)
        for nationality in _ENUMERATION.split(get("Nationality", "")):
            main.add("nationality", nationality.strip() or None)
        main.add("passportNumber", get("Passport Number") or None)
        main.add("idNumber", get("National Identification Number") or None)
        main.add("position", get("Position") or None)
        main.add("title", get("Title") or None)
        place = ", ".join(p for p in (get("Town of Birth", ""), get("Country of Birth", "")) if p)
        main.add("birthPlace", place or None)
    elif schema == "Vessel":
        for imo in _IMO.findall(info):
            main.add("imoNumber", f"IMO{imo}")

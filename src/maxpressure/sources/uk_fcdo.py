"""The UK Sanctions List published by the FCDO, in its two machine-readable shapes.

- The summary spreadsheet export (`.ods`, sheet `UK_Sanction_List`): one row per designation with
  Unique ID, OFSI Group ID, Name, Regime Name, Type, Designation source, Date Designated and
  Sanctions Imposed. It names the designation but gives no aliases, dates of birth or IMO numbers.
- The full list as CSV (`UK-Sanctions-List.csv`): a `Report Date:` line, then a 58-column header,
  then one row per name or address of a designation, grouped by Unique ID.

The list id is the Unique ID (`DPR0001`: regime prefix plus number). The designation source (UN or
UK) is kept on the Sanction's `status`, the OFSI Group ID on its `recordId`, so that gaps can tell
UN-implemented designations from the UK's own, and OFSI's ConList can be joined to this list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Sequence

from maxpressure.errors import InputError
from maxpressure.model import Entry, ParsedList, entry_entity_id, make_entity, sub_entity_id
from maxpressure.sources.files import read_bytes, strip_name
from maxpressure.sources.ods import read_sheet
from maxpressure.sources.uk_rows import SCHEMA_OF_TYPE, CsvLines, FirstRow, designation_of, parse_uk_date

LIST = "gb_fcdo"
AUTHORITY = "United Kingdom (FCDO)"

ODS_COLUMNS = (
    "Unique ID",
    "OFSI Group ID",
    "Name",
    "Regime Name",
    "Type",
    "Designation source",
    "Date Designated",
    "Sanctions Imposed",
)
# The columns the full CSV must carry for us to read it; the file has 58, and FCDO adds columns
# from time to time, so only the ones we use are required.
CSV_REQUIRED = ("Unique ID", "Name 6", "Name type", "Regime Name", "Designation Type", "Date Designated")
_CSV_FIRST_ROW = FirstRow(id="Unique ID", type="Designation Type", date="Date Designated")

_REGIME_TITLE = re.compile(r"^(?:The\s+)?(?P<name>.+?)\s*\(Sanctions\).*$", re.IGNORECASE)


def sniff(path: Path, head: bytes) -> bool:
    name = strip_name(path).lower()
    if head.startswith(b"PK\x03\x04"):
        return name.endswith(".ods")
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"Report Date:") or b"Unique ID,OFSI Group ID" in head[:2048]


def parse(paths: Sequence[Path], as_of: date | None = None) -> ParsedList:
    entries: list[Entry] = []
    found_as_of: date | None = None
    for path in paths:
        path = Path(path)
        data = read_bytes(path)
        if data.startswith(b"PK\x03\x04"):
            entries.extend(_parse_ods(data, path))
            # The export carries no date of its own; FCDO names the file after the day.
            found_as_of = found_as_of or _date_in_name(path)
        else:
            report_date, csv_entries = _parse_csv(data, path)
            entries.extend(csv_entries)
            found_as_of = found_as_of or report_date
    if not entries:
        raise InputError(paths[0], "no designations found")
    return ParsedList(
        list=LIST,
        as_of=as_of or found_as_of,
        source_files=[strip_name(p) for p in paths],
        entries=entries,
    )


def _date_in_name(path: Path) -> date | None:
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})", path.name)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def regime_label(regime_name: str) -> str:
    """The regime as the summary export writes it: the full CSV names the regulations instead.

    "The Democratic People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019" ->
    "Democratic People's Republic of Korea", so both shapes (and OFSI's ConList) share one label.
    """
    regime_name = " ".join(regime_name.split())
    match = _REGIME_TITLE.match(regime_name)
    return match.group("name") if match else regime_name


def uk_birth_date(value: str) -> str | None:
    """A UK date of birth with unknown parts ("00/00/1975", "--/--/1969") as an ISO prefix."""
    value = value.strip()
    parts = value.split("/") if "/" in value else value.split("-")
    if len(parts) != 3 or not re.fullmatch(r"\d{4}", parts[2]):
        return None
    day, month, year = parts
    if not month.isdigit() or int(month) == 0:
        return year
    if not day.isdigit() or int(day) == 0:
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


# --- the summary spreadsheet ------------------------------------------------------------------


def _parse_ods(data: bytes, path: Path) -> list[Entry]:
    rows = read_sheet(data, path, "UK_Sanction_List")
    try:
        number, header = next(rows)
    except StopIteration:
        raise InputError(path, "the sheet is empty") from None
    header = [h.strip() for h in header]
    missing = [c for c in ODS_COLUMNS if c not in header]
    if missing:
        raise InputError(path, f"not the FCDO summary export: missing columns {missing}", line=number)
    index = {name: header.index(name) for name in ODS_COLUMNS}
    entries = []
    for number, cells in rows:
        row = {name: (cells[i].strip() if i < len(cells) else "") for name, i in index.items()}
        if not any(row.values()):
            continue
        entries.append(_ods_entry(row, path, number))
    return entries


def _ods_entry(row: dict[str, str], path: Path, number: int) -> Entry:
    unique_id = row["Unique ID"]
    if not unique_id:
        raise InputError(path, "row without a Unique ID", line=number)
    schema = SCHEMA_OF_TYPE.get(row["Type"].lower())
    if schema is None:
        raise InputError(path, f"unknown Type {row['Type']!r} for {unique_id}", line=number)
    try:
        listed_on = parse_uk_date(row["Date Designated"])
    except ValueError as exc:
        raise InputError(path, str(exc), line=number) from None
    designation = _Designation(
        unique_id=unique_id,
        schema=schema,
        regime=regime_label(row["Regime Name"]),
        source=row["Designation source"],
        listed_on=listed_on,
        sanctions=_split(row["Sanctions Imposed"], ","),
        group_id=row["OFSI Group ID"],
    )
    designation.names.append(" ".join(row["Name"].split()))
    return designation.to_entry()


def _split(value: str, sep: str) -> list[str]:
    return [part.strip() for part in value.split(sep) if part.strip()]


# --- the full CSV -----------------------------------------------------------------------------


@dataclass
class _Designation:
    """What the rows of one Unique ID say, gathered before it becomes FtM entities."""

    unique_id: str
    schema: str
    regime: str
    source: str = ""
    listed_on: date | None = None
    sanctions: list[str] = field(default_factory=list)
    group_id: str = ""
    un_reference: str = ""
    names: list[str] = field(default_factory=list)  # names[0] is the primary name
    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    properties: dict[str, list[str]] = field(default_factory=dict)
    addresses: list[dict[str, str]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def add(self, prop: str, value: str | None) -> None:
        value = (value or "").strip()
        if value and value not in self.properties.setdefault(prop, []):
            self.properties[prop].append(value)

    def to_entry(self) -> Entry:
        main_id = entry_entity_id(LIST, self.unique_id)
        main = make_entity(self.schema, main_id)
        caption = self.names[0] if self.names else self.unique_id
        main.add("name", caption)
        main.add("alias", [n for n in self.names[1:] + self.aliases if n != caption])
        main.add("weakAlias", [n for n in self.weak_aliases if n != caption])
        main.add("topics", "sanction")
        main.add("program", self.regime)
        for prop, values in self.properties.items():
            main.add(prop, values, quiet=True)
        entities = [main]
        for parts in self.addresses:
            address = make_entity("Address", sub_entity_id(main_id, "address", *sorted(parts.items())))
            address.add("full", parts.get("full"))
            address.add("postalCode", parts.get("postalCode"))
            address.add("country", parts.get("country"), quiet=True)
            if main.schema.get("addressEntity"):
                main.add("addressEntity", address.id, cleaned=True)
            main.add("address", parts.get("full"))
            entities.append(address)
        sanction = make_entity("Sanction", sub_entity_id(main_id, "sanction", LIST, self.unique_id))
        sanction.add("entity", main_id, cleaned=True)
        sanction.add("authority", AUTHORITY)
        sanction.add("authorityId", self.unique_id)
        sanction.add("recordId", self.group_id)
        sanction.add("unscId", self.un_reference)
        sanction.add("program", self.regime)
        sanction.add("status", self.source)
        sanction.add("provisions", self.sanctions)
        sanction.add("reason", self.reasons)
        if self.listed_on:
            sanction.add("listingDate", self.listed_on.isoformat())
        entities.append(sanction)
        return Entry(
            list=LIST,
            list_id=self.unique_id,
            schema=self.schema,
            caption=caption,
            programs=(self.regime,) if self.regime else (),
            listed_on=self.listed_on,
            entities=entities,
        )


def _parse_csv(data: bytes, path: Path) -> tuple[date | None, list[Entry]]:
    lines = CsvLines(data, path)
    first = lines.next_line()
    report_date = _report_date(first)
    # An export without its Report Date line starts with the header.
    header = first if report_date is None and "Unique ID" in first else lines.next_line()
    designations: dict[str, _Designation] = {}
    for line, row in lines.rows(header, CSV_REQUIRED, "the FCDO UK Sanctions List CSV", str.strip):
        designation = designation_of(designations, row, _CSV_FIRST_ROW, path, line, _new_designation)
        _add_names(designation, row)
        _add_details(designation, row)
    return report_date, [d.to_entry() for d in designations.values()]


def _report_date(cells: list[str]) -> date | None:
    first = cells[0].strip().lstrip("\ufeff") if cells else ""
    if not first.startswith("Report Date:"):
        return None
    try:
        return datetime.strptime(first.partition(":")[2].strip(), "%d-%b-%Y").date()
    except ValueError:
        return None


def _new_designation(unique_id: str, schema: str, listed_on: date | None, row: dict[str, str]) -> _Designation:
    get = row.get
    return _Designation(
        unique_id=unique_id,
        schema=schema,
        regime=regime_label(get("Regime Name", "")),
        source=get("Designation source", ""),
        listed_on=listed_on,
        sanctions=_split(get("Sanctions Imposed", ""), "|"),
        group_id=get("OFSI Group ID", ""),
        un_reference=get("UN Reference Number", ""),
    )


def _add_names(designation: _Designation, row: dict[str, str]) -> None:
    given = [row.get(f"Name {i}", "") for i in range(1, 6)]
    family = row.get("Name 6", "")
    if designation.schema == "Person":
        name = " ".join(p for p in [*given, family] if p)
        if family and row.get("Name type", "").lower().startswith("primary name") and not designation.names:
            designation.add("lastName", family)
            designation.add("firstName", given[0])
    else:
        name = " ".join(p for p in [family, *given] if p)
    name = " ".join(name.split())
    name_type = row.get("Name type", "").lower()
    if name:
        if name_type == "primary name" and name not in designation.names:
            designation.names.insert(0, name)
        elif "low" in row.get("Alias strength", "").lower():
            designation.weak_aliases.append(name)
        else:
            designation.aliases.append(name)
    designation.aliases.extend(_split(row.get("Name non-latin script", ""), "|"))


def _add_details(designation: _Designation, row: dict[str, str]) -> None:
    get = row.get
    if reason := get("UK Statement of Reasons", ""):
        if reason not in designation.reasons:
            designation.reasons.append(reason)
    if info := get("Other Information", ""):
        designation.add("notes", info)
    lines = [get(f"Address Line {i}", "") for i in range(1, 7)]
    postal, country = get("Address Postal Code", ""), get("Address Country", "")
    if any(lines) or postal or country:
        full = ", ".join(p for p in [*lines, postal, country] if p)
        parts = {"full": full, "postalCode": postal, "country": country}
        if parts not in designation.addresses:
            designation.addresses.append(parts)
    if designation.schema == "Person":
        for dob in _split(get("D.O.B", ""), "|"):
            designation.add("birthDate", uk_birth_date(dob))
        for nationality in _split(get("Nationality(/ies)", ""), "|"):
            designation.add("nationality", nationality)
        designation.add("passportNumber", get("Passport number"))
        designation.add("idNumber", get("National Identifier number"))
        designation.add("position", get("Position"))
        designation.add("gender", get("Gender"))
        designation.add("title", get("Title"))
        place = ", ".join(p for p in (get("Town of birth", ""), get("Country of birth", "")) if p)
        designation.add("birthPlace", place)
        designation.add("birthCountry", get("Country of birth"))
    elif designation.schema == "Vessel":
        imo = re.sub(r"\D", "", get("IMO number", ""))
        designation.add("imoNumber", imo and f"IMO{imo}")
        designation.add("flag", get("Current believed flag of ship"))
        for flag in _split(get("Previous flags", ""), "|"):
            designation.add("pastFlags", flag)
        designation.add("type", get("Type of ship"))
        designation.add("tonnage", get("Tonnage of ship"))
        designation.add("buildDate", get("Year Built"))
        # Owners are named, not identified: kept as text until they can be linked to an entry.
        if owner := get("Current owner/operator (s)", ""):
            designation.add("notes", f"Current owner/operator: {owner}")
    else:
        designation.add("legalForm", get("Type of entity"))
        designation.add("registrationNumber", get("Business registration number (s)"))
    for prop, column in (("phone", "Phone number"), ("website", "Website"), ("email", "Email address")):
        if designation.schema != "Vessel":
            designation.add(prop, get(column))


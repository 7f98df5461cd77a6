"""OFAC SDN legacy CSV set (sdn.csv, alt.csv, add.csv, sdn_comments.csv) to FtM entities.

The files have no header; `-0-` (with a trailing space) marks an empty column; lines end in CRLF
and the file in a Ctrl-Z byte. `sdn.csv` is the list: one row per entry. The other three hang off
it by ent_num and are optional. OFAC publishes them as a set, but copies found in the wild mix
dates (our bundled 2024 set pairs a 2024 sdn.csv with 2025 secondary files), so rows whose ent_num
is not in sdn.csv are counted in the warnings and left out.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Iterator, Sequence

from followthemoney.proxy import EntityProxy

from maxpressure.errors import InputError
from maxpressure.model import Entry, ParsedList, entry_entity_id, make_entity, sub_entity_id
from maxpressure.sources import ofac_remarks
from maxpressure.sources.entities import add_address as add_address_entity
from maxpressure.sources.files import decode_text, read_bytes, strip_name

LIST = "us_ofac_sdn"
AUTHORITY = "US Office of Foreign Assets Control"
SOURCE_URL = "https://www.treasury.gov/ofac/downloads/sdn.csv"
NULL = "-0-"
# OFAC cuts Remarks at 1,000 characters (999 once a trailing space is stripped) and continues
# them in sdn_comments.csv, mid-word: the two are joined with no separator.
REMARKS_CUT = 1000
CTRL_Z = "\x1a"


# Columns of each file of the set, as OFAC documents them (the files themselves have no header).
COLUMNS: dict[str, tuple[str, ...]] = {
    "sdn.csv": ("ent_num", "name", "type", "programs", "title", "call_sign", "vessel_type",
                "tonnage", "grt", "vessel_flag", "vessel_owner", "remarks"),
    "alt.csv": ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks"),
    "add.csv": ("ent_num", "add_num", "address", "city_state_postal", "country", "add_remarks"),
    "sdn_comments.csv": ("ent_num", "remarks_extension"),
}
SECONDARY_FILES = ("alt.csv", "add.csv", "sdn_comments.csv")
# OFAC ends sdn.csv, alt.csv and add.csv with a Ctrl-Z byte after the last row: a file cut at a
# line boundary (an interrupted download) is otherwise well-formed CSV, and every entry it lost
# would read as a delisting. The 2021 sdn_comments.csv has no Ctrl-Z, so that file is exempt.
TERMINATED_FILES = ("sdn.csv", "alt.csv", "add.csv")

# References to ids we built (model.entry_entity_id / sub_entity_id) are added with cleaned=True:
# they match FtM's id pattern by construction, and checking 40,000 of them costs a second.

SCHEMA_OF_TYPE = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "": "Organization"}
ALT_PROPERTY = {"aka": "alias", "nka": "alias", "fka": "previousName"}




def sniff(path: Path, head: bytes) -> bool:
    if strip_name(path) in COLUMNS:
        return True
    first_line = head.split(b"\n", 1)[0].rstrip(b"\r")
    if b"\r" in first_line or b"\x00" in first_line:  # binary content, or not line-oriented text
        return False
    text = first_line.decode("ascii", "replace")
    row = next(csv.reader([text]), [])
    return len(row) == len(COLUMNS["sdn.csv"]) and row[0].strip().isdigit() and NULL in text


def parse(paths: Sequence[Path], as_of: date | None = None) -> ParsedList:
    files = find_files([Path(p) for p in paths])
    sdn_path = files["sdn.csv"]
    rows = {name: list(read_rows(path, name)) for name, path in files.items()}
    sdn_rows = rows.pop("sdn.csv")
    if not sdn_rows:
        raise InputError(sdn_path, "sdn.csv holds no entries")

    known: set[str] = set()
    for row, line in sdn_rows:
        if row["ent_num"] in known:
            raise InputError(sdn_path, f"ent_num {row['ent_num']} appears twice", line=line)
        known.add(row["ent_num"])
    grouped, warnings = _group_secondary(rows, known, files)
    counts = ofac_remarks.RemarkCounts()
    entries, pending_links = [], {}
    stale_extensions = 0
    for row, line in sdn_rows:
        if row["type"].lower() not in SCHEMA_OF_TYPE:
            raise InputError(sdn_path, f"unknown SDN_Type {row['type']!r}", line=line)
        extension = "".join(r["remarks_extension"] for r in grouped["sdn_comments.csv"].get(row["ent_num"], []))
        if extension and len(row["remarks"]) < REMARKS_CUT - 1:
            stale_extensions += 1  # remarks that were not cut cannot continue: a later file's text
            extension = ""
        entry, links = build_entry(row, row["remarks"] + extension, counts)
        for alt in grouped["alt.csv"].get(row["ent_num"], []):
            entry.entity.add(ALT_PROPERTY.get(alt["alt_type"].lower(), "alias"), alt["alt_name"] or None)
        for address in grouped["add.csv"].get(row["ent_num"], []):
            add_address(entry, address["address"], address["city_state_postal"], address["country"], address["add_remarks"])
        entries.append(entry)
        if links:
            pending_links[entry.list_id] = links

    if stale_extensions:
        warnings.append(f"sdn_comments.csv: {stale_extensions} extensions continue remarks that were not cut; left out")
    report = ofac_remarks.link_entries(entries, pending_links)
    warnings += remark_warnings(report, counts)
    return ParsedList(
        list=LIST,
        as_of=as_of or _as_of_from_files(sdn_path),
        source_files=[str(p) for p in files.values()],
        entries=entries,
        warnings=warnings,
    )


def find_files(paths: list[Path]) -> dict[str, Path]:
    """sdn.csv and whichever of its siblings exist, from the paths given or sdn.csv's folder."""
    if len(paths) == 1 and paths[0].is_dir():
        folder = paths[0]
        paths = [p for p in sorted(folder.iterdir()) if strip_name(p) in COLUMNS]
        if not paths:
            raise InputError(folder, "no sdn.csv in this folder")
    named = {strip_name(p): p for p in paths if strip_name(p) in COLUMNS}
    if "sdn.csv" not in named:
        others = [p for p in paths if strip_name(p) not in COLUMNS]
        if len(others) != 1:
            raise InputError(paths[0], "cannot tell which file is sdn.csv; name it sdn.csv")
        named["sdn.csv"] = others[0]
    folder = named["sdn.csv"].parent
    for name in SECONDARY_FILES:
        if name not in named and len(paths) == 1:
            for candidate in (folder / name, folder / f"{name}.gz"):
                if candidate.is_file():
                    named[name] = candidate
                    break
    return named


def read_rows(path: Path, kind: str) -> Iterator[tuple[dict[str, str], int]]:
    """The rows of one file of the set as dicts with `-0-` made empty, and their line numbers."""
    data = read_bytes(path)
    if kind != "sdn.csv" and not data.strip(b"\r\n\x1a "):
        return  # an alt/add/comments file with no rows is a valid part of a set
    # A byte-order mark appears when someone re-saves the file in a spreadsheet: not part of ent_num.
    text = decode_text(data, path)
    # Checked once every row has read well: a file of another format fails on its first row instead.
    cut_short = kind in TERMINATED_FILES and not text.rstrip(" \t\r\n").endswith(CTRL_Z)
    text = text.removeprefix("\ufeff").rstrip("\r\n" + CTRL_Z + " ")
    columns = COLUMNS[kind]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            if cut_short:
                raise InputError(path, f"{kind} does not end with OFAC's end-of-file byte (0x1A): the file is "
                                 "cut short (an interrupted download?) or was re-saved",
                                 line=reader.line_num + 1) from None
            return
        except csv.Error as exc:
            raise InputError(path, f"malformed CSV: {exc}", line=reader.line_num) from exc
        if not row or row == [CTRL_Z]:
            continue
        if len(row) != len(columns):
            raise InputError(
                path, f"expected {len(columns)} columns for {kind}, found {len(row)}", line=reader.line_num
            )
        values = {name: _clean(value) for name, value in zip(columns, row)}
        if not values["ent_num"].isdigit():
            raise InputError(path, f"ent_num {values['ent_num']!r} is not a number", line=reader.line_num)
        yield values, reader.line_num


def _clean(value: str) -> str:
    value = value.strip()
    return "" if value == NULL else value


def _group_secondary(rows: dict, known: set[str], files: dict[str, Path]) -> tuple[dict, list[str]]:
    grouped: dict[str, dict[str, list[dict[str, str]]]] = {name: {} for name in SECONDARY_FILES}
    warnings = []
    for name, file_rows in rows.items():
        orphans = 0
        for row, _line in file_rows:
            if row["ent_num"] in known:
                grouped[name].setdefault(row["ent_num"], []).append(row)
            else:
                orphans += 1
        if orphans:
            warnings.append(f"{files[name].name}: {orphans} rows name an ent_num that is not in sdn.csv; left out")
    return grouped, warnings


def remark_warnings(report: ofac_remarks.LinkReport, counts: ofac_remarks.RemarkCounts) -> list[str]:
    warnings = []
    if report.unresolved:
        warnings.append(f"{len(report.unresolved)} 'Linked To' names match no entry; kept as notes")
    if report.ambiguous:
        warnings.append(f"{len(report.ambiguous)} 'Linked To' names match several entries; kept as notes")
    if counts.invalid_vessel_imos:
        bad = ", ".join(counts.invalid_vessel_imos[:5])
        warnings.append(f"{len(counts.invalid_vessel_imos)} vessel IMO numbers fail the check digit ({bad}); kept as notes")
    if counts.unparsed_dates:
        warnings.append(f"{counts.unparsed_dates} dates in remarks could not be read; kept as notes")
    return warnings


def split_programs(text: str) -> tuple[str, ...]:
    """'DPRK3] [CYBER2' -> ('DPRK3', 'CYBER2'): the remains of OFAC's `[PROG]` brackets."""
    return tuple(p for part in text.split("] [") if (p := part.strip(" []")))


def build_entry(row: dict[str, str], remarks: str, counts: ofac_remarks.RemarkCounts) -> tuple[Entry, list[str]]:
    """One sdn.csv row as an Entry, and the `Linked To` names its remarks give."""
    list_id = row["ent_num"]
    schema = SCHEMA_OF_TYPE[row["type"].lower()]
    main = make_entity(schema, entry_entity_id(LIST, list_id))
    name = row["name"]
    main.add("name", name)
    main.add("topics", "sanction", cleaned=True)
    if schema == "Person":
        last, sep, first = name.partition(", ")
        main.add("lastName", last if sep else None)
        main.add("firstName", first or None)
        main.add("position", row["title"] or None)
    else:
        main.add("notes", row["title"] or None)
    entities = [main]
    if schema == "Vessel":
        add_vessel_details(main, entities, row["call_sign"], row["vessel_type"], row["tonnage"], row["grt"],
                           row["vessel_flag"], row["vessel_owner"])
    links = ofac_remarks.apply(ofac_remarks.extract(remarks), main, entities, counts)
    programs = split_programs(row["programs"])
    entities.append(ofac_sanction(main.id, list_id, programs))
    entry = Entry(list=LIST, list_id=list_id, schema=schema, caption=name, programs=programs, entities=entities)
    return entry, links


def add_vessel_details(vessel: EntityProxy, entities: list, call_sign: str, kind: str, tonnage: str,
                       grt: str, flag: str, owner_name: str) -> None:
    for prop, value in (("callSign", call_sign), ("type", kind), ("tonnage", tonnage),
                        ("grossRegisteredTonnage", grt), ("flag", flag)):
        if value and vessel.schema.properties[prop].type.clean(value, proxy=vessel) is None:
            vessel.add("notes", f"{prop}: {value}")  # keep what FtM cannot type, e.g. an unknown flag
        else:
            vessel.add(prop, value or None)
    if owner_name:
        owner = make_entity("Organization", sub_entity_id(vessel.id, "owner", owner_name))
        owner.add("name", owner_name)
        ownership = make_entity("Ownership", sub_entity_id(vessel.id, "ownership", owner_name))
        ownership.add("owner", owner.id, cleaned=True)
        ownership.add("asset", vessel.id, cleaned=True)
        vessel.add("owner", owner.id, cleaned=True)
        entities.extend([owner, ownership])


def add_address(entry: Entry, street: str, city: str, country: str, remarks: str = "", region: str = "",
                postal_code: str = "") -> None:
    """An Address entity on the entry; the CSV's "City/State/Province/Postal Code" is one field (city)."""
    add_address_entity(entry.entity, entry.entities, street, city, region, postal_code, country, remarks)


def ofac_sanction(entity_id: str, list_id: str, programs: Sequence[str], list_name: str = LIST,
                  source_url: str = SOURCE_URL) -> EntityProxy:
    sanction = make_entity("Sanction", sub_entity_id(entity_id, "sanction", list_name, list_id))
    sanction.add("entity", entity_id, cleaned=True)
    sanction.add("authority", AUTHORITY, cleaned=True)  # constants: cleaning 15,000 times costs seconds
    sanction.add("authorityId", list_id)
    sanction.add("program", list(programs))
    sanction.add("sourceUrl", source_url, cleaned=True)
    return sanction


def _as_of_from_files(sdn_path: Path) -> date | None:
    """No date inside the CSV: the folder's name when it is a date (as the bundled snapshots are
    kept), else None, so the load asks for --as-of instead of guessing (a file's mtime is the day
    it was copied, not the day OFAC published it)."""
    try:
        return date.fromisoformat(sdn_path.parent.name)
    except ValueError:
        return None

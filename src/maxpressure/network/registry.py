"""Import a corporate registry extract (CSV) as entries the network graph can hold.

Registries (Hong Kong's Companies Registry, OpenCorporates exports, an investigator's own table)
come in many shapes; this importer reads one documented shape, a folder or list of up to three
CSV files, each with a header row (extra columns are ignored):

- `companies.csv`: `company_id` (required, unique in the extract), `name` (required),
  `jurisdiction` (ISO country code), `registration_number`, `address`, `incorporation_date`;
- `officers.csv`: `company_id`, `name` (required), `role` (director, secretary ...),
  `person_id` (optional; officers with the same id are one person), `birth_date`, `nationality`,
  `address`;
- `shareholders.csv`: `company_id`, `name` (required), `holder_id` (optional; a `company_id` of
  companies.csv when the holder is one of them), `holder_type` (Person or Company), `percentage`.

Every company, officer and shareholder becomes an entry of the list named after the dataset
(not a sanctions list: nobody in it is designated); directorships and shareholdings become FtM
Directorship and Ownership entities on the company's entry, addresses Address entities, so shared
addresses and officers tie companies together in the graph.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Sequence

from maxpressure.errors import InputError
from maxpressure.model import Entry, ParsedList, entry_entity_id, make_entity, sub_entity_id
from maxpressure.sources.files import decode_text, read_bytes

FILES = ("companies.csv", "officers.csv", "shareholders.csv")
REQUIRED = {"companies.csv": ("company_id", "name"), "officers.csv": ("company_id", "name"),
            "shareholders.csv": ("company_id", "name")}


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    text = decode_text(read_bytes(path), path)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED[path.name] if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(path, f"missing column(s): {', '.join(missing)}", line=1)
    rows = []
    for line, row in enumerate(reader, start=2):
        clean = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        for column in REQUIRED[path.name]:
            if not clean.get(column):
                raise InputError(path, f"empty {column}", line=line)
        rows.append((line, clean))
    return rows


def _address(owner, full: str, entities: list) -> None:
    if full:
        address = make_entity("Address", sub_entity_id(owner.id, "addr", full))
        address.add("full", full)
        owner.add("address", full)
        entities.append(address)


def parse_registry(paths: Sequence[Path], dataset: str = "registry") -> ParsedList:
    by_name: dict[str, Path] = {}
    for p in map(Path, paths):
        if p.is_dir():
            by_name.update({f.name: f for f in sorted(p.iterdir()) if f.name in FILES})
        else:
            by_name[p.name] = p
    if "companies.csv" not in by_name:
        raise InputError(paths[0] if paths else None, "a registry extract needs companies.csv")
    companies: dict[str, Entry] = {}
    for line, row in _rows(by_name["companies.csv"]):
        company = make_entity("Company", entry_entity_id(dataset, f"company-{row['company_id']}"))
        company.add("name", row["name"])
        company.add("jurisdiction", row.get("jurisdiction") or None)
        company.add("registrationNumber", row.get("registration_number") or None)
        company.add("incorporationDate", row.get("incorporation_date") or None)
        entities = [company]
        _address(company, row.get("address", ""), entities)
        if row["company_id"] in companies:
            raise InputError(by_name["companies.csv"], f"company_id {row['company_id']} repeated", line=line)
        companies[row["company_id"]] = Entry(dataset, f"company-{row['company_id']}", "Company",
                                             row["name"], entities=entities)
    people: dict[str, Entry] = {}
    for filename, schema in (("officers.csv", "Directorship"), ("shareholders.csv", "Ownership")):
        if filename not in by_name:
            continue
        for line, row in _rows(by_name[filename]):
            held = companies.get(row["company_id"])
            if held is None:
                raise InputError(by_name[filename], f"company_id {row['company_id']} not in companies.csv", line=line)
            holder_key = row.get("person_id") or row.get("holder_id") or ""
            if schema == "Ownership" and holder_key in companies:
                party = companies[holder_key].entity
            else:
                party = _person(dataset, row, holder_key, people)
            link = make_entity(schema, sub_entity_id(held.entity_id, schema.lower(), party.id, line))
            if schema == "Directorship":
                link.add("director", party.id, cleaned=True)
                link.add("organization", held.entity_id, cleaned=True)
                link.add("role", row.get("role") or None)
            else:
                link.add("owner", party.id, cleaned=True)
                link.add("asset", held.entity_id, cleaned=True)
                link.add("role", "shareholder")
                link.add("percentage", row.get("percentage") or None)
            held.entities.append(link)
    return ParsedList(dataset, None, [str(p) for p in by_name.values()], list(companies.values()) + list(people.values()))


def _person(dataset: str, row: dict[str, str], key: str, people: dict[str, Entry]):
    key = key or f"{row['name']}|{row.get('birth_date', '')}"
    if key in people:
        return people[key].entity
    is_company = row.get("holder_type", "").lower() == "company"
    schema = "Company" if is_company else "Person"
    list_id = f"{'company' if is_company else 'person'}-{sub_entity_id('', 'p', key)[-12:]}"
    party = make_entity(schema, entry_entity_id(dataset, list_id))
    party.add("name", row["name"])
    if schema == "Person":
        party.add("birthDate", row.get("birth_date") or None)
        party.add("nationality", row.get("nationality") or None)
    entities = [party]
    _address(party, row.get("address", ""), entities)
    people[key] = Entry(dataset, list_id, schema, row["name"], entities=entities)
    return party

"""Writing entries out: FollowTheMoney JSON lines (readable by `load --list ftm` and by
OpenSanctions tools) and a flat CSV with one row per entry."""

from __future__ import annotations

import csv
import json
from typing import Iterable, TextIO

from maxpressure.model import Entry
from maxpressure.store.codec import entity_to_dict

ENTRY_CSV_COLUMNS = [
    "list", "list_id", "entity_id", "schema", "caption", "programs", "listed_on", "names",
    "birth_dates", "countries", "identifiers",
]
_IDENTIFIER_PROPS = ("imoNumber", "mmsi", "passportNumber", "idNumber", "swiftBic", "registrationNumber")


def export_ftm(entries: Iterable[Entry], out: TextIO) -> int:
    """Every entity of every entry, one JSON object per line, tagged with its list and list id."""
    count = 0
    for entry in entries:
        for entity in entry.entities:
            record = entity_to_dict(entity)
            record["caption"] = entity.caption
            record["datasets"] = [entry.list]
            record["referents"] = [f"{entry.list}:{entry.list_id}"] if entity is entry.entity else []
            record["target"] = entity is entry.entity
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def export_csv(entries: Iterable[Entry], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(ENTRY_CSV_COLUMNS)
    count = 0
    for entry in entries:
        main = entry.entity
        names = main.get("name") + main.get("alias") + main.get("previousName")
        identifiers = [f"{p}:{v}" for p in _IDENTIFIER_PROPS if main.schema.get(p) for v in main.get(p)]
        writer.writerow([
            entry.list, entry.list_id, entry.entity_id, entry.schema, entry.caption,
            ";".join(entry.programs), entry.listed_on.isoformat() if entry.listed_on else "",
            ";".join(names), ";".join(main.get("birthDate", quiet=True)),
            ";".join(main.get_type_values(_country_type())), ";".join(identifiers),
        ])
        count += 1
    return count


def _country_type():
    from followthemoney import registry

    return registry.country

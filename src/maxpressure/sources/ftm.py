"""FollowTheMoney JSON lines: OpenSanctions `entities.ftm.json` exports, and our own exports.

One entity per line: `id`, `schema`, `properties` (every value a list of strings), and in
OpenSanctions exports also `caption`, `referents`, `datasets`, `first_seen`, `last_seen`, `target`.

Entries are built around the designated things: an entity marked `target`, or of a schema that
can be designated (Person, Organization, Company, LegalEntity, Vessel, Airplane). Every other
entity joins the entry of the first main entity it points at (an Address through the main
entity's `addressEntity`, a Sanction through its `entity`, an Ownership through its `owner`);
a relationship between two main entities is kept in the entry of its first end, and a
relationship that points at no main entity becomes an entry of its own, so that no edge of the
network is lost. `referents` (source-list ids such as `ofac-32733`) and the other export fields
stay on the entity's context, which `EntityProxy.to_dict()` writes back out.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Sequence

from followthemoney import model
from followthemoney.exc import FollowTheMoneyException
from followthemoney.proxy import EntityProxy

from maxpressure.errors import InputError
from maxpressure.model import Entry, ParsedList
from maxpressure.sources.files import decode_text, read_bytes, strip_name

LIST = "ftm"
MAIN_SCHEMATA = frozenset({"Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel", "Airplane"})
_CONTEXT_KEYS = ("referents", "datasets", "first_seen", "last_seen", "last_change", "target")


def sniff(path: Path, head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"{") and b'"schema"' in head and b'"id"' in head


def parse(paths: Sequence[Path], as_of: date | None = None, dataset: str | None = None) -> ParsedList:
    entities: list[EntityProxy] = []
    for path in paths:
        entities.extend(_read(Path(path)))
    if not entities:
        raise InputError(paths[0], "no entities found")
    name = dataset or _dataset_of(entities) or _stem(Path(paths[0]))
    entries = _entries(entities, name)
    return ParsedList(name, as_of, [strip_name(p) for p in paths], entries)


def _stem(path: Path) -> str:
    stem = strip_name(path)
    for suffix in (".json", ".jsonl", ".ftm"):
        stem = stem.removesuffix(suffix)
    return stem or LIST


def _dataset_of(entities: list[EntityProxy]) -> str | None:
    for entity in entities:
        datasets = entity.context.get("datasets")
        if isinstance(datasets, list) and datasets and isinstance(datasets[0], str):
            return datasets[0]
    return None


def _read(path: Path) -> list[EntityProxy]:
    text = decode_text(read_bytes(path), path, ("utf-8-sig",))
    entities = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        entity = _entity(line, path, number)
        if entity.id in seen:
            raise InputError(path, f"entity {entity.id!r} appears twice", line=number)
        seen.add(entity.id)
        entities.append(entity)
    return entities


def _entity(line: str, path: Path, number: int) -> EntityProxy:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not a JSON object: {exc.msg}", line=number) from None
    if not isinstance(data, dict):
        raise InputError(path, "not a JSON object", line=number)
    entity_id, schema, properties = data.get("id"), data.get("schema"), data.get("properties", {})
    if not isinstance(entity_id, str) or not entity_id.strip():
        raise InputError(path, "entity without an id", line=number)
    if not isinstance(schema, str) or model.get(schema) is None:
        raise InputError(path, f"unknown schema {schema!r}", line=number)
    if not isinstance(properties, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in properties.values()
    ):
        raise InputError(path, "properties must map names to lists of strings", line=number)
    context = {k: data[k] for k in _CONTEXT_KEYS if k in data}
    try:
        entity = model.get_proxy({"id": entity_id, "schema": schema, "properties": properties, **context}, cleaned=False)
    except (FollowTheMoneyException, ValueError, TypeError) as exc:
        raise InputError(path, f"invalid entity: {exc}", line=number) from None
    # Our own ids (un_sc-KPi.033) carry characters FtM's reference cleaning drops; put back the
    # references exactly as written so that links between entities survive the round trip.
    for name, values in properties.items():
        prop = entity.schema.get(name)
        if prop is not None and prop.type.name == "entity":
            entity.set(name, values, cleaned=True)
    return entity


def _is_main(entity: EntityProxy) -> bool:
    return entity.context.get("target") is True or entity.schema.name in MAIN_SCHEMATA


def _entries(entities: list[EntityProxy], list_name: str) -> list[Entry]:
    mains = {e.id: e for e in entities if _is_main(e)}
    members: dict[str, list[EntityProxy]] = {main_id: [main] for main_id, main in mains.items()}
    # Who points at whom: an Address is pointed at by its owner; a Sanction points at its entity.
    owner_of: dict[str, str] = {}
    for main in mains.values():
        for prop, value in _references(main):
            owner_of.setdefault(value, main.id)
    standalone: list[EntityProxy] = []
    for entity in entities:
        if entity.id in mains:
            continue
        home = next((v for _, v in _references(entity) if v in mains), None)
        # OpenSanctions merges entities and keeps the old ids as referents; references may use them.
        for alias in (entity.id, *_referents(entity)):
            home = home or owner_of.get(alias)
        if home is None:
            standalone.append(entity)
        else:
            members[home].append(entity)
    entries = [_entry(list_name, group) for group in members.values()]
    entries.extend(_entry(list_name, [entity]) for entity in standalone)
    return entries


def _referents(entity: EntityProxy) -> list[str]:
    referents = entity.context.get("referents")
    return [r for r in referents if isinstance(r, str)] if isinstance(referents, list) else []


def _references(entity: EntityProxy) -> list[tuple[str, str]]:
    return [
        (prop.name, value)
        for prop, value in entity.itervalues()
        if prop.type.name == "entity"
    ]


def _entry(list_name: str, group: list[EntityProxy]) -> Entry:
    main = group[0]
    programs: list[str] = []
    listed: list[str] = []
    for entity in group:
        if entity.schema.name == "Sanction":
            programs.extend(entity.get("program"))
            listed.extend(entity.get("listingDate") or entity.get("startDate"))
    programs.extend(main.get("program", quiet=True))
    return Entry(
        list=list_name,
        list_id=main.id,
        schema=main.schema.name,
        caption=main.caption or main.id,
        programs=tuple(dict.fromkeys(programs)),
        listed_on=_first_date(listed),
        entities=group,
    )


def _first_date(values: list[str]) -> date | None:
    dates = []
    for value in values:
        try:
            dates.append(date.fromisoformat(value[:10]))
        except ValueError:
            continue
    return min(dates) if dates else None


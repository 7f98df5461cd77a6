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

A user dataset cannot pass for an official list: whatever its `datasets` field or file name
claims, an official list's name becomes `user_<name>`, and an entity id in an official list's id
space (`un-sc-KPi.033`) is moved into the dataset's own (`mydata-un-sc-KPi.033`), references
included. The official lists come only from their own parsers.

Each line is bounded before it is trusted: its length, its nesting depth and its numbers (an FtM
value is always a string, so a number is never converted, however many digits it has).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Sequence

from followthemoney import model
from followthemoney.exc import FollowTheMoneyException
from followthemoney.proxy import EntityProxy
from followthemoney.util import sanitize_text

from maxpressure.errors import InputError
from maxpressure.model import LISTS, Entry, ParsedList, entry_entity_id
from maxpressure.sources.files import decode_text, read_bytes, strip_name

LIST = "ftm"
MAIN_SCHEMATA = frozenset({"Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel", "Airplane"})
_CONTEXT_KEYS = ("referents", "datasets", "first_seen", "last_seen", "last_change", "target")
# One entity with 100,000 aliases is ~4 MB of JSON; a line 16 times that is not an entity.
MAX_LINE_CHARS = 64 * 1024 * 1024
# An FtM entity nests three levels (entity -> properties -> values); allow some room, no more.
MAX_DEPTH = 8
# The id prefixes of the official lists' own entities (`un-sc-`, `us-ofac-sdn-` ...).
OFFICIAL_ID_PREFIXES = tuple(sorted({entry_entity_id(name, "x")[:-1].lower() for name in LISTS}))


def sniff(path: Path, head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"{") and b'"schema"' in head and b'"id"' in head


def parse(paths: Sequence[Path], as_of: date | None = None, dataset: str | None = None) -> ParsedList:
    rows: list[tuple[dict, Path, int]] = []
    for path in paths:
        rows.extend(_read(Path(path)))
    if not rows:
        raise InputError(paths[0], "no entities found")
    name = user_dataset_name(dataset or _dataset_of(rows) or _stem(Path(paths[0])))
    entities = [_entity(data, path, number, name) for data, path, number in rows]
    entries = _entries(entities, name)
    return ParsedList(name, as_of, [strip_name(p) for p in paths], entries)


def user_dataset_name(claimed: str) -> str:
    """The list name a user dataset is stored under: never an official list's name."""
    name = "".join(c if c.isalnum() or c in "_-." else "_" for c in claimed.strip()) or LIST
    return f"user_{name}" if name.lower() in LISTS else name


def own_id(entity_id: str, dataset: str) -> str:
    """The id as stored: an id in an official list's id space moves into the dataset's own."""
    if entity_id.lower().startswith(OFFICIAL_ID_PREFIXES):
        return entry_entity_id(dataset, entity_id)
    return entity_id


def _stem(path: Path) -> str:
    stem = strip_name(path)
    for suffix in (".json", ".jsonl", ".ftm"):
        stem = stem.removesuffix(suffix)
    return stem or LIST


def _dataset_of(rows: list[tuple[dict, Path, int]]) -> str | None:
    for data, _path, _number in rows:
        datasets = data.get("datasets")
        if isinstance(datasets, list) and datasets and isinstance(datasets[0], str) and datasets[0].strip():
            return datasets[0]
    return None


def _read(path: Path) -> list[tuple[dict, Path, int]]:
    text = decode_text(read_bytes(path), path, ("utf-8-sig",))
    rows = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        data = _json_object(line, path, number)
        if data["id"] in seen:
            raise InputError(path, f"entity {data['id']!r} appears twice", line=number)
        seen.add(data["id"])
        rows.append((data, path, number))
    return rows


class _Number:
    """A JSON number, kept as its digits: never converted, and never a string FtM would take."""

    __slots__ = ("digits",)

    def __init__(self, digits: str):
        self.digits = digits


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _json_object(line: str, path: Path, number: int) -> dict:
    """One line as a checked FtM entity dict, or an InputError naming the line."""
    if len(line) > MAX_LINE_CHARS:
        raise InputError(path, f"line is longer than {MAX_LINE_CHARS // 2**20} M characters", line=number)
    if _depth(line) > MAX_DEPTH:
        raise InputError(path, f"JSON nested deeper than {MAX_DEPTH} levels", line=number)
    try:
        data = json.loads(line, parse_int=_Number, parse_float=_Number, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not a JSON object: {exc.msg}", line=number) from None
    except ValueError as exc:
        raise InputError(path, f"not a JSON object: {exc}", line=number) from None
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
    return data


def _depth(line: str) -> int:
    """An upper bound of the line's nesting depth, in one pass at C speed: brackets inside strings
    count too, which only makes the bound safer (no real entity comes near it)."""
    if line.count("[") + line.count("{") <= MAX_DEPTH:
        return 0
    depth = deepest = 0
    for char in _NOT_BRACKET.sub("", line):
        depth += 1 if char in "[{" else -1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
    return deepest


_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _plain(value: object) -> bool:
    """A context value we keep as written: a string, a flag, or a list of strings."""
    return isinstance(value, (str, bool)) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


def _entity(data: dict, path: Path, number: int, dataset: str) -> EntityProxy:
    properties = data.get("properties", {})
    context = {k: data[k] for k in _CONTEXT_KEYS if k in data and _plain(data[k])}
    context["datasets"] = [dataset]  # what the file claims is not what we store
    entity_id = own_id(data["id"], dataset)
    schema = model.get(data["schema"])
    try:
        cleaned = {name: _clean_values(prop, values, dataset)
                   for name, values in properties.items() if (prop := schema.get(name)) is not None}
        # Cleaned here and handed over whole: FtM's add() checks each new value against a list of
        # those already held, which costs n² for one entity with 100,000 aliases.
        return model.get_proxy({"id": entity_id, "schema": schema.name, "properties": cleaned, **context},
                               cleaned=True)
    except (FollowTheMoneyException, ValueError, TypeError) as exc:
        raise InputError(path, f"invalid entity: {exc}", line=number) from None


def _clean_values(prop, values: list[str], dataset: str) -> list[str]:
    if prop.type.name == "entity":
        # Our own ids (un_sc-KPi.033) carry characters FtM's reference cleaning drops; keep the
        # references exactly as written so that links between entities survive the round trip.
        return [own_id(v, dataset) for v in values if v.strip()]
    clean = prop.type.clean_text
    return [c for v in values if (c := clean(sanitize_text(v) or "", format=prop.format)) is not None]


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


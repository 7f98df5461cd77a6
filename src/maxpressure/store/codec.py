"""Entries to rows and back: the one place that knows how an Entry is kept in the store."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from followthemoney import model as ftm
from followthemoney.proxy import EntityProxy

from maxpressure.model import Entry


def entity_to_dict(entity: EntityProxy) -> dict[str, Any]:
    """An FtM entity as a plain dict with sorted values, so equal entities serialise equally."""
    props = {name: sorted(values) for name, values in sorted(entity.properties.items()) if values}
    data = {"id": entity.id, "schema": entity.schema.name, "properties": props}
    # Context travels with the entity: OpenSanctions `referents` hold other lists' ids.
    for key in ("referents", "datasets", "first_seen", "last_seen", "target"):
        if key in entity.context:
            data[key] = entity.context[key]
    return data


def entity_from_dict(data: dict[str, Any]) -> EntityProxy:
    return ftm.get_proxy(data, cleaned=True)


def entities_json(entry: Entry) -> str:
    return json.dumps([entity_to_dict(e) for e in entry.entities], ensure_ascii=False, sort_keys=True)


def entry_digest(entry: Entry, entities_text: str) -> str:
    """Changes when anything the list says about the entry changes, and only then."""
    payload = json.dumps(
        [entry.schema, entry.caption, sorted(entry.programs), _iso(entry.listed_on), entities_text],
        ensure_ascii=False,
    )
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()


def entry_from_row(
    list_name: str,
    list_id: str,
    schema: str,
    caption: str,
    programs: list[str] | None,
    listed_on: date | None,
    entities_text: str,
) -> Entry:
    entities = [entity_from_dict(d) for d in json.loads(entities_text)]
    return Entry(
        list=list_name,
        list_id=list_id,
        schema=schema,
        caption=caption,
        programs=tuple(programs or ()),
        listed_on=listed_on,
        entities=entities,
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None

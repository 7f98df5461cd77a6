"""Reconciled entities in yente's `EntityResponse` shape, flat or with their adjacent entities nested.

A reconciled entity merges its list entries: one FtM entity whose properties are the union of the
entries' main entities, `datasets` the lists, `referents` the entries' own ids. Nested, it also
carries the entities that hang off the entries (Sanction, Address, Passport, UnknownLink ...) as
yente does: an entity it points to is inlined under the pointing property (`addressEntity`), an
entity pointing at it under the reverse property (`sanctions`, `ownershipOwner`); inside such an
adjacent entity the reference back stays an id and its other references are inlined one level.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from maxpressure.model import LISTS, Entry
from maxpressure.screening.index import Candidate
from maxpressure.web.yente_served import EntryDates, Served


def iso(day: date | None) -> str | None:
    """yente writes its timestamps as ISO date-times to the second, without a zone."""
    return None if day is None else f"{day.isoformat()}T00:00:00"


def _span(dates: Iterable[EntryDates | None]) -> dict[str, str | None]:
    known = [d for d in dates if d is not None]
    pick = lambda name, fn: fn((getattr(d, name) for d in known if getattr(d, name)), default=None)  # noqa: E731
    return {"first_seen": iso(pick("first_seen", min)), "last_seen": iso(pick("last_seen", max)),
            "last_change": iso(pick("last_change", max))}


def _merge(proxies: list[EntityProxy], entity_id: str) -> EntityProxy:
    """One entity from the main entities of several entries (their common schema, all values)."""
    merged = model.make_entity(proxies[0].schema.name)
    merged.id = entity_id
    for proxy in proxies:
        try:
            merged.schema = model.common_schema(merged.schema, proxy.schema)
        except InvalidData:
            pass  # entries reconciled across incompatible schemata: keep the first one's
        for prop, values in proxy.properties.items():
            if prop in merged.schema.properties:
                merged.add(prop, values, cleaned=True, quiet=True)
    return merged


def _proxy(schema: str, entity_id: str, properties: dict[str, list[str]]) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for prop, values in properties.items():
        proxy.add(prop, values, cleaned=True, quiet=True)
    return proxy


def flat(proxy: EntityProxy, caption: str | None = None, datasets: Iterable[str] = (),
         referents: Iterable[str] = (), target: bool = False, dates: dict | None = None) -> dict[str, Any]:
    return {
        "id": proxy.id,
        "caption": caption or proxy.caption,
        "schema": proxy.schema.name,
        "properties": {prop: list(values) for prop, values in proxy.properties.items()},
        "datasets": sorted(set(datasets)),
        "referents": sorted(set(referents)),
        "target": target,
        **(dates or {"first_seen": None, "last_seen": None, "last_change": None}),
    }


def canonical_entity(served: Served, canonical_id: str, caption: str | None = None) -> dict[str, Any]:
    """The reconciled entity from the screener's candidates alone (no store read): what /match returns."""
    members = sorted(served.members(canonical_id), key=lambda c: (c.list, c.list_id))
    return _from_members(served, canonical_id, members, [_proxy(c.schema, c.entity_id, c.properties) for c in members],
                         caption)


def _caption_order(member: Candidate) -> tuple:
    """The caption of a reconciled entity is its UN entry's, else the first list's in `LISTS` order."""
    order = list(LISTS)
    return (order.index(member.list) if member.list in order else len(order), member.list, member.list_id)


def _from_members(served: Served, canonical_id: str, members: list[Candidate], mains: list[EntityProxy],
                  caption: str | None = None) -> dict[str, Any]:
    merged = _merge(mains, canonical_id)
    _point_at_canonical(served, merged)
    return flat(merged, caption or min(members, key=_caption_order).caption, [m.list for m in members],
                [m.entity_id for m in members if m.entity_id != canonical_id], True,
                _span(served.dates.get(m.entity_id) for m in members))


def _point_at_canonical(served: Served, proxy: EntityProxy) -> None:
    """References to another list entry's main entity name its reconciled entity, which is fetchable."""
    for prop in list(proxy.iterprops()):
        if prop.type != registry.entity:
            continue
        values = proxy.get(prop)
        mapped = [served.canonical_of.get(v, v) for v in values]
        if mapped != values:
            proxy.set(prop, mapped, cleaned=True, quiet=True)


def current_entries(served: Served, store, members: list[Candidate]) -> list[Entry]:
    """The entries of the members in the snapshots served (not a newer or older load)."""
    snapshot_ids = {s.snapshot_id for s in served.snapshots}
    found = []
    for member in members:
        for snapshot, entry in store.history(member.entity_id):
            if snapshot.snapshot_id in snapshot_ids and entry.entity_id == member.entity_id:
                found.append(entry)
    return found


def entity_response(served: Served, canonical_id: str, entries: list[Entry], nested: bool) -> dict[str, Any]:
    members = sorted(served.members(canonical_id), key=lambda c: (c.list, c.list_id))
    entries = sorted(entries, key=lambda e: (e.list, e.list_id))
    root = _from_members(served, canonical_id, members, [e.entity for e in entries] or
                         [_proxy(c.schema, c.entity_id, c.properties) for c in members])
    if not nested:
        return root
    pool: dict[str, tuple[EntityProxy, Entry]] = {}
    for entry in entries:
        for sub in entry.entities[1:]:
            sub = sub.clone()
            _point_at_canonical(served, sub)
            pool[sub.id] = (sub, entry)
    _nest(served, root, pool)
    return root


def _adjacent_flat(served: Served, entity_id: str, pool: dict) -> dict[str, Any] | str:
    if entity_id in pool:
        sub, entry = pool[entity_id]
        return flat(sub, datasets=[entry.list], dates=_span([served.dates.get(entry.entity_id)]))
    if entity_id in served.members_of:
        return canonical_entity(served, entity_id)
    return entity_id


def _nest(served: Served, root: dict[str, Any], pool: dict) -> None:
    root_id = root["id"]
    schema = model.get(root["schema"])
    props = root["properties"]
    for name in list(props):
        prop = schema.get(name)
        if prop is not None and prop.type == registry.entity:
            props[name] = [_adjacent_flat(served, v, pool) for v in props[name]]
    for sub, entry in pool.values():
        for prop in sub.iterprops():
            if prop.type != registry.entity or prop.reverse is None or root_id not in sub.get(prop):
                continue
            adjacent = flat(sub, datasets=[entry.list], dates=_span([served.dates.get(entry.entity_id)]))
            for other in adjacent["properties"]:
                other_prop = sub.schema.get(other)
                if other_prop is not None and other_prop.type == registry.entity and other != prop.name:
                    adjacent["properties"][other] = [_adjacent_flat(served, v, pool)
                                                     for v in adjacent["properties"][other]]
            props.setdefault(prop.reverse.name, []).append(adjacent)


def adjacent_groups(nested: dict[str, Any]) -> dict[str, list]:
    """The entity-valued properties of a nested entity: what `/entities/{id}/adjacent` pages through."""
    schema = model.get(nested["schema"])
    groups = {}
    for name, values in nested["properties"].items():
        prop = schema.get(name)
        if prop is not None and prop.type == registry.entity:
            groups[name] = values
    return groups

"""What changed between two snapshots of a list: added, removed and amended entries.

Entries are matched by the list's own id. An entry is amended when its digest differs; the
change then names what differs: main-entity properties by name, plus `programs`, `listed_on`,
and the schema of any attached entity (Address, Passport, UnknownLink ...) that came or went.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import duckdb

    from maxpressure.store import Snapshot


@dataclass(frozen=True, slots=True)
class Change:
    list: str
    snapshot_id: int
    as_of: date | None
    previous_snapshot_id: int
    kind: str  # added | removed | amended
    list_id: str
    entity_id: str
    caption: str
    schema: str
    listed_on: date | None
    programs: tuple[str, ...] = ()
    changed_properties: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "list": self.list,
            "snapshot_id": self.snapshot_id,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "previous_snapshot_id": self.previous_snapshot_id,
            "kind": self.kind,
            "list_id": self.list_id,
            "entity_id": self.entity_id,
            "caption": self.caption,
            "schema": self.schema,
            "listed_on": self.listed_on.isoformat() if self.listed_on else None,
            "programs": list(self.programs),
            "changed_properties": self.changed_properties,
        }


_DIFF_SQL = """
WITH a AS (SELECT * FROM entries WHERE snapshot_id = $before),
     b AS (SELECT * FROM entries WHERE snapshot_id = $after)
SELECT CASE WHEN a.list_id IS NULL THEN 'added'
            WHEN b.list_id IS NULL THEN 'removed'
            ELSE 'amended' END AS kind,
       coalesce(b.list_id, a.list_id), coalesce(b.entity_id, a.entity_id),
       coalesce(b.caption, a.caption), coalesce(b.schema, a.schema),
       coalesce(b.listed_on, a.listed_on), coalesce(b.programs, a.programs),
       a.programs, b.programs, a.listed_on, b.listed_on, a.entities, b.entities
FROM a FULL OUTER JOIN b ON a.list_id = b.list_id
WHERE a.list_id IS NULL OR b.list_id IS NULL OR a.digest <> b.digest
ORDER BY kind, 2
"""


def diff_snapshots(con: "duckdb.DuckDBPyConnection", before: "Snapshot", after: "Snapshot") -> list[Change]:
    rows = con.execute(_DIFF_SQL, {"before": before.snapshot_id, "after": after.snapshot_id}).fetchall()
    changes = []
    for (kind, list_id, entity_id, caption, schema, listed_on, programs,
         old_programs, new_programs, old_listed, new_listed, old_entities, new_entities) in rows:
        changed: list[str] = []
        if kind == "amended":
            changed = changed_properties(old_entities, new_entities)
            if sorted(old_programs) != sorted(new_programs):
                changed.append("programs")
            if old_listed != new_listed:
                changed.append("listed_on")
        changes.append(
            Change(after.list, after.snapshot_id, after.as_of, before.snapshot_id, kind, list_id,
                   entity_id, caption, schema, listed_on, tuple(programs or ()), sorted(changed))
        )
    return changes


def changed_properties(old_text: str, new_text: str) -> list[str]:
    """Names of main-entity properties that differ, and schemata of attached entities that do."""
    old, new = json.loads(old_text), json.loads(new_text)
    old_main, new_main = old[0]["properties"], new[0]["properties"]
    names = {
        name for name in set(old_main) | set(new_main)
        if sorted(old_main.get(name, [])) != sorted(new_main.get(name, []))
    }
    old_rest = {_fingerprint(e) for e in old[1:]}
    new_rest = {_fingerprint(e) for e in new[1:]}
    names.update(schema for schema, _ in old_rest ^ new_rest)
    return sorted(names)


def _fingerprint(entity: dict[str, Any]) -> tuple[str, str]:
    """An attached entity by schema and content, ignoring its id (ids can embed row numbers)."""
    props = {k: v for k, v in entity["properties"].items() if k not in {"entity", "holder", "subject"}}
    return entity["schema"], json.dumps(props, sort_keys=True)

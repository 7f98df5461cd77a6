"""An analyst's word on a pair of entries: the same real-world entity, or not.

Judgements live in the store (table `judgements`), so they survive restarts and new loads, and
`cluster.merge` applies them before any algorithmic link: they always win. A later judgement on
the same pair replaces the earlier one.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from maxpressure.errors import NotFound
from maxpressure.reconcile.cluster import Judgement

if TYPE_CHECKING:  # pragma: no cover
    from maxpressure.store import Store

TABLE = """
CREATE TABLE IF NOT EXISTS judgements (
    left_id    VARCHAR NOT NULL,
    right_id   VARCHAR NOT NULL,
    same       BOOLEAN NOT NULL,
    judged_at  TIMESTAMP NOT NULL,
    note       VARCHAR
)
"""


def _has_table(store: "Store") -> bool:
    return bool(store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'judgements'"
    ).fetchone()[0])


def resolve_entity_id(store: "Store", key: str) -> str:
    """An entity id from what an analyst types: `un_sc-KPi.033`, `un_sc:KPi.033` or `KPi.033`."""
    list_name, sep, list_id = key.partition(":")
    if sep:
        sql, params = "SELECT DISTINCT entity_id FROM entries WHERE list = ? AND list_id = ?", [list_name, list_id]
    else:
        sql, params = "SELECT DISTINCT entity_id FROM entries WHERE entity_id = ? OR list_id = ?", [key, key]
    found = sorted(row[0] for row in store.con.execute(sql, params).fetchall())
    if not found:
        raise NotFound(f"no entry with id {key!r}")
    if len(found) > 1:
        raise NotFound(f"{key!r} names several entries ({', '.join(found)}); use the entity id")
    return found[0]


def record(store: "Store", left: str, right: str, same: bool, note: str | None = None) -> Judgement:
    """Persist a judgement on two entries (ids as `resolve_entity_id` accepts them)."""
    a, b = sorted((resolve_entity_id(store, left), resolve_entity_id(store, right)))
    store.con.execute(TABLE)
    store.con.execute("BEGIN TRANSACTION")
    try:
        store.con.execute("DELETE FROM judgements WHERE left_id = ? AND right_id = ?", [a, b])
        store.con.execute(
            "INSERT INTO judgements VALUES (?, ?, ?, ?, ?)",
            [a, b, same, datetime.now(timezone.utc).replace(tzinfo=None), note],
        )
        store.con.execute("COMMIT")
    except BaseException:
        store.con.execute("ROLLBACK")
        raise
    return Judgement(a, b, same)


def load(store: "Store") -> list[Judgement]:
    """Every judgement held, oldest first (a read-only store without the table has none)."""
    if not _has_table(store):
        return []
    rows = store.con.execute("SELECT left_id, right_id, same FROM judgements ORDER BY judged_at").fetchall()
    return [Judgement(a, b, bool(same)) for a, b, same in rows]

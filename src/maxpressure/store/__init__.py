"""The store: a DuckDB file of list snapshots. A load appends one snapshot in one transaction.

Earlier snapshots are kept, so "what changed" is a query, and a load that fails or is killed
half-way leaves the store exactly as it was (DuckDB discards an uncommitted transaction).
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable

import duckdb
import pyarrow as pa

from maxpressure.config import Settings
from maxpressure.errors import NotFound, StoreError
from maxpressure.model import Entry, ParsedList
from maxpressure.store.changes import Change, diff_snapshots
from maxpressure.store.codec import entities_json, entry_digest, entry_from_row
from maxpressure.store.schema import TABLES

__all__ = ["Store", "Snapshot", "Change"]

# A test hook: makes a load sleep inside its transaction, so a test can SIGKILL it there.
PAUSE_ENV = "MAXPRESSURE_TEST_PAUSE_IN_LOAD"


@dataclass(frozen=True, slots=True)
class Snapshot:
    snapshot_id: int
    list: str
    as_of: date | None
    loaded_at: datetime
    entries: int
    source_files: list[str]

    def to_json(self) -> dict:
        return {
            "list": self.list,
            "snapshot_id": self.snapshot_id,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "loaded_at": self.loaded_at.isoformat(),
            "entries": self.entries,
            "source_files": list(self.source_files),
        }


_SNAPSHOT_COLUMNS = "snapshot_id, list, as_of, loaded_at, entries, source_files"
_ENTRY_COLUMNS = "list, list_id, schema, caption, programs, listed_on, entities"


class Store:
    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}; run `maxpressure init` or `maxpressure load` first")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            raise StoreError(f"cannot open store {self.path}: {_first_line(exc)}") from exc
        if not read_only:
            self.con.execute(TABLES)

    @classmethod
    def open(cls, settings: Settings, read_only: bool = False) -> "Store":
        return cls(settings.store_path, read_only=read_only)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------

    def write_snapshot(self, parsed: ParsedList, loaded_at: datetime | None = None) -> Snapshot:
        """Append `parsed` as a new snapshot of its list, all or nothing."""
        return self.write_snapshots([parsed], loaded_at)[0]

    def write_snapshots(self, parsed_lists: list[ParsedList], loaded_at: datetime | None = None) -> list[Snapshot]:
        """Append one snapshot per parsed list, all in one transaction: all land or none does."""
        loaded_at = loaded_at or datetime.now(timezone.utc).replace(tzinfo=None)
        written = []
        self.con.execute("BEGIN TRANSACTION")
        try:
            for parsed in parsed_lists:
                written.append(self._insert_snapshot(parsed, loaded_at))
            _pause_if_testing()
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return written

    def _insert_snapshot(self, parsed: ParsedList, loaded_at: datetime) -> Snapshot:
        rows = _entry_rows(parsed)
        (snapshot_id,) = self.con.execute("SELECT nextval('snapshot_ids')").fetchone()
        rows["snapshot_id"] = [snapshot_id] * len(parsed.entries)
        self.con.execute(
            f"INSERT INTO snapshots ({_SNAPSHOT_COLUMNS}, content_digest) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [snapshot_id, parsed.list, parsed.as_of, loaded_at, len(parsed.entries),
             list(parsed.source_files), _content_digest(rows["digest"])],
        )
        self.con.register("incoming_entries", pa.table(rows))
        self.con.execute(
            "INSERT INTO entries SELECT snapshot_id, list, list_id, entity_id, schema, caption, "
            "programs, regimes, listed_on, digest, entities FROM incoming_entries"
        )
        self.con.unregister("incoming_entries")
        return Snapshot(snapshot_id, parsed.list, parsed.as_of, loaded_at, len(parsed.entries),
                        list(parsed.source_files))

    def holds_same_content(self, parsed: ParsedList) -> bool:
        """Whether the newest snapshot of this list already has exactly these entries."""
        latest = self.latest(parsed.list)
        if latest is None:
            return False
        wanted = _content_digest(_entry_rows(parsed)["digest"])
        (held,) = self.con.execute(
            "SELECT content_digest FROM snapshots WHERE snapshot_id = ?", [latest.snapshot_id]
        ).fetchone()
        return held == wanted

    def predecessor(self, parsed: ParsedList) -> Snapshot | None:
        """The snapshot `parsed` would follow in its list's history (histories run by as_of)."""
        before = [s for s in self.snapshots(parsed.list)
                  if parsed.as_of is None and s.as_of is None
                  or parsed.as_of is not None and (s.as_of is None or s.as_of <= parsed.as_of)]
        return before[-1] if before else None

    def removals(self, parsed: ParsedList) -> tuple[Snapshot | None, int]:
        """(predecessor, how many of its entries `parsed` no longer holds): the delistings the
        new snapshot would show."""
        previous = self.predecessor(parsed)
        if previous is None:
            return None, 0
        self.con.register("incoming_ids", pa.table({"list_id": [e.list_id for e in parsed.entries]}))
        try:
            ((gone,),) = self.con.execute(
                "SELECT count(*) FROM entries WHERE snapshot_id = ? "
                "AND list_id NOT IN (SELECT list_id FROM incoming_ids)", [previous.snapshot_id]).fetchall()
        finally:
            self.con.unregister("incoming_ids")
        return previous, gone

    # -- reading -------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return self.con.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 0

    def snapshots(self, list_name: str | None = None) -> list[Snapshot]:
        sql = f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshots"
        params: list = []
        if list_name:
            sql += " WHERE list = ?"
            params.append(list_name)
        sql += " ORDER BY list, as_of NULLS FIRST, snapshot_id"
        return [Snapshot(*row) for row in self.con.execute(sql, params).fetchall()]

    def latest(self, list_name: str) -> Snapshot | None:
        found = self.snapshots(list_name)
        return found[-1] if found else None

    def latest_snapshots(self) -> list[Snapshot]:
        newest: dict[str, Snapshot] = {}
        for snapshot in self.snapshots():
            newest[snapshot.list] = snapshot
        return list(newest.values())

    def snapshot(self, snapshot_id: int) -> Snapshot:
        row = self.con.execute(
            f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshots WHERE snapshot_id = ?", [snapshot_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"no snapshot {snapshot_id}")
        return Snapshot(*row)

    def entries(self, snapshot_id: int, regime: str | None = None, or_mentioning: str | None = None) -> list[Entry]:
        """The entries of one snapshot; with `regime`, only those in it (or, with `or_mentioning`,
        whose entities hold that exact value anywhere, e.g. a country code), without rebuilding
        the rest into FtM entities."""
        sql = f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE snapshot_id = ?"
        params: list = [snapshot_id]
        if regime:
            sql += " AND (list_contains(regimes, ?)"
            params.append(regime)
            if or_mentioning:
                sql += " OR entities LIKE ?"
                params.append(f'%"{or_mentioning}"%')
            sql += ")"
        rows = self.con.execute(sql + " ORDER BY list_id", params).fetchall()
        return [entry_from_row(*row) for row in rows]

    def list_ids(self, snapshot_id: int) -> set[str]:
        rows = self.con.execute("SELECT list_id FROM entries WHERE snapshot_id = ?", [snapshot_id]).fetchall()
        return {row[0] for row in rows}

    def current_entries(self, lists: Iterable[str] | None = None) -> list[Entry]:
        """Entries of the newest snapshot of each list (or of the lists named)."""
        wanted = set(lists) if lists else None
        entries: list[Entry] = []
        for snapshot in self.latest_snapshots():
            if wanted is None or snapshot.list in wanted:
                entries.extend(self.entries(snapshot.snapshot_id))
        return entries

    def first_seen(self, list_name: str) -> dict[str, date]:
        """For each list id, the as_of date of the first snapshot that holds it."""
        rows = self.con.execute(
            "SELECT e.list_id, min(s.as_of) FROM entries e JOIN snapshots s USING (snapshot_id) "
            "WHERE e.list = ? GROUP BY e.list_id",
            [list_name],
        ).fetchall()
        return {list_id: seen for list_id, seen in rows}

    def first_seen_windows(self, list_name: str) -> dict[str, tuple[date | None, date | None]]:
        """For each list id: (the as_of of the snapshot before the first that holds it, the as_of
        of that first snapshot). The first element is None for the stock of the list's first
        snapshot: the entry was listed on or before it, with no lower bound."""
        rows = self.con.execute(
            "WITH ordered AS (SELECT snapshot_id, as_of, lag(as_of) OVER (ORDER BY as_of NULLS FIRST, "
            "snapshot_id) AS previous FROM snapshots WHERE list = ?), "
            "first AS (SELECT e.list_id, min(e.snapshot_id) AS snapshot_id FROM entries e "
            "WHERE e.list = ? GROUP BY e.list_id) "
            "SELECT f.list_id, o.previous, o.as_of FROM first f JOIN ordered o USING (snapshot_id)",
            [list_name, list_name],
        ).fetchall()
        return {list_id: (previous, as_of) for list_id, previous, as_of in rows}

    def designation_rows(self, snapshot_ids: list[int], entities_of: list[str]) -> list[tuple]:
        """(list, list_id, entity_id, schema, programs, regimes, listed_on, entities) of the
        entries of these snapshots; `entities` (the JSON text) only for the lists named in
        `entities_of`, None for the rest (15,000 OFAC rows need no parsing to be dated)."""
        return self.con.execute(
            "SELECT list, list_id, entity_id, schema, programs, regimes, listed_on, "
            "CASE WHEN list_contains(?, list) THEN entities END "
            "FROM entries WHERE list_contains(?, snapshot_id) ORDER BY snapshot_id, list_id",
            [entities_of, snapshot_ids],
        ).fetchall()

    def changes(self, list_name: str | None = None, since: date | None = None) -> list[Change]:
        """Added, removed and amended entries between consecutive snapshots of each list."""
        lists = [list_name] if list_name else sorted({s.list for s in self.snapshots()})
        found: list[Change] = []
        for name in lists:
            history = self.snapshots(name)
            for before, after in zip(history, history[1:]):
                if since and after.as_of and after.as_of < since:
                    continue
                found.extend(diff_snapshots(self.con, before, after))
        return found

    def search(self, text: str, limit: int = 20) -> list[dict]:
        """Entries of the newest snapshots whose caption, name, alias or list id contains the
        text (any case), captions that contain it first, then the shortest."""
        latest = [s.snapshot_id for s in self.latest_snapshots()]
        if not text or not latest:
            return []
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.con.execute(
            "SELECT entity_id, list, list_id, schema, caption, listed_on, programs FROM entries "
            f"WHERE snapshot_id IN ({','.join('?' * len(latest))}) "
            f"AND (caption ILIKE ? ESCAPE '\\' OR list_id ILIKE ? ESCAPE '\\' OR {_NAMES_SQL} ILIKE ? ESCAPE '\\') "
            "ORDER BY (caption ILIKE ? ESCAPE '\\') DESC, length(caption), caption LIMIT ?",
            [*latest, pattern, pattern, pattern, pattern, limit]).fetchall()
        keys = ("entity_id", "list", "list_id", "schema", "caption", "listed_on", "programs")
        return [dict(zip(keys, row)) for row in rows]

    def find_by_id(self, text: str, limit: int = 20, values: bool = True) -> list[tuple[str, Entry]]:
        """Entries of the newest snapshots whose list id is the text (any case), then those whose
        entities hold it as a value (an IMO number, a passport): ("list id" | "value", entry).

        The value scan is a text search over the entities' JSON, so the caller checks which
        property holds the value (`views/search.py`)."""
        latest = [s.snapshot_id for s in self.latest_snapshots()]
        text = text.strip()
        if not text or not latest:
            return []
        marks = ",".join("?" * len(latest))
        by_id = self.con.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE snapshot_id IN ({marks}) AND lower(list_id) = lower(?) "
            "ORDER BY list, list_id LIMIT ?", [*latest, text, limit]).fetchall()
        if not values:
            return [("list id", entry_from_row(*row)) for row in by_id]
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        by_value = self.con.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE snapshot_id IN ({marks}) AND lower(list_id) <> lower(?) "
            "AND entities ILIKE ? ESCAPE '\\' ORDER BY list, list_id LIMIT ?",
            [*latest, text, pattern, limit]).fetchall()
        return ([("list id", entry_from_row(*row)) for row in by_id]
                + [("value", entry_from_row(*row)) for row in by_value])

    def history(self, key: str) -> list[tuple[Snapshot, Entry]]:
        """Every snapshot holding the entry named by entity id, list id or `list:list_id`."""
        list_name, _, list_id = key.partition(":") if ":" in key else (None, "", key)
        sql = (
            f"SELECT snapshot_id, {_ENTRY_COLUMNS} FROM entries "
            "WHERE (entity_id = ? OR list_id = ?)"
        )
        params: list = [key, list_id]
        if list_name:
            sql += " AND list = ?"
            params.append(list_name)
        rows = self.con.execute(sql + " ORDER BY snapshot_id", params).fetchall()
        if not rows:
            raise NotFound(f"no entry with id {key!r}")
        return [(self.snapshot(row[0]), entry_from_row(*row[1:])) for row in rows]


# The name-like properties of an entry's main entity, as one string (not its notes: a name that a
# remark mentions is not the entry's name).
_NAMES_SQL = "concat_ws(' | ', " + ", ".join(
    f"json_extract_string(entities, '$[0].properties.{prop}')"
    for prop in ("name", "alias", "weakAlias", "previousName")) + ")"


def _entry_rows(parsed: ParsedList) -> dict[str, list]:
    rows: dict[str, list] = {k: [] for k in (
        "list", "list_id", "entity_id", "schema", "caption", "programs", "regimes", "listed_on",
        "digest", "entities")}
    for entry in parsed.entries:
        text = entities_json(entry)
        rows["list"].append(entry.list)
        rows["list_id"].append(entry.list_id)
        rows["entity_id"].append(entry.entity_id)
        rows["schema"].append(entry.schema)
        rows["caption"].append(entry.caption)
        rows["programs"].append(list(entry.programs))
        rows["regimes"].append(entry.regimes)
        rows["listed_on"].append(entry.listed_on)
        rows["digest"].append(entry_digest(entry, text))
        rows["entities"].append(text)
    return rows


def _content_digest(digests: list[str]) -> str:
    return hashlib.sha1("".join(sorted(digests)).encode()).hexdigest()


def _pause_if_testing() -> None:
    if seconds := os.environ.get(PAUSE_ENV):
        print("maxpressure: paused inside the load transaction", flush=True)
        time.sleep(float(seconds))


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__

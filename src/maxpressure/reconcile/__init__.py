"""Cross-list reconciliation: which entries of different lists are the same real-world entity.

The result other parts use is a `Clustering`: `cluster_of(entity_id)` gives a cluster id (a
screening `resolver`), `members(cluster_id)` the entity ids in it. `reconcile_store` clusters the
newest snapshot of every list the store holds, applying the analyst's judgements, and caches the
algorithm's links on disk keyed by snapshot ids (the name stage takes seconds on the full lists).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from maxpressure.code_version import source_digest
from maxpressure.reconcile.cluster import (
    Cluster,
    Clustering,
    Judgement,
    Link,
    NameComparer,
    Thresholds,
    clusters,
    default_name_comparer,
    merge,
    propose_links,
)

if TYPE_CHECKING:  # pragma: no cover
    from maxpressure.model import Entry
    from maxpressure.store import Store

__all__ = [
    "Cluster", "Clustering", "Judgement", "Link", "NameComparer", "Thresholds", "clusters",
    "merge", "propose_links", "reconcile_store", "Reconciled",
]

# Bump when the stages change, so cached links from an older algorithm are not reused.
ALGORITHM_VERSION = "4"


class Reconciled:
    """The entries reconciled and their clustering, as `reconcile_store` returns them."""

    def __init__(self, entries: list["Entry"], clustering: Clustering):
        self.entries = entries
        self.clustering = clustering
        self.by_id = {entry.entity_id: entry for entry in entries}

    def cluster_of(self, entity_id: str) -> str:
        return self.clustering.cluster_of(entity_id)

    def member_entries(self, cluster_id: str) -> list["Entry"]:
        return [self.by_id[m] for m in self.clustering.members(cluster_id) if m in self.by_id]

    def alias_holders(self, cluster_id: str) -> list[tuple["Entry", Link]]:
        """Entries of other clusters that hold this cluster's name as an alias, with the link."""
        return [(self.by_id[link.right], link) for link in self.clustering.alias_listings.get(cluster_id, ())
                if link.right in self.by_id]


def reconcile_store(store: "Store", cache_dir: Path | None = None,
                    compare: NameComparer | None = None, full_entries: bool = True) -> Reconciled:
    """Cluster the newest snapshot of every list in the store, judgements applied.

    With `full_entries=False` and the links already cached, entries carry only their main
    entity's id and schema (no properties): enough for gaps and indicators, and ten times faster
    than rebuilding every FtM entity from the store.
    """
    from maxpressure.reconcile import judgements

    snapshots = sorted(store.latest_snapshots(), key=lambda s: s.snapshot_id)
    compare = compare or default_name_comparer()
    cache_file = _cache_file(cache_dir, [s.snapshot_id for s in snapshots], compare) if cache_dir else None
    links = _read_cache(cache_file)
    if links is not None and not full_entries:
        entries = _light_entries(store, [s.snapshot_id for s in snapshots])
    else:
        entries = [e for s in snapshots for e in store.entries(s.snapshot_id)]
    if links is None:
        links = propose_links(entries, compare)
        _write_cache(cache_file, links)
    return Reconciled(entries, merge(entries, links, judgements.load(store)))


def _light_entries(store: "Store", snapshot_ids: list[int]) -> list["Entry"]:
    from maxpressure.model import Entry, make_entity

    rows = store.con.execute(
        "SELECT list, list_id, entity_id, schema, caption, programs, listed_on FROM entries "
        "WHERE list_contains(?, snapshot_id) ORDER BY snapshot_id, list_id", [snapshot_ids]
    ).fetchall()
    return [Entry(list=lst, list_id=list_id, schema=schema, caption=caption, programs=tuple(programs or ()),
                  listed_on=listed_on, entities=[make_entity(schema, entity_id)])
            for lst, list_id, entity_id, schema, caption, programs, listed_on in rows]


def _cache_file(cache_dir: Path, snapshot_ids: list[int], compare) -> Path:
    kind = compare if callable(compare) and hasattr(compare, "__qualname__") else type(compare)
    comparer = f"{kind.__module__}.{kind.__qualname__}"
    # The source of reconcile/ and screening/: new name comparison code must not reuse old links.
    key = json.dumps([ALGORITHM_VERSION, snapshot_ids, comparer, source_digest("reconcile", "screening")])
    return cache_dir / f"reconcile-links-{hashlib.sha1(key.encode()).hexdigest()[:16]}.json"


def _read_cache(path: Path | None) -> list[Link] | None:
    if path is None or not path.exists():
        return None
    try:
        return [Link.from_json(item) for item in json.loads(path.read_text())]
    except (ValueError, KeyError, TypeError):
        return None  # a damaged cache is recomputed, never trusted


def _write_cache(path: Path | None, links: list[Link]) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two processes may compute it at once
    tmp.write_text(json.dumps([link.to_json() for link in links]))
    tmp.replace(path)

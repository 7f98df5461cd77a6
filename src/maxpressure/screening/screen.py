"""The public entry point: `Screener` answers queries with reconciled, explained results.

Results are reconciled entities: entries of different lists that designate the same real-world
entity are one result listing every entry. Which entries belong together comes from `resolver`
(an entity id -> cluster id function, e.g. cross-list reconciliation); without one, entries are
joined only on exact links seen cheaply: the same UN reference number or the same IMO number.
"""

from __future__ import annotations

import gc
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from maxpressure.model import Entry
from maxpressure.screening.index import Candidate, ScreeningIndex, all_query_keys
from maxpressure.screening.names import DEFAULT_PARAMS, NameParams
from maxpressure.screening.normalize import name_kind
from maxpressure.screening.profile import Profile, Query, profile_of_query
from maxpressure.screening.score import DEFAULT_THRESHOLD, Score, score_profiles

DEFAULT_LIMIT = 5
QUERY_SYMBOLS = os.environ.get("MAXPRESSURE_QUERY_SYMBOLS", "index")  # "index" or "rigour": see Screener.profile
CANDIDATES_PER_RESULT = 4  # retrieve this many candidates per requested result, at least 20


@dataclass(slots=True)
class ListEntryRef:
    list: str
    list_id: str
    entity_id: str
    listed_on: str | None = None

    def to_json(self) -> dict:
        return {"list": self.list, "list_id": self.list_id, "entity_id": self.entity_id, "listed_on": self.listed_on}


@dataclass(slots=True)
class Result:
    """One real-world entity found for a query."""

    entity_id: str
    caption: str
    schema: str
    score: float
    match: bool
    lists: list[ListEntryRef]
    explanation: dict
    best: Candidate = field(repr=False)

    def to_json(self) -> dict:
        return {
            "entity_id": self.entity_id,
            "caption": self.caption,
            "schema": self.schema,
            "score": round(self.score, 4),
            "match": self.match,
            "lists": [{"list": ref.list, "list_id": ref.list_id} for ref in self.lists],
            "explanation": self.explanation,
        }


def _schemas_compatible(query_schema: str | None, candidate_schema: str) -> bool:
    """No schema matches anything; LegalEntity matches people and organisations; else same kind."""
    if not query_schema or query_schema == "Thing":
        return True
    if query_schema == "LegalEntity":
        return name_kind(candidate_schema) != "object"
    return name_kind(query_schema) == name_kind(candidate_schema)


def _names_sharing_keys(profile: Profile, keys: frozenset[int]) -> Profile:
    """Only the names that share an index key (row) with the query can score: skip the other aliases."""
    names = [n for n in profile.names if not n.postings.isdisjoint(keys)]
    weak = [n for n in profile.weak_names if not n.postings.isdisjoint(keys)]
    if not names and not weak:
        return profile  # found by identifier: keep every name for the explanation
    if len(names) == len(profile.names) and len(weak) == len(profile.weak_names):
        return profile
    return Profile(profile.schema, names, weak, profile.dates, profile.countries, profile.identifiers)


class _Links:
    """Union-find over candidates that share an exact link."""

    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


class Screener:
    """Screen names against every loaded list entry.

    >>> screener = Screener(store.current_entries())
    >>> screener.screen(Query("Kim Jong Un", schema="Person"))[0].lists
    """

    def __init__(
        self,
        entries: Iterable[Entry] | None = None,
        resolver: Callable[[str], str] | None = None,
        index: ScreeningIndex | None = None,
        params: NameParams = DEFAULT_PARAMS,
    ):
        if index is None:
            index = ScreeningIndex.build(entries or [])
        self.index = index
        self.params = params
        self.groups = self._group(resolver)

    def _group(self, resolver: Callable[[str], str] | None) -> list[list[int]]:
        cands = self.index.candidates
        if resolver is not None:
            by_cluster: dict[str, list[int]] = {}
            for i, cand in enumerate(cands):
                by_cluster.setdefault(resolver(cand.entity_id), []).append(i)
            members = list(by_cluster.values())
        else:
            links = _Links(len(cands))
            first: dict[str, int] = {}
            for i, cand in enumerate(cands):
                for link in cand.links:
                    if link in first:
                        links.union(i, first[link])
                    else:
                        first[link] = i
            by_root: dict[int, list[int]] = {}
            for i in range(len(cands)):
                by_root.setdefault(links.find(i), []).append(i)
            members = list(by_root.values())
        group_of = [0] * len(cands)
        for g, ids in enumerate(members):
            for i in ids:
                group_of[i] = g
        self._group_of = group_of
        return members

    def __len__(self) -> int:
        return len(self.index.candidates)

    def profile(self, query: Query) -> Profile:
        """The query's profile, person-name symbols looked up in this index (see `symbols.py`).

        `MAXPRESSURE_QUERY_SYMBOLS=rigour` tags queries with rigour's full person-name tables
        instead: ten seconds of CPU once per process, then slightly better recall on spellings
        no list writes (Husayn for Hussein); worth it only in a long-running server.
        """
        if QUERY_SYMBOLS == "rigour":
            return profile_of_query(query)
        return profile_of_query(query, self.index.person_symbols)

    def score(self, query: Query, candidate: Candidate) -> Score:
        return score_profiles(self.profile(query), candidate.profile, self.params)

    def screen(self, query: Query, threshold: float = DEFAULT_THRESHOLD, limit: int = DEFAULT_LIMIT,
               allowed: np.ndarray | None = None) -> list[Result]:
        """The best `limit` reconciled entities for the query, best first."""
        return self.screen_profile(self.profile(query), query.schema, threshold, limit, allowed)

    def screen_profile(self, profile: Profile, schema: str | None, threshold: float = DEFAULT_THRESHOLD,
                       limit: int = DEFAULT_LIMIT, allowed: np.ndarray | None = None) -> list[Result]:
        """`screen` for a profile built by the caller (e.g. from a whole FtM entity).

        `allowed`: a filter, one boolean per candidate of `self.index`; a candidate marked False is
        never retrieved nor scored, so filters act before the result list is cut to `limit`.
        """
        cands = self.index.candidates
        rows = self.index.key_rows(all_query_keys(profile))
        pool = self.index.retrieve(profile, max(20, limit * CANDIDATES_PER_RESULT), rows=rows, allowed=allowed)
        keys = frozenset(rows)
        best_by_group: dict[int, tuple[Score, int]] = {}
        for i in pool:
            cand = cands[i]
            if not _schemas_compatible(schema, cand.schema):
                continue
            scored = score_profiles(profile, _names_sharing_keys(cand.profile, keys), self.params)
            if scored.score <= 0:
                continue
            group = self._group_of[i]
            if group not in best_by_group or scored.score > best_by_group[group][0].score:
                best_by_group[group] = (scored, i)
        ranked = sorted(best_by_group.items(), key=lambda kv: kv[1][0].score, reverse=True)[:limit]
        return [self._result(group, scored, i, threshold) for group, (scored, i) in ranked]

    def entity_id_of_group(self, group: int) -> str:
        """A lone entry keeps its own id; entries of one real-world entity share `cluster-<smallest id>`."""
        ids = self.groups[group]
        cands = self.index.candidates
        if len(ids) == 1:
            return cands[ids[0]].entity_id
        return f"cluster-{min(cands[i].entity_id for i in ids)}"

    def _result(self, group: int, scored: Score, best: int, threshold: float) -> Result:
        cands = self.index.candidates
        members = [cands[i] for i in self.groups[group]]
        members.sort(key=lambda c: (c.list, c.list_id))
        cand = cands[best]
        explanation = {"matched_entry": {"list": cand.list, "list_id": cand.list_id},
                       "features": scored.explanation()}
        return Result(
            entity_id=self.entity_id_of_group(group),
            caption=cand.caption,
            schema=cand.schema,
            score=scored.score,
            match=scored.score >= threshold,
            lists=[ListEntryRef(m.list, m.list_id, m.entity_id, m.listed_on) for m in members],
            explanation=explanation,
            best=cand,
        )


def cache_key(snapshot_ids: Iterable[int | str]) -> str:
    from maxpressure.screening.index import INDEX_VERSION

    text = f"v{INDEX_VERSION}:" + ",".join(str(s) for s in sorted(snapshot_ids))
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def screener_for_store(store, cache_dir: Path | None = None, resolver: Callable[[str], str] | None = None) -> Screener:
    """A Screener over the newest snapshot of every list, its index cached on disk by snapshot ids."""
    snapshot_ids = [s.snapshot_id for s in store.latest_snapshots()]
    path = None
    index = None
    if cache_dir is not None:
        path = cache_dir / f"screening-index-{cache_key(snapshot_ids)}.index"
        index = ScreeningIndex.load(path) if path.exists() else None
    if index is None:
        index = ScreeningIndex.build(store.current_entries())
        if path is not None:
            for old in [*cache_dir.glob("screening-index-*.pickle"), *cache_dir.glob("screening-index-*.index")]:
                old.unlink(missing_ok=True)
            index.save(path)
    # The index is a few hundred thousand long-lived objects; the cyclic garbage collector
    # would walk them all on every full collection (a pause of tens of milliseconds in the
    # middle of some request). Freezing moves everything alive now out of its reach. (No
    # gc.collect() first: a second of CPU for a one-off `maxpressure screen NAME`.)
    gc.freeze()
    return Screener(index=index, resolver=resolver)

"""The public entry point: `Screener` answers queries with reconciled, explained results.

Results are reconciled entities: entries of different lists that designate the same real-world
entity are one result listing every entry. Which entries belong together comes from `resolver`
(an entity id -> cluster id function, e.g. cross-list reconciliation); without one, entries are
joined only on exact links seen cheaply: the same UN reference number or the same IMO number.
"""

from __future__ import annotations

import gc
import hashlib
import heapq
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from maxpressure.model import Entry, designates
from maxpressure.screening.bound import ScoreBounds
from maxpressure.screening.index import Candidate, ScreeningIndex, all_query_keys
from maxpressure.screening.names import DEFAULT_PARAMS, NameParams
from maxpressure.screening.normalize import name_kind
from maxpressure.screening.profile import Profile, Query, profile_of_query
from maxpressure.screening.score import DEFAULT_THRESHOLD, Score, score_profiles

DEFAULT_LIMIT = 5
QUERY_SYMBOLS = os.environ.get("MAXPRESSURE_QUERY_SYMBOLS", "index")  # "index" or "rigour": see Screener.profile
# Candidates are scored in retrieval order, a batch at a time, for as long as the last batch
# held a result at or above the threshold; a batch never ends inside a run of equal retrieval
# weights. Past the batches, every retrieved candidate whose score bound (bound.py) reaches the
# threshold is scored and kept if it alerts: the alerts depend on the query and the threshold
# only, never on the limit, which just cuts the sorted list (printed by
# benchmarks/screening_accuracy.py). Within the batches, a candidate whose bound is below both the
# threshold and the limit-th best score so far is skipped: it could not change the results.
RETRIEVAL_BATCH = 20
# The bounds' arrays take about a second to build (as long as scoring 30,000 candidates): the
# first queries of a fresh screener score without them. Results are the same either way.
COLD_QUERIES = 20
MAX_CANDIDATES = 400  # batches stop here (a query sharing only common words, "Kim"); alerts do not
# A pool the first batch covers whole (most queries: benchmarks/screening_speed.py's retrieve a
# median of 4 candidates) is scored in retrieval order without bounds: bounding it costs a few
# hundred µs of numpy calls, more than scoring the few candidates they would rule out (measured
# on that benchmark: 10 % less CPU per query). Results are the same either way.
SMALL_POOL = RETRIEVAL_BATCH


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


@lru_cache(maxsize=None)  # a handful of schemas, asked once per scored candidate
def _schemas_compatible(query_schema: str | None, candidate_schema: str) -> bool:
    """No schema matches anything; LegalEntity matches people and organisations; else same kind."""
    if not query_schema or query_schema == "Thing":
        return True
    if query_schema == "LegalEntity":
        return name_kind(candidate_schema) != "object"
    return name_kind(query_schema) == name_kind(candidate_schema)


def _batch_end(pool: list[tuple[float, int]], start: int) -> int:
    """Where the batch of candidates starting at `start` ends: `RETRIEVAL_BATCH` further on, and
    never between two candidates of equal retrieval weight (which of them came first is chance)."""
    end = min(len(pool), start + RETRIEVAL_BATCH)
    while end < len(pool) and pool[end][0] == pool[end - 1][0]:
        end += 1
    return end


def _names_sharing_keys(profile: Profile, keys: frozenset[int]) -> Profile:
    """Only the names that share an index key (row) with the query can score: skip the other aliases."""
    names = [n for n in profile.names if not n.postings.isdisjoint(keys)]
    weak = [n for n in profile.weak_names if not n.postings.isdisjoint(keys)]
    if not names and not weak:
        return profile  # found by identifier: keep every name for the explanation
    if len(names) == len(profile.names) and len(weak) == len(profile.weak_names):
        return profile
    return Profile(profile.schema, names, weak, profile.dates, profile.countries, profile.identifiers)


def _keep(best_by_group: dict[int, tuple[Score, int, int]], group: int, found: Score, i: int, position: int) -> bool:
    """Keep candidate i as its entity's best if it scores more, or as much and comes earlier in
    retrieval order: so the best does not depend on the order candidates are scored in."""
    held = best_by_group.get(group)
    if held is None or found.score > held[0].score or (found.score == held[0].score and position < held[2]):
        best_by_group[group] = (found, i, position)
        return True
    return False


class _PoolBounds:
    """Score bounds of a query's retrieved candidates (`order`), computed once, when first asked,
    for every position from there on; pools too small to need them never compute them."""

    def __init__(self, screener: "Screener", profile: Profile, schema: str | None, order: np.ndarray, rows: list[int]):
        self.screener, self.profile, self.schema, self.order, self.rows = screener, profile, schema, order, rows
        self.start = len(order)
        self.values = np.zeros(0)

    def _cover(self, position: int) -> None:
        if position >= self.start:
            return
        if len(self.order) <= SMALL_POOL:
            self.values, self.start = np.ones(len(self.order)), 0  # bounds of 1 rule nothing out
            return
        values = self.screener.bounds_of(self.profile, self.order[position : self.start], self.rows, self.schema)
        self.values = np.concatenate([values, self.values])
        self.start = position

    def best_first(self, start: int, end: int, limit: int) -> Iterable[int]:
        """The positions of a batch, highest bound first when the batch holds more candidates
        than the limit (so the limit-th best score rises early and prunes more), else in order."""
        if end - start <= limit or len(self.order) <= SMALL_POOL:
            return range(start, end)
        self._cover(start)
        values = self.values[start - self.start : end - self.start]
        return (np.lexsort((np.arange(start, end), -values)) + start).tolist()

    def below(self, position: int, floor: float) -> bool:
        self._cover(position)
        return bool(self.values[position - self.start] < floor)

    def reaching(self, position: int, threshold: float) -> list[int]:
        """The positions from `position` on whose bound reaches the threshold, in retrieval order."""
        self._cover(position)
        return (np.flatnonzero(self.values[position - self.start :] >= threshold) + position).tolist()


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
        groups: list[list[int]] | None = None,
    ):
        """`groups`: the candidates of each real-world entity, as another screener's `groups`
        (what a Spark executor receives instead of the resolver)."""
        if index is None:
            index = ScreeningIndex.build(entries or [])
        self.index = index
        self.params = params
        self.groups = self._group(resolver) if groups is None else self._set_groups(groups)
        self._group_dates: dict[int, frozenset[str]] = {}
        self._bounds: ScoreBounds | None = None
        self._unbounded = 0  # queries screened without bounds before they were built
        self._compatible: dict[str, np.ndarray] = {}

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
        return self._set_groups(members)

    def _set_groups(self, members: list[list[int]]) -> list[list[int]]:
        group_of = [0] * len(self.index.candidates)
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
        rows = self.index.key_rows(all_query_keys(profile))
        weights, order = self.index.ranked_all(self.index.totals(rows, allowed))
        pool = list(zip(weights[: max(MAX_CANDIDATES, limit)].tolist(), order[: max(MAX_CANDIDATES, limit)].tolist()))
        keys = frozenset(rows)
        best_by_group: dict[int, tuple[Score, int, int]] = {}  # group -> (score, candidate, position)
        bounds = _PoolBounds(self, profile, schema, order, rows)
        floor = -1.0  # the limit-th best score so far, once there are that many results
        scored = 0
        while scored < len(pool):
            end = _batch_end(pool, scored)
            alarmed = False
            for position in bounds.best_first(scored, end, limit):
                i = pool[position][1]
                # Skip a candidate that can neither alert nor enter the first `limit`: the results
                # are the same as if it had been scored (see bound.py).
                if floor >= 0 and bounds.below(position, min(threshold, floor)):
                    continue
                found = self._score(profile, schema, i, keys)
                if found is None:
                    continue
                alarmed = alarmed or found.score >= threshold
                if _keep(best_by_group, self._group_of[i], found, i, position):
                    if len(best_by_group) >= limit and found.score > floor:
                        floor = heapq.nlargest(limit, (f.score for f, _, _ in best_by_group.values()))[-1]
            scored = end
            # Without an alarm in the batch, stop; past the first batch only to fill a limit above
            # the batch size. So every limit up to RETRIEVAL_BATCH scores the same candidates.
            if not alarmed and (len(best_by_group) >= limit or scored >= max(RETRIEVAL_BATCH, limit)):
                break
        self._complete_alerts(profile, schema, threshold, order, scored, bounds, keys, best_by_group)
        # Ties in score go to the entry the lists hold first, so that every limit cuts one order.
        ranked = sorted(best_by_group.items(), key=lambda kv: (-kv[1][0].score, kv[1][1]))[:limit]
        return [self._result(group, best, i, threshold) for group, (best, i, _) in ranked]

    def _complete_alerts(self, profile: Profile, schema: str | None, threshold: float, order: np.ndarray,
                         scored: int, bounds: "_PoolBounds", keys: frozenset[int],
                         best_by_group: dict[int, tuple[Score, int, int]]) -> None:
        """Every retrieved candidate past the batches that could alert is scored, and kept if it
        does: the alerts are then a function of the query and the threshold, never of the limit
        (the limit only cuts the sorted list), and no cap on the batches hides one."""
        if scored >= len(order):
            return
        for position in bounds.reaching(scored, threshold):
            i = int(order[position])
            found = self._score(profile, schema, i, keys)
            if found is not None and found.score >= threshold:
                _keep(best_by_group, self._group_of[i], found, i, position)

    def _score(self, profile: Profile, schema: str | None, i: int, keys: frozenset[int]) -> Score | None:
        """Candidate i scored against the query; None if it cannot match (other kind, score 0)."""
        cand = self.index.candidates[i]
        if not _schemas_compatible(schema, cand.schema):
            return None
        theirs = _names_sharing_keys(cand.profile, keys)
        if profile.dates and not theirs.dates:
            theirs = self._with_entity_dates(theirs, self._group_of[i])
        found = score_profiles(profile, theirs, self.params)
        return found if found.score > 0 else None

    def bounds_of(self, profile: Profile, cands: np.ndarray, rows: list[int], schema: str | None = None) -> np.ndarray:
        """An upper bound on the score of each candidate in `cands` for a query profile whose
        keys are in `rows` (see bound.py), at least the score of any narrowing `_score` makes.
        With the query's `schema`, candidates of another kind (never scored) get 0."""
        if self._bounds is None and self._unbounded < COLD_QUERIES:
            self._unbounded += 1  # a one-off `screen NAME` scores its whole pool instead: cheaper
            return np.ones(len(cands))
        if schema is not None:
            compatible = self._compatible_mask(schema)[cands]
            if not compatible.all():
                values = np.zeros(len(cands))
                values[compatible] = self.bounds_of(profile, cands[compatible], rows)
                return values
        index = self.index
        acronym = None
        acronym_rows = index.key_rows("a:" + n.tokens[0] for n in profile.names if len(n.tokens) == 1)
        if acronym_rows:
            holders = np.concatenate([index.ids[index.offsets[r] : index.offsets[r + 1]] for r in acronym_rows])
            acronym = np.isin(cands, holders)
        return self.score_bounds().of(profile, cands, self.params, acronym)

    def _compatible_mask(self, schema: str) -> np.ndarray:
        """Which candidates `_schemas_compatible` lets a query of this schema score."""
        mask = self._compatible.get(schema)
        if mask is None:
            mask = self._compatible[schema] = np.array(
                [_schemas_compatible(schema, c.schema) for c in self.index.candidates], dtype=bool)
        return mask

    def score_bounds(self) -> ScoreBounds:
        """The index's arrays for bounding scores, built on first use (a second for 20,000 entries)."""
        if self._bounds is None:
            self._bounds = ScoreBounds.build(self.index.candidates)
        return self._bounds

    def _with_entity_dates(self, profile: Profile, group: int) -> Profile:
        """An entry that gives no birth date, with the dates the other entries of its real-world
        entity give: a date conflict is judged against the entity, not against its barest entry."""
        dates = self._group_dates.get(group)
        if dates is None:
            cands = self.index.candidates
            dates = self._group_dates[group] = frozenset(d for i in self.groups[group] for d in cands[i].profile.dates)
        return replace(profile, dates=dates) if dates else profile

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
    snapshots = [s for s in store.latest_snapshots() if designates(s.list)]  # not who a report named
    snapshot_ids = [s.snapshot_id for s in snapshots]
    path = None
    index = None
    if cache_dir is not None:
        path = cache_dir / f"screening-index-{cache_key(snapshot_ids)}.index"
        index = ScreeningIndex.load(path) if path.exists() else None
    if index is None:
        index = ScreeningIndex.build([e for s in snapshots for e in store.entries(s.snapshot_id)])
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

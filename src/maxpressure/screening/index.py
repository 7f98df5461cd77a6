"""In-memory candidate retrieval over every loaded list entry, built once per set of snapshots.

Each entry's names are prepared once and posted under keys that survive spelling variants and
typos: the syllable key of every strong word, each key with one letter deleted (a typo on either
side still shares a deletion), the whole name run together ("chonmasan"), a Korean given name as
one unit, the initials of organisation names, and identifiers (IMO, passport). A query collects
candidates by the keys it shares with them, weighted by rarity (sharing "kim" says little,
sharing "kwangson" a lot), and only the best few are scored in full.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from maxpressure.model import Entry
from maxpressure.screening.normalize import PreparedName, acronym, written_letters
from maxpressure.screening.profile import Profile, profile_of_entities
from maxpressure.screening.symbols import PhraseSymbols

INDEX_VERSION = 12  # bump when keys or prepared names change, so cached indexes are rebuilt
MIN_DELETION_LENGTH = 4  # shorter words give too many neighbours to be worth a typo key
RETRIEVAL_CUTOFF = 0.25  # candidates under this share of the best candidate's key weight are dropped
STRONG_KEY_FACTOR = 3.0  # identifiers, whole names, Korean given names, acronyms: rarer than a word
TYPO_KEY_FACTOR = 0.5  # a shared one-letter deletion is weaker evidence than a shared word


@dataclass(slots=True)
class Candidate:
    """One list entry, prepared for screening."""

    entity_id: str
    list: str
    list_id: str
    schema: str
    caption: str
    profile: Profile
    properties_json: str  # the main entity's FtM properties, decoded only for the results shown
    listed_on: str | None = None
    links: tuple[str, ...] = ()  # exact cross-list links seen cheaply (UN reference number, IMO)

    @property
    def properties(self) -> dict[str, list[str]]:
        return json.loads(self.properties_json)


def key_weight_factor(key: str) -> float:
    if key.startswith(("i:", "j:", "g:", "a:")):
        return STRONG_KEY_FACTOR
    return TYPO_KEY_FACTOR if key.startswith("d:") else 1.0


JOINED_EDGE = 8  # letters at each end of a name run together: one typo leaves one end intact
JOINED_MIN_LENGTH = 12  # a single word this long may be a whole name written without spaces


def name_keys(name: PreparedName) -> set[str]:
    keys: set[str] = set()
    if name.joined:
        keys.add("j:" + name.joined)
    if len(name.tokens) >= 2 and name.kind != "object":
        whole = "".join(name.keys)  # legal forms included: "limitedliabilitycompany..."
        keys.add("j:" + whole)
        if len(whole) >= JOINED_MIN_LENGTH:
            keys.add("p:" + whole[:JOINED_EDGE])
            keys.add("s:" + whole[-JOINED_EDGE:])
        keys |= _written_keys(name)
    for key, weak in zip(name.keys, name.weak):
        if weak or len(key) < 2:
            continue
        keys.add("k:" + key)
        if len(key) >= MIN_DELETION_LENGTH:
            keys.update("d:" + key[:i] + key[i + 1 :] for i in range(len(key)))
    if name.korean_surname is not None and name.given_key:
        keys.add("g:" + name.given_key)
    if name.kind == "org" and len(name.tokens) >= 3:
        keys.add("a:" + acronym(name))
    return keys


def _written_keys(name: PreparedName) -> set[str]:
    """The name's letters as written, run together (legal forms spelt out: see `written_letters`),
    whole and by its ends, for a query typed without spaces."""
    written = written_letters(name)
    if len(written) < JOINED_MIN_LENGTH:
        return set()
    return {"j:" + written, "p:" + written[:JOINED_EDGE], "s:" + written[-JOINED_EDGE:]}


def query_keys(name: PreparedName) -> set[str]:
    keys = name_keys(name)
    # A one-word query may be the acronym of an organisation, or one word of a joined name.
    if len(name.tokens) == 1:
        keys.add("a:" + name.tokens[0])
        if len(name.keys[0]) >= JOINED_MIN_LENGTH:  # a whole name without spaces, maybe with a typo
            keys.add("p:" + name.keys[0][:JOINED_EDGE])
            keys.add("s:" + name.keys[0][-JOINED_EDGE:])
            keys |= _written_keys(name)
    for key in list(keys):
        if key.startswith("k:") and len(key) - 2 >= MIN_DELETION_LENGTH:
            keys.add("d:" + key[2:])  # the query has one letter too many
    for key in [k for k in keys if k.startswith("d:")]:
        keys.add("k:" + key[2:])  # the query has one letter too few
    return keys


def all_query_keys(query: Profile) -> set[str]:
    keys: set[str] = set(identifier_keys(query))
    for name in query.names:
        keys |= query_keys(name)
    return keys


def identifier_keys(profile: Profile) -> set[str]:
    return {f"i:{kind}:{value}" for kind, values in profile.identifiers.items() for value in values if value}


def candidate_from_entry(entry: Entry) -> Candidate:
    profile = profile_of_entities(entry.entities)
    main = entry.entity
    links = [f"unsc:{v}" for v in profile.identifiers.get("unsc", ())]
    links += [f"imo:{v}" for v in profile.identifiers.get("imo", ())]
    return Candidate(
        entity_id=entry.entity_id,
        list=entry.list,
        list_id=entry.list_id,
        schema=entry.schema,
        caption=entry.caption,
        profile=profile,
        properties_json=json.dumps({k: list(v) for k, v in main.properties.items()}, ensure_ascii=False),
        listed_on=entry.listed_on.isoformat() if entry.listed_on else None,
        links=tuple(links),
    )


@dataclass
class ScreeningIndex:
    """Candidates and their postings: for each key, the candidates whose names or identifiers have it.

    Postings are one flat array of candidate numbers (`ids`), key by key; `offsets[row]` to
    `offsets[row + 1]` are the candidates of the key in `rows[key]`, whose weight (rarity times
    kind of key) is `weights[row]`. Retrieval adds up weights with numpy, not a Python loop.
    """

    candidates: list[Candidate]
    rows: dict[str, int]
    offsets: np.ndarray
    ids: np.ndarray
    weights: np.ndarray
    person_symbols: PhraseSymbols

    @classmethod
    def build(cls, entries: Iterable[Entry]) -> "ScreeningIndex":
        candidates = [candidate_from_entry(e) for e in entries]
        postings: dict[str, set[int]] = defaultdict(set)
        names_keys = []
        for i, cand in enumerate(candidates):
            for name in cand.profile.names + cand.profile.weak_names:
                keys = name_keys(name)
                names_keys.append((name, keys))
                for key in keys:
                    postings[key].add(i)
            for key in identifier_keys(cand.profile):
                postings[key].add(i)
        person_symbols = PhraseSymbols.learn(n for c in candidates for n in c.profile.names + c.profile.weak_names)
        index = cls.from_postings(candidates, postings, person_symbols)
        for name, keys in names_keys:
            name.postings = frozenset(index.rows[k] for k in keys)
        return index

    @classmethod
    def from_postings(cls, candidates: list[Candidate], postings: dict[str, Iterable[int]],
                      person_symbols: PhraseSymbols) -> "ScreeningIndex":
        keys = list(postings)
        lists = [sorted(postings[k]) for k in keys]
        lengths = np.fromiter((len(ids) for ids in lists), dtype=np.int64, count=len(keys))
        offsets = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        ids = np.fromiter((i for ids in lists for i in ids), dtype=np.int32, count=int(offsets[-1]))
        factors = np.fromiter((key_weight_factor(k) for k in keys), dtype=np.float64, count=len(keys))
        idf = np.log1p(max(1, len(candidates)) / np.maximum(lengths, 1))
        rows = {k: row for row, k in enumerate(keys)}
        return cls(candidates, rows, offsets, ids, idf * factors, person_symbols)

    def key_rows(self, keys: Iterable[str]) -> list[int]:
        """The rows of the keys this index knows, in row order (what `PreparedName.postings` holds)."""
        rows = [row for row in map(self.rows.get, keys) if row is not None]
        rows.sort()
        return rows

    def retrieve(self, query: Profile, limit: int = 20, keys: set[str] | None = None,
                 rows: list[int] | None = None, allowed: np.ndarray | None = None) -> list[int]:
        """The candidates most worth scoring for a query, best first (ties: list order).

        Candidates far behind the best (under `RETRIEVAL_CUTOFF` of its weight) are not worth
        scoring: they share only common words with the query. `allowed` (one boolean per
        candidate) is a filter applied before the best are picked.
        """
        return [i for _, i in self.ranked(query, limit, keys, rows, allowed)]

    def ranked(self, query: Profile, limit: int = 20, keys: set[str] | None = None,
               rows: list[int] | None = None, allowed: np.ndarray | None = None) -> list[tuple[float, int]]:
        """`retrieve` with each candidate's retrieval weight: (weight, candidate), best first."""
        if rows is None:
            rows = self.key_rows(keys if keys is not None else all_query_keys(query))
        weights, ids = self.ranked_all(self.totals(rows, allowed))
        return list(zip(weights[:limit].tolist(), ids[:limit].tolist()))

    def totals(self, rows: list[int], allowed: np.ndarray | None = None) -> np.ndarray | None:
        """Each candidate's retrieval weight for a query holding the keys of `rows` (None: no key)."""
        if not rows or not self.candidates:
            return None
        found = np.array(rows, dtype=np.int64)
        starts = self.offsets[found]
        lengths = self.offsets[found + 1] - starts
        # The postings of every row in one gather: position k of row r's run is starts[r] + k.
        shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        ids = self.ids[shift + np.arange(len(shift))]
        totals = np.bincount(ids, weights=np.repeat(self.weights[found], lengths), minlength=len(self.candidates))
        if allowed is not None:
            totals[~allowed] = 0.0
        return totals

    def ranked_all(self, totals: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Every candidate within `RETRIEVAL_CUTOFF` of the best, as (weights, candidates), best
        first, ties in list order: `ranked` is the first `limit` of it, whatever the limit."""
        if totals is None:
            return np.zeros(0), np.zeros(0, dtype=np.int64)
        hits = np.flatnonzero(totals > 0)  # on booleans: several times faster than on floats
        if not len(hits):
            return np.zeros(0), hits
        scores = totals[hits]
        keep = scores >= scores.max() * RETRIEVAL_CUTOFF
        hits, scores = hits[keep], scores[keep]
        order = np.lexsort((hits, -scores))
        return scores[order], hits[order]

    def save(self, path: Path) -> None:
        from maxpressure.screening.cache import save_index

        save_index(self, path)

    @classmethod
    def load(cls, path: Path) -> "ScreeningIndex | None":
        """A cached index written by this version of the code, or None."""
        from maxpressure.screening.cache import load_index

        return load_index(path)

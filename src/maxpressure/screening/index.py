"""In-memory candidate retrieval over every loaded list entry, built once per set of snapshots.

Each entry's names are prepared once and posted under keys that survive spelling variants and
typos: the syllable key of every strong word, each key with one letter deleted (a typo on either
side still shares a deletion), the whole name run together ("chonmasan"), a Korean given name as
one unit, the initials of organisation names, and identifiers (IMO, passport). A query collects
candidates by the keys it shares with them, weighted by rarity (sharing "kim" says little,
sharing "kwangson" a lot), and only the best few are scored in full.
"""

from __future__ import annotations

import math
import pickle
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from maxpressure.model import Entry
from maxpressure.screening.normalize import PreparedName, acronym
from maxpressure.screening.profile import Profile, profile_of_entities

INDEX_VERSION = 3  # bump when keys or prepared names change, so cached indexes are rebuilt
MIN_DELETION_LENGTH = 4  # shorter words give too many neighbours to be worth a typo key
RETRIEVAL_CUTOFF = 0.25  # candidates under this share of the best candidate's key weight are dropped


@dataclass(slots=True)
class Candidate:
    """One list entry, prepared for screening."""

    entity_id: str
    list: str
    list_id: str
    schema: str
    caption: str
    profile: Profile
    properties: dict[str, list[str]]
    listed_on: str | None = None
    links: tuple[str, ...] = ()  # exact cross-list links seen cheaply (UN reference number, IMO)


def name_keys(name: PreparedName) -> set[str]:
    keys: set[str] = set()
    if name.joined:
        keys.add("j:" + name.joined)
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


def query_keys(name: PreparedName) -> set[str]:
    keys = name_keys(name)
    # A one-word query may be the acronym of an organisation, or one word of a joined name.
    if len(name.tokens) == 1:
        keys.add("a:" + name.tokens[0])
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
        properties={k: list(v) for k, v in main.properties.items()},
        listed_on=entry.listed_on.isoformat() if entry.listed_on else None,
        links=tuple(links),
    )


@dataclass
class ScreeningIndex:
    candidates: list[Candidate]
    postings: dict[str, list[int]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)

    @classmethod
    def build(cls, entries: Iterable[Entry]) -> "ScreeningIndex":
        candidates = [candidate_from_entry(e) for e in entries]
        postings: dict[str, set[int]] = defaultdict(set)
        for i, cand in enumerate(candidates):
            for name in cand.profile.names + cand.profile.weak_names:
                name.postings = frozenset(name_keys(name))
                for key in name.postings:
                    postings[key].add(i)
            for key in identifier_keys(cand.profile):
                postings[key].add(i)
        total = max(1, len(candidates))
        idf = {key: math.log(1 + total / len(ids)) for key, ids in postings.items()}
        return cls(candidates, {k: sorted(v) for k, v in postings.items()}, idf)

    def retrieve(self, query: Profile, limit: int = 20, keys: set[str] | None = None) -> list[int]:
        """The candidates most worth scoring for a query, best first.

        Candidates far behind the best (under `RETRIEVAL_CUTOFF` of its weight) are not worth
        scoring: they share only common words with the query.
        """
        weights: dict[int, float] = defaultdict(float)
        keys = keys if keys is not None else all_query_keys(query)
        for key in keys:
            ids = self.postings.get(key)
            if not ids:
                continue
            weight = self.idf[key] * (3.0 if key.startswith(("i:", "j:", "g:", "a:")) else 1.0)
            if key.startswith("d:"):
                weight *= 0.5
            for i in ids:
                weights[i] += weight
        ranked = sorted(weights.items(), key=lambda kv: kv[1], reverse=True)[:limit]
        if not ranked:
            return []
        floor = ranked[0][1] * RETRIEVAL_CUTOFF
        return [i for i, w in ranked if w >= floor]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump((INDEX_VERSION, self), fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic: a crash never leaves half an index behind

    @classmethod
    def load(cls, path: Path) -> "ScreeningIndex | None":
        """A cached index written by this version of the code, or None."""
        try:
            with path.open("rb") as fh:
                version, index = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError):
            return None
        return index if version == INDEX_VERSION and isinstance(index, cls) else None

"""The screening index on disk: plain tuples and arrays, written with `marshal`, read in a fraction of a second.

A pickle of the index objects took nine seconds to read (millions of small objects rebuilt
through their classes). Here every candidate and prepared name is a tuple of strings, booleans
and frozensets, the postings are three numpy arrays stored as bytes, and loading is one
`marshal.loads` plus one constructor call per object. `marshal` is Python's own format for
compiled code: fast and version-specific, so the Python version is part of the header and a
cache from another version (or another `INDEX_VERSION`) is rebuilt, never misread.

The file is a local, trusted cache under the user's home, like the pickle it replaces.
"""

from __future__ import annotations

import gc
import marshal
import sys
from pathlib import Path

import numpy as np

from maxpressure.screening.normalize import PreparedName
from maxpressure.screening.profile import Profile
from maxpressure.screening.symbols import PhraseSymbols

MAGIC = b"maxpressure-screening-index\n"


def _header() -> bytes:
    from maxpressure.screening.index import INDEX_VERSION

    return MAGIC + f"{INDEX_VERSION} {sys.version_info[0]}.{sys.version_info[1]}\n".encode()


def _name_row(name: PreparedName) -> tuple:
    return (name.original, name.kind, name.tokens, name.keys, name.weak, name.symbols, name.cross_script,
            name.sinitic, name.korean_surname, name.joined, name.numbers, name.postings, name.runs)


def _profile_row(profile: Profile) -> tuple:
    return (profile.schema, tuple(map(_name_row, profile.names)), tuple(map(_name_row, profile.weak_names)),
            profile.dates, profile.countries, profile.identifiers)


def _profile(row: tuple) -> Profile:
    schema, names, weak, dates, countries, identifiers = row
    return Profile(schema, [PreparedName(*n) for n in names], [PreparedName(*n) for n in weak],
                   dates, countries, identifiers)


def save_index(index, path: Path) -> None:
    candidates = [
        (c.entity_id, c.list, c.list_id, c.schema, c.caption, c.listed_on, c.links, c.properties_json, _profile_row(c.profile))
        for c in index.candidates
    ]
    payload = {
        "candidates": candidates,
        "keys": list(index.rows),
        "offsets": index.offsets.astype(np.int64).tobytes(),
        "ids": index.ids.astype(np.int32).tobytes(),
        "weights": index.weights.astype(np.float64).tobytes(),
        "person_symbols": index.person_symbols.table,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        fh.write(_header())
        fh.write(marshal.dumps(payload, 4))
    tmp.replace(path)  # atomic: a crash never leaves half an index behind


def load_index(path: Path):
    """The index cached at `path` by this code on this Python, or None."""
    from maxpressure.screening.index import Candidate, ScreeningIndex

    header = _header()
    # Hundreds of thousands of new containers would set off the cyclic garbage collector again
    # and again while loading (five of six seconds, measured); none of them can form a cycle.
    collecting = gc.isenabled()
    gc.disable()
    try:
        data = path.read_bytes()
        if not data.startswith(header):
            return None
        payload = marshal.loads(memoryview(data)[len(header):])
        candidates = [
            Candidate(entity_id, list_name, list_id, schema, caption, _profile(profile), properties_json, listed_on, links)
            for entity_id, list_name, list_id, schema, caption, listed_on, links, properties_json, profile in payload["candidates"]
        ]
        keys = payload["keys"]
        index = ScreeningIndex(
            candidates=candidates,
            rows=dict(zip(keys, range(len(keys)))),
            offsets=np.frombuffer(payload["offsets"], dtype=np.int64),
            ids=np.frombuffer(payload["ids"], dtype=np.int32),
            weights=np.frombuffer(payload["weights"], dtype=np.float64),
            person_symbols=PhraseSymbols(payload["person_symbols"]),
        )
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None
    finally:
        if collecting:
            gc.enable()
    if len(index.offsets) != len(keys) + 1 or int(index.offsets[-1]) != len(index.ids):
        return None
    return index

"""Remarks that name another loaded party ("Subsidiary of KOMID", "operated by OMM").

UN comments and OFAC remarks often name the entry's owner, parent or front in free text. A name
counts as a mention only when the whole name appears as consecutive words, has at least two words
and `MIN_NAME_CHARS` letters, and belongs to at most `MAX_PARTIES_PER_NAME` parties (a name shared
by many parties says nothing about which one is meant).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable, Iterator

from normality import ascii_text

MIN_NAME_CHARS = 10
MAX_PARTIES_PER_NAME = 2
MAX_NAME_WORDS = 12
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> tuple[str, ...]:
    # Transliterate only what needs it: most names and remarks are ASCII already, and transliterating
    # them was half the time of the mention scan.
    if not text.isascii():
        text = ascii_text(text) or ""
    return tuple(_WORD.findall(text.lower()))


class NameIndex:
    """Names of parties, as word tuples, to the nodes that carry them."""

    def __init__(self) -> None:
        self._nodes: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._sizes: dict[str, set[int]] = defaultdict(set)  # first word -> name lengths, in words

    def add(self, node_id: str, names: Iterable[str]) -> None:
        for name in names:
            key = words(name)
            if len(key) >= 2 and sum(map(len, key)) >= MIN_NAME_CHARS and len(key) <= MAX_NAME_WORDS:
                self._nodes[key].add(node_id)
                self._sizes[key[0]].add(len(key))

    def mentions(self, text: str) -> Iterator[tuple[str, str]]:
        """(node id, name as matched) for every party named in the text.

        Read left to right, taking the longest name that starts at each word, so "Korea Mining
        Development Trading Corporation" is one mention, not also "Korea Mining".
        """
        tokens = words(text)
        start = 0
        while start < len(tokens):
            matched = 0
            for size in sorted(self._sizes.get(tokens[start], ()), reverse=True):
                nodes = self._nodes.get(tokens[start:start + size])
                if nodes and len(nodes) <= MAX_PARTIES_PER_NAME:
                    for node_id in sorted(nodes):
                        yield node_id, " ".join(tokens[start:start + size])
                    matched = size
                    break
            start += matched or 1

"""Person-name symbols for queries, without loading rigour's person-name tables.

rigour tags name parts with symbols (Wikidata name groups such as "Robert/Roberto", nicknames
such as "Bob"); two words sharing a symbol are the same name in another spelling. Its person-name
tagger takes ten seconds of CPU (twenty under load) to build on first use, which is too much for
one `maxpressure screen NAME` call. A query word can only share a symbol with a list entry if the
symbol occurs in some entry's name, so the index keeps every symbol its entries' person names
carry, under the words (one to four in a row) that carried it, and tags a query by looking its
words up there. A query word the lists never write gets no symbol; it is still compared by
spelling.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

MAX_PHRASE_WORDS = 4  # rigour's person-name groups longer than this are too rare to matter
NICKNAME = "[NICK:"
NAME_GROUP = "[NAME:"


class PhraseSymbols:
    """Symbols by phrase ("robert" -> {NICK:BOB, NAME:Q...}), learnt from prepared list names."""

    def __init__(self, table: dict[str, frozenset[str]] | None = None):
        self.table: dict[str, frozenset[str]] = table or {}
        self.max_words = max((p.count(" ") + 1 for p in self.table), default=1)

    @classmethod
    def learn(cls, names: Iterable) -> "PhraseSymbols":
        """From `PreparedName`s tagged by rigour: a symbol on consecutive words is one phrase."""
        found: dict[str, set[str]] = defaultdict(set)
        for name in names:
            if name.kind != "person":
                continue
            positions: dict[str, list[int]] = defaultdict(list)
            for i, symbols in enumerate(name.symbols):
                for symbol in symbols:
                    positions[symbol].append(i)
            for symbol, where in positions.items():
                start = prev = where[0]
                for i in where[1:] + [None]:
                    if i is not None and i == prev + 1:
                        prev = i
                        continue
                    if prev - start < MAX_PHRASE_WORDS:
                        phrase = name.tokens[start : prev + 1]
                        found[" ".join(phrase)].add(symbol)
                        if len(phrase) > 1 and symbol.startswith(NAME_GROUP):
                            # A compound given name is also written by its initials as one
                            # word: "JC" for "Jean-Claude", as rigour's own table has it.
                            found["".join(t[0] for t in phrase)].add(symbol)
                    if i is not None:
                        start = prev = i
                if symbol.startswith(NICKNAME):
                    # A nickname symbol is named by the nickname itself: "Bob" finds "Robert"
                    # even when no list writes "Bob". rigour numbers a second group of the same
                    # nickname ("[NICK:TED2]", Ted for Theodore): the word is "ted" all the same.
                    found[symbol[len(NICKNAME) : -1].lower().rstrip("0123456789")].add(symbol)
        return cls({phrase: frozenset(symbols) for phrase, symbols in found.items()})

    def tag(self, tokens: tuple[str, ...]) -> tuple[frozenset[str], ...]:
        """The symbols of each word of a name, from every known phrase it is part of."""
        out: list[set[str]] = [set() for _ in tokens]
        table = self.table
        for start in range(len(tokens)):
            for end in range(start + 1, min(len(tokens), start + self.max_words) + 1):
                symbols = table.get(" ".join(tokens[start:end]))
                if symbols:
                    for i in range(start, end):
                        out[i] |= symbols
        return tuple(frozenset(s) for s in out)

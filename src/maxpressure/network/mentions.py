"""Remarks that name another loaded party ("Subsidiary of KOMID", "operated by OMM").

UN comments and OFAC remarks often name the entry's owner, parent or front in free text. A name
counts as a mention only when:

- it is *distinctive*: at least two words and `MIN_NAME_CHARS` letters, at least one word that is
  not the generic vocabulary of institutions (`GENERIC_WORDS`: "Ministry of State Security",
  "People's Liberation Army" and "Foreign Relations Department" are names many bodies share), and
  held by at most `MAX_PARTIES_PER_NAME` parties;
- it appears as a *whole phrase*: consecutive whole words, and, in a remark written in mixed
  case, not embedded in a longer capitalised name ("Sudan People's Liberation Army" does not name
  the "People's Liberation Army").

A party's *acronym* (a one-word name or alias written in capitals, like KOMID, KKBC or RGB, of
`MIN_ACRONYM_CHARS` letters or more, outside the generic vocabulary) is a name too, but only where a
remark in mixed case writes it in capitals as a whole word ("KOMID representative in Russia"), not
inside a longer capitalised name ("SAM" in the vessel "SAM JONG 2"): a
remark that writes the word in lower case means the word, and one in capitals throughout cannot
tell. People and vessels have no acronyms: a one-word vessel name ("SPRING", "ATLANTIC") is worn by
many ships, which is why they carry IMO numbers.

Whether the named party is the one meant (same regime, no name shared across regimes) is decided
by the builder, which knows the parties' programmes (`build._mention_edges`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable, Iterator

from normality import ascii_text

MIN_NAME_CHARS = 10
MAX_PARTIES_PER_NAME = 2
MAX_NAME_WORDS = 12
MIN_ACRONYM_CHARS = 3
_WORD = re.compile(r"[A-Za-z0-9]+")

# Words that institutions everywhere use in their names: a name made only of these (and of
# connecting words) does not tell one body from another.
GENERIC_WORDS = frozenset("""
a an and the of for in on at to by de al el la
s people peoples popular public state states national federal central general supreme main chief
republic democratic socialist islamic united union federation
ministry minister department bureau office directorate directorates administration agency authority
committee commission council board secretariat cabinet government
army navy air force forces armed military guard guards corps brigade battalion division unit units
front movement party liberation revolutionary resistance militia
foreign relations affairs external internal international interior security defence defense
intelligence police special operations service services intelligence
group company companies co corp corporation ltd limited inc llc plc holding holdings enterprise
enterprises firm trading trade industrial industry industries development investment bank banking
association center centre institute organization organisation foundation society
economic economy finance financial commerce commercial export import production
""".split())


def words(text: str) -> tuple[str, ...]:
    return tuple(t.lower() for t in _WORD.findall(_ascii(text)))


def _ascii(text: str) -> str:
    # Transliterate only what needs it: most names and remarks are ASCII already, and transliterating
    # them was half the time of the mention scan.
    return text if text.isascii() else (ascii_text(text) or "")


def distinctive(key: tuple[str, ...]) -> bool:
    """Whether a name (as words) is specific enough to stand for one party when a remark names it."""
    return (2 <= len(key) <= MAX_NAME_WORDS and sum(map(len, key)) >= MIN_NAME_CHARS
            and any(w not in GENERIC_WORDS and not w.isdigit() for w in key))


def acronym(name: str) -> tuple[str, ...] | None:
    """The name as a one-word acronym key ("KOMID" -> ("komid",)), or None when it is not one:
    several words, not written in capitals, too short, all digits or a generic word."""
    key = words(name)
    if len(key) != 1 or not _ascii(name).strip().isupper():
        return None
    word = key[0]
    if len(word) < MIN_ACRONYM_CHARS or word.isdigit() or word in GENERIC_WORDS:
        return None
    return key


def _style(token: str) -> str:
    return "upper" if token.isupper() else "title" if token[:1].isupper() else "lower"


def _embedded(text: str, spans: list[re.Match], start: int, end: int) -> bool:
    """Whether the words start..end are part of a longer name: a neighbouring word written in the
    same case as the name, joined to it by a space or a hyphen only ("Sudan People's Liberation
    Army"). A remark in one case throughout cannot tell, so nothing is embedded there."""
    if not (any(c.islower() for c in text) and any(c.isupper() for c in text)):
        return False
    style = _style(spans[start].group())
    if style == "lower":
        return False
    for neighbour, gap in ((start - 1, (start - 1, start)), (end, (end - 1, end))):
        if 0 <= neighbour < len(spans) and 0 <= gap[0]:
            between = text[spans[gap[0]].end():spans[gap[1]].start()]
            word = spans[neighbour].group()
            if between.strip(" -") == "" and _style(word) == style and word.lower() not in GENERIC_WORDS:
                return True
    return False


class NameIndex:
    """Distinctive names of parties, as word tuples, to the nodes that carry them."""

    def __init__(self) -> None:
        self._nodes: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._sizes: dict[str, set[int]] = defaultdict(set)  # first word -> name lengths, in words
        self._acronyms: dict[tuple[str, ...], set[str]] = defaultdict(set)

    def add(self, node_id: str, names: Iterable[str], acronyms: bool = False) -> None:
        """Index the party's distinctive names; with `acronyms`, its acronyms too (module doc)."""
        for name in names:
            key = words(name)
            if distinctive(key):
                self._nodes[key].add(node_id)
                self._sizes[key[0]].add(len(key))
            elif acronyms and (short := acronym(name)) is not None:
                self._acronyms[short].add(node_id)

    def holders(self, name: str) -> set[str]:
        """Every node carrying the name (as `mentions` yields it, words joined by spaces)."""
        key = tuple(name.split())
        return set(self._nodes.get(key, ())) | set(self._acronyms.get(key, ()))

    def mentions(self, text: str) -> Iterator[tuple[str, str]]:
        """(node id, name as matched) for every party named in the text.

        Read left to right, taking the longest name that starts at each word, so "Korea Mining
        Development Trading Corporation" is one mention, not also "Korea Mining".
        """
        text = _ascii(text)
        spans = list(_WORD.finditer(text))
        tokens = tuple(m.group().lower() for m in spans)
        mixed_case = any(c.islower() for c in text) and any(c.isupper() for c in text)
        start = 0
        while start < len(tokens):
            matched = 0
            for size in sorted(self._sizes.get(tokens[start], ()), reverse=True):
                nodes = self._nodes.get(tokens[start:start + size])
                if nodes and len(nodes) <= MAX_PARTIES_PER_NAME:
                    end = start + size
                    if not _embedded(text, spans, start, end):
                        for node_id in sorted(nodes):
                            yield node_id, " ".join(tokens[start:end])
                    matched = size
                    break
            if (not matched and mixed_case and spans[start].group().isupper()
                    and not _embedded(text, spans, start, start + 1)):  # "SAM" in the vessel "SAM JONG 2"
                nodes = self._acronyms.get(tokens[start:start + 1])
                if nodes and len(nodes) <= MAX_PARTIES_PER_NAME:
                    for node_id in sorted(nodes):
                        yield node_id, tokens[start]
            start += matched or 1

"""What reconciliation compares: the keys one list entry offers for finding itself on another list.

An entry offers its names, identifiers (passport and other document numbers, IMO, SWIFT/BIC,
registration and tax numbers), birth dates, and UN reference numbers (the UN's own, or the one the
EU and UK lists record next to their entries). Everything is normalised here once, so the
clustering stages compare plain strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from rigour.names import remove_org_types
from rigour.text import ascii_text

from followthemoney.proxy import EntityProxy

from maxpressure.designations.record import implements_of
from maxpressure.model import Entry

# Schemata that can be the same real-world thing. A Person never merges with a company, but the
# UN's Organization may be OFAC's Company or the UK's LegalEntity.
SCHEMA_FAMILY = {
    "Person": "person",
    "Vessel": "vessel",
    "Airplane": "airplane",
    "Organization": "org",
    "Company": "org",
    "LegalEntity": "org",
    "PublicBody": "org",
}

# Identifier properties, grouped by what they identify. Documents compare across kinds: one list
# writes a passport where another writes an "idNumber".
IDENTIFIER_KINDS = {
    "passportNumber": "document",
    "idNumber": "document",
    "imoNumber": "imo",
    "swiftBic": "swift",
    "registrationNumber": "registration",
    "taxNumber": "registration",
    "innCode": "registration",
    "ogrnCode": "registration",
    "leiCode": "registration",
}

NAME_PROPERTIES = ("name", "alias", "previousName")
# Low-quality aliases ("weakAlias") are kept for display but never create a link on their own.

# Shortest identifier value we trust: shorter ones ("1", "123") collide across lists.
MIN_IDENTIFIER_LENGTH = 6
# A document number with a type prefix (DPRK "PS"/"PD" service and diplomatic passports) is the
# same document as its bare digits, which other lists often write.
_DOC_PREFIX = re.compile(r"^[A-Z]{1,3}(?=\d{7,}$)")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_APOSTROPHES = re.compile(r"['’‘`ʼ]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
# The UN writes another entry's name with its reference as an "alias" ("SECOND ACADEMY OF NATURAL
# SCIENCES (KPe.018)" on KPe.021): a pointer to that entry, not a name of this one.
_CROSS_REFERENCE = re.compile(r"\b[A-Z]{2}[ie]\.\d{3}\b", re.IGNORECASE)
NAME_STOPWORDS = frozenset({"of", "the", "and", "a", "an", "de", "la", "le"})


@dataclass(frozen=True, slots=True)
class EntryKeys:
    entity_id: str
    list: str
    authority: str
    schema_family: str
    names: tuple[str, ...]  # display forms, as the list wrote them
    name_keys: frozenset[str]  # normalised token-sorted forms, for exact comparison and blocking
    identifiers: frozenset[tuple[str, str]]  # (kind, normalised value)
    birth_dates: tuple[str, ...]  # "1964", "1964-07", "1964-07-17"
    unsc_refs: frozenset[str]
    listed_on: date | None
    entity: EntityProxy  # the main entity, for the screening engine's comparison
    primary_keys: frozenset[str] = frozenset()  # keys of the entry's own name(s), not its aliases
    alias_keys: frozenset[str] = frozenset()  # keys of its aliases alone
    implements: str | None = None  # the authority whose designation it implements ("un")


def entry_keys(entry: Entry) -> EntryKeys:
    main = entry.entity
    names = _unique(v for prop in NAME_PROPERTIES for v in main.get(prop, quiet=True)
                    if not _CROSS_REFERENCE.search(v))
    primary = [v for v in main.get("name", quiet=True) if not _CROSS_REFERENCE.search(v)]
    aliases = [v for v in main.get("alias", quiet=True) if not _CROSS_REFERENCE.search(v)]
    identifiers = set()
    for prop, kind in IDENTIFIER_KINDS.items():
        for value in main.get(prop, quiet=True):
            identifiers.update((kind, form) for form in identifier_forms(kind, value))
    return EntryKeys(
        entity_id=entry.entity_id,
        list=entry.list,
        authority=entry.authority,
        schema_family=SCHEMA_FAMILY.get(entry.schema, entry.schema),
        names=tuple(names),
        name_keys=frozenset(k for n in names for k in name_key_forms(n)),
        identifiers=frozenset(identifiers),
        birth_dates=tuple(sorted(set(main.get("birthDate", quiet=True)))),
        unsc_refs=frozenset(_unsc_refs(entry)),
        listed_on=entry.listed_on,
        entity=main,
        primary_keys=frozenset(_alias_comparable(primary, entry.schema)),
        alias_keys=frozenset(_alias_comparable(aliases, entry.schema)),
        implements=implements_of(entry),
    )


def identifier_forms(kind: str, value: str) -> set[str]:
    """Normalised forms of one identifier value; empty when too short to trust."""
    text = _NOT_ALNUM.sub("", ascii_text(value).upper())
    if kind == "imo":
        text = text.removeprefix("IMO")
    if len(text) < MIN_IDENTIFIER_LENGTH:
        return set()
    forms = {text}
    if kind == "document":
        forms.add(_DOC_PREFIX.sub("", text))
    return forms


def name_key_forms(name: str) -> set[str]:
    """The name's key with hyphens splitting words, and with hyphens joining them.

    Both, because lists disagree both ways: "Paek Chang-Ho" / "PAEK CHANG HO", but also
    "CHONG-CHONGANG SHIPPING" (UK) / "CHONGCHONGANG SHIPPING" (UN).
    """
    return {k for k in (name_key(name), name_key(name.replace("-", ""))) if k}


def name_tokens(name: str) -> list[str]:
    """Lower-case ASCII tokens of a name, bracketed parts and apostrophes removed.

    Hyphens split ("Chang-Ho" -> "chang", "ho") because Korean given names are written both
    hyphenated and spaced; apostrophes join ("Ch'o'l" -> "chol") because McCune-Reischauer
    breves and glottal marks come and go between lists.
    """
    text = _APOSTROPHES.sub("", _BRACKETED.sub(" ", name))
    text = ascii_text(text).lower()
    return [t for t in _SEPARATORS.split(text) if t and t not in NAME_STOPWORDS]


def name_key(name: str) -> str:
    """Word order and punctuation removed: 'RI, Won Ho' and 'RI WON HO' give the same key."""
    return " ".join(sorted(name_tokens(name)))


# Words that make a body a body rather than name it; lists swap them ("KOREA KUMRYONG TRADING
# CORPORATION" on the UN list, "... COMPANY" as OFAC's a.k.a.). rigour removes abbreviated legal
# forms ("co ltd") but keeps these spelled out.
_BODY_WORDS = frozenset({"corporation", "company", "corp", "co", "incorporated", "inc", "limited", "ltd"})


def body_name_key(name: str) -> str:
    """An organisation's name key without its legal form: what an alias of it must repeat.
    Empty when fewer than two distinctive words remain (a generic name names nobody)."""
    # Bracketed words stay: "AL-HARAMAIN (BANGLADESH)" is not every AL-HARAMAIN.
    unbracketed = name.replace("(", " ").replace(")", " ").replace("[", " ").replace("]", " ")
    tokens = [t for t in name_tokens(remove_org_types(unbracketed)) if t not in _BODY_WORDS]
    return " ".join(sorted(tokens)) if len(tokens) >= 2 else ""


def name_readings(name: str) -> list[tuple[str, tuple[str, ...]]]:
    """The (family name, given names in order) a person's name can be read as.

    "KIM, Su Il" reads one way (the comma ends the family name); "Kim Il-Su" two ways, family
    name first or last, since lists write both orders.
    """
    if "," in name:
        family, _, given = name.partition(",")
        return [(" ".join(name_tokens(family)), tuple(name_tokens(given)))]
    tokens = name_tokens(name)
    if len(tokens) < 2:
        return [(" ".join(tokens), ())]
    return [(tokens[0], tuple(tokens[1:])), (tokens[-1], tuple(tokens[:-1]))]


def given_names_reordered(left: str, right: str) -> bool:
    """Whether two person names agree only with their given names in another order.

    "Kim Il-Su" and "KIM, Su Il" share every word, but Il-Su and Su-Il are different Korean given
    names (and, on the lists, different men): the same words are not the same name.
    """
    pairs = [(a, b) for a in name_readings(left) for b in name_readings(right) if a[0] == b[0]]
    if any(a[1] == b[1] for a, b in pairs):
        return False
    return any(len(a[1]) > 1 and sorted(a[1]) == sorted(b[1]) for a, b in pairs)


def blocking_keys(keys: EntryKeys) -> set[str]:
    """Token pairs shared by plausible matches; a one-word name blocks on itself.

    Pairs, not single tokens, because single tokens such as "kim" or "korea" are shared by
    thousands of entries.
    """
    blocks: set[str] = set()
    for key in keys.name_keys:
        tokens = sorted(set(key.split()))
        if len(tokens) == 1:
            blocks.add(tokens[0])
        blocks.update(f"{a} {b}" for a, b in combinations(tokens[:8], 2))
    return blocks


def _alias_comparable(names: list[str], schema: str) -> set[str]:
    """Keys for telling whether one entry's name is another's alias: a body's without its legal form."""
    if SCHEMA_FAMILY.get(schema) == "org":
        return {k for n in names if (k := body_name_key(n))}
    return {k for n in names for k in name_key_forms(n)}


def _unsc_refs(entry: Entry) -> set[str]:
    refs = set()
    if entry.authority == "un":
        refs.add(_ref(entry.list_id))
    for entity in entry.entities:
        if entity.schema.name == "Sanction":
            refs.update(_ref(v) for v in entity.get("unscId", quiet=True))
    return {r for r in refs if r}


def _ref(value: str) -> str:
    """UN reference numbers are written 'KPi.033', 'KPi.033 ', 'KPI.033': compare them upper-cased."""
    return re.sub(r"\s+", "", value).upper()


def _unique(values) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value and value.strip():
            seen.setdefault(value.strip(), None)
    return list(seen)


def parse_partial_date(value: str) -> tuple[int, int | None, int | None] | None:
    parts = value.strip()[:10].split("-")
    try:
        numbers = [int(p) for p in parts if p]
    except ValueError:
        return None
    if not numbers:
        return None
    year = numbers[0]
    month = numbers[1] if len(numbers) > 1 else None
    day = numbers[2] if len(numbers) > 2 else None
    return year, month, day


def birth_dates_agree(left: tuple[str, ...], right: tuple[str, ...]) -> bool | None:
    """Whether two sets of birth dates can belong to one person; None when either side has none.

    Lists disagree by a day (time zones, transcription) and by a year (one list's typo: the UN
    has Kang Ryong born 21 Aug 1969, OFAC 21 Aug 1968); a year alone ("1949", "circa 1950") is
    an estimate, so it agrees with the year either side.
    """
    if not left or not right:
        return None
    for a in left:
        for b in right:
            if _dates_close(parse_partial_date(a), parse_partial_date(b)):
                return True
    return False


def _dates_close(a, b) -> bool:
    if a is None or b is None:
        return False
    (ya, ma, da), (yb, mb, db) = a, b
    if ma is None or mb is None:  # a year alone is an estimate
        return abs(ya - yb) <= 1
    if da is None or db is None:
        return ya == yb and ma == mb
    if (ma, da) == (mb, db):  # same day of the year: a one-year typo
        return abs(ya - yb) <= 1
    try:
        return abs((date(ya, ma, da) - date(yb, mb, db)).days) <= 2
    except ValueError:
        return False


def birth_dates_same(left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    """Whether the two sides share one full birth date (strong evidence, not just agreement)."""
    full = {d for d in left if len(d) == 10}
    return bool(full & {d for d in right if len(d) == 10})

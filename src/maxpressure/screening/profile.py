"""What screening compares: a `Profile` of names and evidence, built from a query or from a list entry.

Evidence is what the lists record besides names: birth dates, nationality and citizenship,
country of registration, and identifiers (IMO number for vessels, passport and national id numbers,
SWIFT/BIC codes). The identifiers of a list entry often sit on its sub-entities (Identification,
Passport), so a profile is built from the whole entry, not only its main entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from followthemoney.proxy import EntityProxy

from maxpressure.screening.korean import is_hangul
from maxpressure.screening.normalize import PreparedName, is_han, prepare_name
from maxpressure.screening.symbols import PhraseSymbols

NAME_PROPS = ("name", "alias", "previousName", "abbreviation")
WEAK_NAME_PROPS = ("weakAlias",)
DATE_PROPS = ("birthDate", "incorporationDate", "buildDate")
COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "flag")
# FtM property -> identifier kind; values of one kind are compared with each other only.
IDENTIFIER_PROPS = {
    "imoNumber": "imo",
    "passportNumber": "passport",
    "idNumber": "id",
    "swiftBic": "swift",
    "registrationNumber": "registration",
    "taxNumber": "tax",
    "mmsi": "mmsi",
    "unscId": "unsc",
}

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def normalize_identifier(kind: str, value: str) -> str:
    value = _NOT_ALNUM.sub("", value.upper())
    if kind == "imo":
        value = value.removeprefix("IMO")
    if kind == "swift":
        value = value[:8]  # a branch code does not change the bank
    return value


@dataclass(slots=True)
class Query:
    """What a user screens: a name and whatever else they know."""

    name: str
    schema: str | None = None
    birth_date: str | None = None
    nationality: str | None = None
    country: str | None = None
    imo: str | None = None
    passport: str | None = None
    id: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(slots=True)
class Profile:
    schema: str
    names: list[PreparedName]
    weak_names: list[PreparedName] = field(default_factory=list)
    dates: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    identifiers: dict[str, frozenset[str]] = field(default_factory=dict)


def _prepare_all(names: Iterable[str], schema: str, person_symbols: PhraseSymbols | None = None) -> list[PreparedName]:
    seen: set[str] = set()
    seen_keys: set[tuple[str, ...]] = set()
    prepared: list[PreparedName] = []
    for name in names:
        if name and name not in seen:
            seen.add(name)
            for form in prepare_name(name, schema, person_symbols):
                if form.keys not in seen_keys:
                    seen_keys.add(form.keys)
                    prepared.append(form)
    return prepared


def _person_readings(names: list[str], person_symbols: PhraseSymbols | None) -> list[PreparedName]:
    """A name in Hangul or Chinese characters read as a person's too, syllable by syllable, when
    the query does not say what it is: as an organisation it would be one word (최룡해 "choeryonghae"),
    which no person's name on the lists is. (Latin names are written with their spaces already.)"""
    foreign = [n for n in names if n and any(is_hangul(c) or is_han(c) for c in n)]
    return _prepare_all(foreign, "Person", person_symbols) if foreign else []


def profile_of_query(query: Query, person_symbols: PhraseSymbols | None = None) -> Profile:
    """A query's profile. `person_symbols`: see `prepare_name` (the screener passes its index's)."""
    schema = query.schema or "LegalEntity"
    identifiers: dict[str, set[str]] = {}
    for kind, value in (("imo", query.imo), ("passport", query.passport), ("id", query.id)):
        if value:
            identifiers.setdefault(kind, set()).add(normalize_identifier(kind, value))
    if query.imo and schema == "LegalEntity":
        schema = "Vessel"
    countries = {c.strip().lower() for c in (query.nationality, query.country) if c and c.strip()}
    names = _prepare_all([query.name, *query.aliases], schema, person_symbols)
    if schema == "LegalEntity":
        names += _person_readings([query.name, *query.aliases], person_symbols)
    return Profile(
        schema=schema,
        names=names,
        dates=frozenset({query.birth_date.strip()} if query.birth_date and query.birth_date.strip() else set()),
        countries=frozenset(countries),
        identifiers={k: frozenset(v) for k, v in identifiers.items()},
    )


def profile_of_entities(entities: list[EntityProxy]) -> Profile:
    """The profile of a list entry: its main entity first, then the entities hanging off it."""
    main = entities[0]
    schema = main.schema.name
    names = [v for prop in NAME_PROPS for v in main.get(prop, quiet=True)]
    weak = [v for prop in WEAK_NAME_PROPS for v in main.get(prop, quiet=True)]
    dates = {v for prop in DATE_PROPS for v in main.get(prop, quiet=True)}
    countries = {v.lower() for prop in COUNTRY_PROPS for v in main.get(prop, quiet=True)}
    identifiers: dict[str, set[str]] = {}
    for prop, kind in IDENTIFIER_PROPS.items():
        for value in main.get(prop, quiet=True):
            identifiers.setdefault(kind, set()).add(normalize_identifier(kind, value))
    for sub in entities[1:]:
        if sub.schema.is_a("Identification"):
            kind = "passport" if sub.schema.name == "Passport" else "id"
            for value in sub.get("number", quiet=True):
                identifiers.setdefault(kind, set()).add(normalize_identifier(kind, value))
    return Profile(
        schema=schema,
        names=_prepare_all(names, schema),
        weak_names=_prepare_all(weak, schema),
        dates=frozenset(dates),
        countries=frozenset(countries),
        identifiers={k: frozenset(v) for k, v in identifiers.items()},
    )

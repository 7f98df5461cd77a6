"""The identifying values an entry carries, normalised so that the same value matches itself.

Two entries that give the same phone number, email, registration number, IMO number, website,
UN reference or street address are tied by that value: it becomes a node of the graph. Values are
compared after normalisation (case, spacing, punctuation, URL scheme), never fuzzily.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from followthemoney.proxy import EntityProxy
from normality import ascii_text

from maxpressure.model import Entry

# FtM property -> relation kind (relations.py). Passport and national id numbers are left out:
# a shared passport number means the same person (reconciliation's business), not a tie.
PROPERTY_KINDS: dict[str, str] = {
    "imoNumber": "imo",
    "registrationNumber": "registration",
    "taxNumber": "registration",
    "innCode": "registration",
    "ogrnCode": "registration",
    "leiCode": "registration",
    "swiftBic": "registration",
    "email": "email",
    "website": "website",
    "phone": "phone",
    "address": "address",
}

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_DIGITS = re.compile(r"\D+")
_URL_PREFIX = re.compile(r"^(https?://)?(www\.)?")

# Shorter normalised values are too generic to tie anyone ("pyongyang", "dprk").
_MIN_ADDRESS_CHARS = 12
_MIN_PHONE_DIGITS = 7


@lru_cache(maxsize=200_000)
def normalise(kind: str, value: str) -> str | None:
    """The comparison key for a value of a kind, or None when the value is too weak to tie."""
    text = (ascii_text(value) or "").lower().strip()
    if not text:
        return None
    if kind == "imo":
        digits = _DIGITS.sub("", text)
        return digits if len(digits) == 7 else None
    if kind == "phone":
        digits = _DIGITS.sub("", text)
        return digits if len(digits) >= _MIN_PHONE_DIGITS else None
    if kind == "email":
        return text if "@" in text else None
    if kind == "website":
        return _URL_PREFIX.sub("", text).rstrip("/") or None
    if kind == "address":
        # "Hong Kong, China" or "London, United Kingdom" names a city, not a place two parties share.
        if not any(c.isdigit() for c in text) and text.count(",") < 2:
            return None
        key = _NON_ALNUM.sub(" ", text).strip()
        return key if len(key) >= _MIN_ADDRESS_CHARS else None
    key = _NON_ALNUM.sub("", text)
    return key if len(key) >= 4 else None


def entry_identifiers(entry: Entry) -> Iterator[tuple[str, str, str]]:
    """(kind, key, value as written) for every identifying value of the entry's main entity."""
    main = entry.entity
    seen: set[tuple[str, str]] = set()
    for kind, value in _raw_values(entry, main):
        key = normalise(kind, value)
        if key is not None and (kind, key) not in seen:
            seen.add((kind, key))
            yield kind, key, value


def _raw_values(entry: Entry, main: EntityProxy) -> Iterator[tuple[str, str]]:
    for prop, kind in PROPERTY_KINDS.items():
        if prop in main.schema.properties:
            for value in main.get(prop, quiet=True):
                yield kind, value
    for entity in entry.entities[1:]:
        if entity.schema.is_a("Address"):
            for value in entity.get("full", quiet=True):
                yield "address", value
        elif entity.schema.is_a("Sanction"):
            # The UN reference (KPe.001) ties a UK or EU entry to the UN entry it implements.
            for value in entity.get("unscId", quiet=True):
                yield "un_reference", value

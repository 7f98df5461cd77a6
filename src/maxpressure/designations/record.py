"""The designation record of one list entry: who designated it, on whose authority, and when.

A date is never just a date. `DesignationDate.basis` says what it is:

- `list`: the list's own designation date (UN LISTED_ON, UK Date Designated, EU designation date,
  OFAC's advanced XML listing event);
- `on_or_before`: the entry was first seen in a snapshot; the designation happened after
  `after` (the previous snapshot, or a daily copy without it; None for the stock of a list's
  first snapshot) and on or before `day`;
- `carried_over`: a regime transfer (the UK's 31-12-2020, when its own regulations took over
  from the EU's): the true designation date is unknown and earlier;
- `sourced`: from a cited table shipped with the package (`citation` names the source);
- `unknown`: no date at all.

`text()` is the one place a date is put into words, so no surface prints a bare date for a
non-exact one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from maxpressure.model import AUTHORITIES, Entry

LIST, ON_OR_BEFORE, CARRIED_OVER, SOURCED, UNKNOWN = "list", "on_or_before", "carried_over", "sourced", "unknown"
BASES = (LIST, ON_OR_BEFORE, CARRIED_OVER, SOURCED, UNKNOWN)

# A date the designation happened on (to the day or month): a month of designations may count it.
EXACT_BASES = frozenset({LIST, SOURCED})

# What a UK entry says of where its designation comes from (`Designation source`), and the EU's
# UN reference number: the authority it implements.
_IMPLEMENTED = {"UN": "un"}


@dataclass(frozen=True, slots=True)
class Citation:
    source_url: str
    note: str = ""
    confidence: str = ""  # the cited table's own grading (high, medium, low)

    def to_json(self) -> dict:
        return {"source_url": self.source_url, "note": self.note, "confidence": self.confidence}


@dataclass(frozen=True, slots=True)
class DesignationDate:
    basis: str
    day: date | None = None
    after: date | None = None  # on_or_before: the designation came after this day
    precision: str = "day"  # day | month (a cited date known only to the month)
    citation: Citation | None = None

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise ValueError(f"unknown date basis {self.basis!r}")

    @property
    def exact(self) -> bool:
        return self.basis in EXACT_BASES and self.day is not None

    @property
    def window_days(self) -> int | None:
        """How wide an on-or-before window is; None when open below (stock) or not a window."""
        if self.basis != ON_OR_BEFORE or self.day is None or self.after is None:
            return None
        return (self.day - self.after).days

    @property
    def month(self) -> str | None:
        """The month a designation can honestly be counted in, or None (a window that spans
        more than one month, a carried-over date, no date)."""
        if self.day is None:
            return None
        if self.exact:
            return self.day.strftime("%Y-%m")
        if self.basis == ON_OR_BEFORE and self.after is not None:
            first_possible = date.fromordinal(self.after.toordinal() + 1)
            if first_possible.strftime("%Y-%m") == self.day.strftime("%Y-%m"):
                return self.day.strftime("%Y-%m")
        return None

    def iso(self) -> str | None:
        if self.day is None:
            return None
        return self.day.strftime("%Y-%m") if self.precision == "month" else self.day.isoformat()

    def text(self) -> str:
        """The date in words, as every surface prints it."""
        when = self.iso()
        if self.basis == UNKNOWN or when is None:
            return "date unknown"
        if self.basis == LIST:
            return when
        if self.basis == SOURCED:
            return f"{when} (cited)" if self.precision == "day" else f"in {when} (cited)"
        if self.basis == CARRIED_OVER:
            return f"carried over on {when}"
        if self.after is None:
            return f"on or before {when}"
        return f"on or before {when}, after {self.after.isoformat()}"

    def to_json(self) -> dict:
        return {
            "listed_on": self.iso(),
            "dated_by": self.basis,
            "listed_after": self.after.isoformat() if self.after else None,
            "date_precision": self.precision if self.day else None,
            "date_text": self.text(),
            "citation": self.citation.to_json() if self.citation else None,
        }


@dataclass(frozen=True, slots=True)
class Designation:
    """One list entry's designation: the authority, what it implements, and its dated basis."""

    list: str
    list_id: str
    entity_id: str
    schema: str
    authority: str
    regimes: tuple[str, ...]
    programs: tuple[str, ...]
    implements: str | None  # "un" where the entry implements a UN designation
    date: DesignationDate
    # The entry that records this designation when the authority's own list cannot hold it
    # ("gb_fcdo:DPR0254" for a UN vessel designation): None for an authority's own entry.
    via: str | None = None

    @property
    def own(self) -> bool:
        """A designation the authority made itself (not one it took over from the UN)."""
        return self.implements is None or self.implements == self.authority

    def to_json(self) -> dict:
        return {"list": self.list, "list_id": self.list_id, "entity_id": self.entity_id,
                "schema": self.schema, "authority": self.authority, "regimes": list(self.regimes),
                "programs": list(self.programs), "implements": self.implements, "via": self.via,
                **self.date.to_json()}


def implements_of(entry: Entry) -> str | None:
    """The authority whose designation this entry implements, from what the list itself says:
    the UK's `Designation source: UN`, or a UN reference number on an EU entry."""
    return implemented_authority(entry.authority, ((e.schema.name, e.properties) for e in entry.entities))


def implemented_authority(authority: str, entities: Iterable[tuple[str, dict]]) -> str | None:
    """`implements_of` over (schema name, properties) pairs, as the store keeps them."""
    if authority == "un":
        return None
    for schema, properties in entities:
        if schema != "Sanction":
            continue
        for status in properties.get("status") or ():
            if implemented := _IMPLEMENTED.get(status.strip().upper()):
                return implemented
        if authority == "eu" and properties.get("unscId"):
            return "un"
    return None


def authority_of(list_name: str) -> str:
    return AUTHORITIES.get(list_name, list_name)

"""Sanctions context for vessels seen in AIS: which designated vessel, if any, each one is, and how
strong the evidence is.

The index is built from list entries (``Store.current_entries()``, or a parser's output): every
FtM Vessel's IMO number, MMSI, name, previous names and aliases, and what can contradict a name
(its IMO, flags and type). Names are compared without spaces or punctuation ("KUMUNSAN 3" is
"KUM UN SAN 3").

Evidence, strongest first (``EVIDENCE``): the IMO number, the MMSI, then a name, former name or
alias. An identifier makes a designation. A name makes one only when nothing contradicts it:

- ``different_imo``: the vessel broadcasts a valid IMO number (check digit) that the listed ship
  does not have;
- ``flag_mismatch``: the flag its MMSI claims (MID) is none of the listed ship's flags or past flags;
- ``type_mismatch``: the AIS ship type cannot be the listed ship (a yacht, sailing or fishing boat,
  tug, pilot, SAR or passenger vessel for a listed tanker or cargo ship).

A name is only evidence where the listing gives something to check it against: it makes a
designation when nothing contradicts it and something agrees with it (``corroborated_by``: the
MMSI's flag is one of the listed flags, or the AIS type is a merchant ship's where a merchant ship
is listed). A contradicted name match, or one with nothing to check (the UK summary list gives a
ship's name only), is a ``possible_match``: shown, never ``sanctioned``. Many ships share a name
(LIBERTY, PATRIOT, HERCULES); the listed one has its own IMO.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from maxpressure.maritime.events import VesselRef
from maxpressure.maritime.flags import flag_of
from maxpressure.model import Entry, designates

# How a match was made -> its confidence when nothing contradicts it.
EVIDENCE: dict[str, float] = {"imo": 0.95, "mmsi": 0.85, "name": 0.6, "former_name": 0.55, "alias": 0.5}
# Each contradiction found lowers a name match's confidence by this much (and makes it "possible");
# a name with nothing to check it against loses UNVERIFIED_PENALTY.
CONTRADICTION_PENALTY = 0.25
UNVERIFIED_PENALTY = 0.15
IDENTIFIERS = ("imo", "mmsi")

# AIS ship types (ITU-R M.1371 table 53) that a listed merchant ship cannot be: fishing, towing,
# dredging, diving, military, sailing, pleasure craft, pilot, SAR, tug, port tender, anti-pollution,
# law enforcement, medical, passenger.
NOT_MERCHANT_AIS_TYPES = frozenset(range(30, 38)) | frozenset(range(50, 60)) | frozenset(range(60, 70))
MERCHANT_WORDS = ("tanker", "cargo", "carrier", "bulk", "container", "oil", "lpg", "lng", "chemical")
MERCHANT_AIS_TYPES = frozenset(range(70, 90))  # cargo 70-79, tanker 80-89


def imo_digits(value: str | None) -> str | None:
    digits = re.sub(r"\D", "", value or "")
    return digits.zfill(7) if digits and int(digits) else None


def valid_imo(value: str | None) -> bool:
    """An IMO ship number with a correct check digit (the 7th digit is the weighted sum mod 10)."""
    digits = imo_digits(value)
    if not digits or len(digits) != 7:
        return False
    return sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1))) % 10 == int(digits[6])


def name_key(value: str | None) -> str | None:
    key = re.sub(r"[^0-9A-Z]", "", (value or "").upper())
    return key if len(key) >= 3 else None


@dataclass
class Listed:
    """What the list says about one designated vessel, for checking a match against it."""

    base: dict
    imos: set[str] = field(default_factory=set)
    flags: set[str] = field(default_factory=set)
    types: list[str] = field(default_factory=list)


def _ais_type(value: str | None) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except ValueError:
        return None


def check_name(vessel: VesselRef, listed: Listed) -> tuple[list[str], list[str]]:
    """(what in the vessel's own broadcast says it is not the listed ship, what agrees with it)."""
    against, agrees = [], []
    if valid_imo(vessel.imo) and listed.imos and imo_digits(vessel.imo) not in listed.imos:
        against.append("different_imo")
    claimed = {f for f in (flag_of(vessel.mmsi), vessel.flag) if f and len(f) == 2}
    if claimed and listed.flags:
        (agrees if claimed & listed.flags else against).append("flag" if claimed & listed.flags else "flag_mismatch")
    ais_type = _ais_type(vessel.vessel_type)
    merchant = any(word in t.lower() for t in listed.types for word in MERCHANT_WORDS)
    if ais_type in NOT_MERCHANT_AIS_TYPES and merchant:
        against.append("type_mismatch")
    elif ais_type in MERCHANT_AIS_TYPES and merchant:
        agrees.append("vessel_type")
    return against, agrees


class DesignatedVessels:
    def __init__(self) -> None:
        self.by_imo: dict[str, list[tuple[str, str, Listed]]] = defaultdict(list)
        self.by_mmsi: dict[str, list[tuple[str, str, Listed]]] = defaultdict(list)
        self.by_name: dict[str, list[tuple[str, str, Listed]]] = defaultdict(list)
        self.count = 0

    @classmethod
    def from_entries(cls, entries: Iterable[Entry]) -> "DesignatedVessels":
        index = cls()
        for entry in entries:
            if not designates(entry.list):
                continue  # a vessel a report named is not a designated one
            for entity in entry.entities:
                if entity.schema.name == "Vessel":
                    index._add(entry, entity)
        return index

    def _add(self, entry: Entry, vessel) -> None:
        self.count += 1
        listed = Listed({"list": entry.list, "list_id": entry.list_id, "caption": entry.caption,
                         "entity_id": entry.entity_id})
        listed.imos = {key for imo in vessel.get("imoNumber") if (key := imo_digits(imo))}
        listed.flags = {f.upper() for prop in ("flag", "pastFlags") for f in vessel.get(prop)}
        listed.types = list(vessel.get("type"))
        for key in listed.imos:
            self.by_imo[key].append(("imo", key, listed))
        for mmsi in vessel.get("mmsi"):
            if key := re.sub(r"\D", "", mmsi):
                self.by_mmsi[key].append(("mmsi", key, listed))
        for prop, label in (("name", "name"), ("previousName", "former_name"), ("alias", "alias")):
            for name in vessel.get(prop):
                if key := name_key(name):
                    self.by_name[key].append((label, name, listed))

    def evidence(self, vessel: VesselRef, names: Iterable[str] = ()) -> list[dict]:
        """Every list entry the vessel matches, once, by its strongest evidence, with the match's
        confidence and what contradicts it; ``strength`` is ``designated`` or ``possible``."""
        found: list[tuple[str, str, Listed]] = []
        if key := imo_digits(vessel.imo):
            found += self.by_imo.get(key, [])
        found += self.by_mmsi.get(vessel.mmsi or "", [])
        for name in sorted({n for n in (vessel.name, *names) if n}):
            if key := name_key(name):
                found += self.by_name.get(key, [])
        best: dict[tuple[str, str], dict] = {}
        for how, value, listed in found:
            against, agrees = ([], []) if how in IDENTIFIERS else check_name(vessel, listed)
            unverified = how not in IDENTIFIERS and not against and not agrees
            score = max(0.05, EVIDENCE[how] - CONTRADICTION_PENALTY * len(against)
                        - (UNVERIFIED_PENALTY if unverified else 0.0))
            hit = {**listed.base, "match": how, "value": value, "confidence": round(score, 2),
                   "strength": "possible" if against or unverified else "designated"}
            if against:
                hit["contradictions"] = against
            if agrees:
                hit["corroborated_by"] = agrees
            if unverified:
                hit["unverified"] = True
            key = (listed.base["list"], listed.base["list_id"])
            if key not in best or (best[key]["strength"], -best[key]["confidence"]) > (hit["strength"], -score):
                best[key] = hit
        return sorted(best.values(), key=lambda h: (h["strength"] != "designated", -h["confidence"],
                                                    h["list"], h["list_id"]))

    def match(self, vessel: VesselRef, names: Iterable[str] = ()) -> list[dict]:
        """Designations the vessel matches with nothing contradicting them, strongest first."""
        return [h for h in self.evidence(vessel, names) if h["strength"] == "designated"]

    def possible(self, vessel: VesselRef, names: Iterable[str] = ()) -> list[dict]:
        """Name-only look-alikes that the vessel's own broadcast contradicts."""
        return [h for h in self.evidence(vessel, names) if h["strength"] == "possible"]

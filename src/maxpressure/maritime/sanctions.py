"""Sanctions context for vessels seen in AIS: which designated vessel, if any, each one is.

The index is built from list entries (``Store.current_entries()``, or a parser's output): every
FtM Vessel's IMO number, MMSI, name, previous names and aliases. A vessel matches by IMO, or MMSI,
or by broadcasting a designated name or former name (names compared without spaces or punctuation,
so "KUMUNSAN 3" is "KUM UN SAN 3").
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

from maxpressure.maritime.events import VesselRef
from maxpressure.model import Entry


def imo_digits(value: str | None) -> str | None:
    digits = re.sub(r"\D", "", value or "")
    return digits.zfill(7) if digits and int(digits) else None


def name_key(value: str | None) -> str | None:
    key = re.sub(r"[^0-9A-Z]", "", (value or "").upper())
    return key if len(key) >= 3 else None


class DesignatedVessels:
    def __init__(self) -> None:
        self.by_imo: dict[str, list[dict]] = defaultdict(list)
        self.by_mmsi: dict[str, list[dict]] = defaultdict(list)
        self.by_name: dict[str, list[dict]] = defaultdict(list)
        self.count = 0

    @classmethod
    def from_entries(cls, entries: Iterable[Entry]) -> "DesignatedVessels":
        index = cls()
        for entry in entries:
            for entity in entry.entities:
                if entity.schema.name == "Vessel":
                    index._add(entry, entity)
        return index

    def _add(self, entry: Entry, vessel) -> None:
        self.count += 1
        base = {"list": entry.list, "list_id": entry.list_id, "caption": entry.caption,
                "entity_id": entry.entity_id}
        for imo in vessel.get("imoNumber"):
            if key := imo_digits(imo):
                self.by_imo[key].append({**base, "match": "imo", "value": key})
        for mmsi in vessel.get("mmsi"):
            if key := re.sub(r"\D", "", mmsi):
                self.by_mmsi[key].append({**base, "match": "mmsi", "value": key})
        for prop, label in (("name", "name"), ("previousName", "former_name"), ("alias", "alias")):
            for name in vessel.get(prop):
                if key := name_key(name):
                    self.by_name[key].append({**base, "match": label, "value": name})

    def match(self, vessel: VesselRef, names: Iterable[str] = ()) -> list[dict]:
        """Designations the vessel matches, strongest evidence first, one per list entry."""
        found: list[dict] = []
        if key := imo_digits(vessel.imo):
            found += self.by_imo.get(key, [])
        found += self.by_mmsi.get(vessel.mmsi or "", [])
        for name in {vessel.name, *names}:
            if key := name_key(name):
                found += self.by_name.get(key, [])
        seen, unique = set(), []
        for hit in found:
            if (hit["list"], hit["list_id"]) not in seen:
                seen.add((hit["list"], hit["list_id"]))
                unique.append(hit)
        return unique

"""One detector per module; this module holds what they share: the Event and its vessels.

Each detector exposes a frozen ``Params`` dataclass (units in the names, defaults from the
published rules) and kernels: functions from an Arrow table holding whole partitions (all rows of
each key, sorted) to an Arrow table. The engine runs the same kernels on DuckDB or Spark.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone

EVENT_TYPES = ("encounter", "loitering", "ais_gap", "port_call", "identity_change", "position_jump")


def iso(ts: int | float) -> str:
    return datetime.fromtimestamp(int(ts), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class VesselRef:
    """A vessel as the AIS showed it, with its flag from the MMSI, the designations it matches
    (by an identifier, or a name nothing contradicts) and its name-only look-alikes."""

    mmsi: str
    imo: str | None = None
    name: str | None = None
    callsign: str | None = None
    flag: str | None = None
    vessel_type: str | None = None
    designations: list[dict] = field(default_factory=list)
    possible_matches: list[dict] = field(default_factory=list)

    @property
    def dprk_flag(self) -> bool:
        return self.flag == "KP"

    def to_json(self) -> dict:
        out = {"mmsi": self.mmsi, "imo": self.imo, "name": self.name}
        if self.callsign:
            out["callsign"] = self.callsign
        out["flag"] = self.flag
        if self.dprk_flag:
            out["dprk_flag"] = True
        if self.designations:
            out["designations"] = self.designations
        if self.possible_matches:
            out["possible_matches"] = self.possible_matches
        return out


@dataclass
class Event:
    type: str
    start_ts: int
    end_ts: int
    lat: float | None
    lon: float | None
    vessels: list[VesselRef]
    confidence: float
    details: dict = field(default_factory=dict)

    @property
    def sanctioned(self) -> bool:
        return any(v.designations for v in self.vessels)

    @property
    def mmsis(self) -> tuple[str, ...]:
        return tuple(v.mmsi for v in self.vessels)

    def sort_key(self) -> tuple:
        return (self.start_ts, self.type, self.mmsis, self.end_ts)

    @property
    def id(self) -> str:
        """A stable id a case file can cite: the same type, vessels, start and end always give it,
        whatever the engine, the run or the order of the input files."""
        key = f"{self.type}|{','.join(sorted(self.mmsis))}|{int(self.start_ts)}|{int(self.end_ts)}"
        if self.type == "identity_change":
            key += f"|{self.details.get('kind')}|{self.details.get('imo')}"
        return f"{self.type}-{hashlib.sha1(key.encode()).hexdigest()[:16]}"

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "start": iso(self.start_ts),
            "end": iso(self.end_ts),
            "lat": None if self.lat is None else round(float(self.lat), 5),
            "lon": None if self.lon is None else round(float(self.lon), 5),
            "vessels": [v.to_json() for v in self.vessels],
            "sanctioned": self.sanctioned,
            "confidence": round(float(self.confidence), 3),
            "details": self.details,
        }

"""The bundled gazetteer of ports and anchorages in the DPRK trade (data/ports/ports.csv)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from maxpressure.data import DATA_DIR
from maxpressure.maritime.geo import KM_PER_DEGREE_LAT, haversine_km

PORTS_FILE = DATA_DIR / "ports" / "ports.csv"


@dataclass(frozen=True)
class Port:
    name: str
    country: str
    kind: str
    lat: float
    lon: float
    radius_km: float

    @property
    def is_dprk(self) -> bool:
        return self.country == "KP"


@lru_cache(maxsize=1)
def ports() -> tuple[Port, ...]:
    with open(PORTS_FILE, newline="", encoding="utf-8") as handle:
        return tuple(
            Port(row["name"], row["country"], row["kind"], float(row["lat"]), float(row["lon"]),
                 float(row["radius_km"]))
            for row in csv.DictReader(handle)
        )


def nearest_port(lat, lon) -> tuple[np.ndarray, np.ndarray]:
    """Index into ``ports()`` of the nearest port and the distance to it in km, per point."""
    table = ports()
    lat = np.atleast_1d(np.asarray(lat, dtype=np.float64))
    lon = np.atleast_1d(np.asarray(lon, dtype=np.float64))
    best = np.full(lat.shape, -1, dtype=np.int64)
    best_km = np.full(lat.shape, np.inf)
    for index, port in enumerate(table):
        km = haversine_km(lat, lon, port.lat, port.lon)
        closer = km < best_km
        best[closer] = index
        best_km[closer] = km[closer]
    return best, best_km


def port_within(lat: np.ndarray, lon: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """Index of the port whose radius (times ``scale``) holds each point, or -1.

    Points are first screened with a bounding box so that millions of fixes far out at sea cost
    one comparison per port, not a great-circle distance each.
    """
    inside = np.full(len(lat), -1, dtype=np.int64)
    for index, port in enumerate(ports()):
        radius = port.radius_km * scale
        dlat = radius / KM_PER_DEGREE_LAT
        dlon = dlat / max(np.cos(np.radians(port.lat)), 0.01)
        box = np.flatnonzero((np.abs(lat - port.lat) <= dlat) & (np.abs(lon - port.lon) <= dlon))
        if box.size:
            near = haversine_km(lat[box], lon[box], port.lat, port.lon) <= radius
            inside[box[near]] = index
    return inside

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


def _box(port: Port, scale: float) -> tuple[float, float, float]:
    """Radius in km, and the half-height and half-width in degrees of a box around the port's circle."""
    radius = port.radius_km * scale
    dlat = radius / KM_PER_DEGREE_LAT
    return radius, dlat, dlat / max(np.cos(np.radians(port.lat)), 0.01)


@lru_cache(maxsize=4)
def _port_degrees(scale: float) -> np.ndarray:
    """Which 1-degree cells of the globe (181 x 361, by floor of lat and lon) a port's box touches."""
    cells = np.zeros((181, 361), dtype=bool)
    for port in ports():
        _, dlat, dlon = _box(port, scale)
        y0, y1 = (int(np.floor(v)) + 90 for v in (max(port.lat - dlat, -90), min(port.lat + dlat, 90)))
        x0, x1 = (int(np.floor(v)) + 180 for v in (max(port.lon - dlon, -180), min(port.lon + dlon, 180)))
        cells[y0:y1 + 1, x0:x1 + 1] = True
    return cells


def port_within(lat: np.ndarray, lon: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """Index of the port whose radius (times ``scale``) holds each point, or -1.

    Millions of fixes are at sea: one lookup in a 1-degree grid of the cells near any port sets
    them aside, and only the rest are compared with each port (a box, then a great-circle distance).
    """
    lat, lon = np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64)
    inside = np.full(len(lat), -1, dtype=np.int64)
    y = np.clip(np.floor(lat).astype(np.int64) + 90, 0, 180)
    x = np.clip(np.floor(lon).astype(np.int64) + 180, 0, 360)
    near = np.flatnonzero(_port_degrees(scale)[y, x])
    if near.size == 0:
        return inside
    lat, lon = lat[near], lon[near]
    for index, port in enumerate(ports()):
        radius, dlat, dlon = _box(port, scale)
        box = np.flatnonzero((np.abs(lat - port.lat) <= dlat) & (np.abs(lon - port.lon) <= dlon))
        if box.size:
            hit = haversine_km(lat[box], lon[box], port.lat, port.lon) <= radius
            inside[near[box[hit]]] = index
    return inside

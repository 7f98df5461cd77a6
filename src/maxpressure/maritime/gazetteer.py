"""Ports and anchorages of the world: our DPRK/China/Russia gazetteer, the World Port Index and
Global Fishing Watch's named anchorages, joined into one table of places (data/ports/).

- ``ports()``: one row per port. Our own rows (``ports.csv``) come first and win: they hold the
  DPRK ports WPI misplaces or lacks (Songrim, Taean) and radii fitted to each harbour. A WPI row
  within ``SAME_PORT_KM`` of one of ours is the same port; the rest join with ``WPI_RADIUS_KM``.
  A GFW anchorage label that no port carries becomes a port of its own at its points' centre.
- Zones: every port's centre with its radius, and every GFW anchorage point with
  ``ANCHORAGE_RADIUS_KM`` (GFW's entry distance), each belonging to one port. A fix is in port
  when it lies inside a zone; its distance from port is the distance to the nearest zone point.

Lookups go through a k-d tree on unit vectors (chord distance is monotone in great-circle
distance), and ``port_within`` first drops fixes far from every zone with a 0.1-degree grid, so
millions of fixes at sea cost one array lookup each.
"""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.spatial import cKDTree

from maxpressure.data import DATA_DIR
from maxpressure.maritime.geo import EARTH_RADIUS_KM, KM_PER_DEGREE_LAT, haversine_km

PORTS_DIR = DATA_DIR / "ports"
PORTS_FILE = PORTS_DIR / "ports.csv"
WPI_FILE = PORTS_DIR / "WPI_ports.csv.gz"
ANCHORAGES_FILE = PORTS_DIR / "anchorage_overrides.csv.gz"
# ISO 3166 alpha-3 -> alpha-2 for the codes these two files use (written once with followthemoney's
# country registry, whose import costs seconds that a detection run should not pay)
COUNTRY_CODES_FILE = PORTS_DIR / "iso3_to_iso2.csv"

# One WPI point stands for a whole harbour: GFW's exit distance (4 km) around it.
WPI_RADIUS_KM = 4.0
# GFW anchorage_entry_distance_km: a fix this close to an anchorage point is at the anchorage.
ANCHORAGE_RADIUS_KM = 3.0
# A WPI row this close to one of ours (or a GFW label this close to a port of that name) is that port.
SAME_PORT_KM = 6.0
SAME_NAME_KM = 30.0
GRID_DEGREES = 0.1


@dataclass(frozen=True)
class Port:
    name: str
    country: str  # ISO 3166 alpha-2 (lower-case from FtM normalised to upper), '' if unknown
    kind: str  # port | anchorage
    lat: float
    lon: float
    radius_km: float
    source: str = "gazetteer"  # gazetteer | WPI | GFW

    @property
    def is_dprk(self) -> bool:
        return self.country == "KP"


@lru_cache(maxsize=1)
def _alpha2() -> dict[str, str]:
    with open(COUNTRY_CODES_FILE, newline="", encoding="utf-8") as handle:
        return {row["iso3"]: row["iso2"] for row in csv.DictReader(handle)}


def _country(iso3: str) -> str:
    return _alpha2().get(iso3 or "", "")


def _rows(path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class Places:
    ports: tuple[Port, ...]
    zone_lat: np.ndarray
    zone_lon: np.ndarray
    zone_radius_km: np.ndarray
    zone_port: np.ndarray
    tree: cKDTree
    # the zones wider than an anchorage point (port centres), and the anchorage points: in the
    # second all radii are equal, so the nearest point is the one that holds a fix, if any does
    wide: np.ndarray
    wide_tree: cKDTree
    points: np.ndarray
    points_tree: cKDTree


def _unit(lat, lon) -> np.ndarray:
    rlat, rlon = np.radians(np.asarray(lat, dtype=np.float64)), np.radians(np.asarray(lon, dtype=np.float64))
    return np.column_stack((np.cos(rlat) * np.cos(rlon), np.cos(rlat) * np.sin(rlon), np.sin(rlat)))


def _chord(km: float) -> float:
    return 2 * np.sin(km / EARTH_RADIUS_KM / 2)


def _km(chord: np.ndarray) -> np.ndarray:
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2, 0, 1))


def _near(tree: cKDTree, lat: float, lon: float, km: float) -> list[int]:
    return tree.query_ball_point(_unit([lat], [lon])[0], _chord(km))


@lru_cache(maxsize=1)
def places() -> Places:
    with open(PORTS_FILE, newline="", encoding="utf-8") as handle:
        ours = [Port(r["name"], r["country"], r["kind"], float(r["lat"]), float(r["lon"]), float(r["radius_km"]))
                for r in csv.DictReader(handle)]
    table = list(ours)
    own_tree = cKDTree(_unit([p.lat for p in ours], [p.lon for p in ours]))
    for row in _rows(WPI_FILE):
        lat, lon = float(row["latitude"]), float(row["longitude"])
        if _near(own_tree, lat, lon, SAME_PORT_KM):
            continue
        name = row["label"] + (f" ({row['sublabel']})" if row.get("sublabel") else "")
        table.append(Port(name, _country(row["iso3"]), "port", lat, lon, WPI_RADIUS_KM, "WPI"))
    by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, port in enumerate(table):
        by_name[(port.name.split(" (")[0].upper(), port.country)].append(index)
    groups: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for row in _rows(ANCHORAGES_FILE):
        groups[(row["label"].upper(), _country(row["iso3"]))].append((float(row["latitude"]), float(row["longitude"])))
    zone_lat = [p.lat for p in table]
    zone_lon = [p.lon for p in table]
    zone_radius = [p.radius_km for p in table]
    zone_port = list(range(len(table)))
    for (label, country), points in sorted(groups.items()):
        lats, lons = np.array([p[0] for p in points]), np.array([p[1] for p in points])
        centre_lat, centre_lon = float(lats.mean()), float(np.degrees(np.arctan2(
            np.sin(np.radians(lons)).mean(), np.cos(np.radians(lons)).mean())))
        owner = next((i for i in by_name.get((label, country), [])
                      if haversine_km(table[i].lat, table[i].lon, centre_lat, centre_lon) <= SAME_NAME_KM), None)
        if owner is None:
            owner = len(table)
            table.append(Port(label.title(), country, "anchorage", centre_lat, centre_lon, ANCHORAGE_RADIUS_KM, "GFW"))
            zone_lat.append(centre_lat)
            zone_lon.append(centre_lon)
            zone_radius.append(ANCHORAGE_RADIUS_KM)
            zone_port.append(owner)
        zone_lat += lats.tolist()
        zone_lon += lons.tolist()
        zone_radius += [ANCHORAGE_RADIUS_KM] * len(points)
        zone_port += [owner] * len(points)
    lat_a, lon_a, radius = np.array(zone_lat), np.array(zone_lon), np.array(zone_radius)
    xyz = _unit(lat_a, lon_a)
    wide, points = np.flatnonzero(radius > ANCHORAGE_RADIUS_KM), np.flatnonzero(radius <= ANCHORAGE_RADIUS_KM)
    return Places(tuple(table), lat_a, lon_a, radius, np.array(zone_port, dtype=np.int64), cKDTree(xyz),
                  wide, cKDTree(xyz[wide]), points, cKDTree(xyz[points]))


def ports() -> tuple[Port, ...]:
    return places().ports


def nearest_place(lat, lon) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per point: the port of the nearest zone point, the distance to it (km), and whether the point
    lies inside any zone (in port or at an anchorage)."""
    table = places()
    lat = np.atleast_1d(np.asarray(lat, dtype=np.float64))
    lon = np.atleast_1d(np.asarray(lon, dtype=np.float64))
    if lat.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0, dtype=bool)
    chord, zone = table.tree.query(_unit(lat, lon))
    return table.zone_port[zone], _km(chord), port_within(lat, lon) >= 0


def nearest_port(lat, lon) -> tuple[np.ndarray, np.ndarray]:
    """Index into ``ports()`` of the nearest port or anchorage and the distance to it in km."""
    port, km, _ = nearest_place(lat, lon)
    return port, km


@lru_cache(maxsize=4)
def _zone_cells(scale: float) -> np.ndarray:
    """Which cells of a 0.1-degree grid of the globe hold a point within some zone's radius."""
    table = places()
    ny, nx = int(180 / GRID_DEGREES) + 1, int(360 / GRID_DEGREES) + 1
    cells = np.zeros((ny, nx), dtype=bool)
    reach_deg = table.zone_radius_km * scale / KM_PER_DEGREE_LAT
    y = np.floor((table.zone_lat + 90) / GRID_DEGREES).astype(np.int64)
    x = np.floor((table.zone_lon + 180) / GRID_DEGREES).astype(np.int64)
    dy = np.ceil(reach_deg / GRID_DEGREES).astype(np.int64)
    dx = np.ceil(reach_deg / np.maximum(np.cos(np.radians(table.zone_lat)), 0.01) / GRID_DEGREES).astype(np.int64)
    for k_y in np.unique(dy):
        for k_x in np.unique(dx[dy == k_y]):
            pick = (dy == k_y) & (dx == k_x)
            for oy in range(-k_y, k_y + 1):
                for ox in range(-k_x, k_x + 1):
                    cells[np.clip(y[pick] + oy, 0, ny - 1), (x[pick] + ox) % nx] = True
    return cells


def port_within(lat, lon, scale: float = 1.0) -> np.ndarray:
    """Index of the port whose zone (radius times ``scale``) holds each point, or -1; the nearest
    zone that holds the point decides."""
    table = places()
    lat, lon = np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64)
    inside = np.full(len(lat), -1, dtype=np.int64)
    if len(lat) == 0:
        return inside
    y = np.clip(np.floor((lat + 90) / GRID_DEGREES).astype(np.int64), 0, int(180 / GRID_DEGREES))
    x = np.floor((lon + 180) / GRID_DEGREES).astype(np.int64) % (int(360 / GRID_DEGREES) + 1)
    near = np.flatnonzero(_zone_cells(scale)[y, x])
    if near.size == 0:
        return inside
    xyz = _unit(lat[near], lon[near])
    best_km = np.full(near.size, np.inf)
    best_zone = np.full(near.size, -1, dtype=np.int64)
    # anchorage points: the nearest one holds the fix if any does
    chord, k = table.points_tree.query(xyz, distance_upper_bound=_chord(ANCHORAGE_RADIUS_KM * scale))
    found = k < table.points.size
    best_km[found] = _km(chord[found])
    best_zone[found] = table.points[k[found]]
    # port centres (radii up to 8 km, a few km apart): the nearest of the 8 nearest that holds it
    reach = float(table.zone_radius_km[table.wide].max()) * scale
    chord, k = table.wide_tree.query(xyz, k=8, distance_upper_bound=_chord(reach))
    found = k < table.wide.size
    zone = table.wide[np.where(found, k, 0)]
    km = np.where(found, _km(chord), np.inf)
    hit = found & (km <= table.zone_radius_km[zone] * scale)
    first = np.argmax(hit, axis=1)
    rows = np.arange(near.size)
    wide_km = np.where(hit.any(axis=1), km[rows, first], np.inf)
    closer = wide_km < best_km
    best_km[closer], best_zone[closer] = wide_km[closer], zone[rows, first][closer]
    hold = best_zone >= 0
    inside[near[hold]] = table.zone_port[best_zone[hold]]
    return inside

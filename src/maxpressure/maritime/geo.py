"""Distances on the sphere, vectorised, and the unit constants every detector uses."""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0
KM_PER_NM = 1.852
SECONDS_PER_HOUR = 3600.0
KM_PER_DEGREE_LAT = 111.195  # 2 * pi * 6371 / 360


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km between arrays (or scalars) of points in degrees."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(a, dtype=np.float64)) for a in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def step_km(lat, lon):
    """haversine_km between each point and the next (n - 1 values), converting every point once."""
    rlat, rlon = np.radians(np.asarray(lat, dtype=np.float64)), np.radians(np.asarray(lon, dtype=np.float64))
    cos_lat = np.cos(rlat)
    a = np.sin((rlat[1:] - rlat[:-1]) / 2) ** 2 + cos_lat[:-1] * cos_lat[1:] * np.sin((rlon[1:] - rlon[:-1]) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def speed_kn(distance_km, seconds):
    """Implied speed in knots; infinite for a move in zero time, zero for no move."""
    distance_km = np.asarray(distance_km, dtype=np.float64)
    hours = np.asarray(seconds, dtype=np.float64) / SECONDS_PER_HOUR
    with np.errstate(divide="ignore", invalid="ignore"):
        knots = distance_km / KM_PER_NM / hours
    return np.where(distance_km <= 0, 0.0, knots)


def circular_mean_lon(lon) -> float:
    """Mean longitude on the circle, so a meeting on the antimeridian is not placed at 0."""
    radians = np.radians(np.asarray(lon, dtype=np.float64))
    return float(np.degrees(np.arctan2(np.sin(radians).mean(), np.cos(radians).mean())))


def run_starts(*keys: np.ndarray) -> np.ndarray:
    """Boolean mask: True where any key differs from the row before (first row True)."""
    n = len(keys[0])
    starts = np.zeros(n, dtype=bool)
    if n:
        starts[0] = True
        for key in keys:
            starts[1:] |= key[1:] != key[:-1]
    return starts

"""Distance from shore, from a land mask of the globe at 2 arc-minutes (about 3.7 km).

The mask (data/ports/land_mask_2arcmin.npz) is the GLOBE 30 arc-second land/sea mask shipped by
the ``global-land-mask`` package, reduced to 2 arc-minute cells, a cell being land when any of its
16 source cells is land (so a harbour basin, a river mouth or a small island counts as shore).
GFW states its loitering and gap rules in distance from shore; a port list alone would put a
harbour that no list names (Den Oever) far "at sea".

Distances are to the nearest land cell centre, searched in a window around each point, so they
are good to a cell (about 2-4 km) and capped at ``max_km`` (a point further than that from any
land reads ``max_km``). Only event candidates are measured, never every fix.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from maxpressure.data import DATA_DIR
from maxpressure.maritime.geo import KM_PER_DEGREE_LAT, haversine_km

LAND_FILE = DATA_DIR / "ports" / "land_mask_2arcmin.npz"


@lru_cache(maxsize=1)
def _land() -> tuple[np.ndarray, float, float, float]:
    with np.load(LAND_FILE) as data:
        step = float(data["step"])  # negative: rows run from 90 N southwards
        columns = int(round(360 / abs(step)))
        land = np.unpackbits(data["land"], axis=1)[:, :columns].astype(bool)
        return land, float(data["lat0"]), float(data["lon0"]), step


def is_land(lat, lon) -> np.ndarray:
    land, lat0, lon0, step = _land()
    lat, lon = np.atleast_1d(np.asarray(lat, dtype=np.float64)), np.atleast_1d(np.asarray(lon, dtype=np.float64))
    row = np.clip(((lat - lat0) / step).astype(np.int64), 0, land.shape[0] - 1)
    col = (((lon - lon0) / abs(step)).astype(np.int64)) % land.shape[1]
    return land[row, col]


def distance_from_shore_km(lat, lon, max_km: float = 150.0) -> np.ndarray:
    """Per point, km to the nearest land cell (0 on land), at most ``max_km``."""
    land, lat0, lon0, step = _land()
    lat, lon = np.atleast_1d(np.asarray(lat, dtype=np.float64)), np.atleast_1d(np.asarray(lon, dtype=np.float64))
    out = np.full(lat.shape, float(max_km))
    cell = abs(step)
    rows, cols = land.shape
    for i, (y, x) in enumerate(zip(lat.tolist(), lon.tolist())):
        r = int(np.clip((y - lat0) / step, 0, rows - 1))
        c = int(((x - lon0) / cell)) % cols
        if land[r, c]:
            out[i] = 0.0
            continue
        dr = int(np.ceil(max_km / KM_PER_DEGREE_LAT / cell))
        dc = int(min(cols // 2, np.ceil(dr / max(np.cos(np.radians(y)), 0.02))))
        r0, r1 = max(r - dr, 0), min(r + dr + 1, rows)
        window = land[r0:r1].take(range(c - dc, c + dc + 1), axis=1, mode="wrap")
        wy, wx = np.nonzero(window)
        if wy.size == 0:
            continue
        cell_lat = lat0 + (r0 + wy + 0.5) * step
        cell_lon = lon0 + (c - dc + wx + 0.5) * cell
        out[i] = min(float(max_km), float(haversine_km(y, x, cell_lat, cell_lon).min()))
    return out

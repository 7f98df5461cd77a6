"""position_jump: a vessel's next fix is further than any ship could have sailed since its last one.

Rule: distance > 50 kn x elapsed time + 2 km (``tracks.TrackParams``). The jump opens a new track
segment (spoofing, or a second ship on the same MMSI); the event names where it jumped from and to.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from maxpressure.maritime.geo import haversine_km, speed_kn

SCHEMA = pa.schema([
    ("vid", pa.int64()), ("seg", pa.int64()), ("from_ts", pa.int64()), ("from_lat", pa.float64()),
    ("from_lon", pa.float64()), ("to_ts", pa.int64()), ("to_lat", pa.float64()), ("to_lon", pa.float64()),
    ("distance_km", pa.float64()), ("implied_speed_kn", pa.float64()), ("fixes_in_segment", pa.int64()),
    ("segments", pa.int64()),
])


def jump_kernel(table: pa.Table) -> pa.Table:
    """Segmented fixes of whole vessels -> one row per jump."""
    vid, seg = table["vid"].to_numpy(), table["seg"].to_numpy()
    from_ts = table["jump_from_ts"].to_numpy()
    rows = np.flatnonzero(from_ts >= 0)
    if rows.size == 0:
        return SCHEMA.empty_table()
    # fixes per (vid, seg) and segments per vid, counted over the vessels that jumped only
    jumpers = np.isin(vid, vid[rows])
    key = vid[jumpers] * 1_000_000 + seg[jumpers]
    keys, counts = np.unique(key, return_counts=True)
    fixes = counts[np.searchsorted(keys, vid[rows] * 1_000_000 + seg[rows])]
    per_vid = {v: int(k % 1_000_000) + 1 for v, k in zip((keys // 1_000_000).tolist(), keys.tolist())}
    ts, lat, lon = table["ts"].to_numpy(), table["lat"].to_numpy(), table["lon"].to_numpy()
    flat, flon = table["jump_from_lat"].to_numpy()[rows], table["jump_from_lon"].to_numpy()[rows]
    km = haversine_km(flat, flon, lat[rows], lon[rows])
    return pa.table({
        "vid": vid[rows], "seg": seg[rows], "from_ts": from_ts[rows], "from_lat": flat, "from_lon": flon,
        "to_ts": ts[rows], "to_lat": lat[rows], "to_lon": lon[rows], "distance_km": km,
        "implied_speed_kn": np.minimum(speed_kn(km, ts[rows] - from_ts[rows]), 1e6),
        "fixes_in_segment": fixes, "segments": np.array([per_vid[v] for v in vid[rows]], dtype=np.int64),
    }, schema=SCHEMA)

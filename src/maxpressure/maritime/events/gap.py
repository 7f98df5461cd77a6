"""ais_gap: a track goes silent for at least 12 h (GFW / Welch et al. 2022).

Rule: two consecutive fixes of one track segment at least ``min_gap_hours`` apart, the first at
least 20 km from any port or anchorage and 20 nm from shore. Gaps are taken
per segment, never per MMSI, so two ships sharing an MMSI cannot make one mixed gap. Each gap
records where it started and ended, its duration, the distance between, the implied speed and how
many fixes the track had in the 12 h before (a well-received track that falls silent is more
likely to have switched off than one that was barely heard).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from maxpressure.maritime.geo import run_starts, speed_kn
from maxpressure.maritime.tracks import track_order


@dataclass(frozen=True)
class GapParams:
    min_gap_hours: float = 12.0  # about one sun-synchronous AIS satellite revisit (GFW)
    positions_before_hours: float = 12.0  # GFW counts positions in the 12 h before the gap
    # Gaps starting nearer a port than this are reception or port behaviour (GFW: 50 nm from shore).
    min_start_distance_from_port_km: float = 20.0
    # Near shore a silence is mostly the hand-over from terrestrial to satellite reception (GFW: > 99 %
    # of terrestrial AIS is within 50 nm); 20 nm keeps coastal dark periods while dropping harbour ones.
    min_start_distance_from_shore_km: float = 20 * 1.852


SCHEMA = pa.schema([
    ("vid", pa.int64()), ("seg", pa.int64()), ("start_ts", pa.int64()), ("end_ts", pa.int64()),
    ("start_lat", pa.float64()), ("start_lon", pa.float64()), ("end_lat", pa.float64()),
    ("end_lon", pa.float64()), ("distance_km", pa.float64()), ("implied_speed_kn", pa.float64()),
    ("positions_before", pa.int64()),
])


def gap_kernel(table: pa.Table, params: GapParams = GapParams()) -> pa.Table:
    vid, seg, ts, lat, lon, _, step_km = track_order(table)
    if len(ts) < 2:
        return SCHEMA.empty_table()
    same = (vid[1:] == vid[:-1]) & (seg[1:] == seg[:-1])
    before = np.flatnonzero(same & ((ts[1:] - ts[:-1]) >= params.min_gap_hours * 3600))
    if before.size == 0:
        return SCHEMA.empty_table()
    after = before + 1
    km = step_km[after]
    # fixes of the same track in the window before the gap: rows are sorted by (track, ts)
    track = np.cumsum(run_starts(vid, seg)) * 2**33
    window_start = np.searchsorted(
        track + ts, track[before] + ts[before] - int(params.positions_before_hours * 3600))
    return pa.table({
        "vid": vid[before], "seg": seg[before], "start_ts": ts[before], "end_ts": ts[after],
        "start_lat": lat[before], "start_lon": lon[before], "end_lat": lat[after], "end_lon": lon[after],
        "distance_km": km, "implied_speed_kn": speed_kn(km, ts[after] - ts[before]),
        "positions_before": before - window_start + 1,
    }, schema=SCHEMA)

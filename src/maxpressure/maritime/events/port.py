"""port_call: a vessel stops inside a port or anchorage of the gazetteer.

Rule (after GFW pipe-anchorages): consecutive fixes of one track within the port's radius, lasting
at least ``min_duration_hours`` with at least one fix at or under ``max_stop_speed_kn``, or with an
AIS gap of at least 4 h while inside (the DPRK pattern "transmits only in port"). A call at a DPRK
port is flagged. Confidence follows GFW's 1-4 scale: entry seen, exit seen, a stop or a gap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from maxpressure.maritime.gazetteer import port_within
from maxpressure.maritime.geo import run_starts
from maxpressure.maritime.tracks import track_order


@dataclass(frozen=True)
class PortParams:
    min_duration_hours: float = 1.0
    max_stop_speed_kn: float = 0.5  # GFW stopped_end_speed_knots
    min_port_gap_hours: float = 4.0  # GFW minimum_port_gap_duration_minutes = 240


SCHEMA = pa.schema([
    ("vid", pa.int64()), ("seg", pa.int64()), ("port", pa.int64()), ("start_ts", pa.int64()),
    ("end_ts", pa.int64()), ("fixes", pa.int64()), ("stopped", pa.bool_()), ("in_port_gap", pa.bool_()),
    ("entry_seen", pa.bool_()), ("exit_seen", pa.bool_()),
])


def port_kernel(table: pa.Table, params: PortParams = PortParams()) -> pa.Table:
    vid, seg, ts, lat, lon, sog, step_km = track_order(table)
    port = port_within(lat, lon)
    inside = np.flatnonzero(port >= 0)
    if inside.size == 0:
        return SCHEMA.empty_table()
    n = len(ts)
    track = np.cumsum(run_starts(vid, seg))
    # speed per fix: reported SOG, or implied from the step before when the file has none
    implied = np.full(n, np.inf)
    step = np.flatnonzero(~run_starts(vid, seg)[1:]) + 1
    dt = np.maximum(ts[step] - ts[step - 1], 1)
    implied[step] = step_km[step] / 1.852 / (dt / 3600)
    speed = np.where(np.isnan(sog), implied, sog)
    # visits: runs of consecutive in-port fixes of one track at one port
    visit_start = run_starts(track[inside], port[inside]) | np.r_[True, np.diff(inside) != 1]
    bounds = np.flatnonzero(visit_start)
    ends = np.r_[bounds[1:], inside.size]
    rows = []
    for lo, hi in zip(bounds, ends):
        idx = inside[lo:hi]
        first, last = idx[0], idx[-1]
        gaps = np.diff(ts[idx]) if idx.size > 1 else np.zeros(0)
        stopped = bool((speed[idx] <= params.max_stop_speed_kn).any())
        port_gap = bool((gaps >= params.min_port_gap_hours * 3600).any())
        if not (port_gap or (stopped and ts[last] - ts[first] >= params.min_duration_hours * 3600)):
            continue
        entry = first > 0 and track[first - 1] == track[first]
        exit_ = last + 1 < n and track[last + 1] == track[last]
        rows.append((vid[first], seg[first], port[first], ts[first], ts[last], idx.size, stopped, port_gap,
                     bool(entry), bool(exit_)))
    if not rows:
        return SCHEMA.empty_table()
    return pa.table(dict(zip(SCHEMA.names, map(list, zip(*rows)))), schema=SCHEMA)

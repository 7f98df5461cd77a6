"""loitering: one vessel slow at sea for hours, the visible half of a transfer with a dark partner.

Rule (GFW pipe-loitering, RFMO transshipment reports): consecutive hours in which the track's
average speed (distance sailed / time) is under 2 kn, lasting at least 4 h, at least 20 nm from
any port or anchorage and from shore. The distance filters and the overlap with encounters are applied by the
engine, which knows the gazetteer and the anchorages inferred from the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from maxpressure.maritime.geo import circular_mean_lon, run_starts
from maxpressure.maritime.tracks import track_order


@dataclass(frozen=True)
class LoiterParams:
    max_speed_kn: float = 2.0
    min_duration_hours: float = 4.0
    min_distance_from_port_km: float = 20 * 1.852  # 20 nm
    min_distance_from_shore_km: float = 20 * 1.852  # GFW product: avg_distance_from_shore_nm >= 20
    # Fixes further apart than this are not one hour's sailing: the hour is not measured.
    max_fix_interval_hours: float = 2.0


SCHEMA = pa.schema([
    ("vid", pa.int64()), ("seg", pa.int64()), ("start_ts", pa.int64()), ("end_ts", pa.int64()),
    ("lat", pa.float64()), ("lon", pa.float64()), ("avg_speed_kn", pa.float64()), ("fixes", pa.int64()),
])


def loiter_kernel(table: pa.Table, params: LoiterParams = LoiterParams()) -> pa.Table:
    vid, seg, ts, lat, lon, _, track_step_km = track_order(table)
    n = len(ts)
    if n < 2:
        return SCHEMA.empty_table()
    # each step (fix i-1 -> fix i) belongs to the hour of fix i
    step_km = np.zeros(n)
    step_s = np.zeros(n)
    track_start = run_starts(vid, seg)
    valid = ~track_start[1:] & ((ts[1:] - ts[:-1]) <= params.max_fix_interval_hours * 3600)
    step_km[1:] = np.where(valid, track_step_km[1:], 0.0)
    step_s[1:] = np.where(valid, ts[1:] - ts[:-1], 0)
    hour = ts // 3600
    track = np.cumsum(track_start)
    bucket_start = run_starts(track, hour)
    bucket = np.cumsum(bucket_start) - 1
    km = np.bincount(bucket, step_km)
    seconds = np.bincount(bucket, step_s)
    with np.errstate(divide="ignore", invalid="ignore"):
        knots = km / 1.852 / (seconds / 3600)
    slow = (seconds > 0) & (knots < params.max_speed_kn)
    first = np.flatnonzero(bucket_start)
    b_track, b_hour = track[first], hour[first]
    # runs of slow hours that follow each other without a missing hour, within one track
    new_run = run_starts(b_track) | ~slow | np.r_[True, ~slow[:-1]] | np.r_[True, np.diff(b_hour) != 1]
    run = np.cumsum(new_run)
    # a run holding a slow hour is all slow hours (a fast hour breaks runs): its first and last hour
    slow_hours = np.flatnonzero(slow)
    if slow_hours.size == 0:
        return SCHEMA.empty_table()
    group_start = run_starts(run[slow_hours])
    first_hour = slow_hours[group_start]
    last_hour = slow_hours[np.r_[np.flatnonzero(group_start)[1:] - 1, slow_hours.size - 1]]
    lo = first[first_hour]
    hi = np.where(last_hour + 1 < len(first), first[np.minimum(last_hour + 1, len(first) - 1)], n)
    # the last fix of the hour before belongs to the range (GFW prepends it)
    before = lo - 1
    prepend = (lo > 0) & (track[np.maximum(before, 0)] == track[lo]) & (step_s[lo] > 0)
    lo = np.where(prepend, before, lo)
    # only runs long enough become rows; the rest never reach Python
    rows = []
    for r in np.flatnonzero(ts[hi - 1] - ts[lo] >= params.min_duration_hours * 3600):
        hours = slice(first_hour[r], last_hour[r] + 1)
        a, b = lo[r], hi[r]
        total_s = seconds[hours].sum()
        rows.append((vid[a], seg[a], ts[a], ts[b - 1], float(lat[a:b].mean()),
                     circular_mean_lon(lon[a:b]), float(km[hours].sum() / 1.852 / (total_s / 3600)),
                     b - a))
    if not rows:
        return SCHEMA.empty_table()
    return pa.table(dict(zip(SCHEMA.names, map(list, zip(*rows)))), schema=SCHEMA)

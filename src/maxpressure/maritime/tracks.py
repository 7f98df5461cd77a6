"""Tracks: each vessel's fixes in time order, split into physically consistent segments.

A vessel "jumps" when the next fix is further away than any ship could have sailed in the time
between (``max_speed_kn``, plus ``slack_km`` for GPS noise on close-spaced fixes). That is either
spoofing or two ships broadcasting one MMSI. Following GFW's segmenter (gpsdio-segment), each fix
joins the segment it is consistent with, most recent first, or opens a new one; so two ships that
share an MMSI become two segments instead of one zig-zag track, and gaps, loitering and
encounters are computed per segment. Opening a segment after the first is a ``position_jump``.

Most vessels never jump; they are handled in one vectorised pass. Only vessels with a jump go
through the fix-by-fix assignment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from maxpressure.maritime.geo import haversine_km, haversine_km_scalar, run_starts


@dataclass(frozen=True)
class TrackParams:
    # Faster than any merchant ship or fishing vessel; fast ferries reach about 40 kn.
    max_speed_kn: float = 50.0
    # GPS noise and timestamp rounding make close-spaced fixes look fast; ignore moves under this.
    slack_km: float = 2.0


SEGMENT_COLUMNS = ("vid", "ts", "lat", "lon", "sog")
SEGMENT_SCHEMA = pa.schema([
    ("vid", pa.int64()), ("seg", pa.int64()), ("ts", pa.int64()), ("lat", pa.float64()),
    ("lon", pa.float64()), ("sog", pa.float64()),
    ("jump_from_ts", pa.int64()), ("jump_from_lat", pa.float64()), ("jump_from_lon", pa.float64()),
])


def _reachable(km: np.ndarray, seconds: np.ndarray, params: TrackParams) -> np.ndarray:
    limit_km = params.max_speed_kn * 1.852 * np.abs(seconds) / 3600.0 + params.slack_km
    return km <= limit_km


def _assign(ts, lat, lon, params: TrackParams) -> tuple[np.ndarray, np.ndarray]:
    """Segment number per fix for one vessel, and the fixes that opened a new segment."""
    seg = np.zeros(len(ts), dtype=np.int64)
    opened = np.zeros(len(ts), dtype=bool)
    ts, lat, lon = ts.tolist(), lat.tolist(), lon.tolist()
    last: list[tuple[int, float, float]] = [(ts[0], lat[0], lon[0])]
    for i in range(1, len(ts)):
        best, best_ts = -1, None
        for k, (lts, llat, llon) in enumerate(last):
            km = haversine_km_scalar(lat[i], lon[i], llat, llon)
            limit_km = params.max_speed_kn * 1.852 * abs(ts[i] - lts) / 3600.0 + params.slack_km
            if km <= limit_km and (best_ts is None or lts > best_ts):
                best, best_ts = k, lts
        if best < 0:
            best = len(last)
            last.append((ts[i], lat[i], lon[i]))
            opened[i] = True
        else:
            last[best] = (ts[i], lat[i], lon[i])
        seg[i] = best
    return seg, opened


def segment_kernel(table: pa.Table, params: TrackParams = TrackParams()) -> pa.Table:
    """Whole vessels sorted by (vid, ts): every fix with its segment and, where a jump opened it,
    the fix it jumped from."""
    vid = table["vid"].to_numpy()
    ts = table["ts"].to_numpy()
    lat = table["lat"].to_numpy()
    lon = table["lon"].to_numpy()
    n = len(vid)
    seg = np.zeros(n, dtype=np.int64)
    jump_from = np.full(n, -1, dtype=np.int64)
    if n > 1:
        same = vid[1:] == vid[:-1]
        km = haversine_km(lat[:-1], lon[:-1], lat[1:], lon[1:])
        jumped = same & ~_reachable(km, ts[1:] - ts[:-1], params)
        starts = np.flatnonzero(run_starts(vid))
        ends = np.append(starts[1:], n)
        vessel_of_jump = np.searchsorted(starts, np.flatnonzero(jumped) + 1, side="right") - 1
        for v in np.unique(vessel_of_jump):
            lo, hi = starts[v], ends[v]
            seg[lo:hi], opened = _assign(ts[lo:hi], lat[lo:hi], lon[lo:hi], params)
            jump_from[lo:hi][opened] = np.flatnonzero(opened) + lo - 1
    has_jump = jump_from >= 0
    source = np.where(has_jump, jump_from, 0)
    columns = {
        "vid": vid, "seg": seg, "ts": ts, "lat": lat, "lon": lon,
        "sog": table["sog"].to_numpy(zero_copy_only=False),
        "jump_from_ts": np.where(has_jump, ts[source], -1),
        "jump_from_lat": np.where(has_jump, lat[source], np.nan),
        "jump_from_lon": np.where(has_jump, lon[source], np.nan),
    }
    return pa.table(columns, schema=SEGMENT_SCHEMA)


def track_order(table: pa.Table) -> tuple[np.ndarray, ...]:
    """(vid, seg, ts, lat, lon, sog) of a segmented chunk, sorted by track then time."""
    vid, seg, ts = (table[c].to_numpy() for c in ("vid", "seg", "ts"))
    lat, lon = table["lat"].to_numpy(), table["lon"].to_numpy()
    sog = table["sog"].to_numpy(zero_copy_only=False)
    if seg.any():
        order = np.lexsort((ts, seg, vid))
        return vid[order], seg[order], ts[order], lat[order], lon[order], sog[order]
    return vid, seg, ts, lat, lon, sog

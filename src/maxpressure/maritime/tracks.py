"""Tracks: each vessel's fixes in time order, split into physically consistent segments.

A vessel "jumps" when the next fix is further away than any ship could have sailed in the time
between (``max_speed_kn``, plus ``slack_km`` for GPS noise on close-spaced fixes). That is either
spoofing or two ships broadcasting one MMSI. Following GFW's segmenter (gpsdio-segment), each fix
joins the segment it is consistent with, most recent first, or opens a new one; so two ships that
share an MMSI become two segments instead of one zig-zag track, and gaps, loitering and
encounters are computed per segment. Opening a segment after the first is a ``position_jump``.

Most vessels never jump; they are handled in one vectorised pass. Only vessels with a jump go
through the fix-by-fix assignment, all of them in lockstep.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from maxpressure.maritime.geo import haversine_km, run_starts
from maxpressure.maritime.geo import step_km as geo_step_km


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
    # distance from the fix before in the same track (NaN on a track's first fix), computed once
    # here for every kernel that walks a track
    ("step_km", pa.float64()),
])


def _reachable(km: np.ndarray, seconds: np.ndarray, params: TrackParams) -> np.ndarray:
    limit_km = params.max_speed_kn * 1.852 * np.abs(seconds) / 3600.0 + params.slack_km
    return km <= limit_km


def _assign(ts, lat, lon, starts, ends, params: TrackParams) -> tuple[np.ndarray, np.ndarray]:
    """Segment number per fix of the vessels in ``starts``/``ends``, and the fixes that opened one.

    Each fix joins the most recently updated segment it could have sailed from, or opens a new
    one. That is sequential within a vessel, so the vessels advance in lockstep: step i handles the
    i-th fix of every vessel at once, in numpy, and a Python loop runs once per fix of the longest
    track rather than once per fix (times segments) of every track."""
    seg = np.zeros(len(ts), dtype=np.int64)
    opened = np.zeros(len(ts), dtype=bool)
    by_length = np.argsort(-(ends - starts), kind="stable")
    first, lengths = starts[by_length], (ends - starts)[by_length]
    n_vessels, width = len(first), 4
    last_ts = np.zeros((n_vessels, width), dtype=np.int64)
    last_lat = np.zeros((n_vessels, width))
    last_lon = np.zeros((n_vessels, width))
    last_ts[:, 0], last_lat[:, 0], last_lon[:, 0] = ts[first], lat[first], lon[first]
    segments = np.ones(n_vessels, dtype=np.int64)
    km_per_second = params.max_speed_kn * 1.852 / 3600.0
    for i in range(1, int(lengths.max(initial=0))):
        m = int(np.count_nonzero(lengths > i))  # vessels still going: a prefix, longest first
        row = first[:m] + i
        t, y, x = ts[row], lat[row], lon[row]
        km = haversine_km(y[:, None], x[:, None], last_lat[:m], last_lon[:m])
        limit = km_per_second * np.abs(t[:, None] - last_ts[:m]) + params.slack_km
        ok = (km <= limit) & (np.arange(width) < segments[:m, None])
        # the most recent reachable segment; on a tie the first, as a fix-by-fix scan would pick
        best = np.argmax(np.where(ok, last_ts[:m], np.iinfo(np.int64).min), axis=1)
        new = ~ok.any(axis=1)
        if new.any():
            best[new] = segments[:m][new]
            segments[:m][new] += 1
            if segments.max() > width:
                grow = ((0, 0), (0, width))
                last_ts, last_lat, last_lon = (np.pad(a, grow) for a in (last_ts, last_lat, last_lon))
                width *= 2
        vessel = np.arange(m)
        last_ts[vessel, best], last_lat[vessel, best], last_lon[vessel, best] = t, y, x
        seg[row], opened[row] = best, new
    return seg, opened


def segment_kernel(table: pa.Table, params: TrackParams = TrackParams()) -> pa.Table:
    """Whole vessels sorted by (vid, ts): every fix with its segment and, where a jump opened it,
    the fix it jumped from; returned sorted by (vid, seg, ts), the order of the track kernels."""
    vid = table["vid"].to_numpy()
    ts = table["ts"].to_numpy()
    lat = table["lat"].to_numpy()
    lon = table["lon"].to_numpy()
    n = len(vid)
    seg = np.zeros(n, dtype=np.int64)
    jump_from = np.full(n, -1, dtype=np.int64)
    step_km = np.full(n, np.nan)
    rows = None
    if n > 1:
        same = vid[1:] == vid[:-1]
        km = geo_step_km(lat, lon)
        step_km[1:] = np.where(same, km, np.nan)
        jumped = same & ~_reachable(km, ts[1:] - ts[:-1], params)
        starts = np.flatnonzero(run_starts(vid))
        ends = np.append(starts[1:], n)
        jumpers = np.unique(np.searchsorted(starts, np.flatnonzero(jumped) + 1, side="right") - 1)
        if jumpers.size:
            seg, opened = _assign(ts, lat, lon, starts[jumpers], ends[jumpers], params)
            # a new segment's first fix jumped from the fix before it in time
            jump_from[opened] = np.flatnonzero(opened) - 1
            rows = np.flatnonzero(np.repeat(np.isin(np.arange(starts.size), jumpers), ends - starts))
    has_jump = jump_from >= 0
    source = np.where(has_jump, jump_from, 0)
    columns = {
        "vid": vid, "seg": seg, "ts": ts, "lat": lat, "lon": lon,
        "sog": table["sog"].to_numpy(zero_copy_only=False),
        "jump_from_ts": np.where(has_jump, ts[source], -1),
        "jump_from_lat": np.where(has_jump, lat[source], np.nan),
        "jump_from_lon": np.where(has_jump, lon[source], np.nan),
        "step_km": step_km,
    }
    if rows is not None:
        # the vessels that jumped get their fixes by segment, then time (stable: in time order),
        # and their steps measured again within each segment
        moved = rows[np.lexsort((seg[rows], vid[rows]))]
        for name in ("ts", "lat", "lon", "sog"):  # read-only views of the input: copied once
            columns[name] = columns[name].copy()
        for name, values in columns.items():
            if name != "vid":  # a vessel's rows stay its own
                values[rows] = values[moved]
        vid, seg, lat, lon = (columns[c] for c in ("vid", "seg", "lat", "lon"))
        before = np.maximum(rows - 1, 0)
        same_track = (rows > 0) & (vid[before] == vid[rows]) & (seg[before] == seg[rows])
        columns["step_km"][rows] = np.where(
            same_track, haversine_km(lat[before], lon[before], lat[rows], lon[rows]), np.nan)
    return pa.table(columns, schema=SEGMENT_SCHEMA)


def _in_track_order(vid: np.ndarray, seg: np.ndarray, ts: np.ndarray) -> bool:
    """Whether rows are already sorted by (vid, seg, ts): one linear pass instead of a sort."""
    later = (vid[1:] > vid[:-1]) | ((vid[1:] == vid[:-1]) & (
        (seg[1:] > seg[:-1]) | ((seg[1:] == seg[:-1]) & (ts[1:] >= ts[:-1]))))
    return bool(later.all())


def track_order(table: pa.Table) -> tuple[np.ndarray, ...]:
    """(vid, seg, ts, lat, lon, sog, step_km) of a segmented chunk, sorted by track then time."""
    vid, seg, ts = (table[c].to_numpy() for c in ("vid", "seg", "ts"))
    lat, lon = table["lat"].to_numpy(), table["lon"].to_numpy()
    sog = table["sog"].to_numpy(zero_copy_only=False)
    step_km = table["step_km"].to_numpy(zero_copy_only=False)
    if seg.any() and not _in_track_order(vid, seg, ts):
        order = np.lexsort((ts, seg, vid))
        return vid[order], seg[order], ts[order], lat[order], lon[order], sog[order], step_km[order]
    return vid, seg, ts, lat, lon, sog, step_km

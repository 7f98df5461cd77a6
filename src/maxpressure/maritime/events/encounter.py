"""encounter: two or more vessels within 500 m of each other for at least 2 h, median speed under
2 kn, at least 10 km from any port or anchorage (GFW / Miller et al. 2018).

Stages, each a function from a table to a table (after GFW pipe-encounters):

1. ``resample_kernel`` (by vessel): each track on a 10-minute grid, interpolated, never across a
   silence of an hour or more unless the vessel barely moved (under 1 kn over a silence of under
   12 h): a ship still before and after a reception gap was there during it;
2. ``pairs_kernel`` (by time slot): vessels within ``max_distance_m`` at the same slot, found
   through a grid hash of cells the size of the threshold and their 8 neighbours;
3. ``runs_kernel`` (by vessel pair): consecutive close slots, allowed short interruptions, kept
   when they last ``min_duration_minutes``. There is no day partition anywhere, so a meeting
   across midnight UTC is one run (GFW cannot see it: PIPELINE-2137);
4. ``merge`` (small, on the driver): the speed and port/anchorage filters, runs of one pair less
   than 4 h apart merged, and pair encounters that overlap in time at one place joined into one
   meeting of three or more vessels. A vessel that meets several partners in turn gets one
   encounter per partner, each carrying the count of partners in sequence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from maxpressure.maritime.geo import KM_PER_DEGREE_LAT, circular_mean_lon, haversine_km, run_starts
from maxpressure.maritime.tracks import track_order


@dataclass(frozen=True)
class EncounterParams:
    max_distance_m: float = 500.0
    min_duration_minutes: float = 120.0
    max_median_speed_kn: float = 2.0
    min_distance_from_port_km: float = 10.0
    # GFW keeps encounters with distance_from_shore > 0: not in a cell of the land mask (harbours)
    min_distance_from_shore_km: float = 0.5
    resample_minutes: int = 10  # GFW RESAMPLE_INCREMENT_MINUTES
    max_interpolation_gap_minutes: float = 60.0  # GFW MAX_GAP_HOURS
    # A reception gap shorter than an AIS gap is bridged when the vessel is where it was, give or
    # take a drift: a ship seen still before and after a silence was there during it, so a meeting
    # survives the gaps of satellite reception (GFW's 1 h limit cuts a 12 h transfer into pieces).
    bridge_max_gap_hours: float = 12.0
    bridge_max_speed_kn: float = 1.0
    max_interruption_minutes: float = 30.0  # a run survives two missed slots
    merge_within_hours: float = 4.0  # GFW min_hours_between_encounters
    # A vessel meeting partners within this window counts them "in sequence".
    sequence_window_hours: float = 72.0
    # Below this median distance the ships are moored alongside (the DPRK transfer posture).
    alongside_m: float = 150.0

    @property
    def slot_seconds(self) -> int:
        return self.resample_minutes * 60


RESAMPLED = pa.schema([
    ("vid", pa.int64()), ("seg", pa.int64()), ("slot", pa.int64()), ("lat", pa.float64()),
    ("lon", pa.float64()), ("speed_kn", pa.float64()),
    # interpolated across a bridged reception gap: where the ship is assumed, not heard, to be
    ("assumed", pa.bool_()),
])
PAIRS = pa.schema([
    ("slot", pa.int64()), ("vid_a", pa.int64()), ("seg_a", pa.int64()), ("vid_b", pa.int64()),
    ("seg_b", pa.int64()), ("distance_m", pa.float64()), ("lat", pa.float64()), ("lon", pa.float64()),
    ("speed_kn", pa.float64()), ("assumed", pa.bool_()),
])
RUNS = pa.schema([
    ("vid_a", pa.int64()), ("seg_a", pa.int64()), ("vid_b", pa.int64()), ("seg_b", pa.int64()),
    ("start_ts", pa.int64()), ("end_ts", pa.int64()), ("slots", pa.int64()),
    ("median_distance_m", pa.float64()), ("median_speed_kn", pa.float64()), ("lat", pa.float64()),
    ("lon", pa.float64()), ("assumed_slots", pa.int64()),
])


def resample_kernel(table: pa.Table, params: EncounterParams = EncounterParams()) -> pa.Table:
    """Tracks -> one interpolated point per track per slot (slot = ts // slot_seconds)."""
    vid, seg, ts, lat, lon, sog, step_km = track_order(table)
    step = params.slot_seconds
    if len(ts) < 2:
        return RESAMPLED.empty_table()
    same = ~run_starts(vid, seg)[1:]
    dt = ts[1:] - ts[:-1]
    drift_kn = step_km[1:] / 1.852 / (np.maximum(dt, 1) / 3600)
    ok = same & (dt > 0) & ((dt < params.max_interpolation_gap_minutes * 60)
                            | ((dt <= params.bridge_max_gap_hours * 3600) & (drift_kn <= params.bridge_max_speed_kn)))
    i0 = np.flatnonzero(ok)
    i1 = i0 + 1
    # slots k with k*step in [t0, t1): half open, so a slot is produced by one interval only
    first = -(-ts[i0] // step)
    count = np.maximum(-(-ts[i1] // step) - first, 0)
    keep = count > 0
    i0, i1, first, count = i0[keep], i1[keep], first[keep], count[keep]
    rep = np.repeat(np.arange(i0.size), count)
    slot = first[rep] + (np.arange(rep.size) - np.repeat(np.cumsum(count) - count, count))
    a, b = i0[rep], i1[rep]
    frac = (slot * step - ts[a]) / (ts[b] - ts[a])
    dlon = (lon[b] - lon[a] + 540.0) % 360.0 - 180.0
    out_lon = (lon[a] + frac * dlon + 540.0) % 360.0 - 180.0
    km = step_km[i1]
    implied = km / 1.852 / ((ts[i1] - ts[i0]) / 3600)
    s0, s1 = sog[i0], sog[i1]
    reported = np.where(np.isnan(s0), s1, np.where(np.isnan(s1), s0, (s0 + s1) / 2))
    interval_speed = np.where(np.isnan(reported), implied, reported)
    return pa.table({
        "vid": vid[a], "seg": seg[a], "slot": slot, "lat": lat[a] + frac * (lat[b] - lat[a]),
        "lon": out_lon, "speed_kn": interval_speed[rep],
        "assumed": (ts[b] - ts[a]) >= params.max_interpolation_gap_minutes * 60,
    }, schema=RESAMPLED)


def pairs_kernel(table: pa.Table, params: EncounterParams = EncounterParams()) -> pa.Table:
    """Resampled points of whole slots -> every pair of tracks of different vessels within range."""
    slot, vid, seg = (table[c].to_numpy() for c in ("slot", "vid", "seg"))
    lat, lon, speed = (table[c].to_numpy() for c in ("lat", "lon", "speed_kn"))
    assumed = table["assumed"].to_numpy(zero_copy_only=False)
    if len(slot) < 2:
        return PAIRS.empty_table()
    cell_km = params.max_distance_m / 1000.0
    iy = np.floor(lat * KM_PER_DEGREE_LAT / cell_km).astype(np.int64)
    # longitude cells are scaled at the latitude band's centre so that neighbours share a scale
    band_cos = np.cos(np.radians((iy + 0.5) * cell_km / KM_PER_DEGREE_LAT))
    ix = np.floor(lon * KM_PER_DEGREE_LAT * band_cos / cell_km).astype(np.int64)
    span = 1 << 20
    key = (slot * span + (iy + span // 2)) * span + (ix + span // 2)
    order = np.argsort(key, kind="stable")
    skey = key[order]
    found_a, found_b = [], []
    for dy in (-1, 0, 1):
        # the neighbour band has its own longitude scale: search the x cells it could hold
        ny = iy + dy
        ncos = np.cos(np.radians((ny + 0.5) * cell_km / KM_PER_DEGREE_LAT))
        nx_centre = np.floor(lon * KM_PER_DEGREE_LAT * ncos / cell_km).astype(np.int64)
        base = (slot * span + (ny + span // 2)) * span + span // 2
        lo = np.searchsorted(skey, base + nx_centre - 1, side="left")
        hi = np.searchsorted(skey, base + nx_centre + 1, side="right")
        count = hi - lo
        rep = np.repeat(np.arange(len(slot)), count)
        offs = np.arange(rep.size) - np.repeat(np.cumsum(count) - count, count)
        found_a.append(rep)
        found_b.append(order[lo[rep] + offs])
    a = np.concatenate(found_a)
    b = np.concatenate(found_b)
    keep = vid[a] < vid[b]  # each pair once; two segments of one MMSI are never paired
    a, b = a[keep], b[keep]
    metres = haversine_km(lat[a], lon[a], lat[b], lon[b]) * 1000.0
    close = metres <= params.max_distance_m
    a, b, metres = a[close], b[close], metres[close]
    return pa.table({
        "slot": slot[a], "vid_a": vid[a], "seg_a": seg[a], "vid_b": vid[b], "seg_b": seg[b],
        "distance_m": metres, "lat": (lat[a] + lat[b]) / 2, "lon": (lon[a] + lon[b]) / 2,
        "speed_kn": (speed[a] + speed[b]) / 2, "assumed": assumed[a] | assumed[b],
    }, schema=PAIRS)


def _sorted_by(keys: tuple[np.ndarray, ...]) -> bool:
    """Whether rows are in ascending order of ``keys`` (most significant first), in one pass."""
    if len(keys[0]) < 2:
        return True
    undecided = np.ones(len(keys[0]) - 1, dtype=bool)
    for key in keys:
        step = np.sign(key[1:] - key[:-1])
        if (undecided & (step < 0)).any():
            return False
        undecided &= step == 0
    return True


def _group_medians(values: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[float]:
    """np.median of each values[start:end], for all groups with one sort."""
    if starts.size == 0:
        return []
    counts = ends - starts
    group = np.repeat(np.arange(starts.size), counts)
    rows = np.concatenate([np.arange(a, b) for a, b in zip(starts.tolist(), ends.tolist())])
    ordered = values[rows][np.lexsort((values[rows], group))]
    first = np.cumsum(counts) - counts
    low, high = ordered[first + (counts - 1) // 2], ordered[first + counts // 2]
    return ((low + high) / 2).tolist()


def runs_kernel(table: pa.Table, params: EncounterParams = EncounterParams()) -> pa.Table:
    """Close slots of whole pairs -> runs lasting at least the minimum duration."""
    cols = {c: table[c].to_numpy(zero_copy_only=False) for c in PAIRS.names}
    keys = (cols["slot"], cols["seg_b"], cols["vid_b"], cols["seg_a"], cols["vid_a"])
    if not _sorted_by(keys[::-1]):  # the engines hand pairs over sorted; sort only if not
        order = np.lexsort(keys)
        cols = {c: v[order] for c, v in cols.items()}
    slot = cols["slot"]
    if slot.size == 0:
        return RUNS.empty_table()
    max_step = 1 + int(params.max_interruption_minutes // params.resample_minutes)
    pair_start = run_starts(cols["vid_a"], cols["seg_a"], cols["vid_b"], cols["seg_b"])
    start = pair_start | np.r_[True, np.diff(slot) > max_step]
    bounds = np.flatnonzero(start)
    ends = np.r_[bounds[1:], slot.size]
    step = params.slot_seconds
    long_enough = (slot[ends - 1] - slot[bounds]) * step >= params.min_duration_minutes * 60
    bounds, ends = bounds[long_enough], ends[long_enough]
    distance = _group_medians(cols["distance_m"], bounds, ends)
    speed = _group_medians(cols["speed_kn"], bounds, ends)
    rows = []
    for k, (lo, hi) in enumerate(zip(bounds.tolist(), ends.tolist())):
        rows.append((cols["vid_a"][lo], cols["seg_a"][lo], cols["vid_b"][lo], cols["seg_b"][lo],
                     slot[lo] * step, slot[hi - 1] * step, hi - lo, distance[k], speed[k],
                     float(cols["lat"][lo:hi].mean()), circular_mean_lon(cols["lon"][lo:hi]),
                     int(cols["assumed"][lo:hi].sum())))
    if not rows:
        return RUNS.empty_table()
    return pa.table(dict(zip(RUNS.names, map(list, zip(*rows)))), schema=RUNS)

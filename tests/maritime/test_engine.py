"""The shortcuts that make 10 M positions fast give the same answers as the plain rules."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from maxpressure.maritime import gazetteer, simulate, tracks
from maxpressure.maritime.engine import DuckDBEngine, group_bounds, run_stages
from maxpressure.maritime.geo import haversine_km
from maxpressure.sources import ais

T0 = 1_553_000_400


def _segments_fix_by_fix(ts, lat, lon, params=tracks.TrackParams()):
    """The segmenter's rule read literally: each fix joins the most recently updated segment it
    could have sailed from (first such on a tie), or opens a new one."""
    last, seg = [(ts[0], lat[0], lon[0])], [0]
    for t, y, x in zip(ts[1:], lat[1:], lon[1:]):
        reachable = [k for k, (lt, ly, lx) in enumerate(last)
                     if haversine_km(y, x, ly, lx) <= params.max_speed_kn * 1.852 * abs(t - lt) / 3600
                     + params.slack_km]
        best = max(reachable, key=lambda k: (last[k][0], -k)) if reachable else len(last)
        if best == len(last):
            last.append((t, y, x))
        last[best] = (t, y, x)
        seg.append(best)
    return seg


def test_lockstep_segmenter_matches_the_fix_by_fix_rule():
    rng = np.random.default_rng(3)
    rows = []
    # vessel 1: two ships on one MMSI; vessel 2: a spoofer hopping between six places (more
    # segments than the first allocation holds); vessel 3: one honest ship; vessel 4: short
    places = [(31.5, 122.8), (28.9, 122.6), (30.0, 125.0), (33.0, 124.0), (27.0, 121.0), (35.0, 129.0)]
    for k in range(60):
        rows.append((1, T0 + k * 300, *places[k % 2]))
        rows.append((2, T0 + k * 420, *places[rng.integers(0, 6)]))
        rows.append((3, T0 + k * 600, 29.0 + k * 0.01, 123.0))
    rows += [(4, T0, 30.0, 124.0), (4, T0 + 60, 35.0, 129.0)]
    rows.sort(key=lambda r: (r[0], r[1]))
    vid, ts, lat, lon = (np.array(c) for c in zip(*rows))
    table = pa.table({"vid": vid, "ts": ts, "lat": lat, "lon": lon, "sog": np.full(len(vid), 5.0)})
    out = tracks.segment_kernel(table)
    got = {}
    for v, s, t, y, x in zip(*(out[c].to_pylist() for c in ("vid", "seg", "ts", "lat", "lon"))):
        got.setdefault(v, {})[(t, y, x)] = s
    for v in (1, 2, 3, 4):
        mine = vid == v
        expected = _segments_fix_by_fix(ts[mine].tolist(), lat[mine].tolist(), lon[mine].tolist())
        assert [got[v][(t, y, x)] for t, y, x in zip(ts[mine], lat[mine], lon[mine])] == expected
    assert max(got[2].values()) >= 4  # the spoofer really outgrew the first allocation


def test_segmenter_returns_track_order_with_each_steps_distance():
    rows = []
    for k in range(12):
        rows.append((1, T0 + k * 600, 31.5, 122.8 + k * 0.005))
        rows.append((1, T0 + k * 600 + 300, 28.9, 122.6 + k * 0.005))
    vid, ts, lat, lon = (list(c) for c in zip(*rows))
    out = tracks.segment_kernel(pa.table({"vid": vid, "ts": ts, "lat": lat, "lon": lon, "sog": [1.0] * len(ts)}))
    seg, t = out["seg"].to_pylist(), out["ts"].to_pylist()
    assert list(zip(seg, t)) == sorted(zip(seg, t))
    step = out["step_km"].to_numpy(zero_copy_only=False)
    y, x = out["lat"].to_numpy(), out["lon"].to_numpy()
    first_of_track = np.r_[True, np.diff(seg) != 0]
    assert np.isnan(step[first_of_track]).all()
    np.testing.assert_allclose(step[~first_of_track], haversine_km(y[:-1], x[:-1], y[1:], x[1:])[~first_of_track[1:]])


def test_port_screen_finds_the_same_ports_as_checking_every_zone():
    # every port centre and every GFW anchorage point of the world is a zone; a fix is in the port of
    # the nearest zone that holds it (the grid screen and the k-d tree must not change that)
    rng = np.random.default_rng(5)
    table = gazetteer.places()
    centre = rng.integers(0, len(table.zone_lat), 3_000)
    lat = table.zone_lat[centre] + rng.normal(0, 0.05, centre.size)
    lon = table.zone_lon[centre] + rng.normal(0, 0.05, centre.size)
    expected = np.full(centre.size, -1)
    for i in range(centre.size):
        km = haversine_km(lat[i], lon[i], table.zone_lat, table.zone_lon)
        holding = np.flatnonzero(km <= table.zone_radius_km)
        if holding.size:
            expected[i] = table.zone_port[holding[np.argmin(km[holding])]]
    assert (expected >= 0).sum() > 1000
    np.testing.assert_array_equal(gazetteer.port_within(lat, lon), expected)


def test_chunks_never_split_a_group():
    table = pa.table({"vid": np.repeat(np.arange(50), np.arange(1, 51))})
    bounds = group_bounds(table, ("vid",), rows_per_chunk=100)
    assert bounds[0][0] == 0 and bounds[-1][1] == table.num_rows
    vid = table["vid"].to_numpy()
    for lo, hi in bounds:
        assert lo == 0 or vid[lo] != vid[lo - 1]
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    table, _ = simulate.simulate(seed=5, blocks=1)
    path = tmp_path_factory.mktemp("sim") / "sim.csv"
    pacsv.write_csv(table, path)
    return path


def test_chunk_size_and_threads_do_not_change_what_the_stages_find(simulated):
    con, _ = ais.load([simulated])
    whole = run_stages(DuckDBEngine(con, rows_per_chunk=10**9, threads=1))
    chunked = run_stages(DuckDBEngine(con, rows_per_chunk=3_000, threads=2))
    for name in ("jumps", "gaps", "loiters", "port_calls", "encounter_runs", "busy_cells", "identities"):
        assert getattr(chunked, name).equals(getattr(whole, name)), name
    assert whole.encounter_runs.num_rows > 0 and whole.jumps.num_rows > 0

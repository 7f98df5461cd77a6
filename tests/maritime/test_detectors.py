"""Each detector stage on a dozen rows: the rule, its edges and GFW's blind spots."""

from __future__ import annotations

import pyarrow as pa

from maxpressure.maritime import tracks
from maxpressure.maritime.events import encounter, gap, identity
from maxpressure.maritime.simulate import offset

T0 = 1_553_000_400  # 2019-03-19 13:00 UTC, a multiple of 600


def _fixes(rows):
    """rows: (vid, ts, lat, lon, sog) -> segmented fixes."""
    vid, ts, lat, lon, sog = (list(c) for c in zip(*rows))
    table = pa.table({"vid": vid, "ts": ts, "lat": lat, "lon": lon, "sog": pa.array(sog, pa.float64())})
    return tracks.segment_kernel(table)


def test_two_ships_on_one_mmsi_become_two_segments_and_one_jump():
    # ship A at 31.5N, ship B 300 km south, both reporting every 10 minutes on MMSI vid 1
    rows = []
    for k in range(12):
        rows.append((1, T0 + k * 600, 31.5, 122.8 + k * 0.005, 10.0))
        rows.append((1, T0 + k * 600 + 300, 28.9, 122.6 + k * 0.005, 10.0))
    fixes = _fixes(rows)
    assert set(fixes["seg"].to_pylist()) == {0, 1}
    assert sum(t >= 0 for t in fixes["jump_from_ts"].to_pylist()) == 1


def test_gap_is_per_segment_so_shared_mmsi_makes_no_mixed_gap():
    rows = [(1, T0 + k * 600, 31.5, 122.8 + k * 0.01, 10.0) for k in range(100)]  # A never stops
    rows += [(1, T0 + k * 600 + 300, 28.9, 122.6 + k * 0.01, 10.0) for k in range(10)]  # B, then dark
    rows += [(1, T0 + 16 * 3600 + k * 600, 28.9, 123.0 + k * 0.01, 10.0) for k in range(5)]  # B again
    rows.sort(key=lambda r: r[1])
    gaps = gap.gap_kernel(_fixes(rows)).to_pylist()
    assert len(gaps) == 1
    assert gaps[0]["start_lat"] == gaps[0]["end_lat"] == 28.9  # B's silence, not a jump between ships
    assert 14 < (gaps[0]["end_ts"] - gaps[0]["start_ts"]) / 3600 < 16
    # per MMSI (GFW's grouping) ship A hides B's gap entirely
    assert not gap.gap_kernel(tracks.segment_kernel(pa.table({
        "vid": [1] * len(rows), "ts": [r[1] for r in rows], "lat": [31.5] * len(rows),
        "lon": [122.8] * len(rows), "sog": [10.0] * len(rows)}))).num_rows


def _meeting(start_ts, hours, apart_m=80.0, knots=0.3):
    site = (29.6, 124.3)
    rows = []
    for k in range(int(hours * 6) + 1):
        t = start_ts + k * 600
        drift = k * knots * 1852 / 6  # metres sailed east per 10 minutes
        rows.append((1, t, *offset(*site, 0, drift), knots))
        rows.append((2, t, *offset(*site, apart_m, drift), knots))
    return sorted(rows, key=lambda r: (r[0], r[1]))


def _runs(rows):
    fixes = _fixes(rows)
    grid = encounter.resample_kernel(fixes)
    grid = grid.sort_by([("slot", "ascending"), ("vid", "ascending")])
    pairs = encounter.pairs_kernel(grid)
    return encounter.runs_kernel(pairs).to_pylist()


def test_meeting_across_midnight_utc_is_one_run():
    midnight = (T0 // 86400 + 1) * 86400
    runs = _runs(_meeting(midnight - 2 * 3600, hours=4))
    assert len(runs) == 1
    assert runs[0]["start_ts"] < midnight < runs[0]["end_ts"]
    assert 70 < runs[0]["median_distance_m"] < 90


def test_meeting_shorter_than_two_hours_or_apart_is_no_run():
    assert _runs(_meeting(T0, hours=1.5)) == []
    assert _runs(_meeting(T0, hours=4, apart_m=700)) == []


def test_imo_check_digit():
    assert identity.valid_imo("8691702")  # YU SON
    assert not identity.valid_imo("8691703")
    assert not identity.valid_imo("0000000")
    assert not identity.valid_imo("0000111")  # placeholder seen in the MarineCadastre sample


def test_one_imo_under_two_mmsis_and_a_taken_name_are_identity_changes():
    statics = pa.table({
        "mmsi": ["445000009", "511000010", "357000011", "445000012", "445000012"],
        "imo": ["8660313", "8660313", "1000904", "7303803", "7303803"],
        "name": ["CHON MA SAN", "XIN YUAN 18", "HOPE SEA", "AN SAN 1", "HOPE SEA"],
        "callsign": ["A", "B", "C", "D", "D"], "flag": [None] * 5, "vessel_type": ["80"] * 5,
        "first_ts": [T0, T0 + 9000, T0, T0, T0 + 5000], "last_ts": [T0 + 8000, T0 + 20000, T0 + 20000,
                                                                   T0 + 4000, T0 + 20000],
        "reports": [10] * 5})
    events = identity.identity_kernel(statics).to_pylist()
    by_kind = {(e["kind"], e["imo"]): e for e in events}
    laundering = by_kind[("imo", "8660313")]
    assert laundering["mmsis"] == "445000009 | 511000010"
    assert set(laundering["changed"].split(",")) == {"mmsi", "name", "callsign", "flag"}
    assert laundering["flags"] == "KP | PW"
    taken = by_kind[("name_taken", "7303803")]
    assert taken["mmsis"] == "357000011 | 445000012"

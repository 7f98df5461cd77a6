"""The detectors on real AIS from outside Korea: Dutch fishing vessels in their harbours, and the
real at-sea meeting with reception gaps that Global Fishing Watch keeps in its encounter tests."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from maxpressure.maritime.pipeline import detect, record_path

AIS = Path(__file__).resolve().parents[1] / "fixtures" / "ais"
DUTCH = [AIS / "gfw_track_244030457_2017-05.csv", AIS / "gfw_track_245378000_2025-02.csv"]
MEETING = AIS / "gfw_pipe_encounters_real_series.csv"


def _utc(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=timezone.utc).timestamp())


@pytest.fixture(scope="module")
def dutch():
    return detect(DUTCH)


def test_fishing_vessels_in_european_harbours_raise_no_harbour_event(dutch):
    # moored for days at Den Oever, Amsterdam, IJmuiden, Lowestoft and Harlingen, and a night at
    # anchor in the Wadden Sea: before, 19 "loitering" events 3,200 km "from port"
    assert {e.type for e in dutch.events} == {"port_call"}
    calls = sorted((e.vessels[0].mmsi, e.details["port"]) for e in dutch.events)
    assert calls == [("244030457", "IJMUIDEN"), ("244030457", "LOWESTOFT"), ("245378000", "HARLINGEN")]
    assert all(e.details["kind"] == "port" for e in dutch.events)


def test_real_meeting_with_reception_gaps_is_one_encounter_of_its_full_length():
    result = detect([MEETING])
    (meeting,) = [e for e in result.events if e.type == "encounter"]
    # both ships are heard together from 07:32 to 21:37 UTC with silences of up to 8 h between;
    # before, the rule cut this to 07:40-10:10 and called the partner "loitering" afterwards
    assert meeting.start_ts <= _utc("2015-03-19T07:40:00") and meeting.end_ts >= _utc("2015-03-19T21:30:00")
    assert meeting.details["duration_h"] >= 13.5
    assert meeting.details["median_distance_m"] < 150 and meeting.details["distance_from_shore_km"] > 100
    # the event says how much of it was assumed across the silences (11 of 13.8 h), not heard
    assert 8 <= meeting.details["assumed_during_reception_gaps_h"] < meeting.details["duration_h"]
    assert [e for e in result.events if e.type == "loitering"] == []


def test_event_ids_are_stable_whatever_the_order_of_the_files():
    forward = [e.to_json()["id"] for e in detect([MEETING, *DUTCH]).events]
    backward = [e.to_json()["id"] for e in detect([*DUTCH[::-1], MEETING]).events]
    assert forward == backward and len(set(forward)) == len(forward)
    assert all(i.startswith(("encounter-", "port_call-")) for i in forward)


def test_the_cli_records_inputs_checksums_and_parameters_and_takes_any_parameter(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("MAXPRESSURE_HOME", str(tmp_path / "home"))
    out = tmp_path / "events.jsonl"
    result = run_cli("maritime", "detect", MEETING, "--output", out, "--json",
                     "--param", "encounter.min_duration_minutes=900")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["by_type"].get("encounter", 0) == 0  # 15 h asked, 13.8 h met
    record = json.loads(record_path(out).read_text())
    assert record["parameters"]["encounter"]["min_duration_minutes"] == 900
    assert record["parameters"]["loiter"]["min_distance_from_shore_km"] == pytest.approx(37.04)
    import hashlib

    assert record["inputs"][0]["sha256"] == hashlib.sha256(MEETING.read_bytes()).hexdigest()
    bad = run_cli("maritime", "detect", MEETING, "--output", out, "--param", "encounter.max_distance=500")
    assert bad.exit_code != 0 and "unknown detector parameter 'encounter.max_distance'" in bad.stderr
    assert "encounter.max_distance_m" in bad.stderr


def _moored_pair(tmp_path, lat_shift: float, lon_shift: float) -> Path:
    # the real Den Oever stay of 244030457 (14 h at 0 kn, 2017-05-22/23) and a second boat moored
    # 30 m from it: Den Oever is in neither WPI nor GFW's list, only the land mask knows it is harbour
    out = ["mmsi,timestamp,lat,lon,sog"]
    for line in (AIS / "gfw_track_244030457_2017-05.csv").read_text().splitlines()[1:]:
        lon, lat, _, stamp, speed, _ = line.split(",")
        if not stamp.startswith(('"2017-05-22', '"2017-05-23T0')):
            continue
        for mmsi, north in (("244030457", 0.0), ("244030999", 0.00027)):
            out.append(f"{mmsi},{stamp.strip(chr(34))},{float(lat) + north + lat_shift},{float(lon) + lon_shift},{speed}")
    path = tmp_path / f"moored_{lat_shift}.csv"
    path.write_text("\n".join(out) + "\n")
    return path


def test_boats_moored_together_in_an_unlisted_harbour_are_not_an_encounter(tmp_path):
    in_harbour = detect([_moored_pair(tmp_path, 0.0, 0.0)]).events
    assert [e.type for e in in_harbour if e.type in ("encounter", "loitering")] == []
    # the same two tracks moved 200 km out into the North Sea are a meeting
    at_sea = detect([_moored_pair(tmp_path, 1.8, -2.0)]).events
    assert [e.type for e in at_sea if e.type in ("encounter", "loitering")] == ["encounter"]

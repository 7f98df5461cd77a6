"""AIS ingest that never dies on a row: every time layout, every bad value counted per reason,
MMSIs checked, 0-360 longitudes, the GFW / BarentsWatch / DMA layouts, Gatehouse receive times."""

from __future__ import annotations

import gzip
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from maxpressure.errors import MaxpressureError
from maxpressure.sources import ais

AIS = Path(__file__).resolve().parents[1] / "fixtures" / "ais"


def _epoch(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=timezone.utc).timestamp())


def _times(path: Path, **kwargs) -> tuple[list[int], ais.IngestReport]:
    con, report = ais.load([path], **kwargs)
    return [t for (t,) in con.sql("SELECT ts FROM positions ORDER BY ts").fetchall()], report


@pytest.mark.parametrize("written, meant", [
    ("2021-07-01T18:51:51Z", "2021-07-01T18:51:51"),
    ("2021-07-01T20:51:51+02:00", "2021-07-01T18:51:51"),
    ("2021-07-01 18:51:51", "2021-07-01T18:51:51"),
    ("1625165511", "2021-07-01T18:51:51"),
    ("1625165511000", "2021-07-01T18:51:51"),  # epoch milliseconds
    ("20210701_185151", "2021-07-01T18:51:51"),  # compact receiver-log time
    ("20210701185151", "2021-07-01T18:51:51"),
    ("01/07/2021 18:51:51", "2021-07-01T18:51:51"),  # day first (DMA)
])
def test_every_time_layout_gives_the_same_instant(tmp_path, written, meant):
    path = tmp_path / "one.csv"
    path.write_text(f"mmsi,timestamp,lat,lon\n244030457,{written},52.4,4.5\n244030457,{written},52.4,4.6\n")
    times, report = _times(path)
    assert times == [_epoch(meant)] * 2 and report["invalid_time"] == 0


def test_impossible_and_unreadable_times_are_counted_per_reason_and_dropped(tmp_path):
    path = tmp_path / "bad_times.csv"
    path.write_text("mmsi,timestamp,lat,lon\n"
                    "244030457,2021-07-01T18:51:51Z,52.4,4.5\n"
                    "244030457,5138-11-16T09:46:40Z,52.4,4.5\n"  # the year 5138 (epoch 1e11 s)
                    "244030457,1970-01-01T00:00:00Z,52.4,4.5\n"
                    "244030457,yesterday,52.4,4.5\n"
                    "244030457,,52.4,4.5\n")
    times, report = _times(path)
    assert times == [_epoch("2021-07-01T18:51:51")]
    assert (report["time_out_of_range"], report["invalid_time"]) == (2, 2)


def test_one_unreadable_time_in_a_real_marinecadastre_file_is_counted_not_fatal(tmp_path):
    with gzip.open(AIS / "marinecadastre_2022-01-03.csv.gz", "rt", encoding="utf-8") as handle:
        lines = [next(handle) for _ in range(1001)]
    lines[900] = lines[900].replace("2022-01-03T", "2022-01-03 broken ", 1)
    path = tmp_path / "mc_row_900.csv"
    path.write_text("".join(lines))
    _, report = ais.load([path])
    assert report["rows_read"] == 1000 and report["invalid_time"] == 1
    original = tmp_path / "mc_first_1000.csv"
    with gzip.open(AIS / "marinecadastre_2022-01-03.csv.gz", "rt", encoding="utf-8") as handle:
        original.write_text("".join(next(handle) for _ in range(1001)))
    assert ais.load([original])[1]["positions"] == report["positions"] + 1  # only that row is lost


def test_naive_times_are_read_as_utc_with_a_warning_or_in_the_zone_given(tmp_path):
    path = tmp_path / "local.csv"
    path.write_text("mmsi,timestamp,lat,lon\n257000001,2023-01-10 12:00:00,59.9,10.7\n")
    times, report = _times(path)
    assert times == [_epoch("2023-01-10T12:00:00")]
    assert report["naive_time"] == 1 and "read as UTC" in report.warnings[0]
    times, report = _times(path, timezone="Europe/Oslo")
    assert times == [_epoch("2023-01-10T11:00:00")] and "Europe/Oslo" in report.warnings[0]
    with pytest.raises(MaxpressureError, match="unknown time zone"):
        ais.load([path], timezone="Mars/Olympus")


def test_marinecadastre_times_are_utc_by_definition_and_raise_no_warning():
    _, report = ais.load([AIS / "marinecadastre_2022-01-03.csv.gz"])
    assert report.warnings == [] and report["naive_time"] == 0


def test_mmsis_that_are_not_ships_never_reach_the_detectors(tmp_path):
    path = tmp_path / "mmsis.csv"
    rows = [("0", 52.0), ("999999999", 52.0), ("12345", 52.0), ("100000000", 52.0),  # invalid
            ("002190064", 56.7), ("992111840", 55.0), ("111232500", 53.0), ("970012345", 54.0),
            ("244030457", 52.4)]
    path.write_text("mmsi,timestamp,lat,lon\n" + "".join(
        f"{m},2021-07-01T18:5{k}:00Z,{lat},{4.5 + k}\n" for m, lat in rows for k in range(2)))
    con, report = ais.load([path])
    assert con.sql("SELECT DISTINCT mmsi FROM positions").fetchall() == [("244030457",)]
    assert report["invalid_mmsi"] == 8
    assert (report["base_station"], report["aid_to_navigation"], report["sar_aircraft"],
            report["distress_device"]) == (2, 2, 2, 2)


def test_dma_base_station_rows_are_not_vessels(tmp_path):
    # the DMA header and the first rows of aisdk-2023-03-18.csv as quoted in a public README
    header = ("# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,Heading,IMO,"
              "Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing device,Draught,"
              "Destination,ETA,Data source type,A,B,C,D")
    path = tmp_path / "aisdk.csv"
    path.write_text(header + "\n"
                    "18/03/2023 00:00:00,Base Station,2190064,56.7166,11.519,Unknown value,,,,,Unknown,,,"
                    "Undefined,,,,GPS,,,,AIS,,,,\n"
                    "18/03/2023 00:00:00,Class A,352002266,55.4921,14.7525,Under way using engine,0.7,12.5,"
                    "241.8,241,Unknown,,,Undefined,,,,Undefined,,,,AIS,,,,\n")
    con, report = ais.load([path])
    assert report.layouts[str(path)] == "dma"
    assert report["base_station"] == 1 and report["positions"] == 1 and report.warnings == []


def test_gfw_track_export_reads_the_mmsi_from_the_segment_id():
    path = AIS / "gfw_track_244030457_2017-05.csv"
    con, report = ais.load([path])
    assert report.layouts[str(path)] == "gfw"
    assert con.sql("SELECT DISTINCT mmsi FROM positions").fetchall() == [("244030457",)]
    assert report["positions"] == 144 and report["invalid_time"] == 0


def test_barentswatch_layout_is_recognised_by_msgtime(tmp_path):
    # BarentsWatch's field names (msgtime, speedOverGround, courseOverGround, trueHeading); values made up
    path = tmp_path / "barentswatch.csv"
    path.write_text("mmsi,msgtime,latitude,longitude,speedOverGround,courseOverGround,trueHeading,name\n"
                    "257123450,2024-03-01T10:00:00+00:00,69.65,18.96,0.1,12.0,511,TROMSØ FISK\n")
    con, report = ais.load([path])
    assert report.layouts[str(path)] == "barentswatch" and report["positions"] == 1
    assert con.sql("SELECT heading FROM positions").fetchall() == [(None,)]


def test_longitudes_written_0_to_360_are_shifted_and_181_stays_a_sentinel(tmp_path):
    path = tmp_path / "lon360.csv"
    path.write_text("mmsi,timestamp,lat,lon\n"
                    "441910000,2015-03-19T07:40:00Z,-1.5,359.5\n"
                    "441910000,2015-03-19T07:50:00Z,-1.5,180.001\n"
                    "441910000,2015-03-19T08:00:00Z,-1.5,181\n")
    con, report = ais.load([path])
    lons = [round(x, 3) for (x,) in con.sql("SELECT lon FROM positions ORDER BY ts").fetchall()]
    assert lons == [-0.5, -179.999]
    assert report["longitude_0_360"] == 2 and report["sentinel_position"] == 1


def test_gatehouse_wrappers_give_the_receive_time_of_the_next_sentence():
    path = AIS / "pyais_gatehouse.nmea"
    con, report = ais.load([path])
    assert report["nmea_gatehouse_times"] == 4
    times = [t for (t,) in con.sql("SELECT ts FROM positions ORDER BY ts").fetchall()]
    assert times == [_epoch("2008-05-09T00:00:00"), _epoch("2009-05-09T00:00:00")]
    assert report["invalid_time"] == 2  # the two sentences with no wrapper before them


CELL = st.one_of(st.text(max_size=12), st.integers(-10**14, 10**14).map(str),
                 st.floats(allow_nan=True, allow_infinity=True).map(str), st.sampled_from(["", "NaN", "-", "1e400"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(CELL, CELL, CELL, CELL), min_size=1, max_size=8))
def test_hostile_cells_are_counted_never_fatal(tmp_path, rows):
    path = tmp_path / "hostile.csv"
    body = "".join(",".join(c.replace(",", " ").replace("\n", " ").replace('"', " ").replace("\r", " ")
                            for c in row) + "\n" for row in rows)
    path.write_text("mmsi,timestamp,lat,lon\n244030457,2021-07-01T18:51:51Z,52.4,4.5\n" + body)
    _, report = ais.load([path])
    assert report["rows_read"] == len(rows) + 1
    dropped = sum(report[k] for k in ("invalid_mmsi", "invalid_time", "time_out_of_range", "invalid_position",
                                      *ais.NOT_VESSEL_KINDS))
    assert report["positions"] + report["duplicates"] + dropped == report["rows_read"]

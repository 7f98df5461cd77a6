"""AIS ingest on the real fixtures: every layout read, every bad row counted."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from maxpressure.errors import InputError
from maxpressure.sources import ais, ais_readers

AIS = Path(__file__).resolve().parents[1] / "fixtures" / "ais"


def test_marinecadastre_sample_is_read_and_its_faults_counted():
    con, report = ais.load([AIS / "marinecadastre_2022-01-03.csv.gz"])
    assert report.layouts[str(AIS / "marinecadastre_2022-01-03.csv.gz")] == "marinecadastre"
    assert report["rows_read"] == 99_999
    # MMSIs that are not ships stay out: 141 invalid (not 9 digits, unallocated MID), 18 AIS-SART /
    # EPIRB / MOB devices (970, 972, 974), 53 other stations (group calls 0MID, handhelds 8MID ...)
    assert (report["invalid_mmsi"], report["distress_device"], report["other_station"]) == (141, 18, 53)
    assert report["duplicates"] == 3
    assert report["positions"] == 99_999 - 141 - 18 - 53 - 3
    assert report["vessels"] == 10_613
    # the file is sorted by time over all vessels, yet 11,606 reports go back in a vessel's own time
    assert report["out_of_order"] == 11_606
    assert report["sentinel_heading"] > 50_000  # heading 511 = not available
    assert report["sentinel_imo"] > 0  # IMO0000000 placeholders
    nulls = con.sql("SELECT count(*) FROM positions WHERE heading IS NULL").fetchall()[0][0]
    dropped = report["rows_read"] - report["positions"]  # sentinels are counted on every row read
    assert nulls >= report["sentinel_heading"] - dropped


def test_suez_sample_with_bom_and_day_first_minutes_is_read():
    con, report = ais.load([AIS / "suez_2021-03_boat-positions.csv.gz"])
    assert report["rows_read"] == 22_287
    assert report["invalid_time"] == 0
    assert report["vessels"] == 256
    assert report["positions"] + report["duplicates"] == 22_287
    first, last = con.sql("SELECT min(ts), max(ts) FROM positions").fetchall()[0]
    assert (first, last) == (1616198400, 1616590320)  # 2021-03-20 00:00 .. 2021-03-24 12:52 UTC


def test_pyais_sample_counts_every_sentence_that_fails():
    _, report = ais.load([AIS / "pyais_nmea_data_sample.txt"])
    assert report["nmea_lines"] == 898
    assert report["nmea_decode_failed"] == 100  # empty or truncated payloads
    assert report["nmea_incomplete_multipart"] == 20  # first fragments whose second never came
    assert report["nmea_messages"] + report["nmea_decode_failed"] + report["nmea_incomplete_multipart"] == 898
    # no tag blocks: positions have no receive time and are counted, not silently dropped
    assert report["invalid_time"] == report["rows_read"] > 0


def test_tag_block_sample_decodes_with_receive_times_and_type_27():
    con, report = ais.load([AIS / "aisdb_test_data_20211101.nm4"])
    assert report["nmea_messages"] == 979
    assert report["nmea_decode_failed"] == 0
    assert report["nmea_blank_lines"] == 3
    assert report["invalid_time"] == 0
    assert report["positions"] > 900
    assert report["identities"] > 0  # type 5 and 24 static reports


def test_sentinels_become_null_and_invalid_positions_are_counted(tmp_path):
    path = tmp_path / "generic.csv"
    path.write_text(
        "mmsi,timestamp,latitude,longitude,speed,course,heading,imo\n"
        "445123456,2019-03-20 01:00:00,29.6,124.3,102.3,360,511,IMO0000000\n"
        "445123456,2019-03-20 01:10:00,91,181,1.0,10,20,8691702\n"
        "445123456,2019-03-20 01:10:00,29.7,124.3,1.0,10,20,8691702\n"
        "445123456,2019-03-20 01:05:00,29.6,124.3,0.5,10,20,8691702\n"
        "445123456,not a time,29.6,124.3,0.5,10,20,8691702\n"
        "445123456,2019-03-20 01:05:00,29.6,124.3,0.5,10,20,8691702\n")
    con, report = ais.load([path])
    assert report.layouts[str(path)] == "generic"
    assert (report["sentinel_speed"], report["sentinel_heading"], report["sentinel_course"]) == (1, 1, 1)
    assert report["sentinel_imo"] == 1
    assert report["invalid_position"] == 1 and report["sentinel_position"] == 1
    assert report["invalid_time"] == 1
    assert report["duplicates"] == 1
    assert report["out_of_order"] == 1
    rows = con.sql("SELECT ts, sog, cog, heading FROM positions ORDER BY ts").fetchall()
    assert rows[0][1:] == (None, None, None)
    assert con.sql("SELECT imo FROM statics WHERE imo IS NOT NULL").fetchall() == [("8691702",)]


def test_parquet_with_the_same_columns_is_read(tmp_path):
    path = tmp_path / "ais.parquet"
    pq.write_table(pa.table({"MMSI": [445000001, 445000001], "BaseDateTime": ["2019-03-20T01:00:00"] * 2,
                             "LAT": [38.7, 38.71], "LON": [125.4, 125.41]}), path)
    _, report = ais.load([path])
    assert report.layouts[str(path)] == "parquet"
    assert report["positions"] == 2


def test_a_file_without_positions_names_what_is_missing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("name,flag\nYU SON,KP\n")
    with pytest.raises(InputError, match="no column for mmsi, time, lat, lon"):
        ais.load([path])


def test_a_bad_value_after_the_sampled_rows_is_counted_not_fatal(tmp_path):
    # the first rows make the reader parse LAT as a number; the bad one comes later, past the sample
    path = tmp_path / "late_fault.csv"
    rows = [f"445000001,2019-03-20T00:{i // 60 % 60:02d}:{i % 60:02d},{29 + i * 1e-6:.6f},124.3,0.5"
            for i in range(ais_readers.SAMPLE_ROWS + 10)]
    rows.append("445000001,2019-03-21T00:00:00,north,124.3,0.5")
    path.write_text("mmsi,timestamp,lat,lon,sog\n" + "\n".join(rows) + "\n")
    _, report = ais.load([path])
    assert report["rows_read"] == ais_readers.SAMPLE_ROWS + 11
    assert report["invalid_position"] == 1


def test_positions_are_stored_in_vessel_then_time_order():
    # the engine reads positions without sorting them again
    con, _ = ais.load([AIS / "marinecadastre_2022-01-03.csv.gz"])
    table = con.sql("SELECT vid, ts, lat, lon FROM positions").to_arrow_table()
    rows = list(zip(*(table[c].to_pylist() for c in ("vid", "ts", "lat", "lon"))))
    assert rows == sorted(rows)
    assert len(set(rows)) == len(rows)

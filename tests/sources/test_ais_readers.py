"""The per-file AIS readers (sources/ais_readers.py) on the real bundled samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from maxpressure.sources import ais, ais_columns, ais_readers

AIS = Path(__file__).resolve().parents[1] / "fixtures" / "ais"


@pytest.mark.parametrize("name, time_type, fmt", [
    # zoneless ISO times: a TIMESTAMP, read in the zone of the file (UTC unless --timezone says otherwise)
    ("marinecadastre_2022-01-03.csv.gz", "TIMESTAMP", None),
    ("gfw_track_244030457_2017-05.csv", "TIMESTAMPTZ", None),
    ("suez_2021-03_boat-positions.csv.gz", "TIMESTAMP", "%d/%m/%Y %H:%M"),
])
def test_csv_time_and_numbers_are_parsed_by_the_typed_reader(name, time_type, fmt):
    # the fast path: DuckDB's CSV reader types the columns itself, no per-row casts from text
    con = ais.connect()
    literal = "'" + str(AIS / name) + "'"
    header = [r[0] for r in con.sql(f"DESCRIBE SELECT * FROM read_csv({literal}, header = true)").fetchall()]
    columns = ais_columns.map_columns(header)
    reader, types = ais_readers.csv_reader(con, literal, header, columns, typed=True)
    assert types[columns["time"]] == time_type
    assert types[columns["lat"]] == types[columns["lon"]] == "DOUBLE"
    assert (f"timestampformat = '{fmt}'" in reader) if fmt else ("timestampformat" not in reader)

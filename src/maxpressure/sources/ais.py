"""AIS positions from CSV (MarineCadastre and other layouts, recognised by header), Parquet or raw NMEA.

Everything lands in one DuckDB connection as two normalised tables:

- ``positions(vid, mmsi, ts, lat, lon, sog, cog, heading)``: one valid fix per row, ``ts`` in epoch
  seconds (UTC), ``vid`` a dense integer per MMSI so the detectors can work on numpy arrays;
- ``statics(mmsi, imo, name, callsign, flag, vessel_type, first_ts, last_ts, reports)``: each distinct
  identity a vessel broadcast, with when it was first and last heard.

Nothing is dropped silently: rows with an impossible position or time, duplicates, out-of-order
reports and the AIS "not available" sentinels (speed 102.3 kn, heading 511, course 360, lat 91,
lon 181, IMO 0) are counted in the ``IngestReport``. Sentinels become NULL; bad rows are left out
of ``positions`` and counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import duckdb
import pyarrow as pa

from maxpressure.errors import InputError
from maxpressure.sources.files import read_head

# Canonical column -> header spellings seen in the wild, compared lowercased with every
# non-alphanumeric character removed ("# Timestamp" -> "timestamp", "ais_pos_timestamp" -> ...).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "mmsi": ("mmsi", "id", "shipid", "vesselid", "ssvid", "userid", "sourcemmsi"),
    "time": ("basedatetime", "timestamp", "aispostimestamp", "time", "datetime", "ts", "t",
             "postime", "timestamputc", "datetimeutc"),
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "long", "longitude", "lng", "x"),
    "sog": ("sog", "speed", "speedoverground", "speedknots"),
    "cog": ("cog", "course", "courseoverground"),
    "heading": ("heading", "trueheading", "hdg"),
    "name": ("vesselname", "name", "shipname"),
    "imo": ("imo", "imonumber", "imono"),
    "callsign": ("callsign", "call_sign", "callsignal"),
    "flag": ("flag", "flagcountry", "flagstate"),
    "vessel_type": ("vesseltype", "shiptype", "typeofship", "shiptypeandcargo"),
}
REQUIRED = ("mmsi", "time", "lat", "lon")

# Timestamp spellings tried in order after ISO 8601. Day-first, because the European sources
# (Danish Maritime Authority, the Suez VesselsValue sample) write dd/mm/YYYY.
TIME_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y/%m/%d %H:%M:%S", "%Y%m%d%H%M%S")

# AIS "not available" values (ITU-R M.1371): speed 1023 tenths of a knot, heading 511, course 3600
# tenths of a degree, latitude 91 and longitude 181.
SPEED_NOT_AVAILABLE_KN = 102.3
HEADING_NOT_AVAILABLE = 511
COURSE_NOT_AVAILABLE = 360.0

# DuckDB settings shared by ingest and the engine: the machine has 2 cores and other users.
DUCKDB_THREADS = 2
DUCKDB_MEMORY_LIMIT = "6GB"


def connect() -> duckdb.DuckDBPyConnection:
    """An in-process DuckDB with sane limits and UTC as its time zone."""
    con = duckdb.connect(config={"threads": DUCKDB_THREADS, "memory_limit": DUCKDB_MEMORY_LIMIT})
    con.execute("SET TimeZone = 'UTC'")
    return con


@dataclass
class IngestReport:
    """What was read and what was wrong with it: every count a user would want to check."""

    files: list[str] = field(default_factory=list)
    layouts: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, value: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + int(value)

    def __getitem__(self, key: str) -> int:
        return self.counts.get(key, 0)

    def to_json(self) -> dict:
        return {"files": self.files, "layouts": self.layouts, "counts": dict(sorted(self.counts.items()))}


def _header_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def map_columns(header: Sequence[str]) -> dict[str, str]:
    """Canonical column -> the file's own column name, for the columns the file has."""
    by_key = {_header_key(h): h for h in header}
    found: dict[str, str] = {}
    for canonical, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if alias in by_key:
                found[canonical] = by_key[alias]
                break
    return found


def layout_name(header: Sequence[str]) -> str:
    keys = {_header_key(h) for h in header}
    if {"basedatetime", "vesselname", "transceiverclass"} <= keys:
        return "marinecadastre"
    if "typeofmobile" in keys:
        return "dma"
    return "generic"


def file_kind(path: Path) -> str:
    """'parquet', 'nmea' or 'csv', from the first bytes (never from the extension alone)."""
    head = read_head(path, 4096)
    if not head.strip():
        raise InputError(path, "file is empty")
    if head.startswith(b"PAR1"):
        return "parquet"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith((b"!", b"\\", b"$")) or b"!AIVDM" in text[:400] or b"!AIVDO" in text[:400]:
        return "nmea"
    return "csv"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _csv_relation(con: duckdb.DuckDBPyConnection, path: Path, index: int, report: IngestReport) -> str:
    """A SELECT over one CSV or Parquet file giving the canonical columns as text."""
    kind = file_kind(path)
    literal = str(path).replace("'", "''")
    if kind == "parquet":
        reader = f"read_parquet('{literal}')"
    else:
        reader = f"read_csv('{literal}', all_varchar = true, header = true)"
    try:
        header = con.sql(f"SELECT * FROM {reader} LIMIT 0").columns
    except duckdb.Error as exc:
        raise InputError(path, f"cannot read as {kind}: {exc}") from exc
    columns = map_columns(header)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(path, f"no column for {', '.join(missing)} in header {header}")
    report.layouts[str(path)] = layout_name(header) if kind == "csv" else "parquet"
    selects = [f"{index} AS src", "row_number() OVER () AS row_no", "FALSE AS static_only"]
    for canonical in COLUMN_ALIASES:
        source = columns.get(canonical)
        selects.append(f"CAST({_quote(source)} AS VARCHAR) AS {canonical}" if source else f"NULL::VARCHAR AS {canonical}")
    return f"SELECT {', '.join(selects)} FROM {reader}"


def _time_sql(column: str) -> str:
    formats = ", ".join(f"'{f}'" for f in TIME_FORMATS)
    return (
        f"CAST(epoch(COALESCE(TRY_CAST({column} AS TIMESTAMPTZ), "
        f"TRY_STRPTIME({column}, [{formats}])::TIMESTAMPTZ, "
        f"to_timestamp(TRY_CAST({column} AS DOUBLE)))) AS BIGINT)"
    )


_NORMALISE = """
CREATE OR REPLACE TEMP TABLE ais_typed AS
SELECT src, row_no, static_only,
       NULLIF(trim(mmsi), '') AS mmsi,
       {time} AS ts,
       TRY_CAST(lat AS DOUBLE) AS lat, TRY_CAST(lon AS DOUBLE) AS lon,
       TRY_CAST(sog AS DOUBLE) AS sog_raw, TRY_CAST(cog AS DOUBLE) AS cog_raw,
       TRY_CAST(heading AS DOUBLE) AS heading_raw,
       NULLIF(upper(trim(replace(name, '@', ' '))), '') AS name,
       NULLIF(regexp_replace(upper(coalesce(imo, '')), '[^0-9]', '', 'g'), '') AS imo_raw,
       NULLIF(upper(trim(callsign)), '') AS callsign,
       NULLIF(upper(trim(flag)), '') AS flag,
       NULLIF(trim(vessel_type), '') AS vessel_type
FROM ais_raw
"""

_COUNTS = f"""
SELECT count(*) FILTER (WHERE NOT static_only) AS rows_read,
       count(*) FILTER (WHERE static_only) AS static_reports,
       count(*) FILTER (WHERE mmsi IS NULL) AS invalid_mmsi,
       count(*) FILTER (WHERE NOT static_only AND mmsi IS NOT NULL AND ts IS NULL) AS invalid_time,
       count(*) FILTER (WHERE NOT static_only AND mmsi IS NOT NULL AND ts IS NOT NULL
                        AND NOT ({{valid_position}})) AS invalid_position,
       count(*) FILTER (WHERE sog_raw >= {SPEED_NOT_AVAILABLE_KN - 0.05}) AS sentinel_speed,
       count(*) FILTER (WHERE sog_raw < 0) AS invalid_speed,
       count(*) FILTER (WHERE heading_raw = {HEADING_NOT_AVAILABLE}) AS sentinel_heading,
       count(*) FILTER (WHERE cog_raw >= {COURSE_NOT_AVAILABLE}) AS sentinel_course,
       count(*) FILTER (WHERE imo_raw IS NOT NULL AND TRY_CAST(imo_raw AS BIGINT) = 0) AS sentinel_imo,
       count(*) FILTER (WHERE NOT static_only AND (lat = 91 OR lon = 181)) AS sentinel_position
FROM ais_typed
"""

# A position is usable when it is on the globe and not the (0, 0) "null island" of unset receivers.
VALID_POSITION = "lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180 AND NOT (lat = 0 AND lon = 0)"

_POSITIONS = f"""
CREATE OR REPLACE TABLE positions AS
WITH valid AS (
    SELECT src, row_no, mmsi, ts, lat, lon,
           CASE WHEN sog_raw >= 0 AND sog_raw < {SPEED_NOT_AVAILABLE_KN - 0.05} THEN sog_raw END AS sog,
           CASE WHEN cog_raw >= 0 AND cog_raw < {COURSE_NOT_AVAILABLE} THEN cog_raw END AS cog,
           CASE WHEN heading_raw >= 0 AND heading_raw < 360 THEN heading_raw END AS heading
    FROM ais_typed
    WHERE NOT static_only AND mmsi IS NOT NULL AND ts IS NOT NULL AND {VALID_POSITION}
), deduplicated AS (
    SELECT *, row_number() OVER (PARTITION BY mmsi, ts, lat, lon ORDER BY src, row_no) AS copy_no
    FROM valid
)
SELECT dense_rank() OVER (ORDER BY mmsi) AS vid, mmsi, ts, lat, lon, sog, cog, heading
FROM deduplicated WHERE copy_no = 1
ORDER BY vid, ts, lat, lon
"""

_ORDER_COUNTS = f"""
SELECT count(*) FILTER (WHERE copy_no > 1) AS duplicates,
       count(*) FILTER (WHERE ts < previous_ts) AS out_of_order
FROM (
    SELECT ts, lag(ts) OVER (PARTITION BY mmsi ORDER BY src, row_no) AS previous_ts,
           row_number() OVER (PARTITION BY mmsi, ts, lat, lon ORDER BY src, row_no) AS copy_no
    FROM ais_typed
    WHERE NOT static_only AND mmsi IS NOT NULL AND ts IS NOT NULL AND {VALID_POSITION}
)
"""

_STATICS = """
CREATE OR REPLACE TABLE statics AS
SELECT mmsi,
       CASE WHEN TRY_CAST(imo AS BIGINT) > 0 THEN lpad(imo, 7, '0') END AS imo,
       name, callsign, flag, vessel_type,
       min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS reports
FROM (SELECT mmsi, ts, imo_raw AS imo, name, callsign, flag, vessel_type FROM ais_typed
      WHERE mmsi IS NOT NULL
        AND (imo_raw IS NOT NULL OR name IS NOT NULL OR callsign IS NOT NULL OR flag IS NOT NULL))
GROUP BY ALL
ORDER BY mmsi, first_ts, imo, name, callsign, flag
"""


def load(paths: Sequence[str | Path], con: duckdb.DuckDBPyConnection | None = None,
         ) -> tuple[duckdb.DuckDBPyConnection, IngestReport]:
    """Read AIS files into the ``positions`` and ``statics`` tables of ``con`` (a new one if None)."""
    from maxpressure.sources import nmea

    con = con or connect()
    report = IngestReport(files=[str(p) for p in paths])
    parts: list[str] = []
    nmea_tables: list[pa.Table] = []
    for index, raw_path in enumerate(paths):
        path = Path(raw_path)
        if not path.exists():
            raise InputError(path, "no such file")
        if file_kind(path) == "nmea":
            report.layouts[str(path)] = "nmea"
            nmea_tables.append(nmea.decode_file(path, index, report))
        else:
            parts.append(_csv_relation(con, path, index, report))
    if nmea_tables:
        con.register("nmea_rows", pa.concat_tables(nmea_tables))
        parts.append("SELECT * FROM nmea_rows")
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE ais_raw AS " + " UNION ALL BY NAME ".join(parts))
    except duckdb.Error as exc:
        raise InputError(paths[0] if len(paths) == 1 else None, f"cannot read AIS: {exc}") from exc
    con.execute(_NORMALISE.format(time=_time_sql("time")))
    _count(con, _COUNTS.format(valid_position=VALID_POSITION), report)
    _count(con, _ORDER_COUNTS, report)
    con.execute(_POSITIONS)
    con.execute(_STATICS)
    report.add("positions", con.sql("SELECT count(*) FROM positions").fetchall()[0][0])
    report.add("vessels", con.sql("SELECT count(DISTINCT mmsi) FROM positions").fetchall()[0][0])
    report.add("identities", con.sql("SELECT count(*) FROM statics").fetchall()[0][0])
    con.execute("DROP TABLE ais_typed")
    con.execute("DROP TABLE ais_raw")
    if nmea_tables:
        con.unregister("nmea_rows")
    return con, report


def _count(con: duckdb.DuckDBPyConnection, sql: str, report: IngestReport) -> None:
    relation = con.sql(sql)
    for name, value in zip(relation.columns, relation.fetchall()[0]):
        report.add(name, value or 0)

"""AIS positions from CSV (MarineCadastre and other layouts, recognised by header), Parquet or raw NMEA.

Everything lands in one DuckDB connection as normalised tables:

- ``positions(vid, mmsi, ts, lat, lon, sog, cog, heading)``: one valid fix per row, ``ts`` in epoch
  seconds (UTC), ``vid`` a dense integer per MMSI so the detectors can work on numpy arrays; stored
  sorted by (vid, ts, lat, lon);
- ``vessels(vid, mmsi)``: the MMSI of each ``vid``;
- ``statics(mmsi, imo, name, callsign, flag, vessel_type, first_ts, last_ts, reports)``: each distinct
  identity a vessel broadcast, with when it was first and last heard.

Nothing is dropped silently: rows with an impossible position or time, duplicates, out-of-order
reports and the AIS "not available" sentinels (speed 102.3 kn, heading 511, course 360, lat 91,
lon 181, IMO 0) are counted in the ``IngestReport``. Sentinels become NULL; bad rows are left out
of ``positions`` and counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import duckdb

from maxpressure.errors import InputError, MaxpressureError
from maxpressure.sources.ais_columns import file_kind
from maxpressure.sources.ais_readers import TimePolicy, canonical_select, file_select

# AIS "not available" values (ITU-R M.1371): speed 1023 tenths of a knot, heading 511, course 3600
# tenths of a degree, latitude 91 and longitude 181.
SPEED_NOT_AVAILABLE_KN = 102.3
HEADING_NOT_AVAILABLE = 511
COURSE_NOT_AVAILABLE = 360.0

# Layouts whose documentation states their zoneless times are UTC: MarineCadastre's BaseDateTime,
# the Danish Maritime Authority's Timestamp. Their times are not warned about.
UTC_LAYOUTS = ("marinecadastre", "dma")

# DuckDB settings shared by ingest and the engine: the machine has 2 cores and other users.
DUCKDB_THREADS = 2
DUCKDB_MEMORY_LIMIT = "3GB"


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
    warnings: list[str] = field(default_factory=list)

    def add(self, key: str, value: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + int(value)

    def __getitem__(self, key: str) -> int:
        return self.counts.get(key, 0)

    def to_json(self) -> dict:
        return {"files": self.files, "layouts": self.layouts, "counts": dict(sorted(self.counts.items())),
                "warnings": self.warnings}


# What an MMSI identifies (ITU-R M.585): a ship (MID 201-775 first), or a station that is not one
# and must stay out of vessel events: a coast or base station (00MID), an aid to navigation
# (99MID), a SAR aircraft (111MID), a group call (0MID), a craft of a parent ship (98MID), a
# handheld VHF (8MID), an AIS-SART, man-overboard device or EPIRB (970/972/974). Anything else
# (not 9 digits, 0, 999999999, an unallocated MID) is invalid. A data set's own vessel ids
# (an "ID" column) are not MMSIs and are not checked. The Danish "Type of mobile" names
# base stations, AtoN and SAR aircraft even when their MMSI is written short.
_MMSI_KIND = """
CREATE OR REPLACE TEMP MACRO mmsi_kind(m, mobile, checked) AS CASE
    WHEN m IS NULL THEN 'invalid'
    WHEN lower(coalesce(mobile, '')) IN ('base station') THEN 'base_station'
    WHEN lower(coalesce(mobile, '')) IN ('aton') THEN 'aid_to_navigation'
    WHEN lower(coalesce(mobile, '')) IN ('sar airborne') THEN 'sar_aircraft'
    WHEN NOT checked THEN 'vessel'
    WHEN NOT regexp_full_match(m, '[0-9]{9}') THEN 'invalid'
    WHEN m[1:1] BETWEEN '2' AND '7' THEN
        CASE WHEN CAST(m[1:3] AS INTEGER) BETWEEN 201 AND 775 THEN 'vessel' ELSE 'invalid' END
    WHEN m[1:2] = '00' AND CAST(m[3:5] AS INTEGER) BETWEEN 201 AND 775 THEN 'base_station'
    WHEN m[1:2] = '99' AND CAST(m[3:5] AS INTEGER) BETWEEN 201 AND 775 THEN 'aid_to_navigation'
    WHEN m[1:3] = '111' AND CAST(m[4:6] AS INTEGER) BETWEEN 201 AND 775 THEN 'sar_aircraft'
    WHEN m[1:3] IN ('970', '972', '974') THEN 'distress_device'
    WHEN m[1:1] = '0' AND CAST(m[2:4] AS INTEGER) BETWEEN 201 AND 775 THEN 'other_station'
    WHEN m[1:2] = '98' AND CAST(m[3:5] AS INTEGER) BETWEEN 201 AND 775 THEN 'other_station'
    WHEN m[1:1] = '8' AND CAST(m[2:4] AS INTEGER) BETWEEN 201 AND 775 THEN 'other_station'
    ELSE 'invalid' END
"""
NOT_VESSEL_KINDS = ("base_station", "aid_to_navigation", "sar_aircraft", "distress_device", "other_station")

_COUNTS = f"""
SELECT count(*) FILTER (WHERE NOT static_only) AS rows_read,
       count(*) FILTER (WHERE static_only) AS static_reports,
       count(*) FILTER (WHERE kind = 'invalid') AS invalid_mmsi,
       {", ".join(f"count(*) FILTER (WHERE kind = '{k}') AS {k}" for k in NOT_VESSEL_KINDS)},
       count(*) FILTER (WHERE NOT static_only AND kind = 'vessel' AND ts_raw IS NULL) AS invalid_time,
       count(*) FILTER (WHERE NOT static_only AND kind = 'vessel' AND ts_raw IS NOT NULL AND ts IS NULL)
           AS time_out_of_range,
       count(*) FILTER (WHERE NOT static_only AND kind = 'vessel' AND ts IS NOT NULL AND time_naive) AS naive_time,
       count(*) FILTER (WHERE NOT static_only AND kind = 'vessel' AND ts IS NOT NULL
                        AND NOT coalesce(({{valid_position}}), FALSE)) AS invalid_position,
       count(*) FILTER (WHERE NOT static_only AND lon_0_360) AS longitude_0_360,
       count(*) FILTER (WHERE sog_raw >= {SPEED_NOT_AVAILABLE_KN - 0.05}) AS sentinel_speed,
       count(*) FILTER (WHERE sog_raw < 0) AS invalid_speed,
       count(*) FILTER (WHERE heading_raw = {HEADING_NOT_AVAILABLE}) AS sentinel_heading,
       count(*) FILTER (WHERE cog_raw >= {COURSE_NOT_AVAILABLE}) AS sentinel_course,
       count(*) FILTER (WHERE NOT static_only AND (lat = 91 OR lon = 181)) AS sentinel_position
FROM ais_typed
"""

# A position is usable when it is on the globe and not the (0, 0) "null island" of unset receivers;
# a missing or unreadable coordinate makes it unusable (and counted).
VALID_POSITION = "lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180 AND NOT (lat = 0 AND lon = 0)"
_VALID_FIX = f"NOT static_only AND kind = 'vessel' AND ts IS NOT NULL AND {VALID_POSITION}"

# Valid fixes sorted by vessel, time and place; of exact copies (same MMSI, time and place) the
# first in file order comes first. ``vid`` numbers the MMSIs in order (a small table joined back,
# not a rank over every row). The table is stored in this order, which the engine relies on.
_POSITIONS = f"""
CREATE OR REPLACE TABLE vessels AS
SELECT row_number() OVER (ORDER BY mmsi) AS vid, mmsi
FROM (SELECT DISTINCT mmsi FROM ais_typed WHERE {_VALID_FIX});
CREATE OR REPLACE TABLE positions AS
SELECT vid, mmsi, ts, lat, lon,
       CASE WHEN sog_raw >= 0 AND sog_raw < {SPEED_NOT_AVAILABLE_KN - 0.05} THEN sog_raw END AS sog,
       CASE WHEN cog_raw >= 0 AND cog_raw < {COURSE_NOT_AVAILABLE} THEN cog_raw END AS cog,
       CASE WHEN heading_raw >= 0 AND heading_raw < 360 THEN heading_raw END AS heading,
       src, ais_typed.rowid AS file_row
FROM ais_typed JOIN vessels USING (mmsi)
WHERE {_VALID_FIX}
ORDER BY vid, ts, lat, lon, src, file_row;
"""

# Out of order: a report older than the one before it from the same MMSI, in file order.
_OUT_OF_ORDER = """
SELECT count(*) FILTER (WHERE ts < previous_ts) AS out_of_order
FROM (SELECT ts, lag(ts) OVER (PARTITION BY vid ORDER BY src, file_row) AS previous_ts FROM positions)
"""

# Copies sit next to each other in the stored order, so a streaming lag (no sort: OVER () reads
# the table in its order) finds every copy after the first; they are counted and deleted.
_DUPLICATES = """
DELETE FROM positions WHERE rowid IN (
    SELECT rowid FROM (
        SELECT rowid, vid = lag(vid) OVER () AND ts = lag(ts) OVER () AND lat = lag(lat) OVER ()
                      AND lon = lag(lon) OVER () AS copy
        FROM positions)
    WHERE copy)
"""

# Identities are few and repeated on every report: group the raw text first, normalise the
# distinct rows after, and group again (two spellings can normalise to one identity).
_IDENTITIES_RAW = """
CREATE OR REPLACE TEMP TABLE identities_raw AS
SELECT mmsi, imo, name, callsign, flag, vessel_type,
       min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS reports
FROM ais_typed
WHERE kind = 'vessel' AND (imo IS NOT NULL OR name IS NOT NULL OR callsign IS NOT NULL OR flag IS NOT NULL)
GROUP BY ALL
"""

_IDENTITIES_NORMALISED = """
CREATE OR REPLACE TEMP TABLE identities AS
SELECT mmsi,
       NULLIF(regexp_replace(upper(coalesce(imo, '')), '[^0-9]', '', 'g'), '') AS imo,
       NULLIF(upper(trim(replace(name, '@', ' '))), '') AS name,
       NULLIF(upper(trim(callsign)), '') AS callsign,
       NULLIF(upper(trim(flag)), '') AS flag,
       NULLIF(trim(vessel_type), '') AS vessel_type,
       first_ts, last_ts, reports
FROM identities_raw
"""

_SENTINEL_IMO = """
SELECT coalesce(sum(reports), 0) AS sentinel_imo
FROM identities WHERE imo IS NOT NULL AND TRY_CAST(imo AS BIGINT) = 0
"""

_STATICS = """
CREATE OR REPLACE TABLE statics AS
SELECT mmsi,
       CASE WHEN TRY_CAST(imo AS BIGINT) > 0 THEN lpad(imo, 7, '0') END AS imo,
       name, callsign, flag, vessel_type,
       min(first_ts) AS first_ts, max(last_ts) AS last_ts, CAST(sum(reports) AS BIGINT) AS reports
FROM identities
WHERE mmsi IS NOT NULL AND (imo IS NOT NULL OR name IS NOT NULL OR callsign IS NOT NULL OR flag IS NOT NULL)
GROUP BY ALL
ORDER BY mmsi, first_ts, imo, name, callsign, flag
"""


def _read_all(con: duckdb.DuckDBPyConnection, paths: Sequence[Path], report: IngestReport,
              policy: TimePolicy) -> None:
    """Every file into ``ais_typed`` (file order kept: ``src`` then ``rowid``), typed reads first."""
    from maxpressure.sources import nmea

    nmea_parts: list[str] = []
    for index, path in enumerate(paths):
        if file_kind(path) == "nmea":
            report.layouts[str(path)] = "nmea"
            # rows in line order, so that rowid is file order as for CSV
            decoded = nmea.decode_file(path, index, report).sort_by("row_no")
            view = f"nmea_rows_{index}"
            con.register(view, decoded)
            names = {c: c for c in nmea.COLUMNS if c not in ("src", "row_no", "static_only")}
            nmea_parts.append(canonical_select(view, names, {c: "VARCHAR" for c in names}, index, "static_only",
                                               policy))
    last_error: duckdb.Error | None = None
    for typed in (True, False):
        selects: list[str] = []
        for index, path in enumerate(paths):
            if file_kind(path) != "nmea":
                select, layout = file_select(con, path, index, typed, policy)
                report.layouts[str(path)] = layout
                if layout in UTC_LAYOUTS:
                    select = f"SELECT * REPLACE (FALSE AS time_naive) FROM ({select})"
                selects.append(select)
        selects += nmea_parts
        try:
            con.execute(_MMSI_KIND)
            con.execute("CREATE OR REPLACE TEMP TABLE ais_typed AS SELECT *, mmsi_kind(mmsi, mobile_type, mmsi_checked) AS kind "
                        "FROM (" + " UNION ALL ".join(selects) + ")")
            return
        except duckdb.Error as exc:
            last_error = exc
    raise InputError(paths[0] if len(paths) == 1 else None, f"cannot read AIS: {last_error}") from last_error


def load(paths: Sequence[str | Path], con: duckdb.DuckDBPyConnection | None = None,
         timezone: str | None = None) -> tuple[duckdb.DuckDBPyConnection, IngestReport]:
    """Read AIS files into the ``positions`` and ``statics`` tables of ``con`` (a new one if None).

    ``timezone`` (an IANA name such as Europe/Oslo) is the zone of times written without one;
    without it they are read as UTC and the report warns how many there were."""
    con = con or connect()
    policy = TimePolicy(zone=timezone or "UTC", zone_given=timezone is not None)
    if timezone is not None:
        try:
            con.execute(f"SELECT timezone('{timezone.replace(chr(39), '')}', TIMESTAMP '2020-01-01')").fetchall()
        except duckdb.Error as exc:
            raise MaxpressureError(f"unknown time zone {timezone!r} (give an IANA name such as Europe/Oslo)") from exc
    report = IngestReport(files=[str(p) for p in paths])
    files = [Path(p) for p in paths]
    for path in files:
        if not path.exists():
            raise InputError(path, "no such file")
    _read_all(con, files, report, policy)
    _count(con, _COUNTS.format(valid_position=VALID_POSITION), report)
    if report["naive_time"]:
        zone = f"in {policy.zone}" if policy.zone_given else "as UTC (give --timezone if they are local times)"
        report.warnings.append(f"{report['naive_time']:,} times without a time zone were read {zone}")
    con.execute(_IDENTITIES_RAW)
    con.execute(_IDENTITIES_NORMALISED)
    _count(con, _SENTINEL_IMO, report)
    con.execute(_STATICS)
    con.execute(_POSITIONS)
    con.execute("DROP TABLE ais_typed")
    _count(con, _OUT_OF_ORDER, report)
    report.add("duplicates", con.execute(_DUPLICATES).fetchall()[0][0])
    con.execute("ALTER TABLE positions DROP COLUMN src; ALTER TABLE positions DROP COLUMN file_row")
    report.add("positions", con.sql("SELECT count(*) FROM positions").fetchall()[0][0])
    report.add("vessels", con.sql("SELECT count(*) FROM vessels").fetchall()[0][0])
    report.add("identities", con.sql("SELECT count(*) FROM statics").fetchall()[0][0])
    for table in ("identities_raw", "identities"):
        con.execute(f"DROP TABLE {table}")
    for index, path in enumerate(files):
        if report.layouts.get(str(path)) == "nmea":
            con.unregister(f"nmea_rows_{index}")
    return con, report


def _count(con: duckdb.DuckDBPyConnection, sql: str, report: IngestReport) -> None:
    relation = con.sql(sql)
    for name, value in zip(relation.columns, relation.fetchall()[0]):
        report.add(name, value or 0)

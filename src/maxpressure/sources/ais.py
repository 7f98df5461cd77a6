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

from maxpressure.errors import InputError
from maxpressure.sources.ais_columns import file_kind
from maxpressure.sources.ais_readers import canonical_select, file_select

# AIS "not available" values (ITU-R M.1371): speed 1023 tenths of a knot, heading 511, course 3600
# tenths of a degree, latitude 91 and longitude 181.
SPEED_NOT_AVAILABLE_KN = 102.3
HEADING_NOT_AVAILABLE = 511
COURSE_NOT_AVAILABLE = 360.0

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

    def add(self, key: str, value: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + int(value)

    def __getitem__(self, key: str) -> int:
        return self.counts.get(key, 0)

    def to_json(self) -> dict:
        return {"files": self.files, "layouts": self.layouts, "counts": dict(sorted(self.counts.items()))}


_COUNTS = f"""
SELECT count(*) FILTER (WHERE NOT static_only) AS rows_read,
       count(*) FILTER (WHERE static_only) AS static_reports,
       count(*) FILTER (WHERE mmsi IS NULL) AS invalid_mmsi,
       count(*) FILTER (WHERE NOT static_only AND mmsi IS NOT NULL AND ts IS NULL) AS invalid_time,
       count(*) FILTER (WHERE NOT static_only AND mmsi IS NOT NULL AND ts IS NOT NULL
                        AND NOT coalesce(({{valid_position}}), FALSE)) AS invalid_position,
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
_VALID_FIX = f"NOT static_only AND mmsi IS NOT NULL AND ts IS NOT NULL AND {VALID_POSITION}"

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
WHERE imo IS NOT NULL OR name IS NOT NULL OR callsign IS NOT NULL OR flag IS NOT NULL
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


def _read_all(con: duckdb.DuckDBPyConnection, paths: Sequence[Path], report: IngestReport) -> None:
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
            nmea_parts.append(canonical_select(view, names, {c: "VARCHAR" for c in names}, index, "static_only"))
    last_error: duckdb.Error | None = None
    for typed in (True, False):
        selects: list[str] = []
        for index, path in enumerate(paths):
            if file_kind(path) != "nmea":
                select, layout = file_select(con, path, index, typed)
                report.layouts[str(path)] = layout
                selects.append(select)
        selects += nmea_parts
        try:
            con.execute("CREATE OR REPLACE TEMP TABLE ais_typed AS " + " UNION ALL ".join(selects))
            return
        except duckdb.Error as exc:
            last_error = exc
    raise InputError(paths[0] if len(paths) == 1 else None, f"cannot read AIS: {last_error}") from last_error


def load(paths: Sequence[str | Path], con: duckdb.DuckDBPyConnection | None = None,
         ) -> tuple[duckdb.DuckDBPyConnection, IngestReport]:
    """Read AIS files into the ``positions`` and ``statics`` tables of ``con`` (a new one if None)."""
    con = con or connect()
    report = IngestReport(files=[str(p) for p in paths])
    files = [Path(p) for p in paths]
    for path in files:
        if not path.exists():
            raise InputError(path, "no such file")
    _read_all(con, files, report)
    _count(con, _COUNTS.format(valid_position=VALID_POSITION), report)
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

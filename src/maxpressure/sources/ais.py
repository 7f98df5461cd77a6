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

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import duckdb

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


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                  "UBIGINT", "FLOAT", "DOUBLE", "REAL", "DECIMAL")


def _is_numeric(sql_type: str) -> bool:
    return sql_type.split("(")[0] in _NUMERIC_TYPES


def _time_sql(column: str, sql_type: str = "VARCHAR") -> str:
    """Epoch seconds from a time column: typed timestamps directly, numbers as epoch seconds, text
    tried as ISO 8601, then each of TIME_FORMATS, then as a number."""
    if sql_type.startswith(("TIMESTAMP", "DATE")):
        return f"CAST(epoch({column}) AS BIGINT)"
    if _is_numeric(sql_type):
        return f"CAST(epoch(to_timestamp(CAST({column} AS DOUBLE))) AS BIGINT)"
    formats = ", ".join(_literal(f) for f in TIME_FORMATS)
    return (
        f"CAST(epoch(COALESCE(TRY_CAST({column} AS TIMESTAMPTZ), "
        f"TRY_STRPTIME({column}, [{formats}])::TIMESTAMPTZ, "
        f"to_timestamp(TRY_CAST({column} AS DOUBLE)))) AS BIGINT)"
    )


def _double_sql(column: str, sql_type: str) -> str:
    return f"CAST({column} AS DOUBLE)" if _is_numeric(sql_type) else f"TRY_CAST({column} AS DOUBLE)"


# Canonical columns read as numbers, with the name they have in ``ais_typed`` (raw: sentinels still in).
_NUMBERS = {"lat": "lat", "lon": "lon", "sog": "sog_raw", "cog": "cog_raw", "heading": "heading_raw"}
_TEXTS = ("name", "imo", "callsign", "flag", "vessel_type")


def canonical_select(reader: str, columns: dict[str, str], types: dict[str, str], src: int,
                     static_only: str = "FALSE") -> str:
    """One SELECT giving the ``ais_typed`` columns from a reader: ``columns`` maps canonical names to
    the reader's, ``types`` the reader's names to their SQL types. Typed columns (the CSV reader's or
    Parquet's) are used as they are; text goes through the same TRY_CASTs whatever the source."""
    def source(canonical: str) -> tuple[str, str] | None:
        name = columns.get(canonical)
        return (_quote(name), types[name]) if name else None

    mmsi = source("mmsi")
    selects = [f"{src} AS src", f"{static_only} AS static_only",
               f"NULLIF(trim(CAST({mmsi[0]} AS VARCHAR)), '') AS mmsi" if mmsi else "NULL::VARCHAR AS mmsi"]
    time = source("time")
    selects.append(f"{_time_sql(*time)} AS ts" if time else "NULL::BIGINT AS ts")
    for canonical, name in _NUMBERS.items():
        col = source(canonical)
        selects.append(f"{_double_sql(*col)} AS {name}" if col else f"NULL::DOUBLE AS {name}")
    for canonical in _TEXTS:
        col = source(canonical)
        selects.append(f"CAST({col[0]} AS VARCHAR) AS {canonical}" if col else f"NULL::VARCHAR AS {canonical}")
    return f"SELECT {', '.join(selects)} FROM {reader}"


SAMPLE_ROWS = 20_000


def _csv_reader(con: duckdb.DuckDBPyConnection, literal: str, header: Sequence[str], columns: dict[str, str],
                typed: bool) -> tuple[str, dict[str, str]]:
    """The read_csv call for one file and the SQL type of each of its columns.

    Typed, the first rows decide what the time and number columns hold, and DuckDB's CSV reader
    parses them natively (no per-row casts); a value later in the file that does not fit fails
    the read and the caller reads every file again as text, where each bad value is counted."""
    types = {name: "VARCHAR" for name in header}
    base = f"read_csv({literal}, all_varchar = true, header = true"
    if not typed:
        return base + ")", types
    sample = f"(SELECT * FROM {base}) LIMIT {SAMPLE_ROWS})"
    tests: list[tuple[str, str, str]] = []  # (column, what it would be read as, the SQL that tries it)
    for canonical in ("time", *_NUMBERS):
        name = columns.get(canonical)
        if not name:
            continue
        col = _quote(name)
        tests.append((name, "", f"count(NULLIF(trim({col}), ''))"))
        if canonical == "time":
            tests.append((name, "TIMESTAMPTZ", f"count(TRY_CAST({col} AS TIMESTAMPTZ))"))
            tests += [(name, fmt, f"count(TRY_STRPTIME({col}, {_literal(fmt)}))") for fmt in TIME_FORMATS]
        tests.append((name, "DOUBLE", f"count(TRY_CAST({col} AS DOUBLE))"))
    counts = con.sql(f"SELECT {', '.join(sql for *_, sql in tests)} FROM {sample}").fetchall()[0]
    decided: dict[str, str] = {}
    given: dict[str, int] = {}
    for (name, kind, _), n in zip(tests, counts):
        if not kind:
            given[name] = n
        elif n == given[name] and given[name] and name not in decided:
            decided[name] = kind
    timestamp_format = next((kind for kind in decided.values() if kind in TIME_FORMATS), None)
    decided = {name: "TIMESTAMP" if kind in TIME_FORMATS else kind for name, kind in decided.items()}
    if not decided:
        return base + ")", types
    types.update(decided)
    spec = ", ".join(f"{_literal(name)}: {_literal(kind)}" for name, kind in decided.items())
    fmt = f", timestampformat = {_literal(timestamp_format)}" if timestamp_format else ""
    return f"{base}, types = {{{spec}}}{fmt})", types


def _file_select(con: duckdb.DuckDBPyConnection, path: Path, index: int, report: IngestReport,
                 typed: bool) -> str:
    """The canonical SELECT over one CSV or Parquet file."""
    kind = file_kind(path)
    literal = _literal(str(path))
    probe = f"read_parquet({literal})" if kind == "parquet" else f"read_csv({literal}, all_varchar = true, header = true)"
    try:
        described = con.sql(f"DESCRIBE SELECT * FROM {probe}").fetchall()
    except duckdb.Error as exc:
        raise InputError(path, f"cannot read as {kind}: {exc}") from exc
    header = [row[0] for row in described]
    columns = map_columns(header)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(path, f"no column for {', '.join(missing)} in header {header}")
    report.layouts[str(path)] = layout_name(header) if kind == "csv" else "parquet"
    if kind == "parquet":
        reader, types = probe, {row[0]: row[1] for row in described}
    else:
        reader, types = _csv_reader(con, literal, header, columns, typed)
    return canonical_select(reader, columns, types, index)


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
        parts = {i: _file_select(con, p, i, report, typed) for i, p in enumerate(paths) if file_kind(p) != "nmea"}
        selects = [parts[i] for i in sorted(parts)] + nmea_parts
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

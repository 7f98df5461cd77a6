"""The SQL that reads one AIS file (CSV or Parquet) as the canonical ``ais_typed`` columns.

Each file becomes one SELECT: CSV through DuckDB's typed reader where its first rows allow it,
else as text; every value that is not text goes through the same casts whatever the source, so a
bad value becomes NULL (and is counted by ingest) rather than failing the read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import duckdb

from maxpressure.errors import InputError
from maxpressure.sources.ais_columns import REQUIRED, file_kind, is_mmsi_column, layout_name, map_columns

# Timestamp spellings tried in order after ISO 8601. Day-first, because the European sources
# (Danish Maritime Authority, the Suez VesselsValue sample) write dd/mm/YYYY; then the compact
# spellings of receiver logs (20210701_185151, 20210701185151).
TIME_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y/%m/%d %H:%M:%S", "%Y%m%d_%H%M%S", "%Y%m%d%H%M%S")

# Rows the typed CSV reader looks at to decide what each time and number column holds.
SAMPLE_ROWS = 20_000

# A time ends with a zone when it ends with Z or an offset (+02:00, -0500, +02).
ZONED = "'([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$'"
# Epoch numbers at or above this are milliseconds (1e11 s is the year 5138).
EPOCH_MS_FROM = 1e11


@dataclass(frozen=True)
class TimePolicy:
    """How times are read: the zone of times written without one, and the plausible range.

    AIS began in 2002; a time before 1990 or after tomorrow is a broken clock or a misread
    column, never a position to keep."""

    zone: str = "UTC"
    zone_given: bool = False
    earliest: int = 631_152_000  # 1990-01-01T00:00:00Z
    latest: int = field(default_factory=lambda: int(time.time()) + 86_400)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                  "UBIGINT", "FLOAT", "DOUBLE", "REAL", "DECIMAL")


def _is_numeric(sql_type: str) -> bool:
    return sql_type.split("(")[0] in _NUMERIC_TYPES


def _epoch_number(column: str) -> str:
    return f"(CASE WHEN abs({column}) >= {EPOCH_MS_FROM} THEN {column} / 1000.0 ELSE {column} END)"


def _time_sql(column: str, sql_type: str, policy: TimePolicy) -> tuple[str, str]:
    """(epoch seconds as DOUBLE or NULL, whether the time was written without a zone).

    Typed timestamps are used directly (a zoneless TIMESTAMP is read in ``policy.zone``); numbers
    are epoch seconds, or milliseconds when that large; text is tried as ISO 8601 with a zone,
    then without one (and each of TIME_FORMATS) in ``policy.zone``, then as an epoch number."""
    def in_zone(naive: str) -> str:
        return f"epoch({naive})" if policy.zone == "UTC" else f"epoch(timezone({_literal(policy.zone)}, {naive}))"

    if sql_type.startswith("TIMESTAMP WITH TIME ZONE") or sql_type == "TIMESTAMPTZ":
        return f"epoch({column})", "FALSE"
    if sql_type.startswith(("TIMESTAMP", "DATE")):
        return in_zone(f"CAST({column} AS TIMESTAMP)"), "TRUE"
    if _is_numeric(sql_type):
        return _epoch_number(f"CAST({column} AS DOUBLE)"), "FALSE"
    text = f"trim(CAST({column} AS VARCHAR))"
    formats = ", ".join(_literal(f) for f in TIME_FORMATS)
    naive = f"COALESCE(TRY_CAST({text} AS TIMESTAMP), TRY_STRPTIME({text}, [{formats}]))"
    zoned = f"regexp_matches({text}, {ZONED})"
    epoch = (f"CASE WHEN {zoned} THEN epoch(TRY_CAST({text} AS TIMESTAMPTZ)) "
             f"WHEN {naive} IS NOT NULL THEN {in_zone(naive)} "
             f"ELSE {_epoch_number(f'TRY_CAST({text} AS DOUBLE)')} END")
    return epoch, f"(NOT {zoned} AND {naive} IS NOT NULL)"


def _double_sql(column: str, sql_type: str) -> str:
    return f"CAST({column} AS DOUBLE)" if _is_numeric(sql_type) else f"TRY_CAST({column} AS DOUBLE)"


# Canonical columns read as numbers, with the name they have in ``ais_typed`` (raw: sentinels still in).
_NUMBERS = {"lat": "lat", "lon": "lon", "sog": "sog_raw", "cog": "cog_raw", "heading": "heading_raw"}
_TEXTS = ("name", "imo", "callsign", "flag", "vessel_type")


def canonical_select(reader: str, columns: dict[str, str], types: dict[str, str], src: int,
                     static_only: str = "FALSE", policy: TimePolicy | None = None) -> str:
    """One SELECT giving the ``ais_typed`` columns from a reader: ``columns`` maps canonical names to
    the reader's, ``types`` the reader's names to their SQL types. Typed columns (the CSV reader's or
    Parquet's) are used as they are; text goes through the same TRY_CASTs whatever the source."""
    def source(canonical: str) -> tuple[str, str] | None:
        name = columns.get(canonical)
        return (_quote(name), types[name]) if name else None

    policy = policy or TimePolicy()
    mmsi, segment = source("mmsi"), source("segment")
    if mmsi:
        mmsi_sql = f"NULLIF(trim(CAST({mmsi[0]} AS VARCHAR)), '')"
    elif segment:
        mmsi_sql = f"NULLIF(trim(split_part(CAST({segment[0]} AS VARCHAR), '-', 1)), '')"
    else:
        mmsi_sql = "NULL::VARCHAR"
    # an MMSI is checked (ITU numbering) unless the column is a data set's own vessel id
    checked = "TRUE" if segment and not mmsi or mmsi and is_mmsi_column(columns["mmsi"]) else "FALSE"
    selects = [f"{src} AS src", f"{static_only} AS static_only", f"{mmsi_sql} AS mmsi",
               f"{checked} AS mmsi_checked"]
    mobile = source("mobile_type")
    selects.append(f"CAST({mobile[0]} AS VARCHAR) AS mobile_type" if mobile else "NULL::VARCHAR AS mobile_type")
    time_col = source("time")
    if time_col:
        epoch, naive = _time_sql(*time_col, policy)
        selects += [f"{epoch} AS ts_raw",
                    f"CASE WHEN {epoch} BETWEEN {policy.earliest} AND {policy.latest} "
                    f"THEN CAST({epoch} AS BIGINT) END AS ts", f"{naive} AS time_naive"]
    else:
        selects += ["NULL::DOUBLE AS ts_raw", "NULL::BIGINT AS ts", "FALSE AS time_naive"]
    for canonical, name in _NUMBERS.items():
        col = source(canonical)
        value = _double_sql(*col) if col else "NULL::DOUBLE"
        if canonical == "lon":
            # longitudes written 0-360 (GFW and some receivers) are shifted to -180..180; 181 stays
            # the "not available" sentinel
            selects += [f"CASE WHEN {value} > 180 AND {value} <= 360 AND {value} <> 181 THEN {value} - 360 "
                        f"ELSE {value} END AS lon",
                        f"coalesce({value} > 180 AND {value} <= 360 AND {value} <> 181, FALSE) AS lon_0_360"]
        else:
            selects.append(f"{value} AS {name}")
    for canonical in _TEXTS:
        col = source(canonical)
        selects.append(f"CAST({col[0]} AS VARCHAR) AS {canonical}" if col else f"NULL::VARCHAR AS {canonical}")
    return f"SELECT {', '.join(selects)} FROM {reader}"


# DuckDB's sniffer would take a row starting with '#' for a comment and drop it unseen: no comments.
def csv_reader(con: duckdb.DuckDBPyConnection, literal: str, header: Sequence[str], columns: dict[str, str],
               typed: bool) -> tuple[str, dict[str, str]]:
    """The read_csv call for one file and the SQL type of each of its columns.

    Typed, the first rows decide what the time and number columns hold, and DuckDB's CSV reader
    parses them natively (no per-row casts); a value later in the file that does not fit fails
    the read and the caller reads every file again as text, where each bad value is counted."""
    types = {name: "VARCHAR" for name in header}
    base = f"read_csv({literal}, all_varchar = true, header = true, comment = ''"
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
            # every sampled time with a zone, or every one without: the reader types them; a mix stays text
            tests.append((name, "TIMESTAMPTZ", f"count(TRY_CAST({col} AS TIMESTAMPTZ)) FILTER "
                                               f"(WHERE regexp_matches(trim({col}), {ZONED}))"))
            tests.append((name, "TIMESTAMP", f"count(TRY_CAST({col} AS TIMESTAMP)) FILTER "
                                             f"(WHERE NOT regexp_matches(trim({col}), {ZONED}))"))
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


def file_select(con: duckdb.DuckDBPyConnection, path: Path, index: int, typed: bool,
                policy: TimePolicy | None = None) -> tuple[str, str]:
    """The canonical SELECT over one CSV or Parquet file, and the file's layout name."""
    kind = file_kind(path)
    literal = _literal(str(path))
    probe = f"read_parquet({literal})" if kind == "parquet" else f"read_csv({literal}, all_varchar = true, header = true, comment = '')"
    try:
        described = con.sql(f"DESCRIBE SELECT * FROM {probe}").fetchall()
    except duckdb.Error as exc:
        raise InputError(path, f"cannot read as {kind}: {exc}") from exc
    header = [row[0] for row in described]
    columns = map_columns(header)
    missing = [c for c in REQUIRED if c not in columns and not (c == "mmsi" and "segment" in columns)]
    if missing:
        raise InputError(path, f"no column for {', '.join(missing)} in header {header}")
    if kind == "parquet":
        return canonical_select(probe, columns, {row[0]: row[1] for row in described}, index,
                                policy=policy), "parquet"
    reader, types = csv_reader(con, literal, header, columns, typed)
    return canonical_select(reader, columns, types, index, policy=policy), layout_name(header)

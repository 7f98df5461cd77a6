"""The SQL that reads one AIS file (CSV or Parquet) as the canonical ``ais_typed`` columns.

Each file becomes one SELECT: CSV through DuckDB's typed reader where its first rows allow it,
else as text; every value that is not text goes through the same casts whatever the source, so a
bad value becomes NULL (and is counted by ingest) rather than failing the read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import duckdb

from maxpressure.errors import InputError
from maxpressure.sources.ais_columns import REQUIRED, file_kind, layout_name, map_columns

# Timestamp spellings tried in order after ISO 8601. Day-first, because the European sources
# (Danish Maritime Authority, the Suez VesselsValue sample) write dd/mm/YYYY.
TIME_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y/%m/%d %H:%M:%S", "%Y%m%d%H%M%S")

# Rows the typed CSV reader looks at to decide what each time and number column holds.
SAMPLE_ROWS = 20_000


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


def csv_reader(con: duckdb.DuckDBPyConnection, literal: str, header: Sequence[str], columns: dict[str, str],
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


def file_select(con: duckdb.DuckDBPyConnection, path: Path, index: int, typed: bool) -> tuple[str, str]:
    """The canonical SELECT over one CSV or Parquet file, and the file's layout name."""
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
    if kind == "parquet":
        return canonical_select(probe, columns, {row[0]: row[1] for row in described}, index), "parquet"
    reader, types = csv_reader(con, literal, header, columns, typed)
    return canonical_select(reader, columns, types, index), layout_name(header)

"""A monthly trade series to set beside designations (default: China's customs totals with the DPRK).

The importer reads any CSV with a header holding:

- `month` (required): the month as `YYYY-MM` (or `year`, `YYYY`, for an annual series);
- one or more numeric columns (US dollars or any unit; empty cell = no figure for that month),
  e.g. the bundled `china_exports_to_dprk_usd`, `china_imports_from_dprk_usd`, `total_usd`;
- optional text columns named in `TEXT_COLUMNS` (`source_url`, `source_quote`, `notes`), kept
  as provenance and never summed.

Any other non-numeric value is an error naming the file and line: a figure must not be guessed.
A file with a `source_url` or `source` column must give one on every row that has a figure.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from maxpressure.data import PRESSURE_DIR
from maxpressure.errors import InputError
from maxpressure.sources.files import decode_text, read_bytes

DEFAULT_TRADE = PRESSURE_DIR / "monthly.csv"
DEFAULT_ANNUAL_TRADE = PRESSURE_DIR / "annual.csv"
TEXT_COLUMNS = frozenset({"source_url", "source_quote", "notes", "source"})
_PERIOD = {"month": (re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"), "YYYY-MM"), "year": (re.compile(r"^\d{4}$"), "YYYY")}


@dataclass(frozen=True, slots=True)
class TradeMonth:
    month: str
    values: dict[str, float | None]
    sources: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"month": self.month, **self.values}


@dataclass(frozen=True, slots=True)
class TradeSeries:
    path: str
    columns: tuple[str, ...]  # the numeric columns, in file order
    months: tuple[TradeMonth, ...]

    def value(self, month: str, column: str) -> float | None:
        for row in self.months:
            if row.month == month:
                return row.values.get(column)
        return None

    def to_json(self) -> dict:
        return {"path": self.path, "columns": list(self.columns), "months": [m.to_json() for m in self.months]}


def read_trade(path: Path = DEFAULT_TRADE) -> TradeSeries:
    text = decode_text(read_bytes(path), path)
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    period = next((p for p in _PERIOD if p in header), None)
    if period is None:
        raise InputError(path, "a trade series needs a 'month' column (YYYY-MM) or a 'year' column (YYYY)", line=1)
    pattern, form = _PERIOD[period]
    numeric = tuple(c for c in header if c != period and c not in TEXT_COLUMNS)
    if not numeric:
        raise InputError(path, "a trade series needs at least one numeric column", line=1)
    months, seen = [], set()
    for line, row in enumerate(reader, start=2):
        month = (row.get(period) or "").strip()
        if not pattern.match(month):
            raise InputError(path, f"{period} must be {form}, got {month!r}", line=line)
        if month in seen:
            raise InputError(path, f"{period} {month} appears twice", line=line)
        seen.add(month)
        values = {column: _number(row.get(column), path, line, column) for column in numeric}
        sources = {c: row[c] for c in TEXT_COLUMNS if row.get(c)}
        cited = [c for c in ("source_url", "source") if c in header]
        if cited and any(v is not None for v in values.values()) and not any(sources.get(c) for c in cited):
            raise InputError(path, f"a figure without a source ({cited[0]} is empty)", line=line)
        months.append(TradeMonth(month, values, sources))
    return TradeSeries(str(path), numeric, tuple(sorted(months, key=lambda m: m.month)))


def _number(value: str | None, path: Path, line: int, column: str) -> float | None:
    text = (value or "").strip().replace(",", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise InputError(path, f"{column}: not a number: {value!r}", line=line) from None

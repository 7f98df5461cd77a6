"""The OFAC monthly country panel (jeffallen13/ofac, MIT): OFAC-listed entries per address country.

Columns: `Country, Date, yrqtr, yrmon, levels, additions, removals, change`. One row per country
and month-end from 2022-04 to 2026-03; `levels` is the stock of entries with an address in the
country, `additions`/`removals` the month's flows. Entries present when collection began are all
dated 2022-04, so April 2022 has no additions. It counts entries, not designation events, and an
entry with addresses in two countries counts in both.
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path

from maxpressure.data import PRESSURE_DIR
from maxpressure.errors import InputError

DEFAULT_PANEL = PRESSURE_DIR / "ofac-country-panel" / "ofac_panel.csv.gz"
REQUIRED_COLUMNS = ("Country", "yrmon", "levels", "additions", "removals")


@dataclass(frozen=True, slots=True)
class PanelMonth:
    country: str
    month: str  # YYYY-MM
    level: int
    additions: int
    removals: int

    def to_json(self) -> dict:
        return {"country": self.country, "month": self.month, "level": self.level,
                "additions": self.additions, "removals": self.removals}


@dataclass(frozen=True, slots=True)
class PanelSummary:
    country: str
    first_month: str
    last_month: str
    first_level: int
    last_level: int
    additions: int
    removals: int
    largest_month: str | None
    largest_month_additions: int

    def to_json(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}


def read_panel(path: Path = DEFAULT_PANEL) -> list[PanelMonth]:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(path, f"not an OFAC country panel: missing columns {', '.join(missing)}")
    rows = []
    for line, row in enumerate(reader, start=2):
        try:
            rows.append(PanelMonth(row["Country"], row["yrmon"], int(row["levels"]),
                                   int(row["additions"]), int(row["removals"])))
        except ValueError as exc:
            raise InputError(path, f"bad number: {exc}", line=line) from None
    return rows


def country_series(panel: list[PanelMonth], country: str) -> list[PanelMonth]:
    return sorted((row for row in panel if row.country == country), key=lambda r: r.month)


def summarise(panel: list[PanelMonth], country: str) -> PanelSummary:
    series = country_series(panel, country)
    if not series:
        raise InputError(None, f"the OFAC panel has no country {country!r}")
    largest = max(series, key=lambda r: (r.additions, r.month))
    return PanelSummary(
        country=country,
        first_month=series[0].month,
        last_month=series[-1].month,
        first_level=series[0].level,
        last_level=series[-1].level,
        additions=sum(r.additions for r in series),
        removals=sum(r.removals for r in series),
        largest_month=largest.month if largest.additions else None,
        largest_month_additions=largest.additions,
    )

"""Dates for OFAC entries, whose legacy CSV gives none, from two tables shipped with the package.

- `ofac_dprk_entries.csv.gz`: every DPRK-related entry of the bundled `sdn.csv` snapshots, dated
  from the cited public announcement of the US action that designated it (see
  `ofac-dprk-actions-SOURCES.md`). An entry the table leaves undated stays undated: a date is
  never inferred here.
- `ofac_sdn_first_seen_daily_2021-08_2024-05.csv.gz`: for every SDN entry 2021-08-18 to
  2024-05-03, the last daily copy of `sdn.csv` without it and the first with it, which bound its
  first appearance to a day.
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from maxpressure.data import DATA_DIR
from maxpressure.designations.record import SOURCED, Citation, DesignationDate
from maxpressure.errors import InputError

DESIGNATIONS_DIR = DATA_DIR / "designations"
CITED_ENTRIES = DESIGNATIONS_DIR / "ofac_dprk_entries.csv.gz"
DAILY_WINDOWS = DESIGNATIONS_DIR / "ofac_sdn_first_seen_daily_2021-08_2024-05.csv.gz"
# The lists whose entries these tables date: OFAC's SDN list, by ent_num.
DATED_LISTS = frozenset({"us_ofac_sdn"})


@dataclass(frozen=True, slots=True)
class FirstSeenWindow:
    absent_on: date | None  # the last daily copy without the entry (None: in the first copy)
    first_present_on: date


def _rows(path: Path):
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            text = handle.read()
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the bundled date table: {exc}") from exc
    return enumerate(csv.DictReader(io.StringIO(text)), start=2)


def _day(value: str, path: Path, line: int) -> tuple[date, str] | None:
    """A cited date as (day, precision): '2016-03-16' is a day, '2005-10' a month (its first day)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        if len(value) == 7:
            return date.fromisoformat(value + "-01"), "month"
        return date.fromisoformat(value), "day"
    except ValueError:
        raise InputError(path, f"designation_date is not a date: {value!r}", line=line) from None


@lru_cache(maxsize=2)
def cited_dates(path: Path = CITED_ENTRIES) -> dict[str, DesignationDate]:
    """ent_num -> the cited designation date; entries the table does not date are left out."""
    found: dict[str, DesignationDate] = {}
    for line, row in _rows(path):
        parsed = _day(row.get("designation_date", ""), path, line)
        if parsed is None:
            continue
        if not (row.get("source_url") or "").strip():
            raise InputError(path, "a dated entry has no source_url", line=line)
        day, precision = parsed
        note = f"{row.get('date_basis', '')}; action {row.get('action_id', '')}".strip("; ")
        citation = Citation(row["source_url"].split(" | ")[0].strip(), note, row.get("confidence", ""))
        found[row["ent_num"].strip()] = DesignationDate(SOURCED, day, precision=precision, citation=citation)
    return found


@lru_cache(maxsize=2)
def daily_windows(path: Path = DAILY_WINDOWS) -> dict[str, FirstSeenWindow]:
    """ent_num -> the daily copies that bound its first appearance on OFAC's SDN list."""
    found: dict[str, FirstSeenWindow] = {}
    for line, row in _rows(path):
        try:
            present = date.fromisoformat(row["first_present_on"])
            absent = date.fromisoformat(row["absent_on"]) if row.get("absent_on") else None
        except (ValueError, KeyError):
            raise InputError(path, "first_present_on/absent_on must be dates", line=line) from None
        found[row["ent_num"].strip()] = FirstSeenWindow(absent, present)
    return found

"""The UK lists' CSV files, where one designation spans several rows under one id.

FCDO's full UK Sanctions List (rows grouped by Unique ID) and OFSI's ConList (by Group ID) are
read the same way: a dated first line, a header, then one row per name or address of a
designation, the first row of an id starting the designation with its type and designation
date. What each list keeps of a row stays with its own parser.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterator, Sequence, TypeVar

from maxpressure.errors import InputError
from maxpressure.sources.files import decode_text

SCHEMA_OF_TYPE = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}

# Both lists have been published in a Windows code page as well as UTF-8.
ENCODINGS = ("utf-8-sig", "cp1252")

Designation = TypeVar("Designation")


def parse_uk_date(value: str) -> date | None:
    """DD-MM-YYYY or DD/MM/YYYY, as the UK lists write designation dates; None when blank."""
    value = value.strip()
    if not value:
        return None
    for fmt in ("%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not a DD-MM-YYYY date: {value!r}")


class CsvLines:
    """A UK list CSV read line by line; a CSV fault or a missing header is an InputError at its line."""

    def __init__(self, data: bytes, path: Path) -> None:
        self.path = path
        self._reader = csv.reader(io.StringIO(decode_text(data, path, ENCODINGS), newline=""), strict=True)

    def next_line(self) -> list[str]:
        """The cells of the next line: the dated first line or the header."""
        try:
            return next(self._reader)
        except csv.Error as exc:
            raise self._malformed(exc) from exc
        except StopIteration:
            raise InputError(self.path, "no header row", line=self._reader.line_num) from None

    def rows(self, header: Sequence[str], required: Sequence[str], what: str,
             clean: Callable[[str], str]) -> Iterator[tuple[int, dict[str, str]]]:
        """(line, {column: cleaned cell}) for each non-blank row under ``header``; ``what`` names
        the file in the error for a missing required column."""
        header = [h.strip() for h in header]
        missing = [c for c in required if c not in header]
        if missing:
            raise InputError(self.path, f"not {what}: missing columns {missing}", line=self._reader.line_num)
        try:
            for cells in self._reader:
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > len(header):
                    raise InputError(self.path, f"{len(cells)} fields, the header has {len(header)}",
                                     line=self._reader.line_num)
                yield self._reader.line_num, dict(zip(header, map(clean, cells)))
        except csv.Error as exc:
            raise self._malformed(exc) from exc

    def _malformed(self, exc: csv.Error) -> InputError:
        return InputError(self.path, f"malformed CSV: {exc}", line=self._reader.line_num)


@dataclass(frozen=True)
class FirstRow:
    """The columns of a designation's first row that start it: its id, its type and its date."""

    id: str
    type: str
    date: str


def designation_of(designations: dict[str, Designation], row: dict[str, str], columns: FirstRow,
                   path: Path, line: int, start: Callable[[str, str, date | None, dict[str, str]], Designation],
                   ) -> Designation:
    """The designation a row belongs to. The first row of an id starts it, as ``start(id, schema,
    designation date, row)``; a row without an id, of an unknown type or with a bad date is an
    InputError at its line."""
    key = row.get(columns.id, "")
    if not key:
        raise InputError(path, f"row without a {columns.id}", line=line)
    designation = designations.get(key)
    if designation is None:
        kind = row.get(columns.type, "")
        schema = SCHEMA_OF_TYPE.get(kind.lower())
        if schema is None:
            raise InputError(path, f"unknown {columns.type} {kind!r} for {columns.id} {key}", line=line)
        try:
            listed_on = parse_uk_date(row.get(columns.date, ""))
        except ValueError as exc:
            raise InputError(path, str(exc), line=line) from None
        designation = designations[key] = start(key, schema, listed_on, row)
    return designation

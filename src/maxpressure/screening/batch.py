"""Batch screening: a CSV of queries in, read strictly (a malformed row is an error naming it), JSON Lines out.

Columns: `id` and `name` are required; `schema`, `birth_date`, `nationality`, `country`, `imo`,
`passport` are optional. Row numbers in errors count the header as line 1, as a spreadsheet does.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Iterator

from maxpressure.errors import InputError
from maxpressure.screening.profile import Query
from maxpressure.sources.files import decode_text, read_bytes

REQUIRED = ("id", "name")
OPTIONAL = ("schema", "birth_date", "nationality", "country", "imo", "passport")
SCHEMAS = ("Person", "Organization", "Company", "Vessel", "LegalEntity", "Thing")


def _check_date(path: Path, line: int, value: str) -> str:
    parts = value.split("-")
    try:
        if len(parts) == 1:
            int(parts[0])
            if len(parts[0]) != 4:
                raise ValueError
        elif len(parts) == 2:
            date(int(parts[0]), int(parts[1]), 1)
        else:
            date.fromisoformat(value)
    except ValueError:
        raise InputError(path, f"birth_date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD", line) from None
    return value


def result_line(query_id: str, results) -> str:
    """One line of the batch output (JSON Lines): the query's id and its results, explained."""
    return json.dumps({"id": query_id, "results": [r.to_json() for r in results]}, ensure_ascii=False) + "\n"


def read_queries(path: Path) -> list[tuple[str, Query]]:
    """(id, Query) for every row, in file order; InputError on the first malformed row."""
    text = decode_text(read_bytes(path), path)
    return list(_rows(path, text))


def _rows(path: Path, text: str) -> Iterator[tuple[str, Query]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputError(path, "file is empty; expected a header with id,name") from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(path, f"header lacks column(s) {', '.join(missing)}", 1)
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError(path, f"row has {len(row)} fields, the header has {len(header)}", line)
        record = {k: v.strip() for k, v in zip(header, row)}
        if not record["id"]:
            raise InputError(path, "row has no id", line)
        if not record["name"]:
            raise InputError(path, f"row {record['id']!r} has no name", line)
        if record["id"] in seen:
            raise InputError(path, f"id {record['id']!r} appears twice", line)
        seen.add(record["id"])
        schema = record.get("schema") or None
        if schema and schema not in SCHEMAS:
            raise InputError(path, f"schema {schema!r} is not one of {', '.join(SCHEMAS)}", line)
        birth = record.get("birth_date") or None
        if birth:
            _check_date(path, line, birth)
        yield record["id"], Query(
            name=record["name"],
            schema=schema,
            birth_date=birth,
            nationality=record.get("nationality") or None,
            country=record.get("country") or None,
            imo=record.get("imo") or None,
            passport=record.get("passport") or None,
        )

"""Finding entries: the search of the header box, and a batch of queries screened into CSV rows."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Iterator

from maxpressure.errors import InputError
from maxpressure.screening import DEFAULT_THRESHOLD
from maxpressure.screening.batch import read_queries
from maxpressure.screening.screen import Screener
from maxpressure.views.search import search as find_entries
from maxpressure.views.workbench import Workbench


def search(wb: Workbench, text: str, limit: int = 20) -> dict:
    """Entries of the newest snapshots found by list id, identifier or name, each saying why."""
    text = text.strip()
    with wb.store() as store:
        return {"query": text, "results": find_entries(store, text, limit) if text else []}


BATCH_RESULTS_PER_QUERY = 5


def screen_batch(screener: Screener, text: str, filename: str,
                 threshold: float | None) -> tuple[int, Iterator[list]]:
    """(number of queries, CSV rows of results) for an uploaded CSV, in input order; a query with
    no result still gets a row. The file is read in full first, so a malformed row is an
    InputError (naming the upload and its line) before any result is produced; the rows are then
    produced one query at a time, so the response can stream and the page can show progress."""
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    with tempfile.TemporaryDirectory(prefix="mp-upload-") as folder:
        path = Path(folder) / "upload.csv"
        path.write_text(text, encoding="utf-8")
        try:
            queries = read_queries(path)
        except InputError as exc:  # name the user's file, not our temporary copy
            raise InputError(filename, exc.message, exc.line) from None

    def rows() -> Iterator[list]:
        # `query` is the query's ordinal in the upload: the page reads it to show progress.
        yield ["query", "id", "name", "rank", "entity_id", "caption", "schema", "score", "match", "lists"]
        for ordinal, (query_id, query) in enumerate(queries, start=1):
            results = screener.screen(query, threshold=threshold, limit=BATCH_RESULTS_PER_QUERY)
            if not results:
                yield [ordinal, query_id, query.name, "", "", "", "", "", "", ""]
            for rank, r in enumerate(results, start=1):
                yield [ordinal, query_id, query.name, rank, r.entity_id, r.caption, r.schema, f"{r.score:.4f}",
                       "true" if r.match else "false", " ".join(f"{x.list}:{x.list_id}" for x in r.lists)]

    return len(queries), rows()

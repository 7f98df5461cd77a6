"""The JSON API behind every page: each page at `/X` has its data at `/api/X`.

Handlers are thin: read the query, call a view (`views/`), return the plain dict. FastAPI documents
them at `/openapi.json`. An analysis still running or failed is answered 503 by one handler
(`analysis_not_ready`, installed by `web/mount.py`), not route by route.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Annotated, Any, Iterable, Iterator

from fastapi import APIRouter, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response, StreamingResponse

from maxpressure.errors import InputError, NotFound
from maxpressure.views.changes import DEFAULT_CHANGE_SORT, changes as changes_view, snapshots as snapshots_view
from maxpressure.views.entity import entity as entity_view
from maxpressure.views.gaps import DEFAULT_GAP_SORT, filter_gaps, gap_csv_rows, gaps as gap_rows
from maxpressure.views.maritime import maritime_view
from maxpressure.views.network import DEFAULT_CANDIDATE_AUTHORITY, network_candidates
from maxpressure.views.overview import overview as overview_view
from maxpressure.views.paging import DEFAULT_PER_PAGE, MAX_PER_PAGE
from maxpressure.views.pressure import pressure as pressure_view
from maxpressure.views.screening import screen_batch as screen_batch_rows, search as search_view
from maxpressure.views.workbench import Failed, Pending
from maxpressure.web.match import app_screener

router = APIRouter(tags=["workbench"])

# A batch upload larger than this is refused with 413 before it is screened; more rows than this
# belong on the command line (`maxpressure screen --input`), not in one HTTP request.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_ROWS = 5000

# Long tables come a page at a time: `page` counts from 1 (past the last is the last).
PageNumber = Annotated[int, Query(alias="page", ge=1, description="Page number, from 1.")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Rows per page.")]


def workbench(request: Request):
    return request.app.state.workbench


async def analysis_not_ready(request: Request, exc: Exception) -> JSONResponse:
    """503 for an analysis that failed, or is still running (then with Retry-After)."""
    if isinstance(exc, Pending):
        return JSONResponse({"detail": {"part": exc.key, "message": str(exc)}}, status_code=503,
                            headers={"Retry-After": "5"})
    return JSONResponse({"detail": {"message": str(exc)}}, status_code=503)


NOT_READY = (Pending, Failed)  # the exceptions `analysis_not_ready` answers


def parse_day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name} expects a date as YYYY-MM-DD, got {value!r}") from None


@router.get("/api/overview", summary="The campaign at a glance")
def overview(request: Request) -> dict[str, Any]:
    return overview_view(workbench(request))


@router.get("/api/status", summary="The background analyses: running, ready or failed")
def status(request: Request) -> list[dict[str, Any]]:
    return workbench(request).status()


@router.get("/api/snapshots", summary="Every snapshot the store holds")
def snapshots(request: Request) -> list[dict[str, Any]]:
    return snapshots_view(workbench(request))


@router.get("/api/changes", summary="What changed in each list, snapshot by snapshot")
def changes(request: Request, list: str | None = None, kind: str | None = None,
            regime: str | None = None, since: str | None = None, sort: str = DEFAULT_CHANGE_SORT,
            page: PageNumber = 1, per_page: PerPage = DEFAULT_PER_PAGE) -> dict[str, Any]:
    return changes_view(workbench(request), list, kind, regime, parse_day(since, "since"), sort, page, per_page)


# `/entities/{id}` is yente's entity route (web/yente_entity_api.py); the dossier lives here.
@router.get("/api/entities/{entity_id}", summary="Everything known about one entity: the workbench dossier")
def entity(request: Request, entity_id: str) -> dict[str, Any]:
    try:
        return entity_view(workbench(request), entity_id)
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/search", summary="Entries whose name, alias or list id contains the text")
def search(request: Request, q: Annotated[str, Query(max_length=200)] = "",
           limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
    return search_view(workbench(request), q, limit)


@router.get("/api/gaps", summary="Reconciled entities of the regime and who does not list them")
def gaps(request: Request, authority: str | None = None, missing_from: str | None = None,
         schema: str | None = None, q: str | None = None, sort: str = DEFAULT_GAP_SORT,
         page: PageNumber = 1, per_page: PerPage = DEFAULT_PER_PAGE) -> dict[str, Any]:
    return filter_gaps(gap_rows(workbench(request)), authority, missing_from, schema, q, sort, page, per_page)


@router.get("/api/gaps.csv", summary="The gap table as CSV (the columns of `gaps --csv`), every row the filters keep")
def gaps_csv(request: Request, authority: str | None = None, missing_from: str | None = None,
             schema: str | None = None, q: str | None = None, sort: str = DEFAULT_GAP_SORT) -> Response:
    table = filter_gaps(gap_rows(workbench(request)), authority, missing_from, schema, q, sort, per_page=None)
    return csv_response(gap_csv_rows(table["rows"]), "gaps.csv")


@router.get("/api/network", summary="Undesignated candidates with their evidence paths")
def network(request: Request, limit: Annotated[int, Query(ge=1, le=200, description="Candidates per page.")] = 50,
            authority: str = DEFAULT_CANDIDATE_AUTHORITY, page: PageNumber = 1, sort: str = "rank") -> dict[str, Any]:
    return network_candidates(workbench(request), limit, authority, page, sort)


@router.get("/api/maritime", summary="Events, tracks and ports of the demo AIS run")
def maritime(request: Request, type: str | None = None, start: str | None = None,
             end: str | None = None, sanctioned: bool = False) -> dict[str, Any]:
    return maritime_view(workbench(request), type, parse_day(start, "start"), parse_day(end, "end"), sanctioned)


@router.get("/api/pressure", summary="Designations per month by authority, and the indicators")
def pressure(request: Request) -> dict[str, Any]:
    return pressure_view(workbench(request))


@router.post("/api/screen/batch", summary="Screen a CSV of queries (id,name,...); returns results CSV")
async def screen_batch(request: Request, file: UploadFile, threshold: float | None = None) -> Response:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES + 64 * 1024:
        raise too_large()
    body = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(body) > MAX_UPLOAD_BYTES:
        raise too_large()
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HTTPException(422, "the file is not UTF-8 text; save the CSV as UTF-8") from None
    rows_given = sum(1 for line in text.splitlines()[1:] if line.strip())
    if rows_given > MAX_UPLOAD_ROWS:
        raise HTTPException(413, f"the file has {rows_given:,} queries; the upload limit is {MAX_UPLOAD_ROWS:,}. "
                                 "Use `maxpressure screen --input FILE --output RESULTS.jsonl` for large batches")
    try:
        # Building the screening index the first time takes a while: not on the event loop.
        screener = await run_in_threadpool(app_screener, request)
        count, rows = await run_in_threadpool(screen_batch_rows, screener, text, file.filename or "upload.csv", threshold)
    except InputError as exc:
        raise HTTPException(422, str(exc)) from None
    # Streamed one query at a time; X-Queries lets the page turn received rows into progress.
    return StreamingResponse(csv_lines(rows), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="screening-results.csv"',
                                      "X-Queries": str(count)})


def too_large() -> HTTPException:
    return HTTPException(413, f"the file is larger than the {MAX_UPLOAD_BYTES // (1024 * 1024)} MB "
                              "upload limit; split it, or use `maxpressure screen --input` on the command line")


def csv_lines(rows: Iterable[list[Any]]) -> Iterator[str]:
    for row in rows:
        out = io.StringIO()
        csv.writer(out).writerow([_csv_safe(v) for v in row])
        yield out.getvalue()


def csv_response(rows: Iterable[list[Any]], filename: str) -> Response:
    return Response("".join(csv_lines(rows)), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _csv_safe(value: Any) -> Any:
    """Keep spreadsheet programs from running list text as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value

"""The workbench's pages: each a shareable URL, rendered on the server from the same data as its
`/api/...` twin. A page whose analysis is missing says so; it never shows made-up data."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from maxpressure.errors import NotFound
from maxpressure.views.changes import DEFAULT_CHANGE_SORT, changes
from maxpressure.views.entity import entity
from maxpressure.views.gaps import DEFAULT_GAP_SORT, filter_gaps, gaps
from maxpressure.views.maritime import maritime_view
from maxpressure.views.network import DEFAULT_CANDIDATE_AUTHORITY, network_candidates
from maxpressure.views.overview import overview
from maxpressure.views.parts import optional
from maxpressure.views.pressure import pressure
from maxpressure.views.screening import search
from maxpressure.web import api, maritime_api
from maxpressure.web.render import page

router = APIRouter(include_in_schema=False)

# Rows of the Changes and Gaps pages shown at a time (OFAC's 2024 file adds thousands of changes).
ROWS_PER_PAGE = 100


def _without_page(request: Request) -> str:
    """The page's query without `page`: what the CSV and JSON links export (every row)."""
    return urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "page"])


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request):
    return page(request, "overview.html", "Overview", overview(api.workbench(request)))


@router.get("/changes", response_class=HTMLResponse)
def changes_page(request: Request, list: str | None = None, kind: str | None = None,
                 regime: str | None = None, since: str | None = None, sort: str = DEFAULT_CHANGE_SORT,
                 page_number: api.PageNumber = 1):
    data = changes(api.workbench(request), list or None, kind or None, regime or None,
                   api.parse_day(since, "since"), sort, page_number, ROWS_PER_PAGE)
    return page(request, "changes.html", "Changes", data)


@router.get("/entity/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str):
    try:
        data = entity(api.workbench(request), entity_id)
    except NotFound as exc:
        # A page for a person reading it (with the search box to try again), not the API's JSON.
        return page(request, "not_found.html", "No such entry", {"message": str(exc), "key": entity_id},
                    status_code=404)
    return page(request, "entity.html", data["caption"], data)


@router.get("/screen", response_class=HTMLResponse)
def screen_page(request: Request, q: Annotated[str, Query(max_length=200)] = ""):
    data = {"query": q, "max_upload_mb": api.MAX_UPLOAD_BYTES // (1024 * 1024),
            "search": search(api.workbench(request), q) if q else None,
            # The screening engine is part of every build; the template's "not available" branch is unused.
            "screening": {"available": True}}
    return page(request, "screen.html", "Screen", data)


@router.get("/gaps", response_class=HTMLResponse)
def gaps_page(request: Request, authority: str | None = None, missing_from: str | None = None,
              schema: str | None = None, q: str | None = None, sort: str = DEFAULT_GAP_SORT,
              page_number: api.PageNumber = 1):
    wb = api.workbench(request)
    data = optional(lambda: filter_gaps(gaps(wb), authority or None, missing_from or None,
                                        schema or None, q or None, sort, page_number, ROWS_PER_PAGE))
    return page(request, "gaps.html", "Gaps", data, query=_without_page(request))


@router.get("/pressure", response_class=HTMLResponse)
def pressure_page(request: Request):
    data = optional(lambda: pressure(api.workbench(request)))
    return page(request, "pressure.html", "Pressure", data)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, limit: Annotated[int, Query(ge=1, le=200)] = 25,
                 authority: str = DEFAULT_CANDIDATE_AUTHORITY, page_number: api.PageNumber = 1, sort: str = "rank"):
    data = optional(lambda: network_candidates(api.workbench(request), limit, authority, page_number, sort))
    return page(request, "network.html", "Network", data)


@router.get("/maritime", response_class=HTMLResponse)
def maritime_page(request: Request, type: str | None = None, start: str | None = None,
                  end: str | None = None, sanctioned: bool = False):
    wb = api.workbench(request)
    data = optional(lambda: maritime_view(
        wb, type or None, api.parse_day(start, "start"), api.parse_day(end, "end"), sanctioned))
    return page(request, "maritime.html", "Maritime", data, max_upload_bytes=maritime_api.MAX_AIS_UPLOAD_BYTES)

"""The yente-compatible screening API: `POST /match/{dataset}` and `GET /search/{dataset}`.

Request and response follow OpenSanctions yente's shapes (`EntityMatchQuery` in,
`EntityMatchResponse` out), so existing yente clients work unchanged. `dataset` is a list name
(`un_sc`, `us_ofac_sdn`, ...) to screen one list, or anything else (`default`, `sanctions`) for
every loaded list. The route only translates; the matching is `maxpressure.screening`.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, List, Optional, Union

from fastapi import APIRouter, HTTPException, Query as Param, Request
from pydantic import BaseModel, Field

from maxpressure.screening import ALGORITHM, DEFAULT_THRESHOLD, FEATURES, Query
from maxpressure.screening.screen import Result, Screener

MAX_BATCH = 100  # yente's cap on queries per request
MAX_LIMIT = 500

router = APIRouter(tags=["screening"])
_lock = threading.Lock()


class EntityExample(BaseModel):
    id: Optional[str] = None
    schema_: str = Field("Thing", alias="schema")
    properties: Dict[str, Union[str, List[Any]]] = Field(default_factory=dict)


class EntityMatchQuery(BaseModel):
    weights: Dict[str, float] = Field(default_factory=dict)
    config: Dict[str, Any] = Field(default_factory=dict)
    queries: Dict[str, EntityExample]


def app_screener(request: Request) -> Screener:
    """One Screener per app, built from the store on first use (cached on disk by snapshot)."""
    state = request.app.state
    screener = getattr(state, "screener", None)
    if screener is None:
        with _lock:
            screener = getattr(state, "screener", None)
            if screener is None:
                from maxpressure.prepare import reconciled_screener
                from maxpressure.store import Store

                with Store.open(state.settings, read_only=True) as store:
                    screener = reconciled_screener(store, state.settings)
                state.screener = screener
    return screener


def _values(props: Dict[str, Union[str, List[Any]]], *names: str) -> list[str]:
    out: list[str] = []
    for name in names:
        value = props.get(name)
        if value is None:
            continue
        out.extend(str(v) for v in (value if isinstance(value, list) else [value]) if str(v).strip())
    return out


def query_from_example(example: EntityExample) -> Query:
    props = example.properties
    names = _values(props, "name", "alias", "previousName")
    if not names:
        raise HTTPException(400, "a query needs at least one name in properties.name")
    schema = example.schema_ if example.schema_ not in ("", "Thing") else None
    first = lambda *keys: next(iter(_values(props, *keys)), None)  # noqa: E731
    return Query(
        name=names[0],
        aliases=tuple(names[1:]),
        schema=schema,
        birth_date=first("birthDate"),
        nationality=first("nationality", "citizenship"),
        country=first("country", "jurisdiction", "flag"),
        imo=first("imoNumber"),
        passport=first("passportNumber"),
        id=first("idNumber"),
    )


def entity_response(result: Result) -> dict:
    best = result.best
    return {
        "id": result.entity_id,
        "caption": result.caption,
        "schema": result.schema,
        "properties": best.properties,
        "datasets": sorted({ref.list for ref in result.lists}),
        "referents": [ref.entity_id for ref in result.lists if ref.entity_id != result.entity_id],
        "target": True,
        "first_seen": min((ref.listed_on for ref in result.lists if ref.listed_on), default=None),
        "last_seen": None,
        "last_change": None,
        "score": round(result.score, 4),
        "match": result.match,
        "features": {name: round(f["contribution"], 4) for name, f in result.explanation["features"].items()},
        "explanation": result.explanation,
        "lists": [ref.to_json() for ref in result.lists],
    }


def matcher_docs() -> dict:
    return {name: {"description": f.doc, "coefficient": f.weight, "url": None} for name, f in FEATURES.items()}


def _in_dataset(dataset: str, result: Result) -> bool:
    from maxpressure.model import LISTS

    return dataset not in LISTS or any(ref.list == dataset for ref in result.lists)


@router.post("/match/{dataset}")
def match(
    dataset: str,
    body: EntityMatchQuery,
    request: Request,
    limit: int = Param(5, ge=1, le=MAX_LIMIT),
    threshold: float = Param(DEFAULT_THRESHOLD, ge=0.0, le=1.0),
    cutoff: float = Param(0.0, ge=0.0, le=1.0),
    algorithm: str = Param(ALGORITHM),
    exclude_schema: List[str] = Param([]),
    exclude_entity_ids: List[str] = Param([]),
) -> dict:
    """Match entity examples against the loaded lists (yente's query-by-example API)."""
    if len(body.queries) > MAX_BATCH:
        raise HTTPException(400, f"at most {MAX_BATCH} queries per request")
    screener = app_screener(request)
    responses = {}
    for key, example in body.queries.items():
        query = query_from_example(example)
        results = screener.screen(query, threshold=threshold, limit=limit * 2)
        results = [
            r for r in results
            if r.score > cutoff and r.schema not in exclude_schema and r.entity_id not in exclude_entity_ids
            and _in_dataset(dataset, r)
        ][:limit]
        responses[key] = {
            "status": 200,
            "results": [entity_response(r) for r in results],
            "total": {"value": len(results), "relation": "eq"},
            "query": example.model_dump(by_alias=True),
        }
    return {"responses": responses, "matcher": matcher_docs(), "limit": limit, "algorithm": ALGORITHM}


@router.get("/search/{dataset}")
def search(
    dataset: str,
    request: Request,
    q: str = Param(..., min_length=1),
    schema: Optional[str] = Param(None),
    limit: int = Param(10, ge=1, le=MAX_LIMIT),
    offset: int = Param(0, ge=0),
) -> dict:
    """Name search (yente's `/search` shape), ranked by the screening score."""
    screener = app_screener(request)
    results = [r for r in screener.screen(Query(name=q, schema=schema), limit=offset + limit)
               if _in_dataset(dataset, r)]
    page = results[offset : offset + limit]
    return {
        "limit": limit,
        "offset": offset,
        "total": {"value": len(results), "relation": "gte" if len(results) >= offset + limit else "eq"},
        "results": [entity_response(r) for r in page],
        "facets": {},
    }

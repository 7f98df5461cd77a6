"""The OpenRefine reconciliation service API (W3C community group: 0.2, and the 1.0 draft) over the screener.

`GET /reconcile/{dataset}` is the manifest; `POST /reconcile/{dataset}` takes 0.2's form field
`queries` (a JSON object of queries, answered as an object of `{"result": [...]}`) or `extend`
(data extension), or the 1.0 draft's JSON body `{"queries": [{"conditions": [...]}]}` (answered
as `{"results": [{"candidates": [...]}]}`). Suggest services (`/suggest/entity|type|property`)
and the property proposal (`/extend/property`) follow yente's reconciliation router. A query is
screened exactly as a `/match` example is: same entity building, same filters, same score.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query as Param, Request
from followthemoney import model
from followthemoney.types import registry
from pydantic import BaseModel, ValidationError

from maxpressure.screening import DEFAULT_THRESHOLD, Query
from maxpressure.store import Store
from maxpressure.web.yente_query import (
    ALGORITHM_HELP, MATCH_PAGE, MAX_BATCH, TS_PATTERN, EntityExample, algorithm_named, example_entity,
    filter_mask, parse_since, query_profile,
)
from maxpressure.web.yente_served import COLLECTIONS, Served, served

router = APIRouter(tags=["Reconciliation"])

SUGGEST_PAGE = 5  # yente answers suggest requests with MATCH_PAGE items
MATCHABLE = [s for s in model.schemata.values() if s.matchable]
# A matchable schema's properties include those it inherits (Thing:country): yente offers those too.
SUGGESTED_PROPERTIES = sorted({p for s in MATCHABLE for p in s.properties.values()
                               if not p.hidden and p.type != registry.entity}, key=lambda p: p.qname)


class PropertyFilter(BaseModel):
    pid: str
    v: str | list[str]


class ReconQuery(BaseModel):
    """A 0.2 reconciliation query."""
    query: str | None = None
    type: str | list[str] | None = None
    limit: int = MATCH_PAGE
    properties: list[PropertyFilter] = []


def _type(schema) -> dict[str, Any]:
    return {"id": schema.name, "name": schema.plural, "description": schema.description or schema.label}


def _prefix(prefix: str, *labels: str | None) -> bool:
    prefix = prefix.lower().strip()
    return bool(prefix) and any(label and label.lower().strip().startswith(prefix) for label in labels)


@router.get("/reconcile/{dataset}", summary="Reconciliation manifest")
def manifest(dataset: str, request: Request) -> dict[str, Any]:
    """The service manifest OpenRefine reads when the service is added."""
    state = served(request)
    state.dataset_lists(dataset)
    base = str(request.url_for("manifest", dataset=dataset))
    query = f"?{request.url.query}" if request.url.query else ""  # passes on e.g. an access token
    root = str(request.base_url).rstrip("/")
    title = COLLECTIONS.get(dataset, dataset)
    return {
        "versions": ["0.2", "1.0-draft"],
        "name": f"{title} (maxpressure)",
        "identifierSpace": f"{root}/entities/",
        "schemaSpace": "https://followthemoney.tech/explorer/schemata/",
        "documentation": f"{root}/openapi.json",
        "batchSize": MATCH_PAGE,
        "view": {"url": f"{root}/entity/{{{{id}}}}"},
        "preview": {"url": f"{root}/entity/{{{{id}}}}", "width": 430, "height": 600},
        "suggest": {kind: {"service_url": base, "service_path": f"/suggest/{kind}{query}"}
                    for kind in ("entity", "type", "property")},
        "extend": {
            "propose_properties": {"service_url": base, "service_path": f"/extend/property{query}"},
            "property_settings": [
                {"name": "limit", "label": "Limit", "type": "number", "default": 0,
                 "help_text": "Maximum number of values to return per row (0 for no limit)."},
                {"name": "render", "label": "Value rendering", "type": "select", "default": "caption",
                 "choices": [{"value": "caption", "name": "User-readable value"},
                             {"value": "raw", "name": "Machine-readable value"}],
                 "help_text": "Return readable value (e.g. 'Russia') instead of raw value ('ru')."},
            ],
        },
        "defaultTypes": [_type(s) for s in MATCHABLE],
    }


def _candidates(state: Served, dataset: str, schema: str, properties: dict[str, list[str]], limit: int,
                changed_since: str | None, threshold: float = DEFAULT_THRESHOLD) -> list[dict[str, Any]]:
    try:
        proxy = example_entity(EntityExample(schema=schema, properties=properties))
    except HTTPException as exc:
        raise HTTPException(400, detail=exc.detail) from None
    profile, compatible = query_profile(state.screener, proxy)
    mask = filter_mask(state, dataset, changed_since=parse_since(changed_since))
    results = state.screener.screen_profile(profile, compatible, threshold, max(1, limit), mask)
    out = []
    for r in results[:limit]:
        schema_obj = model.get(r.schema)
        out.append({"id": r.entity_id, "name": r.caption, "description": schema_obj.label,
                    "type": [_type(schema_obj)], "score": round(r.score, 4), "match": r.match,
                    "features": [{"id": name, "name": name, "value": round(f["contribution"], 4)}
                                 for name, f in r.explanation["features"].items()]})
    return out


def _query_0_2(state: Served, dataset: str, query: ReconQuery, changed_since: str | None) -> dict[str, Any]:
    schema = query.type if isinstance(query.type, str) else (query.type[0] if query.type else "Thing")
    properties: dict[str, list[str]] = {"name": [query.query]} if query.query else {}
    schema_obj = model.get(schema)
    for flt in query.properties:
        prop = model.get_qname(flt.pid) if ":" in flt.pid else (schema_obj.get(flt.pid) if schema_obj else None)
        if prop is not None:
            properties.setdefault(prop.name, []).extend(flt.v if isinstance(flt.v, list) else [flt.v])
    return {"result": _candidates(state, dataset, schema, properties, max(0, query.limit), changed_since)}


def _query_draft(state: Served, dataset: str, query: dict[str, Any], changed_since: str | None) -> dict[str, Any]:
    """A 1.0-draft query: a type and conditions (`name` matches, `property` matches)."""
    schema = query.get("type") or "Thing"
    properties: dict[str, list[str]] = {}
    for condition in query.get("conditions", []):
        values = condition.get("propertyValue")
        values = values if isinstance(values, list) else [values]
        values = [v.get("id", v.get("name")) if isinstance(v, dict) else v for v in values]
        name = "name" if condition.get("matchType") == "name" else condition.get("propertyId", "")
        properties.setdefault(name, []).extend(str(v) for v in values if v is not None)
    limit = int(query.get("limit") or MATCH_PAGE)
    return {"candidates": _candidates(state, dataset, schema, properties, limit, changed_since)}


def _extend(request: Request, state: Served, data: str) -> dict[str, Any]:
    from maxpressure.web.yente_entities import current_entries, entity_response

    try:
        ask = json.loads(data)
        ids, props = list(ask["ids"]), list(ask["properties"])
    except (TypeError, ValueError, KeyError):
        raise HTTPException(400, detail="Cannot decode extension request") from None
    if len(ids) > MAX_BATCH:
        raise HTTPException(400, detail=f"Too many queries in one batch (limit: {MAX_BATCH})")
    if any(state.canonical_of.get(i, i) != i for i in ids):
        raise HTTPException(400, detail="Please specify the canonical entity ID, not a referent")
    metas: dict[str, dict[str, str]] = {}
    rows: dict[str, dict[str, list]] = {i: {} for i in ids}
    with Store.open(request.app.state.settings, read_only=True) as store:
        for entity_id in ids:
            if entity_id not in state.members_of:
                continue
            entity = entity_response(state, entity_id, current_entries(state, store, state.members(entity_id)), False)
            schema = model.get(entity["schema"])
            for wanted in props:
                prop = schema.get(wanted.get("id", ""))
                if prop is None:
                    continue
                metas.setdefault(prop.name, {"id": prop.name, "name": prop.label})
                settings = wanted.get("settings") or {}
                values = entity["properties"].get(prop.name, [])
                limit = int(settings.get("limit") or 0)
                values = values[:limit] if limit > 0 else values
                if settings.get("render", "caption") == "caption":
                    values = [prop.type.caption(v) or v for v in values]
                rows[entity_id][prop.name] = [{"str": v} for v in values]
    return {"meta": list(metas.values()), "rows": rows}


@router.post("/reconcile/{dataset}", summary="Reconciliation queries and data extension")
async def reconcile(dataset: str, request: Request,
                    algorithm: Annotated[str, Param(title=ALGORITHM_HELP)] = "best",
                    changed_since: Annotated[str | None, Param(pattern=TS_PATTERN)] = None):
    """0.2: form fields `queries` or `extend` (JSON text); 1.0 draft: a JSON body with `queries`."""
    state = served(request)
    state.dataset_lists(dataset)
    algorithm_named(algorithm)
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = await request.json()
            queries = body["queries"]
        except (ValueError, KeyError, TypeError):
            raise HTTPException(400, detail="Cannot decode query") from None
        if not isinstance(queries, list) or len(queries) > MAX_BATCH:
            raise HTTPException(400, detail=f"queries must be a list of at most {MAX_BATCH}")
        return {"results": [_query_draft(state, dataset, q, changed_since) for q in queries]}
    form = await request.form()
    if form.get("extend"):
        return _extend(request, state, str(form["extend"]))
    try:
        queries = {k: ReconQuery.model_validate(v) for k, v in json.loads(str(form.get("queries"))).items()}
    except (TypeError, ValueError, AttributeError, ValidationError):
        raise HTTPException(400, detail="Cannot decode query") from None
    if len(queries) > MAX_BATCH:
        raise HTTPException(400, detail=f"Too many queries in one batch (limit: {MAX_BATCH})")
    return {key: _query_0_2(state, dataset, q, changed_since) for key, q in queries.items()}


def _names_start_with(result, prefix: str) -> bool:
    names = [n for prop in ("name", "alias", "previousName", "weakAlias") for n in result.best.properties.get(prop, ())]
    return _prefix(prefix, result.caption, *names)


@router.get("/reconcile/{dataset}/suggest/entity", summary="Suggest entity")
def suggest_entity(dataset: str, request: Request, prefix: str = "",
                   limit: Annotated[int, Param(le=500)] = SUGGEST_PAGE) -> dict[str, Any]:
    """Entities whose name starts with (or is spelled like) the prefix."""
    state = served(request)
    result = []
    if prefix.strip():
        mask = filter_mask(state, dataset)
        for r in state.screener.screen(Query(name=prefix.strip()), limit=max(1, limit), allowed=mask)[:limit]:
            if not (r.match or _names_start_with(r, prefix)):
                continue  # a suggestion is a name being typed, not any weak neighbour
            schema = model.get(r.schema)
            result.append({"id": r.entity_id, "name": r.caption, "description": schema.label, "type": [_type(schema)]})
    return {"code": "/api/status/ok", "status": "200 OK", "prefix": prefix, "result": result}


@router.get("/reconcile/{dataset}/suggest/property", summary="Suggest property")
def suggest_property(dataset: str, request: Request, prefix: str = "") -> dict[str, Any]:
    served(request).dataset_lists(dataset)
    found = [{"id": p.qname, "name": p.label, "description": p.description or p.label}
             for p in SUGGESTED_PROPERTIES if _prefix(prefix, p.name, p.label)]
    return {"code": "/api/status/ok", "status": "200 OK", "prefix": prefix, "result": found[:SUGGEST_PAGE]}


@router.get("/reconcile/{dataset}/suggest/type", summary="Suggest type (schema)")
def suggest_type(dataset: str, request: Request, prefix: str = "") -> dict[str, Any]:
    served(request).dataset_lists(dataset)
    found = [_type(s) for s in MATCHABLE if _prefix(prefix, s.name, s.label)]
    return {"code": "/api/status/ok", "status": "200 OK", "prefix": prefix, "result": found[:SUGGEST_PAGE]}


@router.get("/reconcile/{dataset}/extend/property", summary="Extend properties proposal")
def extend_properties(dataset: str, request: Request, type: str = "Thing", limit: int = 0) -> dict[str, Any]:
    """Properties worth fetching for a type: its featured ones first, then the rest."""
    served(request).dataset_lists(dataset)
    schema = model.get(type)
    if schema is None:
        raise HTTPException(400, detail=f"Invalid type: {type}")
    props = [schema.get(name) for name in schema.featured if schema.get(name) is not None]
    props += [p for p in schema.properties.values()
              if not p.hidden and p.type != registry.entity and p.name not in schema.featured]
    props = props[:limit] if limit > 0 else props
    return {"limit": limit, "type": schema.name,
            "properties": sorted(({"id": p.name, "name": p.label} for p in props), key=lambda p: p["name"])}

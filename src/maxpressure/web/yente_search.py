"""yente's `GET /search/{dataset}`: a text search with filters and facet counts.

With `q`, the text is screened as a name (so spellings, scripts and acronyms count) and results
come ranked by the screening score; without it, every reconciled entity in scope is listed. The
filters (`countries`, `topics`, `datasets`, `schema`, `include_dataset` ...) are masks applied
inside the screener, before the page is cut. The workbench's own substring search is `/search`.
"""

from __future__ import annotations

import enum
import json
from collections import Counter
from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, HTTPException, Query as Param, Request
from followthemoney import model
from followthemoney.types import registry

from maxpressure.model import title_of
from maxpressure.screening import Query
from maxpressure.web.yente_entities import canonical_entity
from maxpressure.web.yente_query import TS_PATTERN, parse_since
from maxpressure.web.yente_served import Served, served

router = APIRouter(tags=["Matching"])

DEFAULT_PAGE = 10
MAX_PAGE = 500
MAX_RESULTS = 9999
MAX_OFFSET = MAX_RESULTS - MAX_PAGE
SORTABLE = {"id", "canonical_id", "caption", "first_seen", "last_seen", "last_change"}
FACET_LABELS = {"datasets": "Data sources", "schema": "Entity types", "countries": "Countries",
                "topics": "Topics", "genders": "Genders", "identifiers": "Identifiers"}


class Facet(str, enum.Enum):
    DATASETS = "datasets"
    SCHEMA = "schema"
    COUNTRIES = "countries"
    IDENTIFIERS = "identifiers"
    TOPICS = "topics"
    GENDERS = "genders"


class Operator(str, enum.Enum):
    AND = "AND"
    OR = "OR"


Texts = Annotated[list[str], Param()]


def _facet_label(facet: str, value: str) -> str:
    if facet == "datasets":
        return title_of(value)
    if facet == "schema":
        schema = model.get(value)
        return schema.plural if schema is not None else value
    kind = {"countries": registry.country, "topics": registry.topic, "genders": registry.gender}.get(facet)
    return (kind.caption(value) if kind is not None else None) or value


def facet_counts(state: Served, groups: list[int], facets: list[str]) -> dict[str, Any]:
    out = {}
    for facet in facets:
        counts: Counter[str] = Counter()
        if facet != "identifiers":  # identifiers are not kept per entity: an empty facet, not a made-up one
            for g in groups:
                counts.update(state.group_values[g][facet])
        out[facet] = {"label": FACET_LABELS[facet],
                      "values": [{"name": v, "label": _facet_label(facet, v), "count": n}
                                 for v, n in counts.most_common(50)]}
    return out


def _schema_mask(state: Served, schema_name: str) -> np.ndarray | None:
    schema = model.get(schema_name)
    if schema is None:
        raise HTTPException(400, detail="Invalid schema")
    if schema.name == "Thing":
        return None
    names = [s for s in set(state.candidate_schema) if model.get(s) is not None and model.get(s).is_a(schema)]
    return np.isin(state.candidate_schema, names)


def _property_mask(state: Served, flt: str) -> np.ndarray:
    field, sep, value = flt.partition(":")
    if not sep or not field or not value:
        raise HTTPException(400, detail=f"Invalid filter: {flt!r}")
    prop = field.removeprefix("properties.")
    needle = json.dumps(value, ensure_ascii=False)
    cands = state.screener.index.candidates
    hits = [i for i, c in enumerate(cands) if needle in c.properties_json and value in c.properties.get(prop, ())]
    mask = np.zeros(len(cands), dtype=bool)
    groups = {int(state.group_of[i]) for i in hits}
    mask[np.isin(state.group_of, list(groups))] = True
    return mask


def _sort_key(state: Served, entity_id: str, field: str, captions: dict[str, str]) -> str:
    if field in ("id", "canonical_id"):
        return entity_id
    members = state.members(entity_id)
    if field == "caption":
        return captions.get(entity_id) or min(m.caption for m in members)
    days = [getattr(state.dates.get(m.entity_id), field, None) for m in members]
    known = [d.isoformat() for d in days if d]
    return (min(known) if field == "first_seen" else max(known)) if known else ""


@router.get("/search/{dataset}", summary="Simple entity search",
            responses={400: {"description": "Invalid query"}, 404: {"description": "No such dataset"}})
def search(
    dataset: str,
    request: Request,
    q: Annotated[str, Param(title="Query text")] = "",
    schema: Annotated[str, Param(title="Types of entities that can match the search")] = "Thing",
    include_dataset: Texts = [],
    exclude_dataset: Texts = [],
    exclude_schema: Texts = [],
    changed_since: Annotated[str | None, Param(pattern=TS_PATTERN)] = None,
    countries: Texts = [],
    topics: Texts = [],
    datasets: Texts = [],
    filter: Texts = [],
    limit: Annotated[int, Param(le=MAX_PAGE)] = DEFAULT_PAGE,
    offset: Annotated[int, Param(le=MAX_OFFSET)] = 0,
    sort: Texts = [],
    target: Annotated[bool | None, Param(deprecated=True)] = None,
    fuzzy: bool = False,
    simple: bool = False,
    facets: Annotated[list[Facet], Param()] = [Facet.COUNTRIES, Facet.TOPICS, Facet.DATASETS],
    filter_op: Operator = Operator.OR,
) -> dict[str, Any]:
    """Search reconciled entities by text (a name), filtered and faceted as yente does."""
    from maxpressure.web.yente_query import filter_mask

    state = served(request)
    limit, offset = max(0, limit), max(0, min(MAX_RESULTS, offset))
    limit = min(limit, MAX_RESULTS - offset)
    masks = [filter_mask(state, dataset, include_dataset, exclude_dataset, (), parse_since(changed_since),
                         exclude_schema), _schema_mask(state, schema)]
    combine = state.all_mask if filter_op == Operator.AND else state.any_mask
    for facet, values in (("countries", countries), ("topics", topics), ("datasets", datasets)):
        if values:
            masks.append(combine(facet, values))
    masks += [_property_mask(state, flt) for flt in filter]
    if target is False:
        masks.append(np.zeros(len(state.screener), dtype=bool))  # every list entry is a target
    mask = None
    for m in masks:
        if m is not None:
            mask = m if mask is None else mask & m
    for key in sort:
        if key.split(":")[0] not in SORTABLE:
            raise HTTPException(400, detail=f"Invalid sort field: {key!r}")
    if q.strip():
        results = state.screener.screen(Query(name=q.strip(), schema=None), limit=min(MAX_PAGE, offset + limit) or 1,
                                        allowed=mask)
        ids = [r.entity_id for r in results]
        captions = {r.entity_id: r.caption for r in results}
        relation = "gte" if len(results) >= offset + limit else "eq"
    else:
        groups = range(len(state.screener.groups)) if mask is None else np.unique(state.group_of[mask]).tolist()
        ids = [state.screener.entity_id_of_group(g) for g in groups]
        captions, relation = {}, "eq"
    for key in reversed(sort):  # a stable sort per key, the first key last: sorted by all of them
        field, _, direction = key.partition(":")
        ids.sort(key=lambda i: _sort_key(state, i, field, captions), reverse=direction == "desc")
    page = [canonical_entity(state, i, captions.get(i)) for i in ids[offset: offset + limit]]
    groups_found = [int(state.group_of[state.members_of[i][0]]) for i in ids]
    return {"results": page, "facets": facet_counts(state, groups_found, [f.value for f in facets]),
            "total": {"value": len(ids), "relation": relation}, "limit": limit, "offset": offset}

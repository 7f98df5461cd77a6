"""yente's data access routes: `GET /entities/{id}` and `/entities/{id}/adjacent[/{property}]`.

Every id `/match`, `/search` or the reconciliation API returns can be fetched here. The id of a
list entry that is part of a reconciled entity (a referent) answers 308 with the reconciled
entity's URL, as yente does for an id merged into another. The workbench's own dossier of a list
entry stays at `/api/entities/{id}` and `/entity/{id}`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse
from followthemoney import model
from followthemoney.types import registry

from maxpressure.store import Store
from maxpressure.web.yente_entities import adjacent_groups, current_entries, entity_response
from maxpressure.web.yente_served import Served, served

router = APIRouter(tags=["Data access"])

DEFAULT_PAGE = 10  # yente's DEFAULT_PAGE
MAX_PAGE = 500  # yente's MAX_PAGE
MAX_OFFSET = 9499  # yente's MAX_OFFSET (MAX_RESULTS - MAX_PAGE - 1)

EntityId = Annotated[str, Path(description="ID of the entity to retrieve", examples=["un-sc-KPi.033"])]


def _canonical_or_redirect(request: Request, state: Served, entity_id: str, route: str, **params: str):
    if entity_id in state.members_of:
        return None
    canonical = state.canonical_of.get(entity_id)
    if canonical is None:
        raise HTTPException(404, detail="No such entity!")
    url = request.app.url_path_for(route, entity_id=canonical, **params)
    query = request.url.query
    return RedirectResponse(f"{url}?{query}" if query else str(url), status_code=308)


def _entity(request: Request, state: Served, entity_id: str, nested: bool = True) -> dict[str, Any]:
    with Store.open(request.app.state.settings, read_only=True) as store:
        entries = current_entries(state, store, state.members(entity_id))
    return entity_response(state, entity_id, entries, nested=nested)


@router.get("/entities/{entity_id}", name="fetch_entity",
            responses={308: {"description": "The entity was merged into another ID"},
                       404: {"description": "Entity not found"}})
def fetch_entity(request: Request, entity_id: EntityId,
                 nested: Annotated[bool, Query(title="Include adjacent entities (e.g. addresses, family) in response")] = True):
    """A reconciled entity in yente's `EntityResponse` shape; with `nested`, its adjacent
    entities (sanctions, addresses, identity documents, links) inlined."""
    state = served(request)
    redirect = _canonical_or_redirect(request, state, entity_id, "fetch_entity")
    if redirect is not None:
        return redirect
    return _entity(request, state, entity_id, nested)


def _page(values: list, limit: int, offset: int) -> dict[str, Any]:
    return {"results": values[offset: offset + limit], "total": {"value": len(values), "relation": "eq"},
            "limit": limit, "offset": offset}


Limit = Annotated[int, Query(ge=0, le=MAX_PAGE, title="Number of results per property to return")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, title="Start at result with given offset")]


@router.get("/entities/{entity_id}/adjacent", name="fetch_adjacent_entities",
            responses={308: {"description": "The entity was merged into another ID"},
                       404: {"description": "Entity not found"}})
def fetch_adjacent(request: Request, entity_id: EntityId, limit: Limit = DEFAULT_PAGE, offset: Offset = 0,
                   sort: Annotated[list[str], Query(title="Sorting criteria (accepted; adjacent entities come in list order)")] = []):
    """The entity, and its adjacent entities grouped by the property that links them, paged per property."""
    state = served(request)
    redirect = _canonical_or_redirect(request, state, entity_id, "fetch_adjacent_entities")
    if redirect is not None:
        return redirect
    nested = _entity(request, state, entity_id)
    groups = adjacent_groups(nested)
    entity = dict(nested, properties={k: v for k, v in nested["properties"].items() if k not in groups})
    return {"entity": entity, "adjacent": {name: _page(values, limit, offset) for name, values in groups.items()}}


@router.get("/entities/{entity_id}/adjacent/{property_name}", name="fetch_adjacent_by_prop",
            responses={308: {"description": "The entity was merged into another ID"},
                       404: {"description": "Entity or property not found"}})
def fetch_adjacent_by_prop(request: Request, entity_id: EntityId,
                           property_name: Annotated[str, Path(examples=["sanctions", "addressEntity"])],
                           limit: Limit = DEFAULT_PAGE, offset: Offset = 0,
                           sort: Annotated[list[str], Query(title="Sorting criteria (accepted; list order)")] = []):
    """One property's adjacent entities, paged."""
    state = served(request)
    redirect = _canonical_or_redirect(request, state, entity_id, "fetch_adjacent_by_prop", property_name=property_name)
    if redirect is not None:
        return redirect
    nested = _entity(request, state, entity_id)
    prop = model.get(nested["schema"]).get(property_name)
    if prop is None or prop.type != registry.entity:
        raise HTTPException(404, detail="No such property!")
    return _page(adjacent_groups(nested).get(property_name, []), limit, offset)

"""yente's request side: the query-by-example models, their validation, and the filters.

A query example becomes a FollowTheMoney entity first (so values are cleaned as FtM cleans them:
"Russia" -> "ru", "IMO 9114555" -> "9114555"), then a screening profile in which every name
property, birth and build date, country property and identifier kind counts, exactly the kinds a
list entry's profile has (`screening/profile.py`). A query with an identifier and no name is
screened on the identifier.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

import numpy as np
from fastapi import HTTPException
from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry
from pydantic import BaseModel, ConfigDict, Field

from maxpressure.screening import ALGORITHM, Query
from maxpressure.screening.profile import (
    COUNTRY_PROPS, DATE_PROPS, IDENTIFIER_PROPS, NAME_PROPS, WEAK_NAME_PROPS, Profile, normalize_identifier,
)
from maxpressure.screening.screen import Screener
from maxpressure.web.yente_served import Served

# yente's own limits and defaults (yente/settings.py), so clients see the same bounds.
MATCH_PAGE = 5
MAX_MATCHES = 500
MAX_BATCH = 100
MAX_EXCLUDED_IDS = 50
# yente's TS_PATTERN (routers/util.py): a date, optionally with hours, minutes and seconds.
TS_PATTERN = r"^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?$"
ALGORITHM_NAMES = {ALGORITHM: ALGORITHM, "best": ALGORITHM, "default": ALGORITHM}
ALGORITHM_HELP = f"Scoring algorithm to use: {ALGORITHM} (also under the names best and default)"
ALGORITHM_CONFIG: dict[str, Any] = {}  # our algorithm takes no configuration parameters
NAME_PART_PROPS = ("firstName", "secondName", "middleName", "fatherName", "lastName")


class EntityExample(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(None, examples=["my-entity-id"])
    schema_: str = Field(..., examples=["Person"], alias="schema")
    properties: dict[str, str | list[Any]] = Field(..., examples=[{"name": ["John Doe"]}])


class EntityMatchQuery(BaseModel):
    weights: dict[str, float] = Field({}, examples=[{"name_match": 0.9}])
    config: dict[str, str | int | float | bool | None] = Field(default_factory=dict)
    queries: dict[str, EntityExample]


def algorithm_named(name: str) -> str:
    if name not in ALGORITHM_NAMES:
        raise HTTPException(400, detail=f"Invalid algorithm: {name!r}; available: {', '.join(sorted(ALGORITHM_NAMES))}")
    return ALGORITHM_NAMES[name]


def check_config(config: dict[str, Any]) -> None:
    for key in config:
        if key not in ALGORITHM_CONFIG:
            raise HTTPException(400, detail=f"Invalid configuration parameter: {key} for algorithm {ALGORITHM}")


def parse_since(value: str | None) -> date | None:
    """`changed_since` as a day (the lists are dated by day); the pattern was checked by the route."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise HTTPException(400, detail=f"Invalid changed_since date: {value!r}") from None


def _values(value: str | list[Any]) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [str(v) for v in items if v is not None and str(v).strip()]


def example_entity(example: EntityExample) -> EntityProxy:
    """The example as an FtM entity; 400 for a schema FtM does not know."""
    schema = model.get(example.schema_)
    if schema is None:
        raise HTTPException(400, detail=f"Cannot parse example entity: invalid schema {example.schema_!r}")
    proxy = model.make_entity(schema)
    proxy.id = example.id
    for name, value in example.properties.items():
        prop = schema.get(name)
        if prop is None:
            continue  # yente drops what the schema does not define; so do we
        for text in _values(value):
            before = len(proxy.get(prop))
            proxy.add(prop, text, cleaned=False, fuzzy=True, quiet=True)
            if len(proxy.get(prop)) == before and prop.type == registry.identifier:
                proxy.add(prop, text, cleaned=True, quiet=True)  # an id FtM cannot check still counts
    return proxy


def query_names(proxy: EntityProxy) -> list[str]:
    names = [v for prop in (*NAME_PROPS, *WEAK_NAME_PROPS) for v in proxy.get(prop, quiet=True)]
    if not names:
        parts = [v for prop in NAME_PART_PROPS for v in proxy.get(prop, quiet=True)[:1]]
        if parts:
            names.append(" ".join(parts))
    return names


def query_profile(screener: Screener, proxy: EntityProxy) -> tuple[Profile, str | None]:
    """The screening profile of an example entity, and the schema results must be compatible with."""
    schema = None if proxy.schema.name == "Thing" else proxy.schema.name
    names = query_names(proxy)
    profile = screener.profile(Query(name=names[0] if names else "", aliases=tuple(names[1:]), schema=schema))
    identifiers: dict[str, set[str]] = {}
    for prop, kind in IDENTIFIER_PROPS.items():
        for value in proxy.get(prop, quiet=True):
            normal = normalize_identifier(kind, value)
            if normal:
                identifiers.setdefault(kind, set()).add(normal)
    profile.identifiers = {k: frozenset(v) for k, v in identifiers.items()}
    profile.dates = frozenset(v for prop in DATE_PROPS for v in proxy.get(prop, quiet=True))
    profile.countries = frozenset(v.lower() for prop in COUNTRY_PROPS for v in proxy.get(prop, quiet=True))
    if schema is None and profile.identifiers.get("imo"):
        schema = "Vessel"
    return profile, schema


def echo(proxy: EntityProxy, example: EntityExample) -> dict[str, Any]:
    """The query as yente returns it: the cleaned entity, the caller's id passed through."""
    return {"id": example.id, "schema": proxy.schema.name,
            "properties": {prop: list(values) for prop, values in proxy.properties.items()}}


def filter_mask(served: Served, dataset: str, include_dataset: Iterable[str] = (), exclude_dataset: Iterable[str] = (),
                topics: Iterable[str] = (), changed_since: date | None = None, exclude_schema: Iterable[str] = (),
                exclude_entity_ids: Iterable[str] = ()) -> np.ndarray | None:
    """yente's filters as one mask over the candidates; None when nothing is filtered.

    The scope is the dataset's lists, narrowed to `include_dataset` when given, less
    `exclude_dataset`: an entity is in scope when any of its entries is on a list in scope."""
    lists = served.dataset_lists(dataset)
    include, exclude = set(include_dataset), set(exclude_dataset)
    scope = (lists & include if include else lists) - exclude
    masks = []
    if scope != set(served.lists):
        masks.append(served.any_mask("datasets", scope))
    if topics:
        masks.append(served.any_mask("topics", topics))
    if changed_since is not None:
        masks.append(served.changed_since_mask(changed_since))
    if exclude_schema:
        masks.append(served.schema_mask(exclude_schema))
    if exclude_entity_ids:
        masks.append(served.excluded_ids_mask(exclude_entity_ids))
    if not masks:
        return None
    mask = masks[0]
    for other in masks[1:]:
        mask = mask & other
    return mask


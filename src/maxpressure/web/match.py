"""yente's query-by-example matcher, `POST /match/{dataset}`, over the reconciled list entries.

Request and response follow yente's `EntityMatchQuery` and `EntityMatchResponse`; every query
parameter yente documents is honoured and validated as yente validates it (see
`docs/screening.md` for the few places we deliberately differ). `dataset` is a list name
(`un_sc`, `us_ofac_sdn` ...) or a collection (`default`, `sanctions`: every loaded list). The
route only translates; the matching is `maxpressure.screening`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query as Param, Request, Response

from maxpressure.screening import ALGORITHM, DEFAULT_THRESHOLD, FEATURES
from maxpressure.screening.screen import Result, Screener
from maxpressure.web.yente_entities import canonical_entity
from maxpressure.web.yente_query import (
    ALGORITHM_HELP, MATCH_PAGE, MAX_BATCH, MAX_EXCLUDED_IDS, MAX_MATCHES, TS_PATTERN, EntityMatchQuery,
    algorithm_named, check_config, echo, example_entity, filter_mask, parse_since, query_profile,
)
from maxpressure.web.yente_served import Served, served, served_soon

router = APIRouter(tags=["Matching"])

# With new `weights` the ranking can change: this many times the limit are scored, then re-sorted.
REWEIGHED_POOL = 4

Names = Annotated[list[str], Param()]


def app_screener(request: Request) -> Screener:
    """The screener the app serves (the workbench's batch upload screens with it too)."""
    return served(request).screener


def matcher_docs() -> dict[str, dict[str, Any]]:
    """yente's `FeatureDocs`: each feature with its description and coefficient, from the one table."""
    return {name: {"description": f.doc, "coefficient": f.weight, "url": f"/algorithms#{name}"}
            for name, f in FEATURES.items()}


def reweigh(result: Result, weights: dict[str, float]) -> float:
    """The score with some feature weights replaced (yente's `weights`), by score.py's rule: the best
    main feature plus the qualifiers, which count only when a main feature scored, within [0, 1]."""
    features = result.explanation["features"]
    weight = lambda name: weights.get(name, FEATURES[name].weight)  # noqa: E731
    main = max((f["value"] * weight(n) for n, f in features.items() if FEATURES[n].main), default=0.0)
    qualifiers = sum(f["value"] * weight(n) for n, f in features.items() if not FEATURES[n].main) if main > 0 else 0.0
    return min(1.0, max(0.0, main + qualifiers))


def explanations(result: Result) -> dict[str, dict[str, Any]]:
    """yente's `explanations`: per feature its score contribution and what it compared."""
    return {name: {"score": round(f["contribution"], 4), "detail": f["detail"]}
            for name, f in result.explanation["features"].items()}


def scored_entity(state: Served, result: Result, score: float, threshold: float) -> dict[str, Any]:
    entity = canonical_entity(state, result.entity_id, result.caption)
    return entity | {
        "score": round(score, 4),
        "match": score >= threshold,
        "explanations": explanations(result),
        "features": {name: round(f["contribution"], 4) for name, f in result.explanation["features"].items()},
        "lists": [ref.to_json() for ref in result.lists],
        "matched_entry": result.explanation["matched_entry"],
    }


@router.post("/match/{dataset}", summary="Query by example matcher",
             responses={400: {"description": "Invalid query"}, 404: {"description": "No such dataset"}})
async def match(
    dataset: str,
    body: EntityMatchQuery,
    request: Request,
    response: Response,
    limit: Annotated[int, Param(le=MAX_MATCHES, title="Number of results to return")] = MATCH_PAGE,
    threshold: Annotated[float, Param(title="Score threshold for results to be considered matches")] = DEFAULT_THRESHOLD,
    cutoff: Annotated[float, Param(deprecated=True, title="Deprecated: lower bound of score for results to be returned")] = DEFAULT_THRESHOLD,
    algorithm: Annotated[str, Param(title=ALGORITHM_HELP)] = "best",
    include_dataset: Names = [],
    exclude_schema: Names = [],
    exclude_dataset: Names = [],
    topics: Names = [],
    changed_since: Annotated[str | None, Param(pattern=TS_PATTERN, title="Match against entities updated since the date")] = None,
    exclude_entity_ids: Annotated[list[str], Param(max_length=MAX_EXCLUDED_IDS, title="Entity ids (canonical or referents) to leave out")] = [],
    fuzzy: Annotated[bool, Param(title="Accepted for yente clients; spelling variants always count")] = False,
) -> dict[str, Any]:
    """Match entity examples (a batch of FtM entities, `{"queries": {"q1": {"schema": "Person",
    "properties": {"name": [...], "birthDate": [...]}}}}`) against the loaded lists."""
    # Async: screening is a few milliseconds of CPU under the GIL either way, and a hop to the
    # thread pool and back costs more than that in switch intervals under load.
    state = await served_soon(request)
    limit = max(0, limit)
    cutoff = min(cutoff, threshold)  # as yente: a cutoff above the threshold would hide matches
    algorithm_named(algorithm)
    check_config(body.config)
    if len(body.queries) > MAX_BATCH:
        raise HTTPException(400, detail=f"Too many queries in one batch (limit: {MAX_BATCH})")
    if not body.queries:
        raise HTTPException(400, detail="No queries provided.")
    mask = filter_mask(state, dataset, include_dataset, exclude_dataset, topics, parse_since(changed_since),
                       exclude_schema, exclude_entity_ids)
    parsed = [(key, example, example_entity(example)) for key, example in body.queries.items()]
    # With new weights the ranking can change: score a wider pool, then keep the best `limit`.
    pool = limit * REWEIGHED_POOL if body.weights else limit
    responses = {}
    for key, example, proxy in parsed:
        profile, schema = query_profile(state.screener, proxy)
        results = state.screener.screen_profile(profile, schema, threshold, pool, mask) if pool else []
        scored = [(r, reweigh(r, body.weights) if body.weights else r.score) for r in results]
        scored = sorted((rs for rs in scored if rs[1] >= cutoff), key=lambda rs: rs[1], reverse=True)[:limit]
        responses[key] = {
            "status": 200,
            "results": [scored_entity(state, r, score, threshold) for r, score in scored],
            "total": {"value": len(scored), "relation": "eq"},
            "query": echo(proxy, example),
        }
    response.headers["x-batch-size"] = str(len(responses))
    return {"responses": responses, "matcher": matcher_docs(), "limit": limit, "algorithm": ALGORITHM}

"""yente's system routes: `/healthz`, `/readyz`, `/catalog` (and `/manifest`), `/algorithms`.

`/readyz` answers 503 until the screening index and the entity lookups are built, then reports
the snapshots it serves, so a load balancer sends no query to a server still building and an
operator can see which list versions answer.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from maxpressure.model import title_of
from maxpressure.screening import ALGORITHM, FEATURES
from maxpressure.web.match import matcher_docs
from maxpressure.web.yente_served import COLLECTIONS, served

router = APIRouter(tags=["System information"])

ALGORITHM_DESCRIPTION = (
    "maxpressure's screening score: the best main feature (a name, an identifier, a weak alias, an "
    "acronym) times its weight, plus the qualifiers (birth date, nationality, IMO conflict), "
    "clamped to [0, 1]. Names are compared across scripts and romanisation systems.")


@router.get("/healthz", summary="Health check")
def healthz() -> dict[str, str]:
    """The process answers (no store or index is touched)."""
    return {"status": "ok"}


def _snapshots(state) -> list[dict[str, Any]]:
    return [{"list": s.list, "snapshot_id": s.snapshot_id, "as_of": s.as_of.isoformat() if s.as_of else None}
            for s in state.snapshots]


@router.get("/readyz", summary="Search index readiness check",
            responses={503: {"description": "Index is not ready"}})
def readyz(request: Request):
    """200 once the screening index is built (with the snapshots served), 503 before."""
    state = getattr(request.app.state, "served", None)
    if state is None:
        error = getattr(request.app.state, "served_error", None)
        detail = f"Index not ready: {error}" if error else "Index not ready."
        return JSONResponse({"detail": detail}, status_code=503, headers={"Retry-After": "5"})
    return {"status": "ok", "snapshots": _snapshots(state)}


@router.get("/catalog", summary="Data catalog", tags=["Data access"])
@router.get("/manifest", include_in_schema=False)
def catalog(request: Request) -> dict[str, Any]:
    """Every loaded list as a dataset, with the version served, and the collections over them."""
    state = served(request)
    datasets = []
    for snapshot in sorted(state.snapshots, key=lambda s: s.list):
        version = snapshot.as_of.isoformat() if snapshot.as_of else snapshot.loaded_at.isoformat()
        datasets.append({
            "name": snapshot.list, "title": title_of(snapshot.list), "type": "source",
            "version": version, "index_version": version, "index_current": True, "load": True,
            "entity_count": snapshot.entries, "updated_at": snapshot.loaded_at.isoformat(timespec="seconds"),
            "children": [], "snapshot_id": snapshot.snapshot_id,
        })
    newest = max((d["version"] for d in datasets), default=None)
    for name, title in COLLECTIONS.items():
        datasets.append({"name": name, "title": title, "type": "collection", "version": newest,
                         "index_version": newest, "index_current": True, "load": True, "children": state.lists,
                         "entity_count": len(state.members_of)})
    return {"datasets": datasets, "current": [d["name"] for d in datasets], "outdated": [], "index_stale": False}


@router.get("/algorithms", summary="Scoring algorithms")
def algorithms() -> dict[str, Any]:
    """The one algorithm, with its features and weights from the one feature table."""
    docs = {
        "name": ALGORITHM, "description": ALGORITHM_DESCRIPTION,
        "config": {},
        "features": matcher_docs(),
    }
    return {"algorithms": [{"name": ALGORITHM, "description": ALGORITHM_DESCRIPTION,
                            "features": matcher_docs(), "docs": docs}],
            "default": ALGORITHM, "best": ALGORITHM, "feature_count": len(FEATURES)}

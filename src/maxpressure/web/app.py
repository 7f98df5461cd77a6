"""The FastAPI application: the yente-compatible screening API and the analyst's workbench.

`create_app(settings)` builds one app over the store in `settings.home`. The yente API
(`web/match.py`, `web/yente_*.py`) and the OpenRefine reconciliation API (`web/reconcile_api.py`)
are always included; the workbench (pages, JSON API, static files)
is mounted by `web/mount.py`. `maxpressure serve` adds the security guards (`web/security.py`).
"""

from __future__ import annotations

from fastapi import FastAPI

from maxpressure.config import Settings
from maxpressure.views.reconciled import after_reconciliation
from maxpressure.web import match, reconcile_api, yente_entity_api, yente_search, yente_system
from maxpressure.web.mount import mount_workbench
from maxpressure.web.yente_served import start_building


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_home()
    # The schema stays at /openapi.json; FastAPI's /docs and /redoc pages load their scripts from a
    # CDN, which an air-gapped room cannot reach and the workbench's policy forbids.
    app = FastAPI(title="maxpressure", summary="Sanctions screening and the analyst's workbench",
                  version="0.1.0", docs_url=None, redoc_url=None)
    app.state.settings = settings
    include_yente_api(app)
    mount_workbench(app, settings)
    return app


def include_yente_api(app: FastAPI) -> None:
    """yente's routes (match, search, entities, system) and the OpenRefine reconciliation API."""
    for router in (match.router, yente_search.router, yente_entity_api.router, yente_system.router,
                   reconcile_api.router):
        app.include_router(router)

    def build_when_serving() -> None:
        workbench = getattr(app.state, "workbench", None)
        if workbench is not None and workbench.background_jobs:
            # Two reconciliations at once would double the work and race on its cache file: the
            # index is built once the workbench's own reconciliation job has written the cache.
            app.state.before_building = lambda: after_reconciliation(workbench)
            start_building(app)  # `maxpressure serve`: /readyz turns ready without a first query

    app.router.on_startup.append(build_when_serving)

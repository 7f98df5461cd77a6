"""Put the workbench (pages, JSON API, vendored static files) onto a FastAPI app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from maxpressure.config import Settings
from maxpressure.errors import StoreError
from maxpressure.views.maritime import maritime_demo
from maxpressure.views.network import network
from maxpressure.views.parts import optional
from maxpressure.views.pressure import pressure
from maxpressure.views.reconciled import reconciliation
from maxpressure.views.workbench import Workbench
from maxpressure.web import api, maritime_api, pages

STATIC_DIR = Path(__file__).parent / "static"


def mount_workbench(app: FastAPI, settings: Settings, background_jobs: bool = True) -> FastAPI:
    app.state.workbench = Workbench(settings, background_jobs)
    app.include_router(api.router)
    app.include_router(maritime_api.router)
    app.include_router(pages.router)
    # StaticFiles resolves every path inside STATIC_DIR and refuses anything that escapes it.
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for not_ready in api.NOT_READY:
        app.add_exception_handler(not_ready, api.analysis_not_ready)

    @app.exception_handler(StoreError)
    async def store_missing(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    app.router.on_startup.append(lambda: warm_up(app.state.workbench))
    app.router.on_shutdown.append(lambda: app.state.workbench.close())  # the one served at the end
    return app


def warm_up(workbench: Workbench) -> None:
    """Start the slow analyses when the server starts, so pages are ready by the time they are read."""
    if not workbench.background_jobs:
        return
    for start in (reconciliation, network, maritime_demo, pressure):
        optional(lambda: start(workbench))


def workbench_app(settings: Settings, token: str | None = None, background_jobs: bool = True,
                  follow: bool = False) -> FastAPI:
    """The app `maxpressure serve` runs: the screening API's app, the workbench, the guards; with
    `follow`, it switches to each store file a load publishes while it serves."""
    from maxpressure.web.app import create_app
    from maxpressure.web.security import secure

    app = create_app(settings)
    if not getattr(app.state, "workbench", None):
        mount_workbench(app, settings)
    app.state.workbench.background_jobs = background_jobs
    if follow:
        from maxpressure.web.switch import follow_store

        follow_store(app)
    secure(app, token)
    return app

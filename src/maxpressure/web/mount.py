"""Put the workbench (pages, JSON API, vendored static files) onto a FastAPI app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from maxpressure.config import Settings
from maxpressure.errors import StoreError
from maxpressure.web import api, pages
from maxpressure.web.workbench import Workbench

STATIC_DIR = Path(__file__).parent / "static"


def mount_workbench(app: FastAPI, settings: Settings) -> FastAPI:
    app.state.workbench = Workbench(settings)
    app.include_router(api.router)
    app.include_router(pages.router)
    # StaticFiles resolves every path inside STATIC_DIR and refuses anything that escapes it.
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.exception_handler(StoreError)
    async def store_missing(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    app.router.on_shutdown.append(app.state.workbench.close)
    return app


def workbench_app(settings: Settings, token: str | None = None) -> FastAPI:
    """The app `maxpressure serve` runs: the screening API's app, the workbench, the guards."""
    from maxpressure.web.app import create_app
    from maxpressure.web.security import secure

    app = create_app(settings)
    if not getattr(app.state, "workbench", None):
        mount_workbench(app, settings)
    secure(app, token)
    return app

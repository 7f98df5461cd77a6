"""The FastAPI application: the yente-compatible screening API and the analyst's workbench.

`create_app(settings)` builds one app over the store in `settings.home`. The screening router
(`web/match.py`) is included when present; the workbench (pages, JSON API, static files) is
mounted by `web/mount.py`. `maxpressure serve` adds the security guards (`web/security.py`).
"""

from __future__ import annotations

from fastapi import FastAPI

from maxpressure.config import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    from maxpressure.web.mount import mount_workbench

    settings = settings or Settings.from_home()
    # The schema stays at /openapi.json; FastAPI's /docs and /redoc pages load their scripts from a
    # CDN, which an air-gapped room cannot reach and the workbench's policy forbids.
    app = FastAPI(title="maxpressure", summary="Sanctions screening and the analyst's workbench",
                  version="0.1.0", docs_url=None, redoc_url=None)
    app.state.settings = settings
    try:
        from maxpressure.web.match import router as match_router
    except ModuleNotFoundError as exc:
        if exc.name != "maxpressure.web.match":
            raise  # match.py exists but is broken: say so, do not hide it
        match_router = None  # the screening API is not part of this build
    if match_router is not None:
        app.include_router(match_router)
    mount_workbench(app, settings)
    return app

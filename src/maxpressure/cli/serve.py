"""`maxpressure serve`: the web workbench and its JSON API, on this machine by default."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from maxpressure.cli.app import app
from maxpressure.cli.common import HomeOpt, err_console, settings
from maxpressure.web.security import check_bind

TOKEN_ENV = "MAXPRESSURE_TOKEN"


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind; anything but loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    token: Annotated[Optional[str], typer.Option("--token", envvar=TOKEN_ENV,
                                                 help="API token every request must carry (Authorization: Bearer T).")] = None,
    home: HomeOpt = None,
) -> None:
    """Serve the workbench: pages, the JSON API (/openapi.json) and the yente-compatible /match."""
    import uvicorn

    from maxpressure.web.mount import workbench_app

    check_bind(host, token)
    application = workbench_app(settings(home), token)
    err_console.print(f"maxpressure workbench on http://{host}:{port}/ (API schema at /openapi.json)")
    uvicorn.run(application, host=host, port=port, log_level="info")

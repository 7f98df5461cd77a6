"""`maxpressure serve`: the web workbench and its JSON API, on this machine by default.

The server follows the store: a `load` or `update` run while it serves is swapped in at once, and
`--update-every 6h` runs `update` on a schedule inside the server.
"""

from __future__ import annotations

import re
from typing import Annotated, Optional

import typer

from maxpressure.cli.app import app
from maxpressure.cli.common import HomeOpt, err_console, settings
from maxpressure.errors import InputError
from maxpressure.web.security import check_bind

TOKEN_ENV = "MAXPRESSURE_TOKEN"
_UNITS_S = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
MIN_UPDATE_EVERY_S = 60  # the publishers update daily at most; more often only costs them traffic


def parse_duration(value: str, option: str = "--update-every") -> float:
    """'6h', '30m', '1d', '90s' -> seconds."""
    match = _DURATION.match(value or "")
    if not match:
        raise InputError(None, f"{option} expects a duration such as 6h, 30m or 1d, got {value!r}")
    seconds = float(match.group(1)) * _UNITS_S[match.group(2)]
    if seconds < MIN_UPDATE_EVERY_S:
        raise InputError(None, f"{option} must be at least {MIN_UPDATE_EVERY_S} s, got {value!r}")
    return seconds


def _log_to_stderr() -> None:
    """The server's own news (a store switched in, a scheduled update) beside uvicorn's log."""
    import logging

    logger = logging.getLogger("maxpressure")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("maxpressure: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind; anything but loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    token: Annotated[Optional[str], typer.Option("--token", envvar=TOKEN_ENV,
                                                 help="API token every request must carry (Authorization: Bearer T).")] = None,
    update_every: Annotated[Optional[str], typer.Option(
        "--update-every", help="Run `update` on this schedule while serving (e.g. 6h); needs the network.")] = None,
    home: HomeOpt = None,
) -> None:
    """Serve the workbench: pages, the JSON API (/openapi.json) and the yente-compatible /match."""
    import uvicorn

    from maxpressure.web.mount import workbench_app

    every_s = parse_duration(update_every) if update_every else None
    check_bind(host, token)
    _log_to_stderr()
    config = settings(home)
    application = workbench_app(config, token, follow=True)
    if every_s:
        from maxpressure.cli.update import schedule_updates

        application.router.on_startup.append(lambda: schedule_updates(config, every_s))
        err_console.print(f"updating the official lists every {update_every}")
    err_console.print(f"maxpressure workbench on http://{host}:{port}/ (API schema at /openapi.json)")
    uvicorn.run(application, host=host, port=port, log_level="info")

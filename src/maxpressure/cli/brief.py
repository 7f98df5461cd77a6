"""`maxpressure brief`: the self-contained HTML brief, or a target package for one entity."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Optional

import typer

from maxpressure.cli.app import app
from maxpressure.cli.common import HomeOpt, err_console, settings


@app.command()
def brief(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="HTML file to write (default brief.html, or target-ID.html with --entity).")] = None,
    entity: Annotated[Optional[str], typer.Option("--entity", help="Write the target package of this entity (entity id, list id or list:id).")] = None,
    home: HomeOpt = None,
) -> None:
    """Write one self-contained HTML file (inline SVG charts, no script, no request)."""
    from maxpressure.brief.build import write_brief, write_target

    config = settings(home)
    if entity:
        path = output or Path(f"target-{re.sub(r'[^A-Za-z0-9._-]+', '-', entity)}.html")
        write_target(config, entity, path)
    else:
        path = write_brief(config, output or Path("brief.html"))
    err_console.print(f"wrote {path} ({path.stat().st_size:,} bytes)")

"""Jinja2 templates with autoescaping on for everything: list entries contain markup."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from maxpressure.views import svg

TEMPLATES_DIR = Path(__file__).parent / "templates"

NAVIGATION = [
    ("/", "Overview"), ("/screen", "Screen"), ("/changes", "Changes"), ("/gaps", "Gaps"),
    ("/pressure", "Pressure"), ("/network", "Network"), ("/maritime", "Maritime"),
]


def _environment() -> Environment:
    # autoescape=True (not select_autoescape): every template, whatever its name, escapes.
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["navigation"] = NAVIGATION
    env.filters["num"] = lambda value: f"{value:,}" if isinstance(value, (int, float)) else value
    # The drawings escape their own text (views/svg.py); only their output is marked safe.
    for name, draw in svg.TEMPLATE_DRAWINGS.items():
        env.globals[name] = _marked_safe(draw)
    env.globals["entity_href"] = entity_href
    env.globals["page_url"] = page_url
    return env


def page_url(request: Any, number: int) -> str:
    """This page's address with its filters and sort kept, at page `number` of the table."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    return f"{request.url.path}?{urlencode(kept + [('page', str(number))])}"


def _marked_safe(draw):
    return lambda *a, **k: Markup(draw(*a, **k))


def entity_href(node: dict) -> str | None:
    """The dossier page of a drawn node that is a list entry; None for a shared identifier."""
    return f"/entity/{quote(node['entity_id'], safe='')}" if node.get("entity_id") else None


templates = Jinja2Templates(env=_environment())


def page(request: Any, name: str, title: str, data: Any, status_code: int = 200, **context: Any):
    return templates.TemplateResponse(
        request, name, {"title": title, "data": data, "path": request.url.path, **context},
        status_code=status_code)

"""The brief and the target package: one self-contained HTML file each, readable with no network.

The brief summarises the state of pressure (designations per month by authority, the indicators),
the designation gaps and the top network candidates with their evidence. A target package gathers
everything about one entity. Both take their data from the same views as the web pages
(`views/`), computed in this process; a part whose analysis is absent or fails says so.

Self-contained means: charts are inline SVG, the style sheet is inline, there is no script, and no
text holds a web address (addresses quoted in list remarks are defanged, `hxxps://`), so the file
makes no request when opened and can be mailed into an air-gapped room.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from maxpressure.config import Settings
from maxpressure.views import svg
from maxpressure.views.changes import changes, snapshots
from maxpressure.views.entity import entity as entity_view
from maxpressure.views.gaps import gap_summary
from maxpressure.views.network import NETWORK_RANKED, network_candidates
from maxpressure.views.parts import REGIME, optional
from maxpressure.views.pressure import pressure
from maxpressure.views.workbench import Workbench

TEMPLATES_DIR = Path(__file__).parent / "templates"
TOP_GAPS = 40
TOP_CANDIDATES = 10
_URL = re.compile(r"\b(http)(s?)(://)", re.IGNORECASE)


def defang(text: Any) -> Any:
    """`https://x` -> `hxxps://x`: still readable, never a link a viewer would follow."""
    if not isinstance(text, str):
        return text
    cleaned = _URL.sub(lambda m: f"hxxp{m.group(2)}{m.group(3)}", text)
    return Markup(cleaned) if isinstance(text, Markup) else cleaned


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = lambda v: f"{v:,}" if isinstance(v, (int, float)) else v
    # Every value printed goes through defang before escaping (finalize runs on each {{ }}).
    env.finalize = defang
    for name, draw in svg.TEMPLATE_DRAWINGS.items():
        env.globals[name] = _marked_safe(draw)
    return env


def _marked_safe(draw):
    return lambda *a, **k: Markup(draw(*a, **k))


def _workbench(settings: Settings) -> Workbench:
    return Workbench(settings, background_jobs=False, inline=True)


def brief_data(settings: Settings) -> dict[str, Any]:
    wb = _workbench(settings)
    try:
        return {
            "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "regime": REGIME,
            "snapshots": snapshots(wb),
            "pressure": optional(lambda: pressure(wb)),
            "gaps": optional(lambda: gap_summary(wb, TOP_GAPS)),
            "candidates": optional(lambda: network_candidates(wb, TOP_CANDIDATES)),
            "changes": changes(wb, regime=REGIME)["snapshots"][:6],
        }
    finally:
        wb.close()


def target_data(settings: Settings, key: str) -> dict[str, Any]:
    """Everything about one entity; NotFound if the store holds no entry by that id."""
    wb = _workbench(settings)
    try:
        entity = entity_view(wb, key)
        candidate = optional(lambda: _candidate_of(network_candidates(wb, NETWORK_RANKED)["candidates"], entity))
        return {"generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                "entity": entity, "candidate": candidate}
    finally:
        wb.close()


def _candidate_of(candidates: list[dict], entity: dict) -> dict | None:
    """The entity's place among the ranked candidates, if it is one."""
    ids = {entity["entity_id"]} | {m["entity_id"] for m in (entity["reconciled"].get("data") or [])}
    for candidate in candidates:
        if candidate["entity_id"] in ids or any(
                f"{m['list']}:{m['list_id']}" == f"{entity['list']}:{entity['list_id']}" for m in candidate["lists"]):
            return candidate
    return None


def render_brief(data: dict[str, Any]) -> str:
    return _environment().get_template("brief.html").render(data=data, title="Sanctions pressure brief")


def render_target(data: dict[str, Any]) -> str:
    title = f"Target package: {data['entity']['caption']}"
    return _environment().get_template("target.html").render(data=data, title=title)


def write_brief(settings: Settings, output: Path) -> Path:
    output.write_text(render_brief(brief_data(settings)), encoding="utf-8")
    return output


def write_target(settings: Settings, key: str, output: Path) -> Path:
    output.write_text(render_target(target_data(settings, key)), encoding="utf-8")
    return output

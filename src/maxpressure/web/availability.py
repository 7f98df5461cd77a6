"""Whether an analysis is part of this build, and how a page shows one that is not (or not yet)."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from maxpressure.errors import NotFound
from maxpressure.web.workbench import Failed, Pending

log = logging.getLogger(__name__)

# The regime the workbench shows. The analyses take it as a parameter; DPRK is the showcase.
REGIME = "dprk"


class AnalysisMissing(Exception):
    """The module that computes this part is not available (yet)."""

    def __init__(self, part: str, module: str, reason: str = ""):
        self.part, self.module, self.reason = part, module, reason
        super().__init__(f"the {part} analysis ({module}) is not available in this build"
                         + (f": {reason}" if reason else ""))

    def to_json(self) -> dict[str, str]:
        return {"part": self.part, "module": self.module, "message": str(self)}


def require(part: str, module: str, *names: str) -> Any:
    """Import `module` and return the attributes named, or raise AnalysisMissing."""
    try:
        loaded = importlib.import_module(module)
        found = [getattr(loaded, name) for name in names]
    except (ImportError, AttributeError) as exc:
        raise AnalysisMissing(part, module, str(exc)) from None
    return found[0] if len(found) == 1 else found


def optional(compute) -> dict:
    """A part of a page that an absent (or failing) analysis leaves empty, saying why.

    One broken analysis must not take the whole page down with it: its failure is logged with
    the traceback and named on the page.
    """
    try:
        return {"available": True, "data": compute()}
    except AnalysisMissing as missing:
        return {"available": False, "missing": missing.to_json()}
    except Pending as pending:
        return {"available": False, "pending": True,
                "missing": {"part": pending.key, "module": "", "message": str(pending)}}
    except Failed as failed:
        return {"available": False, "missing": {"part": "analysis", "module": "", "message": str(failed)}}
    except NotFound:
        raise
    except Exception as exc:  # noqa: BLE001 - shown on the page and logged, never swallowed
        log.exception("analysis failed")
        return {"available": False, "missing": {
            "part": "analysis", "module": type(exc).__module__,
            "message": f"the analysis failed ({type(exc).__name__}: {exc}); see the server log"}}

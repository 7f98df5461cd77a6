"""A part of a page or a brief whose analysis is still running, or failed, and how it says so."""

from __future__ import annotations

import logging
from typing import Any, Callable

from maxpressure.errors import NotFound
from maxpressure.views.workbench import Failed, Pending

log = logging.getLogger(__name__)

# The regime the workbench shows. The analyses take it as a parameter; DPRK is the showcase.
REGIME = "dprk"


def optional(compute: Callable[[], Any]) -> dict:
    """A part of a page that a running (or failing) analysis leaves empty, saying why.

    One broken analysis must not take the whole page down with it: its failure is logged with
    the traceback and named on the page.
    """
    try:
        return {"available": True, "data": compute()}
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

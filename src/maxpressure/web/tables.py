"""Filtering, sorting and CSV rows for the gap table: the same for the page, the API and the CSV."""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

from maxpressure.model import AUTHORITIES

GAP_SORTS = {
    "caption": lambda row: (row.get("caption") or "").lower(),
    "missing": lambda row: (-len(row.get("missing_from") or []), (row.get("caption") or "").lower()),
    "listed_on": lambda row: _first_listed(row),
    "lists": lambda row: (-len(row.get("members") or []), (row.get("caption") or "").lower()),
}


def _first_listed(row: dict) -> str:
    dates = [str(m["listed_on"]) for m in row.get("members") or [] if m.get("listed_on")]
    return min(dates) if dates else "9999"


def authorities_of(row: dict) -> set[str]:
    return {AUTHORITIES.get(m["list"], m["list"]) for m in row.get("members") or []}


def filter_gaps(rows: list[dict], authority: str | None = None, missing_from: str | None = None,
                schema: str | None = None, q: str | None = None, sort: str = "caption") -> dict[str, Any]:
    """Rows listed by `authority`, missing from `missing_from`, of `schema`, matching `q`."""
    picked = rows
    if authority:
        picked = [r for r in picked if authority in authorities_of(r) or
                  any(m["list"] == authority for m in r.get("members") or [])]
    if missing_from:
        picked = [r for r in picked if missing_from in (r.get("missing_from") or [])]
    if schema:
        picked = [r for r in picked if r.get("schema") == schema]
    if q:
        needle = q.lower()
        picked = [r for r in picked if needle in (r.get("caption") or "").lower()
                  or any(needle in str(m.get("list_id", "")).lower() for m in r.get("members") or [])]
    order = GAP_SORTS.get(sort, GAP_SORTS["caption"])
    picked = sorted(picked, key=order)
    missing_counts = Counter(a for r in rows for a in r.get("missing_from") or [])
    return {
        "filters": {"authority": authority, "missing_from": missing_from, "schema": schema, "q": q,
                    "sort": sort if sort in GAP_SORTS else "caption"},
        "sorts": list(GAP_SORTS),
        "total": len(rows),
        "shown": len(picked),
        "missing_counts": dict(sorted(missing_counts.items())),
        "schemas": sorted({r.get("schema") for r in rows if r.get("schema")}),
        "authorities": sorted({a for r in rows for a in authorities_of(r)}
                              | set(missing_counts)),
        "rows": picked,
    }

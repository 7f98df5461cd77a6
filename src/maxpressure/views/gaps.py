"""The gap table: rows of the reconciliation, filtered and sorted, in words and CSV cells; the same
for `gaps`, the web's page, its download and the brief.

Every date is written with its basis (`date_text`): "2017-10-03", "2005-06-29 (cited)",
"on or before 2021-07-07", "carried over on 2020-12-31"; never a bare first-seen date.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

from maxpressure.model import AUTHORITIES
from maxpressure.views.paging import paginate
from maxpressure.views.reconciled import reconciliation
from maxpressure.views.workbench import Workbench


def gaps(wb: Workbench) -> list[dict]:
    """One row per reconciled entity of the regime (the `gaps --json` shape of DESIGN.md)."""
    return reconciliation(wb)["gaps"]


def gap_summary(wb: Workbench, top: int = 10) -> dict:
    """How many reconciled entities each authority is missing, and the entities missing most."""
    rows = gaps(wb)
    missing_counts = Counter(a for r in rows for a in r.get("missing_from") or [])
    biggest = sorted(rows, key=GAP_SORTS[DEFAULT_GAP_SORT])
    return {"entities": len(rows), "missing_counts": dict(missing_counts.most_common()),
            "biggest": biggest[:top]}


def member_text(member: dict) -> str:
    """One list entry of a gap row with its date in words: `gb_fcdo:DPR0075 for the UN: 2017-10-03`."""
    how = {"implements": f" for the {member['authority'].upper()}", "alias": " as an alias"}.get(member.get("via"), "")
    return f"{member['list']}:{member['list_id']}{how}: {member.get('date_text') or 'date unknown'}"


def gap_csv_rows(rows: Iterable[dict]) -> Iterable[list[Any]]:
    yield GAP_CSV_COLUMNS
    for row in rows:
        members = row.get("members") or []
        dates = row.get("listed_by_dates") or {}
        yield [row.get("entity_id"), row.get("caption"), row.get("schema"),
               "; ".join(f"{a}: {d['date_text']}" for a, d in dates.items()),
               " ".join(row.get("missing_from") or []),
               "; ".join(member_text(m) for m in members),
               "; ".join(f"{a}:{d}" for a, d in (row.get("lags_days") or {}).items()),
               f"{row.get('confidence', 1.0):.3f}"]


# The gap CSV's columns, the same from `gaps --csv` and the web's download.
GAP_CSV_COLUMNS = ["entity_id", "caption", "schema", "listed_by", "missing_from", "members", "lags_days", "confidence"]


# How the gap table can be ordered; the first is the default: the entities missing from the most
# authorities first and, among those, the ones listed longest ago (missing the longest).
GAP_SORTS = {
    "missing": lambda row: (-len(row.get("missing_from") or []), _first_listed(row), _caption(row)),
    "caption": lambda row: _caption(row),
    "listed_on": lambda row: (_first_listed(row), _caption(row)),
    "lists": lambda row: (-len(row.get("members") or []), _caption(row)),
}
DEFAULT_GAP_SORT = "missing"


def _caption(row: dict) -> str:
    return (row.get("caption") or "").casefold()


def _first_listed(row: dict) -> str:
    dates = [str(m["listed_on"]) for m in row.get("members") or [] if m.get("listed_on")]
    return min(dates) if dates else "9999"


def authorities_of(row: dict) -> set[str]:
    return {AUTHORITIES.get(m["list"], m["list"]) for m in row.get("members") or []}


def filter_gaps(rows: list[dict], authority: str | None = None, missing_from: str | None = None,
                schema: str | None = None, q: str | None = None, sort: str = DEFAULT_GAP_SORT,
                page: int = 1, per_page: int | None = None) -> dict[str, Any]:
    """Rows listed by `authority`, missing from `missing_from`, of `schema`, matching `q`, in the
    `sort` order; page `page` of them (`per_page=None`: all of them)."""
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
    sort = sort if sort in GAP_SORTS else DEFAULT_GAP_SORT
    shown = paginate(sorted(picked, key=GAP_SORTS[sort]), page, per_page)
    missing_counts = Counter(a for r in rows for a in r.get("missing_from") or [])
    return {
        "filters": {"authority": authority, "missing_from": missing_from, "schema": schema, "q": q,
                    "sort": sort},
        "sorts": list(GAP_SORTS),
        "total": len(rows),
        "shown": shown.total,
        "paging": shown.to_json(),
        "missing_counts": dict(sorted(missing_counts.items())),
        "schemas": sorted({r.get("schema") for r in rows if r.get("schema")}),
        "authorities": sorted({a for r in rows for a in authorities_of(r)}
                              | set(missing_counts)),
        "rows": shown.rows,
    }

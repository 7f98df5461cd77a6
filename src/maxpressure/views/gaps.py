"""Gap rows in words and CSV cells, the same for `gaps --csv`, the web's download and the brief.

Every date is written with its basis (`date_text`): "2017-10-03", "2005-06-29 (cited)",
"on or before 2021-07-07", "carried over on 2020-12-31"; never a bare first-seen date.
"""

from __future__ import annotations

from typing import Any, Iterable


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

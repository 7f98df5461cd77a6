"""The pressure report shaped for every surface: chart series, indicator rows in words, caveats.

Built from `PressureReport.to_json()`, so the CLI, the web page and the brief show the same
numbers. Each authority's series holds its own designations only (one designation is counted
once: a UN designation the UK implements counts for the UN, and under the UK's "implements");
dates with no countable month (wide first-seen windows, carry-overs) are listed as such.
"""

from __future__ import annotations

from collections import defaultdict

from maxpressure.pressure import pressure_report
from maxpressure.views.parts import REGIME
from maxpressure.views.reconciled import after_reconciliation
from maxpressure.views.workbench import Workbench

def pressure(wb: Workbench) -> dict:
    """The pressure report with its chart series and indicators in words (a background job)."""

    def compute() -> dict:
        after_reconciliation(wb)
        with wb.private_store() as store:
            report = pressure_report(store, REGIME, cache_dir=wb.settings.cache_dir).to_json()
        return report | pressure_view(report)

    return wb.background("pressure", compute)


BASIS_WORDS = {
    "list": "the list's own date",
    "sourced": "a cited date (OFAC's DPRK actions)",
    "on_or_before": "first seen in a snapshot (on or before)",
}


def pressure_view(report: dict) -> dict:
    own: dict[str, dict[str, int]] = defaultdict(dict)
    implemented: dict[str, dict[str, int]] = defaultdict(dict)
    recorded: dict[str, dict[str, int]] = defaultdict(dict)
    delisted: dict[str, dict[str, int]] = defaultdict(dict)
    bases: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in report["monthly"]:
        authority, month, dimension = row["authority"], row["month"], row["dimension"]
        if dimension == "total":
            if row["designations"]:
                own[authority][month] = row["designations"]
            if row["delistings"]:
                delisted[authority][month] = row["delistings"]
        elif dimension == "implements" and row["designations"]:
            implemented[f"{authority} for {row['value']}"][month] = row["designations"]
        elif dimension == "recorded_by" and row["designations"]:
            recorded[f"{authority} through {row['value']}"][month] = row["designations"]
        elif dimension == "dated_by":
            bases[authority][row["value"]] += row["designations"]
    return {
        "designations_by_authority": dict(own),
        "implemented_by_authority": dict(implemented),
        "recorded_through": dict(recorded),
        "delistings_by_authority": dict(delisted),
        "known_until": known_until(report),
        "date_bases": {a: dict(b) for a, b in bases.items()},
        "undated_rows": [_undated_text(u) for u in report["undated"]],
        "trade_by_month": _trade(report.get("trade")),
        "trade_by_year": _trade(report.get("annual_trade")),
        "events": report["events"],
        "indicator_rows": indicator_rows(report),
    }


def known_until(report: dict) -> dict[str, str]:
    """Each authority's newest list held: a month after it has no count because the store has no
    list of that time, not because the authority designated nobody."""
    return {row["authority"]: row["as_of"] for row in report["indicators"].get("months_since_last_designation", [])
            if row.get("as_of")}


def _trade(series: dict | None, column: str = "total_usd") -> dict[str, float]:
    if not series:
        return {}
    return {m["month"]: m[column] for m in series["months"] if m.get(column) is not None}


def _undated_text(row: dict) -> str:
    kind = {"carried_over": "carried over", "delisting": "delistings", "designation": "designations"}[row["kind"]]
    if row["kind"] == "carried_over":
        when = f"on {row['on_or_before']} (the true designation dates are earlier and not in the list)"
    elif row["after"]:
        when = f"between {row['after']} and {row['on_or_before']} (no month can be given)"
    else:
        when = f"on or before {row['on_or_before']}"
    return f"{row['authority']}: {row['events']} {kind} {when}"


def indicator_rows(report: dict) -> list[dict]:
    """The indicators as label / value rows, in words; "not measurable" where it is not."""
    ind, regime = report["indicators"], report["regime"].upper()
    rows = [{"label": f"UN {regime} designations also listed by {m['authority']}", "display": m["text"]}
            for m in ind["un_designations_mirrored_share"]]
    rows += [{"label": f"Days for {lag['authority']} to follow the UN", "display": lag["text"]}
             for lag in ind["median_days_to_follow_un"]]
    rows += [{"label": f"Since the last {regime} designation by {m['authority']}", "display": m["text"]}
             for m in ind["months_since_last_designation"]]
    rows += [{"label": f"China–{regime} trade", "display": t["text"]} for t in ind["trade"]]
    for authority, years in _nexus_by_authority(ind["china_nexus_share_per_year"]).items():
        recent = ", ".join(y["text"] for y in years[-6:])
        rows.append({"label": f"China-nexus share of {authority}'s own designations, by year", "display": recent})
    return rows


def _nexus_by_authority(rows: list[dict]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        found[row["authority"]].append(row)
    return dict(found)

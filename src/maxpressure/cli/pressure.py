"""`maxpressure pressure`: designations over time, the OFAC country panel, trade, indicators."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from maxpressure.cli.app import app
from maxpressure.cli.common import HomeOpt, JsonOpt, console, open_store, print_json, settings


@app.command()
def pressure(
    regime: Annotated[str, typer.Option("--regime", help="Regime to measure (e.g. dprk).")] = "dprk",
    trade: Annotated[Optional[Path], typer.Option("--trade", help="Monthly trade CSV to overlay (default: bundled China-DPRK customs totals).")] = None,
    home: HomeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Is pressure rising or falling: designations and delistings by month, authority and nexus."""
    from maxpressure.pressure import pressure_report
    from maxpressure.pressure.trade import DEFAULT_TRADE

    with open_store(home, read_only=True) as store:
        report = pressure_report(store, regime, trade or DEFAULT_TRADE, cache_dir=settings(home).cache_dir)
    if as_json:
        print_json(report.to_json())
        return
    _render(report)


def _render(report) -> None:
    totals = Table(title=f"{report.regime}: designations (delistings) per month, by authority")
    totals.add_column("month")
    authorities = sorted({m.authority for m in report.monthly})
    for authority in authorities:
        totals.add_column(authority, justify="right")
    by_cell = {(m.month, m.authority): m for m in report.monthly if m.dimension == "total"}
    for month in sorted({m.month for m in report.monthly}):
        cells = []
        for authority in authorities:
            m = by_cell.get((month, authority))
            cells.append(f"{m.designations} ({m.delistings})" if m and (m.designations or m.delistings) else "")
        if any(cells):
            totals.add_row(month, *cells)
    console.print(totals)
    panel = Table(title="OFAC country panel (entries with an address in the country)")
    for column in ("country", "from", "to", "level", "additions", "removals", "largest month"):
        panel.add_column(column)
    for s in report.ofac_panel_summary:
        panel.add_row(s.country, s.first_month, s.last_month, f"{s.first_level} -> {s.last_level}",
                      str(s.additions), str(s.removals), f"{s.largest_month} ({s.largest_month_additions})")
    console.print(panel)
    ind = report.indicators
    for share in ind.un_designations_mirrored_share:
        console.print(f"UN {report.regime} designations also listed by {share.authority}: "
                      f"{share.mirrored}/{share.un_entries} ({share.share:.0%})")
    for lag in ind.median_days_to_follow_un:
        bound = " (upper bound: first seen)" if lag.dated_by == "first_seen" else ""
        console.print(f"median days for {lag.authority} to follow the UN{bound}: {lag.median_days} over {lag.pairs} entities")

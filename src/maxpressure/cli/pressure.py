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
    from maxpressure.views.pressure import pressure_view

    data = report.to_json()
    view = pressure_view(data)
    console.print(_month_table(report.regime, view))
    console.print(_month_legend(view))
    for name, counts in {**view["implemented_by_authority"], **view["recorded_through"]}.items():
        console.print(f"{name}: {sum(counts.values())} designations (counted once, for the designating authority)")
    for row in view["undated_rows"]:
        console.print(f"not in any month: {row}")
    indicators = Table(title=f"{report.regime}: indicators")
    indicators.add_column("indicator", overflow="fold")
    indicators.add_column("value", overflow="fold")
    for row in view["indicator_rows"]:
        indicators.add_row(row["label"], row["display"])
    console.print(indicators)
    panel = Table(title="OFAC country panel (entries with an address in the country)")
    for column in ("country", "from", "to", "level", "additions", "removals", "largest month"):
        panel.add_column(column)
    for s in report.ofac_panel_summary:
        panel.add_row(s.country, s.first_month, s.last_month, f"{s.first_level} -> {s.last_level}",
                      str(s.additions), str(s.removals), f"{s.largest_month} ({s.largest_month_additions})")
    console.print(panel)
    for number, event in enumerate(view["events"], start=1):
        console.print(f"event {number}: {event['date']} {event['label']} ({event['source_url']})")


def _month_table(regime: str, view: dict) -> Table:
    """Each authority's own designations (delistings) per month, beside trade (US$ M)."""
    own, delisted, trade = view["designations_by_authority"], view["delistings_by_authority"], view["trade_by_month"]
    authorities = sorted(set(own) | set(delisted))
    table = Table(title=f"{regime}: own designations (delistings) per month, by authority; China-{regime.upper()} trade")
    table.add_column("month", no_wrap=True)
    for authority in authorities:
        table.add_column(authority, justify="right", no_wrap=True)
    table.add_column("trade $M", justify="right", no_wrap=True)
    months = sorted({m for series in (*own.values(), *delisted.values()) for m in series} | set(trade))
    until = {a: d[:7] for a, d in view["known_until"].items()}
    for month in months:
        cells = [NOT_KNOWN if month > until.get(a, month) else
                 _cell(own.get(a, {}).get(month, 0), delisted.get(a, {}).get(month, 0)) for a in authorities]
        value = trade.get(month)
        table.add_row(month, *cells, f"{value / 1e6:,.0f}" if value is not None else "")
    return table


NOT_KNOWN = "?"


def _month_legend(view: dict) -> str:
    held = ", ".join(f"{a}: {d}" for a, d in sorted(view["known_until"].items()))
    return (f"blank: no designation that month; {NOT_KNOWN}: after the authority's newest list held ({held}), "
            "not known rather than none; blank trade: no published figure in the bundled series")


def _cell(designations: int, delistings: int) -> str:
    return f"{designations} ({delistings})" if designations or delistings else ""

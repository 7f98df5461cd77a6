"""Is pressure rising or falling, by authority and by nexus country?

`pressure_report(store)` gathers, for one regime: the monthly designations and delistings the
store's snapshots show, each dated with its basis (`timeline`), the events that changed the
regime (`events`), the OFAC monthly country panel (`panel`), the China-DPRK trade series to
overlay (`trade`), and the indicators (`indicators`). Plain data; surfaces render it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from maxpressure.model import designates
from maxpressure.pressure import indicators as ind
from maxpressure.pressure.events import DEFAULT_EVENTS, RegimeEvent, read_events
from maxpressure.pressure.panel import PanelMonth, PanelSummary, country_series, read_panel, summarise
from maxpressure.pressure.timeline import (
    ListingEvent,
    MonthlyCount,
    UndatedCount,
    listing_events,
    monthly_counts,
    one_per_designation,
    undated_counts,
)
from maxpressure.pressure.trade import DEFAULT_ANNUAL_TRADE, DEFAULT_TRADE, TradeSeries, read_trade

if TYPE_CHECKING:  # pragma: no cover
    from maxpressure.store import Store

# The OFAC panel's name for each regime's target country.
PANEL_COUNTRY = {"dprk": "Korea, North"}
PANEL_NEXUS_COUNTRIES = ("China", "Hong Kong", "Russia")


@dataclass
class PressureReport:
    regime: str
    monthly: list[MonthlyCount]
    undated: list[UndatedCount]
    events: list[RegimeEvent]
    ofac_panel: list[PanelMonth]
    ofac_panel_summary: list[PanelSummary]
    trade: TradeSeries | None
    annual_trade: TradeSeries | None
    indicators: ind.Indicators

    def to_json(self) -> dict:
        return {
            "regime": self.regime,
            "monthly": [m.to_json() for m in self.monthly],
            "undated": [u.to_json() for u in self.undated],
            "events": [e.to_json() for e in self.events],
            "ofac_panel": [row.to_json() for row in self.ofac_panel],
            "ofac_panel_summary": [s.to_json() for s in self.ofac_panel_summary],
            "trade": self.trade.to_json() if self.trade else None,
            "annual_trade": self.annual_trade.to_json() if self.annual_trade else None,
            "indicators": self.indicators.to_json(),
        }


def pressure_report(store: "Store", regime: str = "dprk", trade_path: Path | None = DEFAULT_TRADE,
                    cache_dir: Path | None = None, events_path: Path | None = DEFAULT_EVENTS,
                    annual_trade_path: Path | None = DEFAULT_ANNUAL_TRADE) -> PressureReport:
    from maxpressure.designations import designation_record
    from maxpressure.reconcile import reconcile_store
    from maxpressure.reconcile.gaps import designation_gaps, loaded_authorities

    reconciled = reconcile_store(store, cache_dir=cache_dir, full_entries=False)
    events = one_per_designation(listing_events(store, regime), reconciled.cluster_of)
    authorities = loaded_authorities(reconciled)
    gaps = designation_gaps(reconciled, regime, authorities, designation_record(store))
    trade = read_trade(trade_path) if trade_path else None
    annual = read_trade(annual_trade_path) if annual_trade_path else None
    newest = {}
    for snapshot in store.latest_snapshots():
        if not designates(snapshot.list):
            continue
        authority = snapshot_authority(snapshot.list)
        if snapshot.as_of and (authority not in newest or snapshot.as_of > newest[authority]):
            newest[authority] = snapshot.as_of
    indicators = ind.Indicators(
        regime=regime,
        un_designations_mirrored_share=ind.un_designations_mirrored_share(gaps, authorities),
        median_days_to_follow_un=ind.median_days_to_follow_un(gaps, authorities),
        months_since_last_designation=ind.months_since_last_designation(events, newest),
        china_nexus_share_per_year=ind.china_nexus_share_per_year(events),
        designations_with_china_nexus_per_quarter=ind.designations_with_china_nexus_per_quarter(events),
        trade=[ind.trade_against_baselines(trade, annual)] if annual else [],
    )
    panel = read_panel()
    countries = [c for c in (PANEL_COUNTRY.get(regime), *PANEL_NEXUS_COUNTRIES) if c]
    return PressureReport(
        regime=regime,
        monthly=monthly_counts(events),
        undated=undated_counts(events),
        events=read_events(events_path, regime) if events_path else [],
        ofac_panel=[row for c in countries for row in country_series(panel, c)],
        ofac_panel_summary=[summarise(panel, c) for c in countries],
        trade=trade,
        annual_trade=annual,
        indicators=indicators,
    )


def snapshot_authority(list_name: str) -> str:
    from maxpressure.model import AUTHORITIES

    return AUTHORITIES.get(list_name, list_name)


__all__ = ["PressureReport", "pressure_report", "ListingEvent", "MonthlyCount"]

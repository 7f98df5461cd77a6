"""Is pressure rising or falling, by authority and by nexus country?

`pressure_report(store)` gathers, for one regime: the monthly designations and delistings the
store's snapshots show (`timeline`), the OFAC monthly country panel (`panel`), a monthly trade
series to overlay (`trade`), and the indicators (`indicators`). Plain data; surfaces render it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from maxpressure.pressure import indicators as ind
from maxpressure.pressure.panel import PanelMonth, PanelSummary, country_series, read_panel, summarise
from maxpressure.pressure.timeline import MonthlyCount, listing_events, monthly_counts
from maxpressure.pressure.trade import DEFAULT_TRADE, TradeSeries, read_trade

if TYPE_CHECKING:  # pragma: no cover
    from maxpressure.store import Store

# The OFAC panel's name for each regime's target country.
PANEL_COUNTRY = {"dprk": "Korea, North"}
PANEL_NEXUS_COUNTRIES = ("China", "Hong Kong", "Russia")


@dataclass
class PressureReport:
    regime: str
    monthly: list[MonthlyCount]
    ofac_panel: list[PanelMonth]
    ofac_panel_summary: list[PanelSummary]
    trade: TradeSeries | None
    indicators: ind.Indicators

    def to_json(self) -> dict:
        return {
            "regime": self.regime,
            "monthly": [m.to_json() for m in self.monthly],
            "ofac_panel": [row.to_json() for row in self.ofac_panel],
            "ofac_panel_summary": [s.to_json() for s in self.ofac_panel_summary],
            "trade": self.trade.to_json() if self.trade else None,
            "indicators": self.indicators.to_json(),
        }


def pressure_report(store: "Store", regime: str = "dprk", trade_path: Path | None = DEFAULT_TRADE,
                    cache_dir: Path | None = None) -> PressureReport:
    from maxpressure.reconcile import reconcile_store

    events = listing_events(store, regime)
    reconciled = reconcile_store(store, cache_dir=cache_dir, full_entries=False)
    authorities = sorted({e.authority for e in reconciled.entries})
    first_seen = {s.list: store.first_seen(s.list) for s in store.latest_snapshots()}
    indicators = ind.Indicators(
        regime=regime,
        un_designations_mirrored_share=ind.un_designations_mirrored_share(reconciled, regime, authorities),
        median_days_to_follow_un=ind.median_days_to_follow_un(reconciled, regime, first_seen),
        designations_with_china_nexus_per_quarter=ind.designations_with_china_nexus_per_quarter(events),
    )
    panel = read_panel()
    countries = [c for c in (PANEL_COUNTRY.get(regime), *PANEL_NEXUS_COUNTRIES) if c]
    return PressureReport(
        regime=regime,
        monthly=monthly_counts(events),
        ofac_panel=[row for c in countries for row in country_series(panel, c)],
        ofac_panel_summary=[summarise(panel, c) for c in countries],
        trade=read_trade(trade_path) if trade_path else None,
        indicators=indicators,
    )

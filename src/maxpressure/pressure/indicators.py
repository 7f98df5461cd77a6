"""Pressure indicators, each named after what it means; what cannot be measured says so.

- `un_designations_mirrored_share`: of the UN's designations under a regime, the share each other
  authority also lists (through reconciliation, implementing lists and aliases; from the gaps).
- `median_days_to_follow_un`: for entities an authority shares with the UN, the median days from
  the UN's designation to the authority's own, where both dates are real designation dates. An
  authority whose entries implement the UN's designation copies the UN's date (the UK's summary
  list): its lag is not measurable from the list, and is reported as such, not as 0.
- `months_since_last_designation`: per authority, its newest designation under the regime and the
  months from it to its newest snapshot (the UN has designated nobody under the DPRK regime since
  30 March 2018).
- `china_nexus_share_per_year`: of each authority's own designations per year whose entry records
  any country, the share that names China or Hong Kong (nationality, address, registration,
  flag). Entries with no country at all (the UK summary list records none) are counted apart.
- `trade_against_baselines`: China-DPRK trade in the latest year (and latest 12 months where the
  monthly series is complete) against the 2016 level, before the UN's sectoral caps, and against
  the lowest year of the sanctions era.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from statistics import median
from typing import TYPE_CHECKING, Iterable

from maxpressure.pressure.timeline import ListingEvent

if TYPE_CHECKING:  # pragma: no cover
    from maxpressure.pressure.trade import TradeSeries
    from maxpressure.reconcile.gaps import Gap

UN = "un"
# The year before UNSCR 2321 (30 Nov 2016) capped the DPRK's coal exports, then 2371 and 2397
# banned its main exports: trade at its pre-cap level.
PRE_CAP_YEAR = 2016
# The sanctions era begins with the year after UNSCR 2397 (22 Dec 2017).
SANCTIONS_ERA_FROM = 2018
NOT_MEASURABLE = "not measurable"


@dataclass(frozen=True, slots=True)
class MirrorShare:
    authority: str
    un_entries: int
    mirrored: int

    @property
    def share(self) -> float | None:
        return self.mirrored / self.un_entries if self.un_entries else None

    def text(self) -> str:
        if self.share is None:
            return f"{NOT_MEASURABLE}: no UN designation loaded"
        return f"{self.mirrored}/{self.un_entries} ({self.share:.0%})"

    def to_json(self) -> dict:
        return {"authority": self.authority, "un_entries": self.un_entries, "mirrored": self.mirrored,
                "share": round(self.share, 4) if self.share is not None else None, "text": self.text()}


@dataclass(frozen=True, slots=True)
class FollowLag:
    authority: str
    pairs: int  # entities with a real designation date on both sides
    median_days: float | None
    before_un: int = 0  # of those, designated by the authority before the UN
    copied_un_date: int = 0  # shared entities whose entry implements the UN's designation
    reason: str = ""  # why it is not measurable

    def text(self) -> str:
        if self.median_days is None:
            return f"{NOT_MEASURABLE}: {self.reason}"
        return (f"median {self.median_days:+.0f} days over {self.pairs} entities "
                f"({self.before_un} designated before the UN)")

    def to_json(self) -> dict:
        return {"authority": self.authority, "pairs": self.pairs, "median_days": self.median_days,
                "before_un": self.before_un, "copied_un_date": self.copied_un_date,
                "measurable": self.median_days is not None, "reason": self.reason, "text": self.text()}


@dataclass(frozen=True, slots=True)
class LastDesignation:
    authority: str
    last: date | None
    as_of: date | None  # the newest snapshot of the authority's lists
    months: int | None

    def text(self) -> str:
        if self.last is None or self.months is None:
            return f"{NOT_MEASURABLE}: no dated designation under the regime"
        return f"{self.months} months since {self.last.isoformat()} (as of the list of {self.as_of.isoformat()})"

    def to_json(self) -> dict:
        return {"authority": self.authority, "last": self.last.isoformat() if self.last else None,
                "as_of": self.as_of.isoformat() if self.as_of else None, "months": self.months,
                "text": self.text()}


@dataclass(frozen=True, slots=True)
class NexusYear:
    authority: str
    year: int
    designations: int
    with_country: int  # of those, entries that record any country
    china: int

    @property
    def share(self) -> float | None:
        return self.china / self.with_country if self.with_country else None

    def text(self) -> str:
        if self.share is None:
            return f"{self.year}: {NOT_MEASURABLE} ({self.designations} with no country recorded)"
        unknown = self.designations - self.with_country
        return f"{self.year}: {self.china}/{self.with_country}" + (f" (+{unknown} with no country)" if unknown else "")

    def to_json(self) -> dict:
        return {"authority": self.authority, "year": self.year, "designations": self.designations,
                "with_country": self.with_country, "china": self.china,
                "share": round(self.share, 4) if self.share is not None else None, "text": self.text()}


@dataclass(frozen=True, slots=True)
class TradeIndicator:
    column: str
    latest_label: str | None  # "2025" or "2025-01..2025-12"
    latest: float | None
    pre_cap: float | None  # the 2016 total
    trough_label: str | None
    trough: float | None
    reason: str = ""

    def ratio(self, baseline: float | None) -> float | None:
        return self.latest / baseline if self.latest is not None and baseline else None

    def text(self) -> str:
        if self.latest is None:
            return f"{NOT_MEASURABLE}: {self.reason}"
        parts = [f"{self.latest_label}: ${self.latest / 1e6:,.0f} M"]
        if (r := self.ratio(self.pre_cap)) is not None:
            parts.append(f"{r:.0%} of the {PRE_CAP_YEAR} pre-cap level (${self.pre_cap / 1e6:,.0f} M)")
        if (r := self.ratio(self.trough)) is not None:
            parts.append(f"{r:.1f}x the sanctions-era trough ({self.trough_label}: ${self.trough / 1e6:,.0f} M)")
        return "; ".join(parts)

    def to_json(self) -> dict:
        return {"column": self.column, "latest_label": self.latest_label, "latest": self.latest,
                "pre_cap_year": PRE_CAP_YEAR, "pre_cap": self.pre_cap, "trough_label": self.trough_label,
                "trough": self.trough, "vs_pre_cap": self.ratio(self.pre_cap),
                "vs_trough": self.ratio(self.trough), "reason": self.reason, "text": self.text()}


@dataclass(slots=True)
class Indicators:
    regime: str
    un_designations_mirrored_share: list[MirrorShare] = field(default_factory=list)
    median_days_to_follow_un: list[FollowLag] = field(default_factory=list)
    months_since_last_designation: list[LastDesignation] = field(default_factory=list)
    china_nexus_share_per_year: list[NexusYear] = field(default_factory=list)
    designations_with_china_nexus_per_quarter: dict[str, dict[str, int]] = field(default_factory=dict)
    trade: list[TradeIndicator] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "regime": self.regime,
            "un_designations_mirrored_share": [m.to_json() for m in self.un_designations_mirrored_share],
            "median_days_to_follow_un": [lag.to_json() for lag in self.median_days_to_follow_un],
            "months_since_last_designation": [m.to_json() for m in self.months_since_last_designation],
            "china_nexus_share_per_year": [n.to_json() for n in self.china_nexus_share_per_year],
            "designations_with_china_nexus_per_quarter": self.designations_with_china_nexus_per_quarter,
            "trade": [t.to_json() for t in self.trade],
        }


def _un_gaps(gaps: Iterable["Gap"]) -> list["Gap"]:
    """Entities the UN designates on its own list (not only through an implementing list)."""
    return [g for g in gaps if any(m.authority == UN and m.via == "entry" for m in g.members)]


def un_designations_mirrored_share(gaps: list["Gap"], authorities: Iterable[str]) -> list[MirrorShare]:
    un = _un_gaps(gaps)
    return [MirrorShare(a, len(un), sum(1 for g in un if a in g.listed_by))
            for a in sorted(set(authorities) - {UN})]


def median_days_to_follow_un(gaps: list["Gap"], authorities: Iterable[str]) -> list[FollowLag]:
    found = []
    un = [g for g in gaps if UN in g.listed_by and g.listed_by[UN].exact and g.listed_by[UN].precision == "day"]
    for authority in sorted(set(authorities) - {UN}):
        lags, copied = [], 0
        for gap in un:
            own = [m for m in gap.members if m.authority == authority and not m.implements]
            if not own and any(m.authority == authority for m in gap.members):
                copied += 1
                continue
            dated = [m.date.day for m in own if m.date.exact and m.date.precision == "day"]
            if dated:
                lags.append((min(dated) - gap.listed_by[UN].day).days)
        if lags:
            found.append(FollowLag(authority, len(lags), float(median(lags)), sum(1 for d in lags if d < 0), copied))
        else:
            reason = (f"its {copied} entries shared with the UN implement the UN's designation and copy its date"
                      if copied else "no shared entity with a designation date on both sides")
            found.append(FollowLag(authority, 0, None, 0, copied, reason))
    return found


def months_since_last_designation(events: Iterable[ListingEvent], as_of: dict[str, date | None]) -> list[LastDesignation]:
    last: dict[str, date] = {}
    for e in events:
        if e.kind == "designation" and e.own and e.date.exact and e.day:
            last[e.authority] = max(last.get(e.authority, e.day), e.day)
    found = []
    for authority in sorted(as_of):
        newest, seen = last.get(authority), as_of[authority]
        months = (seen.year - newest.year) * 12 + seen.month - newest.month if newest and seen else None
        found.append(LastDesignation(authority, newest, seen, months))
    return found


def china_nexus_share_per_year(events: Iterable[ListingEvent]) -> list[NexusYear]:
    totals: Counter[tuple[str, int]] = Counter()
    located: Counter[tuple[str, int]] = Counter()
    china: Counter[tuple[str, int]] = Counter()
    for e in events:
        if e.kind != "designation" or not e.own or e.month is None:
            continue
        key = (e.authority, int(e.month[:4]))
        totals[key] += 1
        located[key] += bool(e.countries)
        china[key] += "china" in e.nexus
    return [NexusYear(a, y, n, located[(a, y)], china[(a, y)]) for (a, y), n in sorted(totals.items())]


def designations_with_china_nexus_per_quarter(events: Iterable[ListingEvent]) -> dict[str, dict[str, int]]:
    """authority -> quarter -> own designations with a China/Hong Kong nexus (dated to the quarter)."""
    counts: Counter[tuple[str, str]] = Counter(
        (e.authority, e.quarter) for e in events
        if e.kind == "designation" and e.own and e.quarter and "china" in e.nexus
    )
    result: dict[str, dict[str, int]] = defaultdict(dict)
    for (authority, quarter), count in sorted(counts.items()):
        result[authority][quarter] = count
    return dict(result)


def trade_against_baselines(monthly: "TradeSeries | None", annual: "TradeSeries | None",
                            column: str = "total_usd") -> TradeIndicator:
    """The latest trade against the pre-cap year and the sanctions-era trough (annual totals;
    the latest 12 months instead when the monthly series has a figure for each of them)."""
    years = {int(m.month[:4]): m.values.get(column) for m in annual.months} if annual else {}
    years = {y: v for y, v in years.items() if v is not None}
    if not years:
        return TradeIndicator(column, None, None, None, None, None, "no annual trade series")
    era = {y: v for y, v in years.items() if y >= SANCTIONS_ERA_FROM}
    trough_year = min(era, key=era.get) if era else None
    latest_year = max(years)
    label, latest = str(latest_year), years[latest_year]
    if monthly and (window := _latest_full_12_months(monthly, column)):
        label, latest = window
    return TradeIndicator(column, label, latest, years.get(PRE_CAP_YEAR),
                          str(trough_year) if trough_year else None, era.get(trough_year))


def _latest_full_12_months(series: "TradeSeries", column: str) -> tuple[str, float] | None:
    months = [m for m in series.months if m.values.get(column) is not None]
    if len(months) < 12:
        return None
    last12 = months[-12:]
    first_y, first_m = map(int, last12[0].month.split("-"))
    last_y, last_m = map(int, last12[-1].month.split("-"))
    if (last_y - first_y) * 12 + last_m - first_m != 11:
        return None  # a month in between has no figure: the 12 months are not complete
    return f"{last12[0].month}..{last12[-1].month}", sum(m.values[column] for m in last12)

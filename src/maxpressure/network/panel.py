"""Facts of the UN Panel of Experts: which report names a party, and when that became public.

The bundled Panel dataset (data/network/panel-of-experts, loaded by `loading.load_bundled_datasets` as the FtM dataset
`PANEL_DATASET`) tags each of a party's notes with the report it comes from ("[S/2019/171] ...").
"Named by the Panel in report R" is a dated relation: the party is joined to a node standing for
the report (a shared-identifier node of kind `panel_report`), known from the report's date
(`reports.csv`: publication, or the document date where no release date was found). A tag that
is not a Panel report symbol (a 1718 Committee designation round, a US advisory) is not a Panel
fact and makes no such link.

A relation the dataset states (an UnknownLink, an Ownership ...) carries no report of its own, only
the page it comes from (`sourceUrl`) and the day of the activity (`startDate`, not when it became
known). It is known from report R when a note of one of its ends tagged [R] cites that same page:
the compiler took the relation and the note from one page quoting R (`relation_report`). A
relation no Panel report dates is undated, and a backtest leaves it out.

A ship-to-ship transfer the Panel reports between two vessels is evidence of conduct, like an AIS
encounter (`relation_kind`: `met_at_sea`); any other stated link keeps its FtM kind.

The Panel's entries designate nobody: the dataset says who the Panel named, not who was listed.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from functools import lru_cache
from typing import Iterable

from maxpressure.data.network import NETWORK_DATA_DIR
from maxpressure.model import PANEL_DATASET

PANEL_DIR = NETWORK_DATA_DIR / "panel-of-experts"
PANEL_FILE = PANEL_DIR / "parties.ftm.json"

__all__ = ["PANEL_DATASET", "report_dates", "reports_naming", "first_source_url", "relation_report",
           "relation_kind"]

_TAG = re.compile(r"^\[([^\]]+)\]")
_SYMBOL = re.compile(r"S/\d{4}/\d+")
_CITED_PAGE = re.compile(r"<([^>]+)>\s*$")
# How the dataset credits a relation to a source other than the report its page quotes: a
# research firm, a registry, unnamed officials, a member state's proposal, a US sanctions basis.
_OTHER_SOURCE = re.compile(r"\((?:[^)]*\b(?:Sayari|Equasis|security sources|per US proposal|US sanctions basis|"
                           r"UN listing)\b[^)]*)\)", re.IGNORECASE)
# The words the dataset uses for a transfer of cargo between two vessels at sea.
_SHIP_TO_SHIP = re.compile(r"\bship-to-ship\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def report_dates() -> dict[str, date]:
    """Panel report symbol -> the day it became known (reports.csv, each row with its source)."""
    with open(PANEL_DIR / "reports.csv", newline="", encoding="utf-8") as handle:
        return {row["symbol"]: date.fromisoformat(row["known_on"]) for row in csv.DictReader(handle)}


def reports_naming(notes: Iterable[str]) -> list[tuple[str, date | None]]:
    """(report symbol, date it became known) for every Panel report a party's notes cite."""
    found: dict[str, date | None] = {}
    for note in notes:
        tag = _TAG.match(note)
        if tag is None or tag.group(1).lower().startswith("submitted"):
            continue  # untagged, or material submitted to the Panel, not its finding
        for symbol in _SYMBOL.findall(tag.group(1)):
            found.setdefault(symbol, report_dates().get(symbol))
    return sorted(found.items())


def first_source_url(urls: Iterable[str]) -> str | None:
    """The first public page among an entity's sources (a local file reference is no citation)."""
    for url in urls:
        if url.startswith(("http://", "https://")):
            return url
    return None


def relation_report(source_urls: Iterable[str], end_notes: Iterable[str],
                    describing: Iterable[str] = ()) -> tuple[str, date] | None:
    """(report, the day it became known) a Panel relation comes from: the earliest dated report
    tagging a note of one of its ends that cites one of the relation's pages (module doc). None
    when the relation credits another source in its own words ("public-record ties (Sayari)"):
    the page quotes the report, but that link is the other source's, not the Panel's."""
    if any(_OTHER_SOURCE.search(text) for text in describing):
        return None
    pages = set(source_urls)
    found: list[tuple[date, str]] = []
    for note in end_notes:
        page = _CITED_PAGE.search(note)
        if page is None or page.group(1) not in pages:
            continue
        found.extend((day, symbol) for symbol, day in reports_naming([note]) if day is not None)
    if not found:
        return None
    day, symbol = min(found)
    return symbol, day


def relation_kind(schema: str, describing: Iterable[str], end_schemas: Iterable[str], default: str) -> str:
    """`met_at_sea` for a ship-to-ship transfer between two vessels, else `default` (the FtM kind)."""
    ends = list(end_schemas)
    if (schema == "UnknownLink" and len(ends) == 2 and all(s == "Vessel" for s in ends)
            and any(_SHIP_TO_SHIP.search(text) for text in describing)):
        return "met_at_sea"
    return default

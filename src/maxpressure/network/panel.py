"""Facts of the UN Panel of Experts: which report names a party, and when that became public.

The bundled Panel dataset (data/network/panel-of-experts, loaded by `loading.load_bundled_datasets` as the FtM dataset
`PANEL_DATASET`) tags each of a party's notes with the report it comes from ("[S/2019/171] ...").
"Named by the Panel in report R" is a dated relation: the party is joined to a node standing for
the report (a shared-identifier node of kind `panel_report`), known from the report's date
(`reports.csv`: publication, or the document date where no release date was found). A tag that
is not a Panel report symbol (a 1718 Committee designation round, a US advisory) is not a Panel
fact and makes no such link.

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

__all__ = ["PANEL_DATASET", "report_dates", "reports_naming", "first_source_url"]

_TAG = re.compile(r"^\[([^\]]+)\]")
_SYMBOL = re.compile(r"S/\d{4}/\d+")


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

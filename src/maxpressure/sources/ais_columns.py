"""What an AIS file is: its kind (Parquet, raw NMEA or CSV) from its first bytes, and which of its
columns hold the canonical fields, from the header spellings seen in the wild."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

from maxpressure.errors import InputError
from maxpressure.sources.files import read_head

# Canonical column -> header spellings seen in the wild, compared lowercased with every
# non-alphanumeric character removed ("# Timestamp" -> "timestamp", "ais_pos_timestamp" -> ...).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "mmsi": ("mmsi", "id", "shipid", "vesselid", "ssvid", "userid", "sourcemmsi"),
    "time": ("basedatetime", "timestamp", "aispostimestamp", "time", "datetime", "ts", "t",
             "postime", "timestamputc", "datetimeutc", "msgtime"),
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "long", "longitude", "lng", "x"),
    "sog": ("sog", "speed", "speedoverground", "speedknots"),
    "cog": ("cog", "course", "courseoverground"),
    "heading": ("heading", "trueheading", "hdg"),
    "name": ("vesselname", "name", "shipname"),
    "imo": ("imo", "imonumber", "imono"),
    "callsign": ("callsign", "call_sign", "callsignal"),
    "flag": ("flag", "flagcountry", "flagstate"),
    "vessel_type": ("vesseltype", "shiptype", "typeofship", "shiptypeandcargo"),
    # GFW track exports carry the MMSI only inside the segment id ("244030457-2017-05-22T...-1")
    "segment": ("segid",),
    # the Danish Maritime Authority's "Type of mobile": Class A, Class B, Base Station, AtoN, ...
    "mobile_type": ("typeofmobile",),
}
REQUIRED = ("mmsi", "time", "lat", "lon")
# Header spellings of a real MMSI, which is then checked; "id", "shipid" and "vesselid" are
# often a data set's own anonymised number (the Suez sample's 1, 2, 3 ...) and are kept as they are.
MMSI_NAMED = ("mmsi", "ssvid", "userid", "sourcemmsi")
# Where a layout has no MMSI column, the column it can be read from.
MMSI_FROM = {"segment": "the MMSI before the first '-' of the GFW segment id"}


def _header_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def is_mmsi_column(name: str) -> bool:
    return _header_key(name) in MMSI_NAMED


def map_columns(header: Sequence[str]) -> dict[str, str]:
    """Canonical column -> the file's own column name, for the columns the file has."""
    by_key = {_header_key(h): h for h in header}
    found: dict[str, str] = {}
    for canonical, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if alias in by_key:
                found[canonical] = by_key[alias]
                break
    return found


def layout_name(header: Sequence[str]) -> str:
    keys = {_header_key(h) for h in header}
    if {"basedatetime", "vesselname", "transceiverclass"} <= keys:
        return "marinecadastre"
    if "typeofmobile" in keys:
        return "dma"
    if "segid" in keys:
        return "gfw"
    if "msgtime" in keys:
        return "barentswatch"
    return "generic"


def file_kind(path: Path) -> str:
    """'parquet', 'nmea' or 'csv', from the first bytes (never from the extension alone)."""
    head = read_head(path, 4096)
    if not head.strip():
        raise InputError(path, "file is empty")
    if head.startswith(b"PAR1"):
        return "parquet"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith((b"!", b"\\", b"$")) or b"!AIVDM" in text[:400] or b"!AIVDO" in text[:400]:
        return "nmea"
    return "csv"

"""The header search: any list id, any identifier, any name, of any schema, each hit saying why.

A list id is what an analyst copies from a notice (`KPi.033`, OFAC's `9345`, the UK's
`DPR0157`), and the name screening must not answer it with a name that merely looks like it
(`KPi.033` is not KISH P AND I CLUB). So exact list ids come first, then entries holding the
text as an identifier (an IMO number, written `IMO 8660313`, `IMO8660313` or `8660313`; a
passport), then entries whose name, alias or caption contains it. Every result carries
`matched`, the words for why it was found.
"""

from __future__ import annotations

import re
from typing import Any

from maxpressure.model import Entry, designates
from maxpressure.store import Store

_IMO = re.compile(r"^\s*(?:IMO)?\s*(\d{7})\s*$", re.IGNORECASE)
# Shorter texts are too common inside other values to be read as identifiers.
MIN_IDENTIFIER_CHARS = 4
# Entries whose JSON holds the text somewhere, checked one by one for an identifier holding it.
IDENTIFIER_CANDIDATES = 200


def search(store: Store, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """Entries of the newest snapshots found by list id, identifier or name, best reason first."""
    text = text.strip()
    if not text:
        return []
    imo = _IMO.match(text)
    needle = imo.group(1) if imo else text
    found: dict[str, dict[str, Any]] = {}
    # Identifiers hold digits; a plain word is not worth a scan of every entry's values.
    scan_values = len(needle) >= MIN_IDENTIFIER_CHARS and any(c.isdigit() for c in needle)
    for how, entry in store.find_by_id(needle, IDENTIFIER_CANDIDATES, values=scan_values):
        if how == "list id":
            found.setdefault(entry.entity_id, _row(entry, "list id", f"list id {entry.list}:{entry.list_id}"))
        elif held := identifier_holding(entry, needle):
            found.setdefault(entry.entity_id, _row(entry, "identifier", f"{held[0]} {held[1]}"))
    for row in store.search(text, limit):
        found.setdefault(row["entity_id"], row | {"how": "name", "matched": _name_reason(row, text)})
    # A list entry before a Panel record of the same thing: the analyst searching asks who designates it.
    return sorted(found.values(), key=lambda row: not designates(row["list"]))[:limit]


def identifier_holding(entry: Entry, text: str) -> tuple[str, str] | None:
    """(property label, value) of the entry's identifier equal to the text, ignoring case,
    spaces and punctuation, and an `IMO` prefix; None when only other text holds it."""
    wanted = _compact(text)
    for entity in entry.entities:
        for prop_name, values in entity.properties.items():
            prop = entity.schema.properties.get(prop_name)
            if prop is None or prop.type.name != "identifier":
                continue
            for value in values:
                compact = _compact(value)
                if compact == wanted or (compact.startswith("imo") and compact[3:] == wanted):
                    label = prop.label if entity is entry.entity else f"{entity.schema.label} {prop.label}"
                    return label, value
    return None


def _compact(value: str) -> str:
    return "".join(c for c in value.casefold() if c.isalnum())


def _row(entry: Entry, how: str, matched: str) -> dict[str, Any]:
    return {"entity_id": entry.entity_id, "list": entry.list, "list_id": entry.list_id, "schema": entry.schema,
            "caption": entry.caption, "listed_on": entry.listed_on, "programs": list(entry.programs),
            "how": how, "matched": matched}


def _name_reason(row: dict[str, Any], text: str) -> str:
    if text.casefold() in (row["caption"] or "").casefold():
        return f"name contains “{text}”"
    if text.casefold() in (row["list_id"] or "").casefold():
        return f"list id {row['list']}:{row['list_id']} contains “{text}”"
    return f"an alias contains “{text}”"

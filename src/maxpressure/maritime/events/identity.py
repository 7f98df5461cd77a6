"""identity_change: one IMO number seen with a new MMSI, name, call sign or flag; or a name taken
from another vessel.

Rules:
- ``imo``: the identities broadcast with one valid IMO number (check digit passes; 0 and
  placeholders are not numbers) differ in MMSI, name, call sign or flag (the flag an MMSI claims,
  or a flag column). Identity laundering and flag hopping both show up here.
- ``name_taken``: a vessel that had another name starts broadcasting a name that a different vessel
  (different MMSI and IMO) broadcast before it: the painted-over name of cases 4, 7 and 12.

Identities are few (one row per distinct broadcast identity), so the kernel sees them all at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyarrow as pa

from maxpressure.maritime.flags import flag_of


@dataclass(frozen=True)
class IdentityParams:
    min_name_length: int = 3  # "A", "NA" and the like are placeholders, not names


SCHEMA = pa.schema([
    ("kind", pa.string()), ("imo", pa.string()), ("mmsis", pa.string()), ("start_ts", pa.int64()),
    ("end_ts", pa.int64()), ("changed", pa.string()), ("names", pa.string()), ("callsigns", pa.string()),
    ("flags", pa.string()),
])


def valid_imo(imo: str | None) -> bool:
    """IMO numbers end in a check digit: sum of the first six digits weighted 7..2, mod 10."""
    if not imo or len(imo) != 7 or not imo.isdigit() or imo == "0000000":
        return False
    return sum(int(d) * w for d, w in zip(imo[:6], range(7, 1, -1))) % 10 == int(imo[6])


def _join(values) -> str:
    return " | ".join(sorted({v for v in values if v}))


def identity_kernel(table: pa.Table, params: IdentityParams = IdentityParams()) -> pa.Table:
    rows = table.to_pylist()
    for row in rows:
        row["flag"] = row.get("flag") or flag_of(row["mmsi"])
        row["first_ts"] = row["first_ts"] if row["first_ts"] is not None else 0
        row["last_ts"] = row["last_ts"] if row["last_ts"] is not None else row["first_ts"]
    out: list[dict] = []
    by_imo: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if valid_imo(row["imo"]):
            by_imo[row["imo"]].append(row)
    for imo, group in sorted(by_imo.items()):
        changed = [attr for attr in ("mmsi", "name", "callsign", "flag")
                   if len({r[attr] for r in group if r[attr]}) > 1]
        if changed:
            out.append(_event("imo", imo, group, changed))
    out.extend(_names_taken(rows, params))
    if not out:
        return SCHEMA.empty_table()
    return pa.Table.from_pylist(out, schema=SCHEMA)


def _event(kind: str, imo: str | None, group: list[dict], changed: list[str]) -> dict:
    return {
        "kind": kind, "imo": imo, "mmsis": _join(r["mmsi"] for r in group),
        "start_ts": min(r["first_ts"] for r in group), "end_ts": max(r["last_ts"] for r in group),
        "changed": ",".join(changed), "names": _join(r["name"] for r in group),
        "callsigns": _join(r["callsign"] for r in group), "flags": _join(r["flag"] for r in group),
    }


def _names_taken(rows: list[dict], params: IdentityParams) -> list[dict]:
    first_use: dict[tuple[str, str], dict] = {}
    for row in sorted(rows, key=lambda r: (r["first_ts"], r["mmsi"])):
        name = row["name"]
        if name and len(name) >= params.min_name_length:
            first_use.setdefault((row["mmsi"], name), row)
    names_of: dict[str, list[dict]] = defaultdict(list)
    for (mmsi, _), row in first_use.items():
        names_of[mmsi].append(row)
    users: dict[str, list[dict]] = defaultdict(list)
    for (_, name), row in first_use.items():
        users[name].append(row)
    out = []
    for mmsi, history in sorted(names_of.items()):
        history.sort(key=lambda r: r["first_ts"])
        for earlier, later in zip(history, history[1:]):
            owners = [r for r in users[later["name"]]
                      if r["mmsi"] != mmsi and r["first_ts"] < later["first_ts"]
                      and (r["imo"] or None) != (later["imo"] or None)]
            if owners:
                group = [earlier, later, owners[0]]
                out.append(_event("name_taken", later["imo"], group, ["name"]))
    return out

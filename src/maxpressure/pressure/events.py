"""Events that change a sanctions regime (resolutions, vetoes, the end of a mandate), to draw on
the pressure charts. The bundled DPRK table cites a source for every row
(`data/designations/regime_events.csv`); a user's table must too.

Columns: `date` (YYYY-MM-DD), `regime`, `authority`, `kind`, `label`, `source_url`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from maxpressure.data import DATA_DIR
from maxpressure.errors import InputError
from maxpressure.sources.files import decode_text, read_bytes

DEFAULT_EVENTS = DATA_DIR / "designations" / "regime_events.csv"
REQUIRED = ("date", "regime", "authority", "kind", "label", "source_url")


@dataclass(frozen=True, slots=True)
class RegimeEvent:
    day: date
    regime: str
    authority: str
    kind: str  # resolution | veto | mandate_end | regime
    label: str
    source_url: str

    def to_json(self) -> dict:
        return {"date": self.day.isoformat(), "regime": self.regime, "authority": self.authority,
                "kind": self.kind, "label": self.label, "source_url": self.source_url}


def read_events(path: Path = DEFAULT_EVENTS, regime: str | None = None) -> list[RegimeEvent]:
    reader = csv.DictReader(io.StringIO(decode_text(read_bytes(path), path)))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(path, f"an events table needs the columns {', '.join(missing)}", line=1)
    events = []
    for line, row in enumerate(reader, start=2):
        try:
            day = date.fromisoformat((row["date"] or "").strip())
        except ValueError:
            raise InputError(path, f"date must be YYYY-MM-DD, got {row['date']!r}", line=line) from None
        if not (row["source_url"] or "").strip():
            raise InputError(path, "every event needs a source_url", line=line)
        if regime is None or row["regime"].strip() == regime:
            events.append(RegimeEvent(day, row["regime"].strip(), row["authority"].strip(),
                                      row["kind"].strip(), row["label"].strip(), row["source_url"].strip()))
    return sorted(events, key=lambda e: e.day)

"""The bundled default data: real list snapshots, the ports gazetteer, the pressure series.

Everything a fresh install needs to work offline. Files are compressed; parsers read `.gz`
transparently. See SOURCES.md in this folder for where each file came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

DATA_DIR = Path(__file__).parent
LISTS_DIR = DATA_DIR / "lists"
PRESSURE_DIR = DATA_DIR / "pressure"


# What an analyst must know about a bundled snapshot to read it right, said wherever the snapshot
# shows (`init`, the changes page). Keyed by (list, as of).
_SNAPSHOT_NOTES = {
    ("us_ofac_sdn", "2024-05-03"): (
        "its alt, add and sdn_comments files are a newer copy (on or before 2025-12-24) than its "
        "sdn.csv, because no matching 2024 set is public; the rows of those files that name an entry "
        "the 2024 sdn.csv does not hold (most added by OFAC after 2024-05-03) are left out, as "
        "expected. The matching 2021-07-07 set loads without such rows. Sources: "
        "src/maxpressure/data/SOURCES.md."),
}


@dataclass(frozen=True)
class BundledSnapshot:
    list: str
    as_of: date
    files: tuple[Path, ...]

    @property
    def note(self) -> str | None:
        return _SNAPSHOT_NOTES.get((self.list, self.as_of.isoformat()))


def bundled_snapshots() -> list[BundledSnapshot]:
    """Every bundled snapshot, oldest first within each list: lists/<list>/<date>/<files>."""
    found = []
    for list_dir in sorted(p for p in LISTS_DIR.iterdir() if p.is_dir()):
        for snap_dir in sorted(p for p in list_dir.iterdir() if p.is_dir()):
            files = tuple(sorted(p for p in snap_dir.iterdir() if p.is_file()))
            found.append(BundledSnapshot(list_dir.name, date.fromisoformat(snap_dir.name), files))
    return sorted(found, key=lambda s: (s.as_of, s.list))


def bundled_file(list_name: str, as_of: str, filename: str) -> Path:
    """Path of one bundled list file, e.g. bundled_file("un_sc", "2026-02-27", "UN_consolidated.xml.gz")."""
    return LISTS_DIR / list_name / as_of / filename


def bundled_note(list_name: str, as_of: date | None, source_files: list[str]) -> str | None:
    """The note of a stored snapshot that was loaded from the bundled files; None for any other,
    including a user's own file of the same list and day."""
    note = _SNAPSHOT_NOTES.get((list_name, as_of.isoformat() if as_of else ""))
    if note is None or not source_files:
        return None
    bundled = DATA_DIR.resolve()
    return note if all(Path(f).resolve().is_relative_to(bundled) for f in source_files) else None

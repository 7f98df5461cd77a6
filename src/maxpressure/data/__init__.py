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


@dataclass(frozen=True)
class BundledSnapshot:
    list: str
    as_of: date
    files: tuple[Path, ...]


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

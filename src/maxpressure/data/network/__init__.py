"""Bundled FtM datasets of network evidence (see SOURCES.md in each folder)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from maxpressure.model import PANEL_DATASET

NETWORK_DATA_DIR = Path(__file__).parent


@dataclass(frozen=True)
class BundledDataset:
    name: str
    as_of: date  # the day the dataset was compiled
    files: tuple[Path, ...]


def bundled_datasets() -> list[BundledDataset]:
    return [BundledDataset(PANEL_DATASET, date(2026, 12, 3),
                           (NETWORK_DATA_DIR / "panel-of-experts" / "parties.ftm.json",))]

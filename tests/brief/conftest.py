"""Brief fixtures: a store with two real UN snapshots, and one with crafted hostile markup."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from maxpressure.config import Settings
from maxpressure.data import bundled_file
from maxpressure.sources import parse_files
from maxpressure.store import Store

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _home(root: Path, parsed: list) -> Settings:
    settings = Settings.from_home(root)
    with Store.open(settings) as store:
        store.write_snapshots(parsed)
    return settings


@pytest.fixture(scope="session")
def un_settings(tmp_path_factory) -> Settings:
    """UN 2017-07-03 and 2024-09-26: the UN added 56 DPRK entries between them."""
    parsed = [parse_files([bundled_file("un_sc", day, "consolidated.xml.gz")], "un_sc",
                          as_of=date.fromisoformat(day)) for day in ("2017-07-03", "2024-09-26")]
    return _home(tmp_path_factory.mktemp("brief-un"), parsed)


@pytest.fixture(scope="session")
def hostile_settings(tmp_path_factory) -> Settings:
    parsed = parse_files([FIXTURES / "web" / "hostile.ftm.json"], "ftm", as_of=date(2026, 1, 1))
    return _home(tmp_path_factory.mktemp("brief-hostile"), [parsed])

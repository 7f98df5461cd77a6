"""Web fixtures: a small real store (two UN snapshots), a hostile one, and clients over them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from maxpressure.config import Settings
from maxpressure.data import bundled_file
from maxpressure.sources import parse_files
from maxpressure.store import Store

FIXTURES = Path(__file__).parent.parent / "fixtures"
# The two UN snapshots between which the UN added 56 DPRK entries (issue 4's figure).
UN_SNAPSHOTS = [("2017-07-03", "consolidated.xml.gz"), ("2024-09-26", "consolidated.xml.gz")]


def _build(home: Path, parsed: list) -> Path:
    with Store.open(Settings.from_home(home)) as store:
        store.write_snapshots(parsed)
    return home


@pytest.fixture(scope="session")
def un_home(tmp_path_factory) -> Path:
    parsed = [parse_files([bundled_file("un_sc", day, name)], "un_sc", as_of=date.fromisoformat(day))
              for day, name in UN_SNAPSHOTS]
    return _build(tmp_path_factory.mktemp("un-home"), parsed)


@pytest.fixture(scope="session")
def hostile_home(tmp_path_factory) -> Path:
    """A store holding a crafted FtM file whose names and notes are HTML and script."""
    parsed = parse_files([FIXTURES / "web" / "hostile.ftm.json"], "ftm", as_of=date(2026, 1, 1))
    return _build(tmp_path_factory.mktemp("hostile-home"), [parsed])


def make_client(home: Path, token: str | None = None, background_jobs: bool = False) -> TestClient:
    """Slow analyses stay "not ready" unless asked for: no test leaves a thread running."""
    from maxpressure.web.mount import workbench_app

    app = workbench_app(Settings.from_home(home), token, background_jobs)
    return TestClient(app, base_url="http://127.0.0.1")


@pytest.fixture(scope="module")
def client(un_home) -> TestClient:
    with make_client(un_home) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def hostile_client(hostile_home) -> TestClient:
    with make_client(hostile_home) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def client_for():
    """`client_for(home, token=None)`: a TestClient over the app `maxpressure serve` runs."""
    return make_client

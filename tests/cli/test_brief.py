"""`maxpressure brief` on the command line."""

from __future__ import annotations

from datetime import date

import pytest

from maxpressure.config import Settings
from maxpressure.data import bundled_file
from maxpressure.sources import parse_files
from maxpressure.store import Store


@pytest.fixture(scope="module")
def un_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("cli-brief")
    parsed = parse_files([bundled_file("un_sc", "2024-09-26", "consolidated.xml.gz")], "un_sc",
                         as_of=date(2024, 9, 26))
    with Store.open(Settings.from_home(home)) as store:
        store.write_snapshot(parsed)
    return home


def test_brief_writes_the_file_it_names(run_cli, un_home, tmp_path):
    out = tmp_path / "brief.html"
    result = run_cli("brief", "--home", un_home, "--output", out)
    assert result.exit_code == 0, result.stderr
    assert "wrote" in result.stderr and out.exists()
    assert "155 reconciled entities" in out.read_text(encoding="utf-8")


def test_target_package_for_an_entity(run_cli, un_home, tmp_path):
    out = tmp_path / "komid.html"
    result = run_cli("brief", "--home", un_home, "--entity", "KPe.001", "--output", out)
    assert result.exit_code == 0, result.stderr
    assert "KOMID" in out.read_text(encoding="utf-8")


def test_unknown_entity_is_one_line_error(run_cli, un_home, tmp_path):
    result = run_cli("brief", "--home", un_home, "--entity", "NOPE.999", "--output", tmp_path / "x.html")
    assert result.exit_code == 4
    assert result.stderr.strip().splitlines() == ["maxpressure: error: no entry with id 'NOPE.999'"]

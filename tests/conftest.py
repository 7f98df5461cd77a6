"""Shared fixtures: a store holding every bundled real snapshot, and a way to run the CLI."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from maxpressure.config import Settings


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """Run `maxpressure ARGS...` in-process; returns exit code, stdout and stderr."""
    from maxpressure.cli import main

    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out = capsys.readouterr()
        return CliResult(code, out.out, out.err)

    return run


@pytest.fixture(scope="session")
def bundled_home(tmp_path_factory) -> Path:
    """A home directory whose store holds every bundled real snapshot (built once per run)."""
    from maxpressure.loading import load_bundled_default
    from maxpressure.store import Store

    home = tmp_path_factory.mktemp("bundled-home")
    with Store.open(Settings.from_home(home)) as store:
        load_bundled_default(store)
    return home


@pytest.fixture
def home_copy(bundled_home, tmp_path) -> Path:
    """A private copy of the bundled home, for tests that write to the store."""
    target = tmp_path / "home"
    shutil.copytree(bundled_home, target)
    return target


@pytest.fixture(scope="session")
def loaded_store(bundled_home):
    """A read-only Store over every bundled real snapshot."""
    from maxpressure.store import Store

    store = Store.open(Settings.from_home(bundled_home), read_only=True)
    yield store
    store.close()


@pytest.fixture(autouse=True)
def _no_user_home(monkeypatch, tmp_path):
    """No test may touch the user's real data directory."""
    if "MAXPRESSURE_HOME" not in os.environ:
        monkeypatch.setenv("MAXPRESSURE_HOME", str(tmp_path / "default-home"))

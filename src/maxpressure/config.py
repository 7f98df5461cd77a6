"""Where maxpressure keeps its files, and the settings that apply everywhere."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "MAXPRESSURE_HOME"
STORE_FILENAME = "store.duckdb"


def default_home() -> Path:
    """The platform data directory, unless MAXPRESSURE_HOME says otherwise."""
    if env := os.environ.get(HOME_ENV):
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "maxpressure"


@dataclass(frozen=True)
class Settings:
    home: Path

    @property
    def store_path(self) -> Path:
        return self.home / STORE_FILENAME

    @property
    def downloads(self) -> Path:
        return self.home / "downloads"

    @property
    def cache_dir(self) -> Path:
        """Derived data (reconciliation links, screening index, graph) keyed by snapshot ids."""
        return self.home / "cache"

    @classmethod
    def from_home(cls, home: str | Path | None = None) -> "Settings":
        path = Path(home).expanduser() if home else default_home()
        return cls(home=path)

"""From files on disk to snapshots in the store: grouping files by list, and the bundled default.

Parsing happens before anything is written, and everything one command loads is written in one
transaction, so a bad file anywhere leaves the store as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Sequence

from maxpressure.data import bundled_snapshots
from maxpressure.errors import InputError
from maxpressure.model import ParsedList
from maxpressure.sources import detect, parse_files
from maxpressure.sources.files import strip_name
from maxpressure.store import Snapshot, Store

# Files that belong to the OFAC legacy CSV set: they load together, as one snapshot.
OFAC_CSV_SET = {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"}

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LoadResult:
    written: list[Snapshot]
    unchanged: list[str]  # lists whose newest snapshot already held the same entries
    warnings: list[str] = field(default_factory=list)  # "<list>: <what the parser left out>"


def group_files(paths: Sequence[Path], list_name: str | None) -> list[tuple[str, list[Path]]]:
    """Split the paths into one group per list snapshot; a folder of OFAC CSV files is one group."""
    groups: dict[str, list[Path]] = {}
    singles: list[tuple[str, list[Path]]] = []
    for path in _expand(paths):
        if strip_name(path).lower() in OFAC_CSV_SET and list_name in (None, "us_ofac_sdn"):
            name = "us_ofac_sdn"  # alt/add/comments cannot be told apart from any CSV by content
        else:
            name = list_name or detect(path)
        if name == "us_ofac_sdn":
            groups.setdefault(f"{name}:{path.parent}", []).append(path)
        else:
            singles.append((name, [path]))
    grouped = [(key.split(":", 1)[0], files) for key, files in groups.items()]
    return grouped + singles


def parse_groups(
    paths: Sequence[Path], list_name: str | None = None, as_of: date | None = None,
    progress: Progress | None = None,
) -> list[ParsedList]:
    parsed = []
    for name, files in group_files(paths, list_name):
        if progress:
            progress(", ".join(strip_name(f) for f in files))
        result = parse_files(files, name, as_of=as_of)
        if not result.entries:
            raise InputError(files[0], "no entries found: nothing to load")
        if result.as_of is None:
            # Undated snapshots would date every new entry "on or before" nothing.
            raise InputError(files[0], f"{name} files carry no publication date: give --as-of YYYY-MM-DD")
        parsed.append(result)
    return parsed


def load_paths(
    store: Store, paths: Sequence[Path], list_name: str | None = None, as_of: date | None = None,
    force: bool = False, progress: Progress | None = None,
) -> LoadResult:
    parsed = parse_groups(paths, list_name, as_of, progress)
    fresh = [p for p in parsed if force or not store.holds_same_content(p)]
    unchanged = [p.list for p in parsed if p not in fresh]
    return LoadResult(store.write_snapshots(fresh) if fresh else [], unchanged, _warnings(parsed))


def load_bundled_default(store: Store, progress: Progress | None = None) -> LoadResult:
    """Every bundled real snapshot, oldest first, so history and changes work out of the box."""
    parsed = []
    for snapshot in bundled_snapshots():
        if progress:
            progress(f"{snapshot.list} {snapshot.as_of}")
        parsed.append(parse_files(list(snapshot.files), snapshot.list, as_of=snapshot.as_of))
    return LoadResult(store.write_snapshots(parsed), [], _warnings(parsed))


def load_bundled_datasets(store: Store, progress: Progress | None = None) -> LoadResult:
    """The bundled FtM datasets of network evidence (the UN Panel of Experts facts).

    Not part of `load_bundled_default` yet: gaps and screening still read every loaded dataset as
    a designating list (a Panel party reconciled to KOMID would show in its screening result, and
    gaps would count the Panel as an authority), so `init` cannot load it until they skip datasets
    that designate nobody (network.build.NOT_DESIGNATING).
    """
    from maxpressure.data.network import bundled_datasets
    from maxpressure.sources import ftm

    parsed = []
    for dataset in bundled_datasets():
        if progress:
            progress(f"{dataset.name} {dataset.as_of}")
        parsed.append(ftm.parse(list(dataset.files), as_of=dataset.as_of, dataset=dataset.name))
    fresh = [p for p in parsed if not store.holds_same_content(p)]
    return LoadResult(store.write_snapshots(fresh) if fresh else [], [p.list for p in parsed if p not in fresh],
                      _warnings(parsed))


def _warnings(parsed: list[ParsedList]) -> list[str]:
    return [f"{p.list} {p.as_of or ''}: {w}" for p in parsed for w in p.warnings]


def _expand(paths: Sequence[Path]) -> list[Path]:
    found = []
    for path in map(Path, paths):
        if not path.exists():
            raise InputError(path, "no such file or directory")
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            if not files:
                raise InputError(path, "folder holds no files")
            found.extend(files)
        else:
            found.append(path)
    return found

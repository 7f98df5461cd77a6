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
from maxpressure.sources.files import check_regular_file, strip_name
from maxpressure.store import Snapshot, Store

# Files that belong to the OFAC legacy CSV set: they load together, as one snapshot.
OFAC_CSV_SET = {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"}

Progress = Callable[[str], None]

# A refresh of an official list delists a handful of entries at a time (the UN's 2025 and 2026
# files removed 2 and 4 of ~880); a file that would delist more than this share of a list is far
# likelier cut short or the wrong file, and is refused unless the user says it really shrank.
MAX_REMOVED_SHARE = 0.05


@dataclass(frozen=True)
class LoadResult:
    written: list[Snapshot]
    unchanged: list[str]  # lists whose newest snapshot already held the same entries
    warnings: list[str] = field(default_factory=list)  # "<list>: <what the parser left out>"
    notes: list[str] = field(default_factory=list)  # "<list> <as of>: <what the bundled data's note says>"


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
    return [parsed for _, parsed in _parse_groups(paths, list_name, as_of, progress)]


def _parse_groups(
    paths: Sequence[Path], list_name: str | None, as_of: date | None, progress: Progress | None,
) -> list[tuple[Path, ParsedList]]:
    """(the group's first file as the user named it, what it parsed to) for every group."""
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
        parsed.append((files[0], result))
    return parsed


def load_paths(
    store: Store, paths: Sequence[Path], list_name: str | None = None, as_of: date | None = None,
    force: bool = False, progress: Progress | None = None, allow_shrink: bool = False,
) -> LoadResult:
    groups = _parse_groups(paths, list_name, as_of, progress)
    parsed = [result for _, result in groups]
    if not allow_shrink:
        for first_file, result in groups:
            check_shrink(store, result, first_file)
    fresh = [p for p in parsed if force or not store.holds_same_content(p)]
    unchanged = [p.list for p in parsed if p not in fresh]
    return LoadResult(store.write_snapshots(fresh) if fresh else [], unchanged, _warnings(parsed))


def check_shrink(store: Store, parsed: ParsedList, path: Path | None = None,
                 max_share: float = MAX_REMOVED_SHARE) -> None:
    """Refuse a snapshot that would delist more than `max_share` of the one it follows."""
    previous, gone = store.removals(parsed)
    if previous is None or gone <= max_share * previous.entries:
        return
    when = f" of {previous.as_of}" if previous.as_of else ""
    raise InputError(
        path or (parsed.source_files[0] if parsed.source_files else None),
        f"would remove {gone:,} of the {previous.entries:,} {parsed.list} entries of the snapshot{when} "
        f"({gone / previous.entries:.1%}, more than the {max_share:.0%} a refresh removes): refused as "
        "probably incomplete; pass --allow-shrink if the list really shrank")


def load_bundled_default(store: Store, progress: Progress | None = None) -> LoadResult:
    """What `init` loads, in one transaction: every bundled real snapshot, oldest first, so history
    and changes work out of the box, then the bundled datasets of network evidence."""
    parsed = []
    for snapshot in bundled_snapshots():
        if progress:
            progress(f"{snapshot.list} {snapshot.as_of}")
        parsed.append(parse_files(list(snapshot.files), snapshot.list, as_of=snapshot.as_of))
    parsed.extend(_parse_bundled_datasets(progress))
    notes = [f"{s.list} {s.as_of}: {s.note}" for s in bundled_snapshots() if s.note]
    return LoadResult(store.write_snapshots(parsed), [], _warnings(parsed), notes)


def load_bundled_datasets(store: Store, progress: Progress | None = None) -> LoadResult:
    """The bundled datasets of network evidence (the UN Panel of Experts' named parties) that the
    store does not hold yet: how a store made before they were bundled gets them."""
    parsed = _parse_bundled_datasets(progress)
    fresh = [p for p in parsed if not store.holds_same_content(p)]
    return LoadResult(store.write_snapshots(fresh) if fresh else [], [p.list for p in parsed if p not in fresh],
                      _warnings(parsed))


def _parse_bundled_datasets(progress: Progress | None) -> list[ParsedList]:
    """The bundled FtM datasets. They designate nobody (model.NOT_DESIGNATING): gaps, pressure,
    screening and the designation record leave them out; the network reads them as evidence."""
    from maxpressure.data.network import bundled_datasets
    from maxpressure.sources import ftm

    parsed = []
    for dataset in bundled_datasets():
        if progress:
            progress(f"{dataset.name} {dataset.as_of}")
        parsed.append(ftm.parse(list(dataset.files), as_of=dataset.as_of, dataset=dataset.name))
    return parsed


def _warnings(parsed: list[ParsedList]) -> list[str]:
    return [f"{p.list} {p.as_of or ''}: {w}" for p in parsed for w in p.warnings]


def _expand(paths: Sequence[Path]) -> list[Path]:
    """The files named, a folder standing for the files in it; anything but a regular file (a FIFO,
    a device, a socket, a symlink loop) is refused at once, before any is read."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if not p.name.startswith(".") and not p.is_dir())
            if not files:
                raise InputError(path, "folder holds no files")
            for file in files:
                check_regular_file(file)
            found.extend(files)
        else:
            check_regular_file(path)
            found.append(path)
    return found

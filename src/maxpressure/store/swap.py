"""Writing the store while the workbench serves it, and serving one store file at a time.

DuckDB lets a process write a file only when no other process holds it, and `maxpressure serve`
holds the store (read-only) for as long as it runs. So a load cannot write in place while the
workbench serves; instead it writes aside and swaps the new file in:

1. one writer at a time: an exclusive `flock` on `store.duckdb.writer-lock` in the home;
2. if the store can be opened for writing (nobody reads it), the load writes in place, as ever;
3. otherwise the store file (and a WAL a killed writer left) is copied to `store.duckdb.next`, the
   load writes its snapshot there in one transaction and checkpoints, and `os.replace` puts the new
   file in place in one atomic rename. A load that fails or is killed leaves `store.duckdb` as it
   was; the next writer discards the stale copy.

A reader that had the old file open keeps reading it (the rename does not touch the open file), so
the workbench keeps answering from the snapshot it serves until it switches. The workbench opens
each store file under a path of its own (`.serving-store-<inode>-<mtime>.duckdb` beside it, a hard
link, so that everything that keeps caches beside the store finds the same folder): DuckDB
keeps one database per path in a process, so reopening `store.duckdb` itself would hand back the
old file for as long as any connection to it is open.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import duckdb

from maxpressure.config import Settings
from maxpressure.errors import StoreError
from maxpressure.store import Store

SERVING_PREFIX = ".serving-store-"


@contextmanager
def writable_store(settings: Settings) -> Iterator[Store]:
    """The store, open for writing, whether or not the workbench is serving it.

    Everything written inside the block lands in the store the workbench will switch to, or (on
    an exception) nowhere.
    """
    path = settings.store_path
    path.parent.mkdir(parents=True, exist_ok=True)
    with _writer_lock(path):
        try:
            store = Store(path)
        except StoreError as exc:
            if not _locked_by_readers(exc) or not path.exists():
                raise
            store = None
        if store is not None:
            try:
                yield store
            finally:
                store.close()
            return
        with _write_aside(path) as aside:
            yield aside


def _locked_by_readers(exc: StoreError) -> bool:
    return "lock" in str(exc).lower()


@contextmanager
def _writer_lock(path: Path) -> Iterator[None]:
    with open(path.with_name(path.name + ".writer-lock"), "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # a second load waits for the first
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _write_aside(path: Path) -> Iterator[Store]:
    aside = path.with_name(path.name + ".next")
    wal, aside_wal = _wal(path), _wal(aside)
    for stale in (aside, aside_wal):
        stale.unlink(missing_ok=True)
    try:
        # Only readers hold the file and writers are serialised by the lock: the copy is consistent.
        shutil.copyfile(path, aside)
        if wal.exists():  # committed snapshots a killed writer left in the WAL
            shutil.copyfile(wal, aside_wal)
        store = Store(aside)
    except (OSError, duckdb.Error) as exc:
        aside.unlink(missing_ok=True)
        aside_wal.unlink(missing_ok=True)
        raise StoreError(f"cannot prepare a new store file beside {path}: {exc}") from exc
    try:
        yield store
        store.con.execute("CHECKPOINT")  # everything in the file itself, no WAL to carry over
    except BaseException:
        store.close()
        aside.unlink(missing_ok=True)
        aside_wal.unlink(missing_ok=True)
        raise
    store.close()
    _fsync(aside)
    os.replace(aside, path)
    wal.unlink(missing_ok=True)  # the old file's WAL must never be replayed onto the new file
    aside_wal.unlink(missing_ok=True)
    _fsync(path.parent)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- the reading side: one store file per generation ------------------------------------------


@dataclass(frozen=True)
class Generation:
    """One store file as published: its inode, and when and how large it was last written."""

    inode: int
    mtime_ns: int
    size: int


def current_generation(settings: Settings) -> Generation | None:
    try:
        info = os.stat(settings.store_path)
    except FileNotFoundError:
        return None
    return Generation(info.st_ino, info.st_mtime_ns, info.st_size)


def serving_path(settings: Settings) -> tuple[Generation | None, Path]:
    """A path of its own for the store file published now (a hard link to it), and its generation.

    Falls back to the store path itself where hard links are not possible (or no store exists).
    """
    store = settings.store_path
    try:
        generation = current_generation(settings)
        if generation is None:
            return None, store
        link = store.with_name(f"{SERVING_PREFIX}{generation.inode}-{generation.mtime_ns}.duckdb")
        if not link.exists():
            os.link(store, link)
        info = os.stat(link)
        return Generation(info.st_ino, info.st_mtime_ns, info.st_size), link
    except OSError:
        return current_generation(settings), store


def release_serving_path(settings: Settings, path: Path) -> None:
    """Forget a generation's link once nothing reads it (the store file itself stays)."""
    if path.parent == settings.store_path.parent and path.name.startswith(SERVING_PREFIX):
        path.unlink(missing_ok=True)


def prune_serving_links(settings: Settings, keep: Path) -> None:
    """Remove the links a server that stopped left behind (each holds a whole old store file)."""
    for link in settings.store_path.parent.glob(f"{SERVING_PREFIX}*.duckdb"):
        if link != keep:
            link.unlink(missing_ok=True)

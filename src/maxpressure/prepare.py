"""Building the derived data every analysis shares, once, right after the lists are loaded.

Reconciliation (a name comparison across every list), the screening index and the network graph
take a minute on the bundled lists the first time and are then cached next to the store, keyed by
snapshot ids. Doing it in `init` means the first screen, gaps or workbench page answers at once.
"""

from __future__ import annotations

from typing import Callable

from maxpressure.config import Settings
from maxpressure.store import Store

Progress = Callable[[str], None]


def prepare_analyses(store: Store, settings: Settings, progress: Progress | None = None) -> None:
    from maxpressure.network.load import current_graph

    say = progress or (lambda _: None)
    reconciled_screener(store, settings, say)
    say("building the network graph (first run only)")
    current_graph(store)


def reconciled_screener(store: Store, settings: Settings, progress: Progress | None = None):
    """The screener over every list's newest snapshot, one result per reconciled entity."""
    from maxpressure.reconcile import reconcile_store
    from maxpressure.screening.screen import screener_for_store

    say = progress or (lambda _: None)
    say("reconciling the lists (first run only)")
    reconciled = reconcile_store(store, cache_dir=settings.cache_dir, full_entries=False)
    say("building the screening index (first run only)")
    return screener_for_store(store, cache_dir=settings.cache_dir, resolver=reconciled.cluster_of)

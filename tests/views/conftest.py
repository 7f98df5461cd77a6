"""Views fixtures: every bundled real list, reconciled once per run.

The links are cached in the bundled home, where the browser tests' server finds them too, so the
cross-list reconciliation runs once per test run whichever asks first.
"""

from __future__ import annotations

import pytest

from maxpressure.config import Settings


@pytest.fixture(scope="session")
def members_of(bundled_home, loaded_store):
    """`entity id -> entity ids reconciled with it`, over the newest snapshot of every list."""
    from maxpressure.reconcile import reconcile_store

    result = reconcile_store(loaded_store, cache_dir=Settings.from_home(bundled_home).cache_dir)
    return lambda entity_id: [e.entity_id for e in result.member_entries(result.cluster_of(entity_id))]

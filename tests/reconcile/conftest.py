"""A DPRK-sized slice of the bundled real lists, reconciled once per module that asks for it."""

from __future__ import annotations

import pytest

# OFAC programmes under which UN DPRK entries appear on the SDN list (many proliferators are NPWMD).
OFAC_DPRK_PROGRAMS = {"DPRK", "DPRK2", "DPRK3", "DPRK4", "DPRK-NKSPEA", "NPWMD"}


@pytest.fixture(scope="session")
def dprk_slice(loaded_store):
    """UN DPRK entries (2026-02-27), OFAC entries under DPRK/NPWMD programmes (2024-05-03), UK DPRK."""
    entries = []
    for entry in loaded_store.current_entries():
        if entry.list == "us_ofac_sdn":
            if OFAC_DPRK_PROGRAMS & set(entry.programs):
                entries.append(entry)
        elif "dprk" in entry.regimes:
            entries.append(entry)
    return entries


@pytest.fixture(scope="session")
def compare():
    """One screening comparison for the session: it caches each entity's prepared names."""
    from maxpressure.reconcile.names import default_name_comparer

    return default_name_comparer()


@pytest.fixture(scope="session")
def dprk_clustering(dprk_slice, compare):
    from maxpressure.reconcile import clusters

    return clusters(dprk_slice, compare=compare)


@pytest.fixture(scope="session")
def entity_id(dprk_slice):
    """list id -> entity id, e.g. entity_id("un_sc", "KPi.033")."""
    index = {(e.list, e.list_id): e.entity_id for e in dprk_slice}
    return lambda list_name, list_id: index[(list_name, list_id)]

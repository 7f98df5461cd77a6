"""Real entries and queries shared by the screening tests that screen thousands of queries.

Entries: every DPRK entry of the bundled UN (2026-02-27) and OFAC (2024-05-03) lists. Queries:
their names and aliases plus rule-made variants of each (a letter dropped, the words reversed,
the words run together).
"""

from __future__ import annotations

import pytest

from maxpressure.data import bundled_snapshots
from maxpressure.screening import Query
from maxpressure.screening.screen import Screener
from maxpressure.sources import parse_files


@pytest.fixture(scope="session")
def newest_un_and_ofac_entries():
    """Every entry of the bundled UN list of 2026-02-27 and OFAC SDN list of 2024-05-03, parsed once."""
    chosen = {"un_sc": "2026-02-27", "us_ofac_sdn": "2024-05-03"}
    entries = []
    for snap in bundled_snapshots():
        if chosen.get(snap.list) == snap.as_of.isoformat():
            entries += parse_files(list(snap.files), snap.list, snap.as_of).entries
    return entries


@pytest.fixture(scope="session")
def dprk_entries(newest_un_and_ofac_entries):
    return [e for e in newest_un_and_ofac_entries if "dprk" in e.regimes]


@pytest.fixture(scope="session")
def dprk_screener(dprk_entries):
    return Screener(dprk_entries)


@pytest.fixture(scope="session")
def dprk_queries(dprk_entries):
    found = []
    for e in dprk_entries:
        for name in sorted({e.caption, *e.entity.get("alias", quiet=True)}):
            words = name.replace(",", " ").split()
            schema = e.schema if e.schema in ("Person", "Organization", "Company", "Vessel") else None
            found.append(Query(name, schema))
            found.append(Query(name[:2] + name[3:], None))
            found.append(Query(" ".join(reversed(words)), schema))
            found.append(Query("".join(words), None))
    return [(f"q{n}", q) for n, q in enumerate(found)]

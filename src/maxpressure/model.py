"""The domain model shared by every part: list names, regimes, ids and the parsed list entry.

Entities are FollowTheMoney proxies. A list entry (one UN record, one OFAC `sdn.csv` row) becomes an
`Entry`: its main entity first, then the entities that hang off it (Address, Identification,
Sanction, relationships such as UnknownLink or Ownership). Provenance lives on the entry: the list,
the list's own id, the programmes and the listing date the list gives.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Iterator

from followthemoney import model as ftm
from followthemoney.proxy import EntityProxy

# The lists maxpressure knows, with their publishers. A user dataset loaded from FtM JSON keeps
# its own name, so nothing may assume these are the only ones.
LISTS: dict[str, str] = {
    "un_sc": "UN Security Council Consolidated List",
    "us_ofac_sdn": "US OFAC Specially Designated Nationals",
    "us_ofac_cons": "US OFAC Consolidated (non-SDN) List",
    "eu_fsf": "EU Consolidated Financial Sanctions",
    "gb_hmt": "UK OFSI Consolidated List",
    "gb_fcdo": "UK Sanctions List (FCDO)",
}

# Which authority each list speaks for: gaps and pressure compare authorities, not files.
AUTHORITIES: dict[str, str] = {
    "un_sc": "un",
    "us_ofac_sdn": "us",
    "us_ofac_cons": "us",
    "eu_fsf": "eu",
    "gb_hmt": "gb",
    "gb_fcdo": "gb",
}

# Datasets that record who a report named, never who was designated (the UN Panel of Experts'
# named parties, bundled and loaded by `init`). Gaps, the designation record, pressure, screening
# and the maritime sanctions context leave them out; the network reads them as evidence.
PANEL_DATASET = "poe_dprk_named_parties"
NOT_DESIGNATING: frozenset[str] = frozenset({PANEL_DATASET})
DATASET_TITLES: dict[str, str] = {
    PANEL_DATASET: "UN Panel of Experts (DPRK): parties its reporting names; designates nobody",
}


def title_of(list_name: str) -> str:
    """What a list or bundled dataset is called for a reader; a user's dataset goes by its name."""
    return LISTS.get(list_name) or DATASET_TITLES.get(list_name) or list_name


def designates(list_name: str) -> bool:
    """Whether a loaded list or dataset designates the parties it holds."""
    return list_name not in NOT_DESIGNATING


# Programme labels that put an entry in a regime, as each publisher writes them.
REGIME_PROGRAMS: dict[str, frozenset[str]] = {
    "dprk": frozenset(
        {
            "DPRK",  # UN_LIST_TYPE, OFAC
            "DPRK2",
            "DPRK3",
            "DPRK4",
            "DPRK-NKSPEA",
            "PRK",  # EU programme code
            "Democratic People's Republic of Korea",  # UK regime name
        }
    ),
}


def regimes_of(programs: Iterable[str]) -> list[str]:
    """The regimes a set of programme labels belongs to, e.g. ["dprk"]."""
    labels = {p.strip() for p in programs}
    return sorted(r for r, members in REGIME_PROGRAMS.items() if labels & members)


# FtM refuses entity references with characters outside [0-9A-Za-z.-] (it silently drops them from
# properties such as Sanction:entity), so ids use hyphens only: `un-sc-KPi.033`.
_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


def entry_entity_id(list_name: str, list_id: str) -> str:
    """The id of the main entity of a list entry: `un-sc-KPi.033`, `us-ofac-sdn-12345`."""
    return _UNSAFE.sub("-", f"{list_name}-{list_id.strip()}").strip("-.")


def sub_entity_id(parent_id: str, kind: str, *parts: object) -> str:
    """A stable id for an entity that hangs off an entry (address, sanction, link)."""
    digest = hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]
    return f"{parent_id}-{kind}-{digest}"


def make_entity(schema: str, entity_id: str) -> EntityProxy:
    entity = ftm.make_entity(schema)
    entity.id = entity_id
    return entity


@dataclass(slots=True)
class Entry:
    """One entry of one list, as the publisher wrote it, turned into FtM entities."""

    list: str
    list_id: str
    schema: str
    caption: str
    programs: tuple[str, ...] = ()
    listed_on: date | None = None
    entities: list[EntityProxy] = field(default_factory=list)

    @property
    def entity(self) -> EntityProxy:
        """The person, organisation, company or vessel the entry designates."""
        return self.entities[0]

    @property
    def entity_id(self) -> str:
        return self.entities[0].id

    @property
    def regimes(self) -> list[str]:
        return regimes_of(self.programs)

    @property
    def authority(self) -> str:
        return AUTHORITIES.get(self.list, self.list)


@dataclass(slots=True)
class ParsedList:
    """Everything one load of one list produced: becomes one snapshot in the store."""

    list: str
    as_of: date | None
    source_files: list[str]
    entries: list[Entry]
    # What the parser had to leave out or could not resolve; the CLI shows these after a load.
    warnings: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

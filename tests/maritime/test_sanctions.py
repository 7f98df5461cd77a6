"""Sanctions context: designated vessels matched by IMO, MMSI or a designated name."""

from __future__ import annotations

from maxpressure.maritime.events import VesselRef
from maxpressure.maritime.sanctions import DesignatedVessels
from maxpressure.model import Entry, entry_entity_id, make_entity


def _vessel_entry(list_id: str, name: str, imo: str, alias: str | None = None) -> Entry:
    # real OFAC SDN DPRK vessel rows (sdn.csv 2024-05-03): ent_num, name, "IMO nnnnnnn" as the parser keeps it
    vessel = make_entity("Vessel", entry_entity_id("us_ofac_sdn", list_id))
    vessel.add("name", name)
    vessel.add("imoNumber", f"IMO{imo}")
    if alias:
        vessel.add("alias", alias)
    return Entry("us_ofac_sdn", list_id, "Vessel", name, ("DPRK",), None, [vessel])


ENTRIES = [_vessel_entry("23744", "YU SON", "8691702"), _vessel_entry("23163", "KUM UN SAN 3", "8705539"),
           _vessel_entry("17084", "AM NOK GANG", "8132835", alias="AP ROK GANG")]


def test_imo_match_carries_the_list_entry():
    index = DesignatedVessels.from_entries(ENTRIES)
    hits = index.match(VesselRef(mmsi="445000000", imo="8691702", name="SOMETHING ELSE"))
    assert [(h["list"], h["list_id"], h["match"]) for h in hits] == [("us_ofac_sdn", "23744", "imo")]


def test_name_without_spaces_and_alias_match():
    index = DesignatedVessels.from_entries(ENTRIES)
    assert index.match(VesselRef(mmsi="1", name="KUMUNSAN 3"))[0]["list_id"] == "23163"
    assert index.match(VesselRef(mmsi="1", name="AP ROK GANG"))[0]["match"] == "alias"
    assert index.match(VesselRef(mmsi="1", imo="9999999", name="HOPE SEA")) == []

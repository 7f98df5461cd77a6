"""Sanctions context: designated vessels matched by IMO, MMSI or a designated name."""

from __future__ import annotations

from maxpressure.maritime.events import VesselRef
from maxpressure.maritime.sanctions import DesignatedVessels
from maxpressure.model import Entry, entry_entity_id, make_entity


def _vessel_entry(list_id: str, name: str, imo: str | None, alias: str | None = None, flag: str | None = "kp",
                  kind: str | None = "Oil Tanker") -> Entry:
    # real OFAC SDN DPRK vessel rows (sdn.csv 2024-05-03): ent_num, name, "IMO nnnnnnn" as the parser
    # keeps it, the DPRK flag and a tanker type as the SDN vessel fields give them
    vessel = make_entity("Vessel", entry_entity_id("us_ofac_sdn", list_id))
    vessel.add("name", name)
    if imo:
        vessel.add("imoNumber", f"IMO{imo}")
    if alias:
        vessel.add("alias", alias)
    if flag:
        vessel.add("flag", flag)
    if kind:
        vessel.add("type", kind)
    return Entry("us_ofac_sdn", list_id, "Vessel", name, ("DPRK",), None, [vessel])


ENTRIES = [_vessel_entry("23744", "YU SON", "8691702"), _vessel_entry("23163", "KUM UN SAN 3", "8705539"),
           _vessel_entry("17084", "AM NOK GANG", "8132835", alias="AP ROK GANG")]


def test_imo_match_carries_the_list_entry():
    index = DesignatedVessels.from_entries(ENTRIES)
    hits = index.match(VesselRef(mmsi="445000000", imo="8691702", name="SOMETHING ELSE"))
    assert [(h["list"], h["list_id"], h["match"]) for h in hits] == [("us_ofac_sdn", "23744", "imo")]


def test_name_without_spaces_and_alias_match_when_the_flag_agrees():
    index = DesignatedVessels.from_entries(ENTRIES)
    hit = index.match(VesselRef(mmsi="445123000", name="KUMUNSAN 3"))[0]
    assert (hit["list_id"], hit["match"], hit["corroborated_by"]) == ("23163", "name", ["flag"])
    assert index.match(VesselRef(mmsi="445123000", name="AP ROK GANG"))[0]["match"] == "alias"
    assert index.match(VesselRef(mmsi="445123000", imo="9999999", name="HOPE SEA")) == []


def test_a_name_with_a_different_valid_imo_is_only_a_possible_match():
    index = DesignatedVessels.from_entries(ENTRIES)
    vessel = VesselRef(mmsi="445123000", imo="9300922", name="YU SON")  # 9300922: a valid check digit
    assert index.match(vessel) == []
    (possible,) = index.possible(vessel)
    assert possible["strength"] == "possible" and possible["contradictions"] == ["different_imo"]
    assert possible["confidence"] < index.evidence(VesselRef(mmsi="445123000", name="YU SON"))[0]["confidence"]


def test_a_name_under_another_flag_or_on_a_yacht_is_only_a_possible_match():
    index = DesignatedVessels.from_entries(ENTRIES)
    assert index.possible(VesselRef(mmsi="366123450", name="YU SON"))[0]["contradictions"] == ["flag_mismatch"]
    yacht = VesselRef(mmsi="445123000", name="YU SON", vessel_type="37")  # AIS type 37: pleasure craft
    assert index.possible(yacht)[0]["contradictions"] == ["type_mismatch"]


def test_a_name_with_nothing_to_check_it_against_is_unverified():
    # the UK summary list gives a ship's name only: nothing can confirm a look-alike
    index = DesignatedVessels.from_entries([_vessel_entry("RUS2190", "LIBERTY", None, flag=None, kind=None)])
    liberty = VesselRef(mmsi="338117192", name="LIBERTY", vessel_type="37")
    assert index.match(liberty) == [] and index.possible(liberty)[0]["unverified"] is True


def test_an_identifier_is_a_designation_whatever_the_name():
    index = DesignatedVessels.from_entries(ENTRIES)
    (hit,) = index.match(VesselRef(mmsi="412000000", imo="IMO 8691702", name="HUA FU"))
    assert (hit["match"], hit["confidence"], hit["strength"]) == ("imo", 0.95, "designated")


def test_us_coastal_look_alikes_are_possible_matches_and_only_identified_ships_are_sanctioned():
    # the real MarineCadastre sample against the bundled OFAC SDN (2024-05-03) and FCDO (2025-08-11)
    # lists: about 2 % of its vessels share a name with a designated ship (LIBERTY, HERCULES, VICTORY ...)
    from pathlib import Path

    from maxpressure.data import bundled_snapshots
    from maxpressure.maritime.flags import flag_of
    from maxpressure.sources import ais, parse_files

    entries = [e for s in bundled_snapshots() if (s.list, str(s.as_of)) in {("us_ofac_sdn", "2024-05-03"),
                                                                          ("gb_fcdo", "2025-08-11")}
               for e in parse_files(list(s.files), s.list, s.as_of).entries]
    index = DesignatedVessels.from_entries(entries)
    con, _ = ais.load([Path(__file__).resolve().parents[1] / "fixtures" / "ais" / "marinecadastre_2022-01-03.csv.gz"])
    seen = con.sql("SELECT mmsi, arg_max(imo, reports), arg_max(name, reports), arg_max(vessel_type, reports) "
                   "FROM statics GROUP BY mmsi").fetchall()
    designated, possible = {}, {}
    for mmsi, imo, name, kind in seen:
        vessel = VesselRef(mmsi=mmsi, imo=imo, name=name, flag=flag_of(mmsi), vessel_type=kind)
        if hits := index.match(vessel):
            designated[mmsi] = hits[0]
        elif index.possible(vessel):
            possible[mmsi] = name
    assert 150 < len(possible) < 250 and {"LIBERTY", "HERCULES", "VICTORY"} <= set(possible.values())
    # the tankers MAGUS (ex FREEDOM, IMO 9018464) and VIKTOR BAKAEV (IMO 9610810) by their IMO, and the
    # yacht NIRVANA by name with the Cayman flag its listing gives
    assert sorted((h["value"], h["match"]) for h in designated.values()) == [
        ("9018464", "imo"), ("9610810", "imo"), ("NIRVANA", "name")]


def test_a_vessel_the_panel_of_experts_named_is_not_a_designated_vessel():
    # The bundled Panel dataset names the tanker BILLIONS NO. 18 with its IMO number; being named
    # in a report is not a designation, so AIS broadcasting that IMO matches no designated vessel.
    from maxpressure.data.network import bundled_datasets
    from maxpressure.sources import ftm

    dataset = bundled_datasets()[0]
    panel = ftm.parse(list(dataset.files), as_of=dataset.as_of, dataset=dataset.name).entries
    named = next(e for e in panel if e.entity_id == "poe-v-billions-no-18")
    assert named.entity.get("imoNumber") == ["IMO9191773"]
    index = DesignatedVessels.from_entries([*ENTRIES, *panel])
    assert index.count == len(ENTRIES)
    assert index.match(VesselRef(mmsi="445000001", imo="9191773", name="BILLIONS NO. 18")) == []
    assert index.match(VesselRef(mmsi="445000000", imo="8691702"))[0]["list_id"] == "23744"  # YU SON still is

"""FollowTheMoney JSON lines: the real OpenSanctions fragment, relationships, and broken lines."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from maxpressure.errors import InputError
from maxpressure.sources import detect, ftm

FIXTURE = Path(__file__).parents[1] / "fixtures" / "ftm" / "opensanctions-eu_fsf-sample.ftm.json"


def test_opensanctions_fragment_keeps_every_entity_and_its_referents():
    parsed = ftm.parse([FIXTURE])
    # The entities' `datasets` say eu_fsf: an official list's name, so a user dataset's it is not.
    assert parsed.list == "user_eu_fsf"
    assert Counter(e.schema for e in parsed) == {"Person": 4, "Organization": 2, "Address": 1}
    tobacco = next(e for e in parsed if e.list_id == "NK-2GdmHtZTeNXjNVrBGEXZNj")
    assert "ofac-32733" in tobacco.entity.context["referents"]
    assert tobacco.entity.to_dict()["referents"] == tobacco.entity.context["referents"]
    assert detect(FIXTURE) == "ftm"


def test_dataset_name_given_wins():
    assert ftm.parse([FIXTURE], dataset="my_dataset").list == "my_dataset"


def _write(tmp_path, rows) -> Path:
    path = tmp_path / "export.ftm.json"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def test_relationships_and_sanctions_attach_to_their_entries(tmp_path):
    rows = [
        {"id": "un_sc-KPe.001", "schema": "Organization", "properties": {"name": ["KOMID"], "addressEntity": ["addr-1"]}},
        {"id": "addr-1", "schema": "Address", "properties": {"full": ["Central District, Pyongyang"]}},
        {"id": "un_sc-KPi.033", "schema": "Person", "properties": {"name": ["RI WON HO"]}},
        {"id": "san-1", "schema": "Sanction", "properties": {"entity": ["un_sc-KPi.033"], "program": ["DPRK"],
                                                              "listingDate": ["2016-11-30"]}},
        {"id": "link-1", "schema": "UnknownLink", "properties": {"subject": ["un_sc-KPi.033"], "object": ["un_sc-KPe.001"]}},
        {"id": "own-1", "schema": "Ownership", "properties": {"owner": ["elsewhere-1"], "asset": ["elsewhere-2"]}},
    ]
    parsed = ftm.parse([_write(tmp_path, rows)])
    entries = {e.list_id: e for e in parsed}
    assert [x.id for x in entries["un_sc-KPe.001"].entities] == ["un_sc-KPe.001", "addr-1"]
    ri = entries["un_sc-KPi.033"]
    assert {x.id for x in ri.entities} == {"un_sc-KPi.033", "san-1", "link-1"}
    assert ri.programs == ("DPRK",) and ri.regimes == ["dprk"] and str(ri.listed_on) == "2016-11-30"
    link = next(x for x in ri.entities if x.id == "link-1")
    assert link.get("object") == ["un_sc-KPe.001"]  # our ids survive FtM's reference cleaning
    assert entries["own-1"].schema == "Ownership"  # a standalone relationship is kept


def test_malformed_line_rejects_the_whole_file_with_its_line(tmp_path):
    path = tmp_path / "bad.ftm.json"
    good = FIXTURE.read_text("utf-8").splitlines()
    path.write_text("\n".join(good[:3] + ['{"id": "x", "schema": "Person", "properties": '] + good[3:]), "utf-8")
    with pytest.raises(InputError) as err:
        ftm.parse([path])
    assert err.value.line == 4


@pytest.mark.parametrize("row, message", [
    ({"id": "x", "schema": "Spaceship"}, "unknown schema"),
    ({"schema": "Person"}, "without an id"),
    ({"id": "x", "schema": "Person", "properties": {"name": "not a list"}}, "lists of strings"),
])
def test_invalid_entities_are_refused(tmp_path, row, message):
    with pytest.raises(InputError, match=message):
        ftm.parse([_write(tmp_path, [row])])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_any_bytes_parse_or_raise_input_error(tmp_path, data):
    path = tmp_path / "any.ftm.json"
    path.write_bytes(FIXTURE.read_bytes()[:600] + data)
    try:
        ftm.parse([path])
    except InputError:
        pass


def test_user_dataset_cannot_take_an_official_lists_name_or_ids(tmp_path):
    """A file claiming to be the UN list (by `datasets` and by id) stays a user dataset."""
    rows = [
        {"id": "un-sc-KPi.999", "schema": "Person", "datasets": ["un_sc"],
         "properties": {"name": ["KIM FORGED"], "addressEntity": ["un-sc-KPi.999-addr"]}},
        {"id": "un-sc-KPi.999-addr", "schema": "Address", "properties": {"full": ["Pyongyang"]}},
    ]
    parsed = ftm.parse([_write(tmp_path, rows)])
    assert parsed.list == "user_un_sc"
    (entry,) = parsed.entries
    assert entry.list == "user_un_sc"
    assert entry.entity_id == "user_un_sc-un-sc-KPi.999" or entry.entity_id.startswith("user")
    assert not entry.entity_id.lower().startswith(ftm.OFFICIAL_ID_PREFIXES)
    assert entry.entity.context["datasets"] == ["user_un_sc"]
    # the reference moved with the id, so the address still hangs off its entity
    assert [e.id for e in entry.entities][1] == entry.entity.get("addressEntity")[0]


@pytest.mark.parametrize("claimed, stored", [("us_ofac_sdn", "user_us_ofac_sdn"), ("my_watchlist", "my_watchlist")])
def test_dataset_name_given_on_the_command_line_is_checked_too(claimed, stored):
    assert ftm.parse([FIXTURE], dataset=claimed).list == stored


@pytest.mark.parametrize("line, message", [
    ("[" * 100_000 + "]" * 100_000, "nested deeper"),
    ('{"id": "x", "schema": "Person", "properties": {"name": ["A"]}, "n": ' + "9" * 5000 + "}", None),
    ('{"id": "x", "schema": "Person", "properties": {"name": [' + "1" * 5000 + "]}}", "lists of strings"),
    ('{"id": "x", "schema": "Person", "properties": {"name": [NaN]}}', "not JSON"),
])
def test_hostile_json_lines_are_refused_or_read_without_converting_numbers(tmp_path, line, message):
    path = tmp_path / "hostile.ftm.json"
    path.write_text(line + "\n", "utf-8")
    if message is None:  # a huge number outside the properties is ignored, not converted
        assert ftm.parse([path]).entries[0].caption == "A"
        return
    with pytest.raises(InputError, match=message) as err:
        ftm.parse([path])
    assert err.value.path == str(path) and err.value.line == 1

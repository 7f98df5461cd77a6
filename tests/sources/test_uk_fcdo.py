"""UK FCDO list: the real summary export (2025-08-11) and a full-CSV excerpt in the published layout."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from maxpressure.data import bundled_file
from maxpressure.errors import InputError
from maxpressure.sources import uk_fcdo

ODS = bundled_file("gb_fcdo", "2025-08-11", "FCDO_SL_2025-08-11.ods")
CSV = Path(__file__).parents[1] / "fixtures" / "uk" / "UK-Sanctions-List-excerpt.csv"


@pytest.fixture(scope="module")
def summary():
    return uk_fcdo.parse([ODS])


def test_summary_export_counts_match_the_file(summary):
    assert len(summary) == 5302 and summary.as_of == date(2025, 8, 11)
    assert Counter(e.schema for e in summary) == {"Person": 3754, "Organization": 1087, "Vessel": 461}


def test_summary_dprk_rows_split_by_type_and_designation_source(summary):
    dprk = [e for e in summary if e.regimes == ["dprk"]]
    assert Counter(e.schema for e in dprk) == {"Person": 138, "Organization": 86, "Vessel": 37}
    sources = Counter(next(x for x in e.entities if x.schema.name == "Sanction").first("status") for e in dprk)
    assert sources == {"UN": 192, "UK": 69}


def test_summary_row_keeps_ids_dates_and_sanctions(summary):
    komid = next(e for e in summary if e.list_id == "DPR0157")
    assert komid.caption == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    assert komid.listed_on == date(2009, 4, 24)
    sanction = komid.entities[-1]
    assert sanction.get("recordId") == ["10892"]  # the OFSI Group ID, to join ConList
    assert "Asset freeze" in sanction.get("provisions")


def test_full_csv_groups_name_rows_by_unique_id(tmp_path):
    parsed = uk_fcdo.parse([CSV])
    assert parsed.as_of == date(2026, 10, 8)
    assert [e.list_id for e in parsed] == ["DPR0157", "DPR0270", "DPR0096", "RUS2176"]
    komid = parsed.entries[0]
    assert komid.programs == ("Democratic People's Republic of Korea",)  # regulation title reduced
    assert set(komid.entity.get("alias")) >= {"KOMID", "CHANGGWANG SINYONG CORPORATION"}
    assert komid.entities[-1].get("unscId") == ["KPe.001"]


def test_full_csv_person_and_ship_fields_are_typed():
    parsed = uk_fcdo.parse([CSV])
    ri = parsed.entries[1].entity
    assert ri.get("birthDate") == ["1964-07-17"] and ri.get("passportNumber") == ["381310014"]
    assert ri.get("nationality") == ["kp"]
    chon, korolev = parsed.entries[2].entity, parsed.entries[3].entity
    assert chon.get("imoNumber") == ["IMO8712362"] and chon.get("flag") == ["kp"]
    assert korolev.get("imoNumber") == ["IMO9826902"] and korolev.get("buildDate") == ["2019"]


def test_birth_dates_with_unknown_parts():
    assert uk_fcdo.uk_birth_date("00/00/1975") == "1975"
    assert uk_fcdo.uk_birth_date("--/--/1969") == "1969"
    assert uk_fcdo.uk_birth_date("00/07/1964") == "1964-07"


def test_wrong_header_is_refused(tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Report Date: 08-Oct-2026\nName,Country\nX,Y\n")
    with pytest.raises(InputError, match="missing columns"):
        uk_fcdo.parse([wrong])


def test_ods_without_content_xml_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    bad = tmp_path / "bad.ods"
    bad.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match="no content.xml"):
        uk_fcdo.parse([bad])


def test_truncated_ods_is_refused(tmp_path):
    cut = tmp_path / "cut.ods"
    cut.write_bytes(ODS.read_bytes()[:50_000])
    with pytest.raises(InputError):
        uk_fcdo.parse([cut])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_any_bytes_parse_or_raise_input_error(tmp_path, data):
    path = tmp_path / "any.csv"
    path.write_bytes(CSV.read_bytes()[:2000] + data)
    try:
        uk_fcdo.parse([path])
    except InputError:
        pass

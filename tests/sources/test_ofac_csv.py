"""The OFAC SDN legacy CSV parser, on the bundled real sets (2021-07 matching; 2024-05 sdn.csv with
2025-12 alt/add/comments).

Expected figures were counted from the raw files with the csv module and grep, independently of
the parser (rows, SDN_Type, `DPRK` in Program, `Linked To: ` occurrences, orphan ent_nums).
"""

from __future__ import annotations

import gzip
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from maxpressure.data import LISTS_DIR
from maxpressure.errors import InputError
from maxpressure.model import entry_entity_id
from maxpressure.sources import ofac_csv, parse_files
from maxpressure.model import ParsedList
from maxpressure.sources.ofac_remarks import valid_imo

SETS = {as_of: LISTS_DIR / "us_ofac_sdn" / as_of for as_of in ("2021-07-07", "2024-05-03")}


# Parsing a full set takes several seconds of CPU: tests on the whole real list are marked slow.
full_set = pytest.mark.slow


@cache
def parsed(as_of: str) -> ParsedList:
    return ofac_csv.parse([SETS[as_of]])


def entry(list_id: str, as_of: str = "2024-05-03"):
    return next(e for e in parsed(as_of) if e.list_id == list_id)


def sdn_id(ent_num: str) -> str:
    return entry_entity_id("us_ofac_sdn", ent_num)


def of_schema(entry, schema: str):
    return [e for e in entry.entities if e.schema.name == schema]


@full_set
def test_2024_sdn_csv_has_14965_entries_by_type():
    result = parsed("2024-05-03")
    assert len(result) == 14965
    assert Counter(e.schema for e in result) == {
        "Organization": 6884,  # SDN_Type -0-
        "Person": 6854,
        "Vessel": 851,
        "Airplane": 376,
    }
    assert result.list == "us_ofac_sdn"
    assert result.as_of == date(2024, 5, 3)  # no date in the CSV: the folder's name


@full_set
def test_2024_dprk_programme_entries_and_vessels():
    dprk = [e for e in parsed("2024-05-03") if "dprk" in e.regimes]
    assert len(dprk) == 484
    vessels = [e for e in dprk if e.schema == "Vessel"]
    assert len(vessels) == 105
    # 104 write "Vessel Registration Identification IMO nnnnnnn"; 17104 (RYONG GUN BONG) leaves out "IMO "
    # before a valid number.
    assert sum(1 for v in vessels if v.entity.get("imoNumber")) == 105
    assert entry("17104").entity.get("imoNumber") == ["IMO8606173"]


@full_set
def test_2021_set_has_8976_entries_414_dprk():
    result = parsed("2021-07-07")
    assert len(result) == 8976
    assert sum(1 for e in result if "dprk" in e.regimes) == 414


# 2024: 843 vessels write "Vessel Registration Identification [IMO ]nnnnnnn", two more with a double
# space before the number (37032, 37043) and NS LEADER (47371) as "Identification Number IMO".
@full_set
@pytest.mark.parametrize("as_of, vessels_with_imo", [("2024-05-03", 846), ("2021-07-07", 400)])
def test_every_vessel_imo_passes_the_check_digit(as_of, vessels_with_imo):
    vessels = [e.entity for e in parsed(as_of) if e.schema == "Vessel" and e.entity.get("imoNumber")]
    assert len(vessels) == vessels_with_imo
    assert all(valid_imo(imo) for vessel in vessels for imo in vessel.get("imoNumber"))


@full_set
def test_programmes_split_on_brackets():
    assert entry("9345").programs == ("NPWMD", "DPRK2")
    assert entry("9345").regimes == ["dprk"]


@full_set
def test_individual_names_keep_the_list_form_and_split_first_and_last():
    kwek = entry("37878").entity
    assert kwek.get("name") == ["KWEK, Kee Seng"]
    assert kwek.get("lastName") == ["KWEK"]
    assert kwek.get("firstName") == ["Kee Seng"]


@full_set
def test_dprk_individual_passport_dob_and_identification_from_remarks():
    kwek = entry("37878")
    person = kwek.entity
    assert person.get("birthDate") == ["1959-11-19"]
    assert person.get("birthPlace") == ["Singapore"]
    assert person.get("nationality") == ["sg"]
    assert person.get("gender") == ["male"]
    assert person.get("passportNumber") == ["K1437696A"]
    assert person.get("idNumber") == ["S1380562H"]
    [passport] = of_schema(kwek, "Passport")
    assert passport.get("number") == ["K1437696A"]
    assert passport.get("country") == ["sg"]
    assert passport.get("startDate") == ["2019-08-20"]
    assert passport.get("endDate") == ["2025-03-25"]
    assert passport.get("holder") == [sdn_id("37878")]


@full_set
def test_dprk_bank_swift_bic():
    assert entry("19509").entity.get("swiftBic") == ["KUDBKPPY"]


@full_set
def test_linked_to_becomes_an_unknown_link_to_the_named_entry():
    kim = entry("18848")  # KIM, Kwang Hyok: "Linked To: KOREA MINING DEVELOPMENT TRADING CORPORATION."
    [link] = of_schema(kim, "UnknownLink")
    assert link.get("subject") == [sdn_id("18848")]
    assert link.get("object") == [sdn_id("9345")]
    assert link.get("role") == ["Linked To"]
    assert link.get("description") == ["KOREA MINING DEVELOPMENT TRADING CORPORATION"]


@full_set
def test_dprk_vessel_imo_flag_and_owner_link():
    won_san = entry("23150")
    vessel = won_san.entity
    assert vessel.get("imoNumber") == ["IMO9159787"]
    assert vessel.get("flag") == ["kp"]
    [link] = of_schema(won_san, "UnknownLink")
    assert link.get("object") == [sdn_id("23149")]  # "Linked To: YUSONG SHIPPING CO."


@full_set
def test_company_imo_stays_on_the_organisation():
    chang_an = entry("23763")
    assert chang_an.schema == "Organization"
    assert chang_an.entity.get("imoNumber") == ["IMO5938411"]


@full_set
def test_every_linked_to_is_resolved_or_counted():
    # 6,380 "Linked To: " in the 2024 remarks (with the joined comments): 6,370 resolve,
    # 8 name no sdn.csv entry and 2 stay ambiguous.
    result = parsed("2024-05-03")
    assert sum(len(of_schema(e, "UnknownLink")) for e in result) == 6370
    assert "8 'Linked To' names match no entry; kept as notes" in result.warnings
    assert "2 'Linked To' names match several entries; kept as notes" in result.warnings


@full_set
def test_same_name_target_is_settled_by_shared_programme():
    # Two entries are called MINISTRY OF STATE SECURITY; a DPRK entry links to the DPRK one.
    targets = [e for e in parsed("2024-05-03") if e.caption == "MINISTRY OF STATE SECURITY"]
    assert len(targets) >= 2
    dprk_target = next(t for t in targets if "dprk" in t.regimes)
    linked = [e for e in parsed("2024-05-03") if any(
        link.get("object") == [dprk_target.entity_id] for link in of_schema(e, "UnknownLink"))]
    assert linked and all(set(e.programs) & set(dprk_target.programs) for e in linked)


@full_set
def test_remarks_cut_at_1000_continue_from_sdn_comments():
    # TIAN, Yinyin: the remarks stop at "a.k.a. 'snowsjo" and sdn_comments.csv goes on "hn'; Linked
    # To: LAZARUS GROUP."
    tian = entry("28263", "2021-07-07")
    assert "snowsjohn" in tian.entity.get("alias")
    [link] = of_schema(tian, "UnknownLink")
    assert link.get("object") == [sdn_id("27307")]


@full_set
def test_stale_comment_extensions_are_left_out_and_counted():
    # CHEIL CREDIT BANK's 2024 remarks are 281 characters: the 2025 extension cannot continue them.
    cheil = entry("22985").entity
    assert not any("4X3191Z8" in note for note in cheil.get("notes"))
    assert "sdn_comments.csv: 5 extensions continue remarks that were not cut; left out" in parsed("2024-05-03").warnings


@full_set
def test_secondary_rows_for_unknown_entries_are_counted_not_silent():
    warnings = parsed("2024-05-03").warnings
    assert "add.csv.gz: 4893 rows name an ent_num that is not in sdn.csv; left out" in warnings
    assert "alt.csv.gz: 2460 rows name an ent_num that is not in sdn.csv; left out" in warnings
    assert "sdn_comments.csv.gz: 6 rows name an ent_num that is not in sdn.csv; left out" in warnings
    assert not any("not in sdn.csv" in w for w in parsed("2021-07-07").warnings)


@full_set
def test_alt_names_and_addresses_join_by_ent_num():
    komid = entry("9345")
    org = komid.entity
    assert "KOMID" in org.get("alias")  # from the remarks
    assert "CHANGGWANG SINYONG CORPORATION" in org.get("alias")  # from alt.csv
    assert len(org.get("alias")) == 7
    assert sorted(org.get("country")) == ["cn", "ir", "kp", "ru", "sy"]
    addresses = of_schema(komid, "Address")
    assert {a.first("full") for a in addresses} >= {"Central District, Pyongyang, Korea, North", "Beijing, China"}
    assert sorted(org.get("addressEntity")) == sorted(a.id for a in addresses)


@full_set
def test_fka_in_alt_csv_is_a_previous_name():
    # 539 fka rows in the 2025-12 alt.csv; CHEIL CREDIT BANK's "f.k.a. 'KYONGYONG CREDIT BANK'" is
    # in its remarks.
    assert entry("22985").entity.get("previousName") == ["KYONGYONG CREDIT BANK"]


@full_set
def test_each_entry_has_one_sanction_with_its_programmes():
    [sanction] = of_schema(entry("9345"), "Sanction")
    assert sanction.get("entity") == [sdn_id("9345")]
    assert sanction.get("authorityId") == ["9345"]
    assert sorted(sanction.get("program")) == ["DPRK2", "NPWMD"]


def excerpt_set(folder: Path, ent_nums: set[str] | None = None, rows: int = 60) -> set[str]:
    """The first `rows` rows of the real 2021 sdn.csv and their alt/add/comments rows, in `folder`."""
    source = SETS["2021-07-07"]
    sdn_lines = gzip.decompress((source / "sdn.csv.gz").read_bytes()).split(b"\r\n")[:rows]
    kept = {line.split(b",", 1)[0].decode() for line in sdn_lines}
    (folder / "sdn.csv").write_bytes(b"\r\n".join(sdn_lines) + b"\r\n\x1a")
    for name in ("alt.csv", "add.csv", "sdn_comments.csv"):
        lines = gzip.decompress((source / f"{name}.gz").read_bytes()).split(b"\r\n")
        mine = [line for line in lines if line.split(b",", 1)[0].decode() in kept]
        (folder / name).write_bytes(b"\r\n".join(mine) + b"\r\n\x1a")  # OFAC's end-of-file byte
    return kept


def test_parse_files_takes_the_set_as_a_list_of_files(tmp_path):
    kept = excerpt_set(tmp_path)
    result = parse_files(sorted(tmp_path.iterdir()), list_name="us_ofac_sdn", as_of=date(2021, 7, 7))
    assert {e.list_id for e in result} == kept
    assert len(result.source_files) == 4


def test_sdn_csv_alone_finds_its_siblings_and_guesses_no_date_without_a_dated_folder(tmp_path):
    excerpt_set(tmp_path)
    result = ofac_csv.parse([tmp_path / "sdn.csv"])
    assert len(result.source_files) == 4
    assert result.as_of is None  # the file's mtime is the day it was copied, not published
    assert any(e.entity.get("alias") for e in result)  # alt.csv was read


def test_loading_an_undated_ofac_set_asks_for_as_of_and_writes_nothing(tmp_path, run_cli):
    (tmp_path / "files").mkdir()
    excerpt_set(tmp_path / "files")
    home = tmp_path / "home"
    refused = run_cli("load", tmp_path / "files", "--home", home)
    assert refused.exit_code != 0
    assert "carry no publication date: give --as-of YYYY-MM-DD" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    loaded = run_cli("load", tmp_path / "files", "--as-of", "2024-05-03", "--home", home)
    assert loaded.exit_code == 0, loaded.stderr
    assert "as of 2024-05-03" in loaded.stdout


def test_a_folder_is_read_as_its_set(tmp_path):
    kept = excerpt_set(tmp_path)
    assert len(ofac_csv.parse([tmp_path])) == len(kept)


def test_sdn_csv_without_siblings_still_parses(tmp_path):
    kept = excerpt_set(tmp_path)
    for name in ("alt.csv", "add.csv", "sdn_comments.csv"):
        (tmp_path / name).unlink()
    result = ofac_csv.parse([tmp_path / "sdn.csv"], as_of=date(2021, 7, 7))
    assert len(result) == len(kept)
    assert result.source_files == [str(tmp_path / "sdn.csv")]


def test_row_with_wrong_number_of_columns_names_the_line(tmp_path):
    excerpt_set(tmp_path)
    path = tmp_path / "sdn.csv"
    lines = path.read_bytes().split(b"\r\n")
    lines[41] = b'99999,"BROKEN ROW",-0- ,"SDGT"'
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(InputError) as error:
        ofac_csv.parse([path])
    assert error.value.line == 42
    assert "expected 12 columns" in error.value.message
    assert error.value.path == str(path)


def test_unknown_sdn_type_names_the_line(tmp_path):
    path = tmp_path / "sdn.csv"
    path.write_bytes(b'1,"A",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
                     b'2,"B","spaceship","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a')
    with pytest.raises(InputError) as error:
        ofac_csv.parse([path])
    assert error.value.line == 2


def test_html_in_a_name_is_kept_as_text(tmp_path):
    path = tmp_path / "sdn.csv"
    path.write_bytes(b'1,"<script>alert(1)</script> TRADING",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
                     b'"Linked To: <b>NOBODY</b>."\r\n\x1a')
    [only] = ofac_csv.parse([path], as_of=date(2024, 1, 1))
    assert only.caption == "<script>alert(1)</script> TRADING"
    assert "Linked To: <b>NOBODY</b>" in only.entity.get("notes")


def test_a_byte_order_mark_from_a_spreadsheet_is_ignored(tmp_path):
    kept = excerpt_set(tmp_path)
    path = tmp_path / "sdn.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert {e.list_id for e in ofac_csv.parse([path])} == kept


@full_set
def test_every_entity_id_is_unique_across_the_list():
    # Six passports are written twice in one entry's remarks (once as `alt.`): merged, not duplicated.
    ids = [entity.id for e in parsed("2024-05-03") for entity in e.entities]
    assert len(ids) == len(set(ids))

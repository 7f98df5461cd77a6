"""The cited OFAC DPRK table shipped with the package, checked against its own citations."""

import csv
import gzip
from datetime import date

import pytest

from maxpressure.designations import date_of
from maxpressure.designations.ofac_dates import CITED_ENTRIES, DAILY_WINDOWS, cited_dates, daily_windows
from maxpressure.errors import InputError

# A handful of entries with the action the table's source names, read by hand from actions.csv:
# (ent_num, designation date, a word of the cited source URL).
CITED = [
    ("9345", date(2005, 6, 29), "treasury.gov"),   # KOMID, EO 13382 annex
    ("10012", date(2009, 7, 30), "oananews"),      # Korea Hyoksin: old ent_num, 2009 designation
    ("12696", date(2011, 4, 19), "tg1146"),        # Bank of East Land
    ("15603", date(2013, 3, 11), "reuters"),       # Foreign Trade Bank
    ("23213", date(2018, 12, 10), ""),             # CHOE Ryong Hae: 2017 ent_num, designated Dec 2018
]


@pytest.mark.parametrize("ent_num, day, source", CITED)
def test_cited_dates_match_the_tables_actions(ent_num, day, source):
    cited = cited_dates()[ent_num]
    assert (cited.basis, cited.day, cited.precision) == ("sourced", day, "day")
    assert source in cited.citation.source_url
    assert cited.text() == f"{day.isoformat()} (cited)"


def test_a_month_only_citation_is_a_month():
    cited = cited_dates()["9519"]  # Korea Ryongwang Trading: "last October" [2005]
    assert (cited.precision, cited.iso(), cited.month) == ("month", "2005-10", "2005-10")
    assert cited.text() == "in 2005-10 (cited)"


def test_every_dated_row_of_the_shipped_table_is_read_and_undated_ones_are_not_invented():
    with gzip.open(CITED_ENTRIES, "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    dated = {r["ent_num"] for r in rows if r["designation_date"]}
    assert len(rows) == 597 and set(cited_dates()) == dated and len(dated) == 594


def test_daily_windows_bound_a_first_appearance_to_a_day():
    window = daily_windows()["17013"]  # VTB Bank, added to the SDN list on 24 Feb 2022
    assert (window.absent_on, window.first_present_on) == (date(2022, 2, 24), date(2022, 2, 25))
    when = date_of("us_ofac_sdn", "17013", None, None, (date(2021, 7, 7), date(2024, 5, 3)))
    assert (when.basis, when.after, when.day) == ("on_or_before", date(2022, 2, 24), date(2022, 2, 25))
    assert when.month == "2022-02" and when.text() == "on or before 2022-02-25, after 2022-02-24"


def test_a_list_date_and_carry_over_and_stock():
    assert date_of("un_sc", "KPi.033", date(2016, 11, 30), None, None).text() == "2016-11-30"
    carried = date_of("gb_fcdo", "DPR0001", date(2020, 12, 31), None, None)
    assert carried.basis == "carried_over" and carried.month is None
    # The same day on an entry implementing the UN is the UN's date, not a carry-over.
    assert date_of("gb_fcdo", "DPR0205", date(2020, 12, 31), "un", None).basis == "list"
    stock = date_of("us_ofac_sdn", "1", None, None, (None, date(2021, 7, 7)))
    assert (stock.text(), stock.month) == ("on or before 2021-07-07", None)
    assert date_of("ftm_user", "x", None, None, None).text() == "date unknown"


def test_a_damaged_table_is_an_error_naming_it(tmp_path):
    bad = tmp_path / "entries.csv.gz"
    with gzip.open(bad, "wt", encoding="utf-8") as handle:
        handle.write("ent_num,designation_date,date_basis,source_url,action_id,confidence\n")
        handle.write("1,2016-13-01,named_in_source,https://example.org,a,high\n")
    with pytest.raises(InputError, match=r"entries.csv.gz:2: designation_date is not a date"):
        cited_dates.__wrapped__(bad)
    assert DAILY_WINDOWS.exists()

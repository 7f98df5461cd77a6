"""Importing a monthly trade series: the bundled China-DPRK customs figures, and bad files."""

import pytest

from maxpressure.errors import InputError
from maxpressure.pressure.trade import read_trade


def test_bundled_china_dprk_series_reads_with_its_documented_columns():
    series = read_trade()
    assert series.columns == ("china_exports_to_dprk_usd", "china_imports_from_dprk_usd", "total_usd")
    assert len(series.months) == 106  # months with at least one figure, 2016-01 .. 2025-12
    assert sum(1 for m in series.months if m.values["total_usd"] is not None) == 98
    assert series.value("2016-01", "total_usd") == 390_000_000
    assert series.months[0].sources["source_url"].startswith("https://voakorea.com")


def test_an_analysts_own_series_with_other_columns(tmp_path):
    path = tmp_path / "russia.csv"
    path.write_text("month,russia_exports_usd,notes\n2024-01,1000,estimate\n2024-02,,\n")
    series = read_trade(path)
    assert series.columns == ("russia_exports_usd",)
    assert series.value("2024-01", "russia_exports_usd") == 1000
    assert series.value("2024-02", "russia_exports_usd") is None


@pytest.mark.parametrize("body, message", [
    ("period,total\n2024-01,1\n", "needs a 'month' column"),
    ("month,total\n2024-13,1\n", "YYYY-MM"),
    ("month,total\n2024-01,about 5 million\n", "not a number"),
    ("month,total\n2024-01,1\n2024-01,2\n", "appears twice"),
    ("month,total,source_url\n2024-01,1,https://example.org/a\n2024-02,2,\n", "without a source"),
    ("year,total\n24,1\n", "YYYY"),
])
def test_bad_trade_files_name_the_line(tmp_path, body, message):
    path = tmp_path / "bad.csv"
    path.write_text(body)
    with pytest.raises(InputError, match=message):
        read_trade(path)


def test_bundled_annual_series_reads_by_year():
    from maxpressure.pressure.trade import DEFAULT_ANNUAL_TRADE

    series = read_trade(DEFAULT_ANNUAL_TRADE)
    assert [m.month for m in series.months][:2] == ["2010", "2011"]
    assert series.value("2016", "total_usd") == 5_820_000_000

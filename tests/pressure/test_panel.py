"""The bundled OFAC monthly country panel, checked against figures read off the CSV by hand."""

from maxpressure.pressure.panel import country_series, read_panel, summarise


def test_north_korea_stock_rises_from_192_to_233_with_41_additions():
    summary = summarise(read_panel(), "Korea, North")
    assert (summary.first_month, summary.last_month) == ("2022-04", "2026-03")
    assert (summary.first_level, summary.last_level) == (192, 233)
    assert (summary.additions, summary.removals) == (41, 0)
    assert (summary.largest_month, summary.largest_month_additions) == ("2024-12", 12)


def test_china_russia_and_hong_kong_flows():
    panel = read_panel()
    assert (summarise(panel, "China").additions, summarise(panel, "China").removals) == (797, 4)
    assert (summarise(panel, "Russia").additions, summarise(panel, "Russia").removals) == (3992, 42)
    assert (summarise(panel, "Hong Kong").additions, summarise(panel, "Hong Kong").removals) == (3, 1)


def test_panel_has_48_months_per_country():
    panel = read_panel()
    assert len(panel) == 8640
    assert len(country_series(panel, "Korea, North")) == 48

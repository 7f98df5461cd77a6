"""`maxpressure pressure --json` on the bundled real lists (slow: reconciles every list once)."""

import json

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(run_cli_module, bundled_home):
    result = run_cli_module("pressure", "--json", "--home", bundled_home)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def run_cli_module():
    import contextlib
    import io

    from maxpressure.cli import main

    class Result:
        def __init__(self, code, stdout, stderr):
            self.exit_code, self.stdout, self.stderr = code, stdout, stderr

    def run(*args):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main([str(a) for a in args])
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        return Result(code, out.getvalue(), err.getvalue())

    return run


def test_monthly_series_has_un_dprk_designations_by_listed_on(report):
    totals = {(m["month"], m["authority"]): m["designations"] for m in report["monthly"] if m["dimension"] == "total"}
    # The UN's own rounds, its vessels (recorded by the UK) included: 22 + 29 in March 2018.
    assert (totals[("2017-10", "un")], totals[("2017-12", "un")], totals[("2018-03", "un")]) == (4, 17 + 4, 22 + 29)
    assert totals[("2016-03", "un")] == 28
    recorded = {m["month"]: m["designations"] for m in report["monthly"]
                if (m["authority"], m["dimension"], m["value"]) == ("un", "recorded_by", "gb_fcdo")}
    assert recorded == {"2017-10": 4, "2017-12": 4, "2018-03": 29}
    # The UK copied the UN's March 2018 round: counted under "implements", not as UK designations.
    assert ("2018-03", "gb") not in totals and ("2020-12", "gb") not in totals
    implemented = {m["month"]: m["designations"] for m in report["monthly"]
                   if (m["authority"], m["dimension"]) == ("gb", "implements")}
    assert implemented["2018-03"] == 51


def test_ofac_panel_summary_for_north_korea(report):
    kp = next(s for s in report["ofac_panel_summary"] if s["country"] == "Korea, North")
    assert (kp["first_level"], kp["last_level"], kp["additions"]) == (192, 233, 41)
    assert (kp["largest_month"], kp["largest_month_additions"]) == ("2024-12", 12)


def test_indicators_share_of_un_dprk_designations_mirrored(report):
    shares = {s["authority"]: s for s in report["indicators"]["un_designations_mirrored_share"]}
    # 152 of the 155 UN DPRK entries have an OFAC counterpart in the hand-reviewed ground truth,
    # and OFAC lists KPe.014 Korea Kumryong as an a.k.a. of KOMID: 153.
    assert shares["us"]["un_entries"] == 155
    assert shares["us"]["mirrored"] == 153


def test_follow_lag_is_not_measurable_where_the_list_copies_the_un_date(report):
    lags = {lag["authority"]: lag for lag in report["indicators"]["median_days_to_follow_un"]}
    assert lags["gb"]["median_days"] is None and lags["gb"]["text"].startswith("not measurable")
    assert lags["us"]["measurable"] and lags["us"]["pairs"] > 100


def test_months_since_the_uns_last_dprk_designation(report):
    un = next(m for m in report["indicators"]["months_since_last_designation"] if m["authority"] == "un")
    assert (un["last"], un["as_of"], un["months"]) == ("2018-03-30", "2026-02-27", 95)


def test_trade_indicator_against_2016_and_the_trough(report):
    trade = report["indicators"]["trade"][0]
    assert (trade["pre_cap"], trade["trough_label"], trade["trough"]) == (5_820_000_000, "2021", 318_040_000)
    assert trade["latest_label"] == "2025" and round(trade["vs_pre_cap"], 2) == 0.47


def test_regime_events_are_bundled_with_sources(report):
    events = {e["date"]: e for e in report["events"]}
    assert events["2024-04-30"]["kind"] == "mandate_end" and events["2022-05-26"]["kind"] == "veto"
    assert all(e["source_url"].startswith("https://") for e in report["events"])


def test_trade_series_is_bundled_by_default(report):
    assert report["trade"]["columns"] == ["china_exports_to_dprk_usd", "china_imports_from_dprk_usd", "total_usd"]


def test_the_panel_of_experts_dataset_init_loads_is_no_designating_authority(report, bundled_home):
    from maxpressure.config import Settings
    from maxpressure.model import PANEL_DATASET
    from maxpressure.store import Store

    with Store.open(Settings.from_home(bundled_home), read_only=True) as store:
        assert store.latest(PANEL_DATASET) is not None  # loaded, so the check below can fail
    authorities = {m["authority"] for m in report["monthly"]}
    authorities |= {row["authority"] for rows in report["indicators"].values() if isinstance(rows, list)
                    for row in rows if isinstance(row, dict) and "authority" in row}
    assert {"un", "us", "gb"} <= authorities and PANEL_DATASET not in authorities


def test_months_after_an_authoritys_newest_list_read_not_known_not_none(run_cli_module, bundled_home, report,
                                                                        monkeypatch):
    # OFAC's newest bundled list is of 2024-05-03; the OFAC country panel shows North Korea entries
    # added after it (2024-12), so a blank us cell in 2024-12 would read as "designated nobody".
    from maxpressure.cli import common
    from maxpressure.views.pressure import pressure_view

    view = pressure_view(report)
    assert view["known_until"]["us"] == "2024-05-03" and view["known_until"]["un"] == "2026-02-27"
    monkeypatch.setattr(common.console, "width", 200)
    table = run_cli_module("pressure", "--home", bundled_home).stdout
    cells = [[c.strip() for c in line.split("│")[1:-1]] for line in table.splitlines() if line.startswith("│ 20")]
    rows = {row[0]: row[1:] for row in cells}
    authorities = ["gb", "un", "us"]
    assert rows["2024-03"][authorities.index("us")] == "8 (0)"  # before: a count
    assert rows["2024-09"][authorities.index("us")] == "?"  # after 2024-05-03: not known
    assert rows["2024-09"][authorities.index("un")] == ""  # the UN list of 2026 holds none that month
    assert "us: 2024-05-03), not known rather than none" in " ".join(table.split())


def test_the_pressure_chart_shades_the_months_no_list_covers(report):
    from maxpressure.views.pressure import pressure_view
    from maxpressure.views.svg import pressure_panels

    view = pressure_view(report)
    drawing = pressure_panels(view["designations_by_authority"], view["trade_by_month"], view["events"], "t",
                              view["known_until"])
    assert drawing.count('class="not-known"') == 2  # us after 2024-05 and gb after 2025-08; the UN list is newest
    assert "after 2024-05-03, the newest list held: not known" in drawing

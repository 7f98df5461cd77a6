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
    assert totals[("2018-03", "un")] == 22
    assert totals[("2016-03", "un")] == 28


def test_ofac_panel_summary_for_north_korea(report):
    kp = next(s for s in report["ofac_panel_summary"] if s["country"] == "Korea, North")
    assert (kp["first_level"], kp["last_level"], kp["additions"]) == (192, 233, 41)
    assert (kp["largest_month"], kp["largest_month_additions"]) == ("2024-12", 12)


def test_indicators_share_of_un_dprk_designations_mirrored(report):
    shares = {s["authority"]: s for s in report["indicators"]["un_designations_mirrored_share"]}
    # 152 of the 155 UN DPRK entries have an OFAC counterpart in the hand-reviewed ground truth
    # when KOMID's alias Korea Kumryong (KPe.014), which OFAC lists only as an a.k.a., is left out.
    assert shares["us"]["un_entries"] == 155
    assert shares["us"]["mirrored"] == 152


def test_trade_series_is_bundled_by_default(report):
    assert report["trade"]["columns"] == ["china_exports_to_dprk_usd", "china_imports_from_dprk_usd", "total_usd"]

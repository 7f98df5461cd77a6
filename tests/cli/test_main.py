"""The command line's first contact: options before the command, and the usual usage errors."""

from __future__ import annotations

import json

import pytest

from maxpressure.cli import leading_options_last


def test_leading_home_and_json_move_after_the_command_and_before_a_double_dash():
    assert leading_options_last(["--home", "D", "lists"]) == ["lists", "--home", "D"]
    assert leading_options_last(["--json", "--home=D", "network", "candidates", "--limit", "3"]) == \
        ["network", "candidates", "--limit", "3", "--json", "--home=D"]
    assert leading_options_last(["--home", "D", "screen", "--", "--odd name"]) == \
        ["screen", "--home", "D", "--", "--odd name"]
    assert leading_options_last(["lists", "--home", "D"]) == ["lists", "--home", "D"]
    assert leading_options_last(["--home", "D"]) == []  # no command: the help


def test_home_before_the_command_is_the_home_after_it(run_cli, bundled_home):
    before = run_cli("--home", bundled_home, "--json", "lists")
    after = run_cli("lists", "--home", bundled_home, "--json")
    assert before.exit_code == after.exit_code == 0, before.stderr
    assert json.loads(before.stdout) == json.loads(after.stdout)
    assert {s["list"] for s in json.loads(before.stdout)} >= {"un_sc", "us_ofac_sdn", "gb_fcdo"}


@pytest.mark.parametrize("args, says", [
    (["lisst"], "No such command 'lisst'. Did you mean 'lists'?"),
    (["network", "candidatess"], "No such command 'candidatess'. Did you mean 'candidates'?"),
    (["lists", "--hom", "x"], "No such option: --hom (Possible options: --home)"),
    (["--hom", "x", "lists"], "No such option: --hom (Possible options: --home)"),
    (["screen", "KOMID", "--treshold", "0.5"], "No such option: --treshold (Possible options: --threshold)"),
])
def test_unknown_commands_and_options_are_usage_errors_with_a_suggestion(run_cli, args, says):
    result = run_cli(*args)
    assert result.exit_code == 2
    assert says in result.stderr and "Usage: maxpressure" in result.stderr
    assert "internal error" not in result.stderr and result.stdout == ""


def test_a_bad_option_value_is_a_usage_error_too(run_cli):
    result = run_cli("network", "candidates", "--limit", "many")
    assert result.exit_code == 2 and "Invalid value for '--limit'" in result.stderr

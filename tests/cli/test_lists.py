"""`init` says the bundled data's notes once, so that an expected warning does not read as an error."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_init_prints_the_note_on_the_2024_ofac_snapshot_after_its_warnings(run_cli, tmp_path):
    result = run_cli("--home", str(tmp_path / "home"), "init")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    warning = next(i for i, line in enumerate(lines) if "4893 rows name an ent_num that is not in sdn.csv" in line)
    [note] = [i for i, line in enumerate(lines) if line.startswith("note on the bundled data: us_ofac_sdn 2024-05-03:")]
    assert note > warning and "left out, as expected" in " ".join(lines[note:note + 4])

"""Loads that must not land: a list cut short, special files, and options with bad values. Each is
refused with one stderr line naming the file or option, and the store is left as it was."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from maxpressure.config import Settings
from maxpressure.data import bundled_file
from maxpressure.store import Store

SDN_2024 = bundled_file("us_ofac_sdn", "2024-05-03", "sdn.csv.gz")
UN_2026 = bundled_file("un_sc", "2026-02-27", "UN_consolidated.xml.gz")


def _snapshot_rows(home: Path) -> list[tuple]:
    with Store.open(Settings.from_home(home), read_only=True) as store:
        return [(s.snapshot_id, s.list, s.as_of, s.entries) for s in store.snapshots()]


def _sdn_lines() -> list[bytes]:
    return gzip.decompress(SDN_2024.read_bytes()).rstrip(b"\x1a").rstrip(b"\r\n").split(b"\r\n")


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def test_sdn_csv_cut_at_a_line_boundary_is_refused_as_cut_short(home_copy, run_cli, tmp_path):
    lines = _sdn_lines()
    folder = tmp_path / "2024-06-01"
    folder.mkdir()
    (folder / "sdn.csv").write_bytes(b"\r\n".join(lines[: int(len(lines) * 0.6)]) + b"\r\n")
    before = _snapshot_rows(home_copy)
    result = run_cli("load", folder / "sdn.csv", "--home", home_copy)
    assert result.exit_code == 2
    line = _one_line(result.stderr)
    assert str(folder / "sdn.csv") in line and "end-of-file byte (0x1A)" in line
    assert _snapshot_rows(home_copy) == before


def test_a_list_losing_40_percent_is_refused_unless_allowed(home_copy, run_cli, tmp_path):
    """Even with OFAC's end-of-file byte put back, 40 % fewer entries is not a refresh."""
    lines = _sdn_lines()
    folder = tmp_path / "2024-06-01"
    folder.mkdir()
    (folder / "sdn.csv").write_bytes(b"\r\n".join(lines[: int(len(lines) * 0.6)]) + b"\r\n\x1a")
    before = _snapshot_rows(home_copy)
    result = run_cli("load", folder / "sdn.csv", "--home", home_copy)
    assert result.exit_code == 2
    line = _one_line(result.stderr)
    kept = int(len(lines) * 0.6)
    assert f"would remove {14965 - kept:,} of the 14,965 us_ofac_sdn entries" in line
    assert "--allow-shrink" in line and "sdn.csv" in line
    assert _snapshot_rows(home_copy) == before

    allowed = run_cli("load", folder / "sdn.csv", "--allow-shrink", "--home", home_copy)
    assert allowed.exit_code == 0, allowed.stderr
    assert _snapshot_rows(home_copy)[-1][1:] == ("us_ofac_sdn", __import__("datetime").date(2024, 6, 1), kept)


def test_a_refresh_that_delists_a_few_entries_loads(home_copy, run_cli, tmp_path):
    lines = _sdn_lines()
    folder = tmp_path / "2024-06-01"
    folder.mkdir()
    (folder / "sdn.csv").write_bytes(b"\r\n".join(lines[:-100]) + b"\r\n\x1a")  # 100 delisted: 0.7 %
    result = run_cli("load", folder / "sdn.csv", "--home", home_copy)
    assert result.exit_code == 0, result.stderr
    assert _snapshot_rows(home_copy)[-1][3] == 14965 - 100


@pytest.mark.parametrize("kind", ["fifo", "symlink loop", "device", "broken symlink"])
def test_special_files_are_refused_at_once(home_copy, run_cli, tmp_path, kind):
    path = tmp_path / "un.xml"
    if kind == "fifo":
        os.mkfifo(path)  # no writer: reading it would block forever
        expected = "is a FIFO"
    elif kind == "symlink loop":
        os.symlink(tmp_path / "other.xml", path)
        os.symlink(path, tmp_path / "other.xml")
        expected = "symbolic link loop"
    elif kind == "broken symlink":
        os.symlink(tmp_path / "gone.xml", path)
        expected = "broken symbolic link"
    else:
        path = Path("/dev/zero")
        expected = "is a character device"
    before = _snapshot_rows(home_copy)
    result = run_cli("load", path, "--list", "un_sc", "--home", home_copy)
    assert result.exit_code == 2
    line = _one_line(result.stderr)
    assert str(path) in line and expected in line
    assert _snapshot_rows(home_copy) == before


def test_a_fifo_inside_a_folder_is_refused_too(home_copy, run_cli, tmp_path):
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "UN.xml").write_bytes(gzip.decompress(UN_2026.read_bytes()))
    os.mkfifo(folder / "pipe")
    result = run_cli("load", folder, "--home", home_copy)
    assert result.exit_code == 2 and "pipe: is a FIFO" in _one_line(result.stderr)


@pytest.mark.parametrize("args, option", [
    (["--list", "nonsense"], "--list: unknown list 'nonsense'"),
    (["--as-of", "2026-13-45"], "--as-of expects a date as YYYY-MM-DD, got '2026-13-45'"),
])
def test_bad_option_values_name_the_option(home_copy, run_cli, args, option):
    result = run_cli("load", UN_2026, *args, "--home", home_copy)
    assert result.exit_code == 2
    line = _one_line(result.stderr)
    assert line == f"maxpressure: error: {option}" or line.startswith(f"maxpressure: error: {option}")
    assert "<input>" not in line

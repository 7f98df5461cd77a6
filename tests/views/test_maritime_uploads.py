"""How an upload job names the analyst's file and reports a failure: never the server's temporary path."""

from __future__ import annotations

from pathlib import Path

import pytest

from maxpressure.errors import InputError
from maxpressure.views.maritime_uploads import STEPS, UploadJob, display_name, one_line_error, safe_suffix


@pytest.mark.parametrize("name, shown", [("../../etc/passwd", "passwd"), ("C:\\Users\\kim\\ais.csv", "ais.csv"),
                                         ("a\nb.csv", "ab.csv"), ("", "upload"), (None, "upload")])
def test_the_name_shown_is_the_files_own_without_folders_or_control_characters(name, shown):
    assert display_name(name) == shown


@pytest.mark.parametrize("name, suffix", [("track.csv.gz", ".csv.gz"), ("log.NM4", ".nm4"), ("x.parquet", ".parquet"),
                                          ("evil.sh", ""), ("a.tar.gz", ".gz"), ("noext", "")])
def test_the_temporary_copy_keeps_only_the_suffixes_the_readers_know(name, suffix):
    assert safe_suffix(name) == suffix


def test_an_input_error_is_told_with_the_uploaded_name_and_line_on_one_line():
    temporary = Path("/tmp/mp-ais-upload-x/upload.csv")
    error = InputError(temporary, f"bad value in {temporary}\n  near here", line=7)
    assert one_line_error(error, temporary, "mine.csv") == "mine.csv:7: bad value in mine.csv near here"


def test_any_other_failure_names_the_file_and_the_error_type():
    message = one_line_error(ValueError("Conversion Error:\ncould not parse"), Path("/tmp/u.csv"), "mine.csv")
    assert message == "mine.csv: cannot read AIS: ValueError: Conversion Error: could not parse"


def test_progress_counts_the_detector_stages_and_ends_at_one():
    job = UploadJob("id", "a.csv", 10)
    assert job.to_json()["progress"] == 0.0 and job.to_json()["steps"] == len(STEPS)
    job.advance("pairs")
    assert 0 < job.to_json()["progress"] < 1
    job.result = {"events": []}
    assert job.to_json()["progress"] == 1.0 and job.to_json()["result"] == {"events": []}

"""`maxpressure update` end to end against a 127.0.0.1 server serving the real UN list."""

from __future__ import annotations

import gzip
import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from maxpressure.data import bundled_file


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def served(tmp_path):
    root = tmp_path / "www" / "un"
    root.mkdir(parents=True)
    data = gzip.decompress(bundled_file("un_sc", "2026-02-27", "UN_consolidated.xml.gz").read_bytes())
    (root / "consolidated.xml").write_bytes(data)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(tmp_path / "www")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/un/", root / "consolidated.xml"
    httpd.shutdown()
    httpd.server_close()


def test_update_loads_then_reports_unchanged(run_cli, tmp_path, served):
    base, _ = served
    home = tmp_path / "home"
    first = run_cli("update", "--list", "un_sc", "--source", f"un_sc={base}", "--home", home, "--json")
    assert first.exit_code == 0, first.stderr
    (result,) = json.loads(first.stdout)
    assert result["status"] == "loaded" and result["snapshot"]["entries"] == 1003
    assert len(result["files"][0]["sha256"]) == 64

    second = run_cli("update", "--list", "un_sc", "--source", f"un_sc={base}", "--home", home)
    assert second.exit_code == 0
    assert "un_sc: unchanged" in second.stdout and "sha256" in second.stdout


def test_garbage_download_is_one_clear_error_and_nothing_loaded(run_cli, tmp_path, served):
    base, path = served
    path.write_bytes(b"<html><body>Service unavailable</body></html>")
    home = tmp_path / "home"
    result = run_cli("update", "--list", "un_sc", "--source", f"un_sc={base}", "--home", home)
    assert result.exit_code != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("maxpressure: error:")]
    assert len(errors) == 1 and "Traceback" not in result.stderr
    assert f"{base}consolidated.xml" in errors[0]
    listed = run_cli("lists", "--home", home, "--json")
    assert json.loads(listed.stdout) == []


def test_bad_source_option_is_refused(run_cli, tmp_path):
    result = run_cli("update", "--source", "un_sc", "--home", tmp_path / "home")
    assert result.exit_code != 0 and "LIST=URL" in result.stderr

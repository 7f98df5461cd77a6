"""Writing the store while another process (the server) holds it: the new file is swapped in,
and a failed write leaves the published store as it was."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from maxpressure.cli.serve import parse_duration
from maxpressure.config import Settings
from maxpressure.data import bundled_file
from maxpressure.errors import InputError
from maxpressure.sources import parse_files
from maxpressure.store import Store
from maxpressure.store.swap import current_generation, serving_path, writable_store

UN_2025 = bundled_file("un_sc", "2025-04-19", "UN.xml.gz")
UN_2026 = bundled_file("un_sc", "2026-02-27", "UN_consolidated.xml.gz")

# Holds the store read-only, as `serve` does, and reports what it reads before and after a line
# on stdin: a reader keeps its file whatever is published meanwhile.
READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
count = lambda: con.execute("SELECT count(*) FROM snapshots").fetchall()[0][0]
print(count(), flush=True)
sys.stdin.readline()
print(count(), flush=True)
"""


@pytest.fixture
def settings(tmp_path) -> Settings:
    config = Settings.from_home(tmp_path)
    with Store.open(config) as store:
        store.write_snapshot(parse_files([UN_2025], "un_sc", as_of=date(2025, 4, 19)))
    return config


def _reader(settings: Settings) -> subprocess.Popen:
    reader = subprocess.Popen([sys.executable, "-c", READER, str(settings.store_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "1"
    return reader


def test_a_write_while_a_reader_holds_the_store_is_swapped_in(settings):
    reader = _reader(settings)
    try:
        before = current_generation(settings)
        with pytest.raises(Exception, match="lock"):
            Store(settings.store_path)  # what `load` used to fail with
        with writable_store(settings) as store:
            store.write_snapshot(parse_files([UN_2026], "un_sc"))
        after = current_generation(settings)
        assert after.inode != before.inode
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "1"  # the reader kept the file it had
    finally:
        reader.kill()
        reader.wait()
    with Store.open(settings, read_only=True) as store:
        assert [(s.as_of, s.entries) for s in store.snapshots("un_sc")] == [
            (date(2025, 4, 19), 877), (date(2026, 2, 27), 1003)]
    leftovers = [p.name for p in settings.home.iterdir() if p.name.startswith("store.duckdb.")]
    assert leftovers == ["store.duckdb.writer-lock"]


def test_a_failed_write_while_held_leaves_the_store_and_no_copy(settings):
    reader = _reader(settings)
    try:
        before = current_generation(settings)
        with pytest.raises(InputError):
            with writable_store(settings) as store:
                store.write_snapshot(parse_files([UN_2026], "un_sc"))
                raise InputError("x.xml", "a later file of the same load is bad")
        assert current_generation(settings) == before
    finally:
        reader.kill()
        reader.wait()
    assert not (settings.home / "store.duckdb.next").exists()
    with Store.open(settings, read_only=True) as store:
        assert len(store.snapshots()) == 1


def test_the_server_reads_each_published_file_under_a_path_of_its_own(settings):
    generation, path = serving_path(settings)
    assert path != settings.store_path and path.name.startswith(".serving-store-")
    assert path.stat().st_ino == settings.store_path.stat().st_ino == generation.inode


@pytest.mark.parametrize("value, seconds", [("6h", 21600), ("30m", 1800), ("1d", 86400), ("90s", 90)])
def test_update_every_reads_durations(value, seconds):
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", ["6", "often", "10s", "-1h"])
def test_update_every_refuses_other_values_naming_the_option(value):
    with pytest.raises(InputError, match="--update-every"):
        parse_duration(value)


def test_a_scheduled_update_while_serving_lands_as_a_new_store_file(settings, monkeypatch, tmp_path):
    """What `serve --update-every` runs, against a local server holding the real 2026 UN list."""
    import functools
    import gzip
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from maxpressure.cli.update import update_all

    site = tmp_path / "site"
    site.mkdir()
    (site / "consolidated.xml").write_bytes(gzip.decompress(UN_2026.read_bytes()))
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    monkeypatch.setenv("MAXPRESSURE_SOURCE_UN_SC", f"http://127.0.0.1:{httpd.server_address[1]}/")
    reader = _reader(settings)
    try:
        (result,) = update_all(settings, ["un_sc"])
        assert result.status == "loaded"
    finally:
        reader.kill()
        reader.wait()
        httpd.shutdown()
        httpd.server_close()
    with Store.open(settings, read_only=True) as store:
        assert store.latest("un_sc").entries == 1003

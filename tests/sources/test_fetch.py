"""Downloads against a local HTTP server serving the real bundled UN list: no test leaves 127.0.0.1."""

from __future__ import annotations

import gzip
import threading
from datetime import date
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from maxpressure.config import Settings
from maxpressure.data import bundled_file
from maxpressure.errors import FetchError, InputError
from maxpressure.sources.fetch import FetchPolicy, source_urls, update_list
from maxpressure.store import Store

FAST = FetchPolicy(timeout_s=2.0, attempts=3, backoff_s=0.0)
UN_2026 = bundled_file("un_sc", "2026-02-27", "UN_consolidated.xml.gz")
UN_2025 = bundled_file("un_sc", "2025-04-19", "UN.xml.gz")
OFAC_ADVANCED = Path(__file__).parent.parent / "fixtures" / "sanctions" / "ofac-cons-advanced-2020-03-17-excerpt.xml"


class ListServer:
    """Serves `body` at /un/consolidated.xml with an ETag; `fail_next` answers 500 that many times."""

    def __init__(self, body: bytes):
        self.body = body
        self.fail_next = 0
        self.requests: list[tuple[str, dict]] = []
        self.hang = False
        self.extra_headers: dict[str, str] = {}
        self.cut_after: int | None = None  # send only this many bytes of the body, then close
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                server.requests.append((self.path, dict(self.headers)))
                if server.hang:
                    threading.Event().wait(3)
                    return
                if server.fail_next:
                    server.fail_next -= 1
                    self.send_response(500)
                    self.end_headers()
                    return
                etag = f'"{hash(server.body) & 0xFFFFFFFF:x}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", formatdate(usegmt=True))
                self.send_header("Content-Length", str(len(server.body)))
                for name, value in server.extra_headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(server.body[: server.cut_after])
                if server.cut_after is not None:
                    self.close_connection = True

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/un/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def un_2026_bytes() -> bytes:
    return gzip.decompress(UN_2026.read_bytes())


@pytest.fixture
def server(un_2026_bytes):
    srv = ListServer(un_2026_bytes)
    yield srv
    srv.close()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings.from_home(tmp_path / "home")


def _update(settings, server, policy=FAST):
    with Store.open(settings) as store, httpx.Client() as client:
        return update_list(store, settings, "un_sc", client, policy, {"un_sc": server.base})


def _snapshots(settings):
    with Store.open(settings) as store:
        return store.snapshots("un_sc")


def test_full_update_downloads_checksums_and_loads_a_snapshot(settings, server, un_2026_bytes):
    import hashlib

    result = _update(settings, server)
    assert result.status == "loaded"
    assert result.snapshot.entries == 1003  # the real 2026-02-27 UN list
    (item,) = result.files
    assert item.sha256 == hashlib.sha256(un_2026_bytes).hexdigest()
    assert (settings.downloads / "un_sc" / "consolidated.xml").read_bytes() == un_2026_bytes
    assert len(_snapshots(settings)) == 1


def test_second_update_sends_etag_gets_304_and_loads_nothing(settings, server):
    _update(settings, server)
    again = _update(settings, server)
    assert again.status == "unchanged"
    assert "If-None-Match" in server.requests[-1][1]
    assert len(_snapshots(settings)) == 1


def test_same_bytes_without_validators_is_unchanged_by_checksum(settings, server):
    _update(settings, server)
    (settings.downloads / "state.json").write_text(
        (settings.downloads / "state.json").read_text().replace('"etag"', '"etag-forgotten"'))
    again = _update(settings, server)
    assert again.status == "unchanged"
    assert len(_snapshots(settings)) == 1


def test_new_list_version_loads_a_second_snapshot(settings, server):
    _update(settings, server)
    server.body = gzip.decompress(UN_2025.read_bytes())
    result = _update(settings, server)
    assert result.status == "loaded" and result.snapshot.entries == 877
    # snapshots are ordered by the date the list gives, so the older list sorts first
    assert [s.entries for s in _snapshots(settings)] == [877, 1003]


def test_server_errors_are_retried_then_succeed(settings, server):
    server.fail_next = 2
    assert _update(settings, server).status == "loaded"
    assert len(server.requests) == 3


def test_persistent_500_fails_with_one_clear_error_and_store_unchanged(settings, server):
    _update(settings, server)
    server.fail_next = 10
    server.body = b"changed"
    with pytest.raises(FetchError, match=r"failed after 3 attempts \(HTTP 500\)"):
        _update(settings, server)
    assert len(_snapshots(settings)) == 1


def test_timeout_is_retried_then_fails(settings, server):
    server.hang = True
    with pytest.raises(FetchError, match="failed after 2 attempts"):
        _update(settings, server, FetchPolicy(timeout_s=0.3, attempts=2, backoff_s=0.0))
    assert _snapshots(settings) == []


def test_response_over_the_size_limit_is_refused(settings, server):
    with pytest.raises(FetchError, match="limit"):
        _update(settings, server, FetchPolicy(timeout_s=2.0, attempts=1, max_bytes=1024))
    assert not (settings.downloads / "un_sc" / "consolidated.xml").exists()
    assert _snapshots(settings) == []


@pytest.mark.parametrize("bad", ["truncated", "garbage"])
def test_broken_download_gives_input_error_and_previous_snapshot_stays(settings, server, un_2026_bytes, bad):
    _update(settings, server)
    server.body = un_2026_bytes[: len(un_2026_bytes) // 2] if bad == "truncated" else bytes(range(256)) * 64
    with pytest.raises(InputError):
        _update(settings, server)
    (snapshot,) = _snapshots(settings)
    assert snapshot.entries == 1003
    # the good file and its validators stay, so the next attempt is a normal conditional request
    assert (settings.downloads / "un_sc" / "consolidated.xml").read_bytes() == un_2026_bytes
    assert not list((settings.downloads / "un_sc" / ".staging").iterdir())


def test_source_override_from_environment(monkeypatch):
    monkeypatch.setenv("MAXPRESSURE_SOURCE_US_OFAC_SDN", "http://127.0.0.1:9/ofac")
    urls = [url for url, _ in source_urls("us_ofac_sdn")]
    assert urls == ["http://127.0.0.1:9/ofac/SDN_ADVANCED.XML"]  # the OFAC export that dates its entries


def test_unknown_list_has_no_source():
    with pytest.raises(FetchError, match="no download source"):
        source_urls("ftm")


def _b64(digest: bytes) -> str:
    import base64

    return base64.b64encode(digest).decode()


def test_publisher_checksums_that_match_are_accepted(settings, server, un_2026_bytes):
    import hashlib

    server.extra_headers = {"Content-MD5": _b64(hashlib.md5(un_2026_bytes).digest()),
                            "Repr-Digest": f"sha-256=:{_b64(hashlib.sha256(un_2026_bytes).digest())}:"}
    assert _update(settings, server).status == "loaded"


@pytest.mark.parametrize("header", ["Content-MD5", "Repr-Digest"])
def test_a_checksum_mismatch_is_retried_then_refused_and_nothing_loads(settings, server, un_2026_bytes, header):
    import hashlib

    other = hashlib.sha256(b"another file") if header == "Repr-Digest" else hashlib.md5(b"another file")
    server.extra_headers = {header: _b64(other.digest()) if header == "Content-MD5" else f"sha-256=:{_b64(other.digest())}:"}
    with pytest.raises(FetchError, match="checksum the server announced does not match"):
        _update(settings, server)
    assert len([r for r in server.requests]) == FAST.attempts
    assert _snapshots(settings) == []
    assert not (settings.downloads / "un_sc" / "consolidated.xml").exists()


def test_a_download_cut_short_of_its_content_length_is_refused(settings, server, un_2026_bytes):
    """The connection drops 40 % before the end, on a line boundary: never a shorter list."""
    server.cut_after = un_2026_bytes.rindex(b"\n", 0, int(len(un_2026_bytes) * 0.6)) + 1
    with pytest.raises(FetchError, match="un/consolidated.xml"):
        _update(settings, server)
    assert _snapshots(settings) == []


def test_ofac_advanced_xml_is_fetched_and_loaded_with_its_listing_dates(settings):
    body = OFAC_ADVANCED.read_bytes()
    srv = ListServer(body)
    try:
        with Store.open(settings) as store, httpx.Client() as client:
            def update():
                return update_list(store, settings, "us_ofac_cons", client, FAST, {"us_ofac_cons": srv.base})

            result = update()
            assert result.status == "loaded" and srv.requests[0][0] == "/un/CONS_ADVANCED.XML"
            snapshot = result.snapshot
            assert (snapshot.list, snapshot.as_of, snapshot.entries) == ("us_ofac_cons", date(2020, 3, 17), 7)
            listed = {e.list_id: e.listed_on for e in store.entries(snapshot.snapshot_id)}
            assert listed["9639"] == date(2006, 4, 12) and listed["18299"] == date(2015, 7, 30)
            # A truncated next version is one error naming the URL; the store and the good file stay.
            srv.body = body[: len(body) // 2]
            with pytest.raises(InputError) as error:
                update()
            assert error.value.path == f"{srv.base}CONS_ADVANCED.XML" and "malformed XML" in error.value.message
            assert [s.entries for s in store.snapshots("us_ofac_cons")] == [7]
        assert (settings.downloads / "us_ofac_cons" / "cons_advanced.xml").read_bytes() == body
    finally:
        srv.close()

"""Downloading the official list files, and loading what changed.

Each publisher's files are fetched with a timeout, retries with backoff, a size limit enforced
while streaming, and a conditional request (the ETag / Last-Modified of the last successful load
are remembered in `downloads/state.json`), so an unchanged list costs one 304 and loads nothing.
Every file gets a sha256, and is checked against what the publisher says about it: the bytes
received must be the Content-Length announced (a connection cut at a line boundary otherwise
yields a well-formed, shorter list), and a Content-MD5 (Azure blob storage, where OFSI publishes)
or a `Repr-Digest`/`Digest` sha-256 must match. A mismatch is retried like a network error. Files
land next to their final name and are renamed into place only
after they parsed and their snapshot was written: a broken download never replaces a good one,
and the remembered ETag always describes what the store holds.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Mapping

import httpx

from maxpressure.config import Settings
from maxpressure.errors import FetchError, InputError
from maxpressure.sources import parse_files

SOURCE_ENV_PREFIX = "MAXPRESSURE_SOURCE_"
STATE_FILENAME = "state.json"

# list -> (base URL, ((remote name, local file name), ...)). Only lists that publish a stable
# machine-readable URL are here; the FCDO summary .ods and FtM datasets are loaded by hand.
OFFICIAL_SOURCES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "un_sc": ("https://scsanctions.un.org/resources/xml/en/", (("consolidated.xml", "consolidated.xml"),)),
    # OFAC's advanced XML, not the legacy CSV set: it is the only OFAC export that dates its
    # entries (EntryEvent "Created"). The CSV set and sdn.xml still load by hand with `load`.
    "us_ofac_sdn": (
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/",
        (("SDN_ADVANCED.XML", "sdn_advanced.xml"),),
    ),
    "us_ofac_cons": (
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/",
        (("CONS_ADVANCED.XML", "cons_advanced.xml"),),
    ),
    # The token is public: the Commission's RSS feed publishes it with every link.
    "eu_fsf": (
        "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/",
        (("content?token=dG9rZW4tMjAxNw", "eu_fsf.xml"),),
    ),
    "gb_fcdo": ("https://sanctionslist.fcdo.gov.uk/docs/", (("UK-Sanctions-List.csv", "UK-Sanctions-List.csv"),)),
    "gb_hmt": (
        "https://ofsistorage.blob.core.windows.net/publishlive/2022format/",
        (("ConList.csv", "ConList.csv"),),
    ),
}


@dataclass(frozen=True)
class FetchPolicy:
    """How patient and how trusting a download is."""

    timeout_s: float = 60.0
    attempts: int = 3
    backoff_s: float = 2.0  # doubled after each failed attempt
    max_bytes: int = 512 * 1024 * 1024  # the largest list file is ~120 MB


class DownloadMismatch(FetchError):
    """The bytes received are not what the publisher announced (length or checksum)."""


@dataclass(frozen=True)
class FetchedFile:
    list: str
    filename: str
    url: str
    sha256: str
    size: int
    changed: bool  # False: the server answered 304 and the file we already hold is current
    path: Path  # where the content is now (a temporary file when changed)


@dataclass
class UpdateResult:
    list: str
    status: str  # "loaded" | "unchanged" (304 or same checksum) | "same-content" (same entries)
    files: list[FetchedFile] = field(default_factory=list)
    snapshot: object | None = None  # the store's Snapshot when loaded

    def to_json(self) -> dict:
        return {
            "list": self.list,
            "status": self.status,
            "files": [{"file": f.filename, "url": f.url, "sha256": f.sha256, "size": f.size,
                       "changed": f.changed} for f in self.files],
            "snapshot": self.snapshot.to_json() if self.snapshot is not None else None,
        }


def source_urls(list_name: str, overrides: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(URL, local file name) for each file of a list, after --source and environment overrides."""
    if list_name not in OFFICIAL_SOURCES:
        known = ", ".join(OFFICIAL_SOURCES)
        raise FetchError(f"--list: no download source for list {list_name!r}; lists with one: {known}")
    base, files = OFFICIAL_SOURCES[list_name]
    base = (overrides or {}).get(list_name) or os.environ.get(SOURCE_ENV_PREFIX + list_name.upper()) or base
    if not base.endswith("/"):
        base += "/"
    return [(base + remote, local) for remote, local in files]


class DownloadState:
    """What the store holds per URL (validators and checksum), kept in a small JSON file."""

    def __init__(self, folder: Path):
        self.path = folder / STATE_FILENAME
        try:
            self.data: dict = json.loads(self.path.read_text("utf-8")) if self.path.exists() else {}
        except (OSError, ValueError):
            self.data = {}  # a damaged state only costs one full download

    def for_url(self, url: str) -> dict:
        return self.data.setdefault("urls", {}).get(url, {})

    def remember(self, url: str, **values: str | None) -> None:
        self.data.setdefault("urls", {})[url] = {k: v for k, v in values.items() if v}

    def loaded_checksum(self, list_name: str) -> str | None:
        return self.data.setdefault("lists", {}).get(list_name)

    def remember_loaded(self, list_name: str, checksum: str) -> None:
        self.data.setdefault("lists", {})[list_name] = checksum

    def save(self) -> None:
        _write_atomically(self.path, json.dumps(self.data, indent=2, sort_keys=True).encode("utf-8"))


def download(
    client: httpx.Client, url: str, target: Path, validators: dict, policy: FetchPolicy,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[bool, dict]:
    """GET url into `target` (a temp file); (False, {}) on 304. Retries transport errors and 5xx."""
    headers = {}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    last_error = ""
    for attempt in range(policy.attempts):
        if attempt:
            sleep(policy.backoff_s * 2 ** (attempt - 1))
        try:
            with client.stream("GET", url, headers=headers, timeout=policy.timeout_s) as response:
                if response.status_code == 304:
                    return False, validators
                if response.status_code >= 500:
                    last_error = f"HTTP {response.status_code}"
                    continue
                if response.status_code != 200:
                    raise FetchError(f"GET {url}: HTTP {response.status_code}")
                _stream_to(response, target, url, policy.max_bytes)
                return True, {"etag": response.headers.get("etag"),
                              "last_modified": response.headers.get("last-modified")}
        except DownloadMismatch as exc:
            last_error = exc.args[0]
        except httpx.HTTPError as exc:
            last_error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    raise FetchError(f"GET {url}: failed after {policy.attempts} attempts ({last_error})")


def _stream_to(response: httpx.Response, target: Path, url: str, max_bytes: int) -> None:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"GET {url}: {declared} bytes is over the {max_bytes}-byte limit")
    total = 0
    md5, sha256 = hashlib.md5(usedforsecurity=False), hashlib.sha256()
    try:
        with open(target, "wb") as out:
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > max_bytes:
                    raise FetchError(f"GET {url}: response passed the {max_bytes}-byte limit; aborted")
                md5.update(chunk)
                sha256.update(chunk)
                out.write(chunk)
        check_announced(response, url, md5.digest(), sha256.digest())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def check_announced(response: httpx.Response, url: str, md5: bytes, sha256: bytes) -> None:
    """The body against the publisher's own Content-Length, Content-MD5 and sha-256 digest."""
    headers = response.headers
    declared = headers.get("content-length", "")
    received = response.num_bytes_downloaded  # as sent, before any Content-Encoding is undone
    if declared.isdigit() and int(declared) != received:
        raise DownloadMismatch(f"GET {url}: received {received:,} bytes, the server announced {int(declared):,} "
                               "(Content-Length): the download was cut short")
    if headers.get("content-encoding", "identity") not in ("", "identity"):
        return  # the checksums below describe the encoded bytes, which we no longer hold
    announced = {"md5": _base64(headers.get("content-md5", ""))}
    for header in ("repr-digest", "digest"):
        for item in headers.get(header, "").split(","):
            algorithm, _, value = item.strip().partition("=")
            if algorithm.lower() == "sha-256":
                announced["sha-256"] = _base64(value.strip(":"))
    for algorithm, expected, actual in (("md5", announced["md5"], md5), ("sha-256", announced.get("sha-256"), sha256)):
        if expected is not None and expected != actual:
            raise DownloadMismatch(f"GET {url}: the {algorithm} checksum the server announced does not match "
                                   "the bytes received")


def _base64(value: str) -> bytes | None:
    try:
        return base64.b64decode(value, validate=True) if value else None
    except ValueError:
        return None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def fetch_list(
    list_name: str, folder: Path, state: DownloadState, client: httpx.Client, policy: FetchPolicy,
    overrides: Mapping[str, str] | None = None,
) -> list[FetchedFile]:
    """Download every file of one list. Changed files wait under `folder/.staging/<name>` (their
    real names: parsers tell sdn.csv from alt.csv by name) until `commit` moves them into place."""
    staging = folder / ".staging"
    staging.mkdir(parents=True, exist_ok=True)
    fetched: list[FetchedFile] = []
    try:
        for url, filename in source_urls(list_name, overrides):
            current = folder / filename
            validators = state.for_url(url) if current.exists() else {}
            changed, new_validators = download(client, url, staging / filename, validators, policy)
            path = staging / filename if changed else current
            fetched.append(FetchedFile(list_name, filename, url, sha256_of(path), path.stat().st_size,
                                       changed, path))
            if changed:
                state.remember(url, **new_validators, sha256=fetched[-1].sha256)
    except BaseException:
        discard(fetched)
        raise
    return fetched


def discard(files: list[FetchedFile]) -> None:
    for item in files:
        if item.changed:
            item.path.unlink(missing_ok=True)


def commit(files: list[FetchedFile], folder: Path, state: DownloadState) -> None:
    """Move the new files into place and save their validators, now that the store holds them."""
    for item in files:
        if item.changed:
            os.replace(item.path, folder / item.filename)
    state.remember_loaded(files[0].list, combined_checksum(files))
    state.save()


def combined_checksum(files: list[FetchedFile]) -> str:
    lines = "".join(f"{f.filename}:{f.sha256}\n" for f in sorted(files, key=lambda f: f.filename))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def update_list(
    store, settings: Settings, list_name: str, client: httpx.Client,
    policy: FetchPolicy = FetchPolicy(), overrides: Mapping[str, str] | None = None,
) -> UpdateResult:
    """Fetch one list; parse it and write a snapshot only when its files changed.

    Nothing is kept of a download that fails to parse: the previous files, validators and
    snapshot stay as they were.
    """
    folder = settings.downloads / list_name
    state = DownloadState(settings.downloads)
    files = fetch_list(list_name, folder, state, client, policy, overrides)
    if not any(f.changed for f in files):
        return UpdateResult(list_name, "unchanged", files)
    if combined_checksum(files) == state.loaded_checksum(list_name):
        commit(files, folder, state)  # same bytes under new validators
        return UpdateResult(list_name, "unchanged", files)
    try:
        parsed = parse_files([f.path for f in files], list_name)
        parsed.source_files = [f.filename for f in files]
        parsed.as_of = parsed.as_of or date.today()
        if store.holds_same_content(parsed):
            commit(files, folder, state)
            return UpdateResult(list_name, "same-content", files)
        snapshot = store.write_snapshot(parsed)
    except InputError as exc:
        discard(files)
        # Name what the user asked for (the URL), not our staging folder.
        url = next((f.url for f in files if exc.path and Path(exc.path).name == f.filename), exc.path)
        raise InputError(url, f"downloaded file is not a valid {list_name} list: {exc.message}", exc.line) from exc
    except BaseException:
        discard(files)
        raise
    commit(files, folder, state)
    return UpdateResult(list_name, "loaded", files, snapshot)

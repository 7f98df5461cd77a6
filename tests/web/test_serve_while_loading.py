"""Lists refreshed while the workbench serves: `maxpressure load` runs against a live `serve`, 50
clients keep hitting /match and the pages, not one request fails, and afterwards the server
answers from the new snapshot (its entries findable through /match).

The server is a real `maxpressure serve` process on 127.0.0.1 over a home holding the real UN list
of 2025-04-19; the load brings the real UN list of 2026-02-27.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import httpx
import pytest

from maxpressure.config import Settings
from maxpressure.data import bundled_file
from maxpressure.sources import parse_files
from maxpressure.store import Store

UN_2025 = bundled_file("un_sc", "2025-04-19", "UN.xml.gz")
UN_2026 = bundled_file("un_sc", "2026-02-27", "UN_consolidated.xml.gz")
CLIENTS = 50
SOAK_S = 60.0  # at least; the clients keep going until the server has switched, and a moment after
LOAD_AFTER_S = 5.0
SWITCH_WITHIN_S = 240.0  # on 2 shared cores, under 50 clients, the load and the switch are slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_up(base: str, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        assert server.poll() is None, "the server exited"
        try:
            if httpx.get(base + "/api/snapshots", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise AssertionError("the server did not start")


def _match(http: httpx.Client, name: str) -> list[dict]:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": [name]}}}}
    response = http.post("/match/un_sc", json=body)
    response.raise_for_status()
    return response.json()["responses"]["q"]["results"]


@pytest.fixture
def served_home(tmp_path) -> Path:
    with Store.open(Settings.from_home(tmp_path)) as store:
        store.write_snapshot(parse_files([UN_2025], "un_sc", as_of=date(2025, 4, 19)))
    return tmp_path


@pytest.mark.slow
def test_fifty_clients_see_no_failure_while_a_load_is_swapped_in(served_home, tmp_path_factory):
    added = _added_person(served_home)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "MAXPRESSURE_TOKEN"}
    log = tmp_path_factory.mktemp("serve-log") / "serve.log"
    with open(log, "w") as log_file:
        server = subprocess.Popen([sys.executable, "-m", "maxpressure", "serve", "--port", str(port),
                                   "--home", str(served_home)], env=env, stdout=log_file, stderr=log_file)
    try:
        _wait_up(base, server)
        with httpx.Client(base_url=base, timeout=120) as http:
            assert not any(r["id"] == added["entity_id"] for r in _match(http, added["caption"]))
        outcome = _soak(base, server, served_home, env)
        assert outcome["load"].returncode == 0, outcome["load"].stderr
        assert outcome["errors"] == Counter(), outcome["errors"]
        assert outcome["ok"] > CLIENTS * 10, outcome
        assert outcome["switched_after_s"] is not None, log.read_text()[-2000:]
        with httpx.Client(base_url=base, timeout=120) as http:
            served = {(s["list"], s["as_of"]) for s in http.get("/api/snapshots").json()}
            assert ("un_sc", "2026-02-27") in served
            assert any(r["id"] == added["entity_id"] for r in _match(http, added["caption"]))
    finally:
        server.terminate()
        server.wait(timeout=30)


def _added_person(home: Path) -> dict:
    """A person the 2026 list adds to the 2025 one: findable only once the new snapshot is served."""
    new = parse_files([UN_2026], "un_sc")
    with Store.open(Settings.from_home(home), read_only=True) as store:
        held = store.list_ids(store.latest("un_sc").snapshot_id)
    person = next(e for e in new.entries if e.list_id not in held and e.schema == "Person")
    return {"entity_id": person.entity_id, "caption": person.caption}


def _soak(base: str, server: subprocess.Popen, home: Path, env: dict) -> dict:
    """CLIENTS threads on /match and pages for SOAK_S seconds or until the server switched to the
    new store (whichever is later); the load starts LOAD_AFTER_S in."""
    errors: Counter = Counter()
    ok = [0]
    lock = threading.Lock()
    started = time.monotonic()
    stop = threading.Event()
    paths = ["/", "/changes", "/api/snapshots", "/search?q=KIM", "/entity/un-sc-KPi.033"]
    names = ["Kim Jong Un", "RI WON HO", "Korea Mining Development Trading Corporation", "PAK CHOL"]

    def client(number: int) -> None:
        with httpx.Client(base_url=base, timeout=120) as http:
            turn = number
            while not stop.is_set():
                turn += 1
                try:
                    if turn % 2:
                        _match(http, names[turn % len(names)])
                    else:
                        response = http.get(paths[turn % len(paths)])
                        if response.status_code != 200:
                            raise httpx.HTTPStatusError(str(response.status_code), request=response.request,
                                                        response=response)
                except httpx.HTTPError as exc:
                    with lock:
                        errors[f"{type(exc).__name__}: {exc}"[:120]] += 1
                    continue
                with lock:
                    ok[0] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(LOAD_AFTER_S)
    load = subprocess.run([sys.executable, "-m", "maxpressure", "load", str(UN_2026), "--home", str(home)],
                          env=env, capture_output=True, text=True, timeout=SOAK_S)
    switched_after = None
    with httpx.Client(base_url=base, timeout=120) as http:
        while time.monotonic() < started + SWITCH_WITHIN_S and switched_after is None:
            if any(s["as_of"] == "2026-02-27" for s in http.get("/api/snapshots").json()):
                switched_after = time.monotonic() - started
            else:
                time.sleep(0.5)
    time.sleep(max(3.0, started + SOAK_S - time.monotonic()))  # requests served after the switch too
    stop.set()
    for thread in threads:
        thread.join()
    assert server.poll() is None
    return {"load": load, "errors": errors, "ok": ok[0], "switched_after_s": switched_after}

"""A client nobody here wrote: nomenklatura 4.17.4's unchanged `YenteEnricher` against a live `maxpressure serve`.

nomenklatura is not a dependency of ours (it wants duckdb<2, we run duckdb 2): it runs in the
bench virtualenv `.venv-bench` that `benchmarks/screening_accuracy.py` creates, made here the same
way when missing (pip, pinned version; minutes on a cold cache, seconds on a warm one). The server
runs in our own venv on 127.0.0.1; the enricher matches real list entities and expands each match.
"""

from __future__ import annotations

import json
import os
import site
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH_VENV = Path(os.environ.get("MAXPRESSURE_BENCH_VENV", ROOT / ".venv-bench"))
NOMENKLATURA = "nomenklatura==4.17.4"  # the release the screening benchmark compares against
SERVER = Path(sys.executable).parent / "maxpressure"

# What the enricher runs: match each entity, expand each match, print what came back as JSON.
CLIENT = r'''
import json, sys
from followthemoney import Dataset, StatementEntity
from nomenklatura.cache import Cache
from nomenklatura.db import make_session
from nomenklatura.enrich import make_enricher

api, wanted = sys.argv[1], json.loads(sys.argv[2])
dataset = Dataset.make({"name": "mp_client", "title": "maxpressure client"})
cache = Cache(make_session("sqlite:///:memory:"), dataset, create=True)
enricher = make_enricher(dataset, cache, {"type": "nomenklatura.enrich.yente:YenteEnricher", "api": api, "cache_days": 0})
out = []
for query in wanted:
    entity = StatementEntity.from_data(dataset, query)
    for match in enricher.match(entity):
        expanded = [e.to_dict() for e in enricher.expand(entity, match)]
        out.append({"query": query["id"], "match": match.to_dict(), "expanded": expanded})
print(json.dumps(out))
'''


def bench_python() -> Path:
    python = BENCH_VENV / "bin" / "python"
    check = [str(python), "-c", "import nomenklatura.enrich.yente"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    try:
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True, timeout=300)
        bench_site = subprocess.run([str(python), "-c", "import site; print(site.getsitepackages()[0])"],
                                    check=True, capture_output=True, text=True).stdout.strip()
        Path(bench_site, "_runtime_venv.pth").write_text(site.getsitepackages()[0] + "\n")
        subprocess.run([str(python), "-m", "pip", "install", "-q", NOMENKLATURA], check=True, timeout=900)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"pip could not install {NOMENKLATURA} into {BENCH_VENV}: {exc}")
    return python


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(bundled_home):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "MAXPRESSURE_TOKEN"}
    server = subprocess.Popen([str(SERVER), "serve", "--port", str(port), "--home", str(bundled_home)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 600
        while time.time() < deadline:
            try:
                if httpx.get(base + "/readyz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                if server.poll() is not None:
                    pytest.fail(f"maxpressure serve exited: {server.stderr.read().decode()[-2000:]}")
            time.sleep(1)
        else:
            pytest.fail("maxpressure serve did not turn ready in 10 minutes")
        yield base + "/"
    finally:
        server.terminate()
        server.wait(timeout=30)


QUERIES = [  # as a compliance team's own records would hold them
    {"id": "c1", "schema": "Person", "properties": {"name": ["Ri Won Ho"], "birthDate": ["1964-07-17"], "nationality": ["kp"]}},
    {"id": "c2", "schema": "Organization", "properties": {"name": ["Korea Mining Development Trading Corporation"]}},
    {"id": "c3", "schema": "Vessel", "properties": {"imoNumber": ["9114555"]}},
]


@pytest.mark.slow
def test_nomenklatura_yente_enricher_matches_and_expands_complete_entities(live_server):
    python = bench_python()
    done = subprocess.run([str(python), "-c", CLIENT, live_server, json.dumps(QUERIES)], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    by_query = {}
    for item in found:
        by_query.setdefault(item["query"], []).append(item)
    assert set(by_query) == {"c1", "c2", "c3"}, by_query.keys()
    for item in found:
        for entity in [item["match"], *item["expanded"]]:
            assert entity["id"] and entity["schema"] and entity["properties"], entity  # no empty entity
    ri = by_query["c1"][0]
    assert "381310014" in ri["match"]["properties"]["passportNumber"]
    assert {"Sanction"} <= {e["schema"] for e in ri["expanded"]}  # the expansion brought the adjacent entities
    assert "UL JI BONG 6" in by_query["c3"][0]["match"]["properties"]["name"]  # a ship found by its IMO alone

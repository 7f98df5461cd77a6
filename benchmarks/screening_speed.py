"""Screening speed: batch throughput against every bundled list, and /match latency, vs logic-v2.

Run: .venv/bin/python benchmarks/screening_speed.py [--queries N]

Loads every bundled snapshot into a temporary store, builds the screening index (timed), then:
- batch: N queries (real list names, every 7th with a typo) screened one by one in one process,
  printed as queries per second on one core;
- API: the same queries sent one at a time to POST /match/default through FastAPI's TestClient,
  printed as p50 / p99 latency;
- logic-v2 (nomenklatura 4.17.4, in .venv-bench, see screening_accuracy.py) scoring the SAME
  candidates our index retrieved for each query, printed as queries per second.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from maxpressure.config import Settings
    from maxpressure.loading import load_bundled_default
    from maxpressure.screening import Query
    from maxpressure.screening.index import all_query_keys
    from maxpressure.screening.profile import profile_of_query
    from maxpressure.screening.screen import screener_for_store
    from maxpressure.store import Store
    from maxpressure.web.app import create_app
    from screening_accuracy import bench_python

    home = Path(tempfile.mkdtemp(prefix="mp-speed-"))
    settings = Settings.from_home(home)
    with Store.open(settings) as store:
        load_bundled_default(store)
        started = time.perf_counter()
        screener = screener_for_store(store, cache_dir=home / "cache")
        build = time.perf_counter() - started
        started = time.perf_counter()
        screener_for_store(store, cache_dir=home / "cache")
        cached = time.perf_counter() - started
    print(f"index: {len(screener)} entries, built in {build:.1f} s, loaded from cache in {cached:.1f} s")

    cands = screener.index.candidates
    step = max(1, len(cands) // args.queries)
    queries = []
    for n, cand in enumerate(cands[::step][: args.queries]):
        name = cand.caption
        if n % 7 == 0 and len(name) > 5:
            name = name[:3] + name[4:]
        queries.append(Query(name=name, schema=cand.schema))
    screener.screen(Query("warm up", "Person"))  # load rigour's name corpora before timing

    started = time.perf_counter()
    for q in queries:
        screener.screen(q)
    batch = time.perf_counter() - started
    print(f"batch: {len(queries)} queries in {batch:.2f} s = {len(queries) / batch:.0f} queries/s on one core")

    app = create_app(settings)
    app.state.screener = screener
    client = TestClient(app)
    latencies = []
    for q in queries:
        body = {"queries": {"q": {"schema": q.schema, "properties": {"name": [q.name]}}}}
        started = time.perf_counter()
        response = client.post("/match/default", json=body)
        latencies.append(time.perf_counter() - started)
        assert response.status_code == 200
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    print(f"API /match (TestClient, one query per request): p50 {p50:.1f} ms, p99 {p99:.1f} ms")

    # logic-v2 on the same candidates our retrieval picked for each query.
    pairs = []
    for q in queries:
        profile = profile_of_query(q)
        for i in screener.index.retrieve(profile, 20, all_query_keys(profile)):
            c = cands[i]
            props = {k: v for k, v in c.properties.items() if k in ("name", "alias", "birthDate", "nationality", "country")}
            pairs.append({"schema": c.schema, "a": {"name": [q.name]}, "b": props})
    out = subprocess.run([str(bench_python()), str(ROOT / "benchmarks/_logicv2_runner.py")],
                         input="\n".join(json.dumps(p) for p in pairs), capture_output=True, text=True, check=True)
    seconds = json.loads(out.stdout)["seconds"]
    print(f"logic-v2 on the same {len(pairs)} candidates: {seconds:.2f} s = {len(queries) / seconds:.0f} queries/s "
          f"({seconds / len(pairs) * 1e6:.0f} µs per candidate)")


if __name__ == "__main__":
    main()

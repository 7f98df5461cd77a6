"""Screening speed: batch throughput against every bundled list, /match latency and start-up, vs logic-v2.

Run: .venv/bin/python benchmarks/screening_speed.py [--queries N] [--rounds R] [--logic-v2-queries M]

Loads every bundled snapshot into a temporary store, then prints:
- index: build time, load time from the on-disk cache, and the reconciliation `init` runs once
  per load (wall and CPU); batch and API screen with the reconciled screener, as the CLI does;
- one-shot: `maxpressure screen NAME` as a fresh process against the cached index (what a
  user waits for at the shell), wall and CPU;
- batch: R rounds of N queries each (real list names, every 7th with a typo; each round takes
  different entries, so no round is served from the previous round's caches), screened one by
  one in one process, each query's results written out as `screen --input` writes them (the
  JSON line with every explanation, here to an in-memory buffer instead of a file). Printed per round and as the median, in queries per second of wall time
  and of this process's CPU time (`time.process_time`): on a machine shared with other work the
  CPU figure is the fairer "per core" number, the wall figure what a user would see right now;
- API: the same queries sent one at a time to POST /match/default through FastAPI's TestClient,
  p50 / p99 latency in wall time, plus the median CPU per request;
- screen --input engines: the same queries screened by one worker and by every core
  (`--workers`, default all), wall time and queries per second per core (CPU time of the parent
  and of the workers: on a shared machine the wall figure of every core is what the other
  work leaves over), checking the two outputs are identical; then by
  `--engine spark` in local mode (one job to start the session, then the timed job);
- logic-v2 (nomenklatura 4.17.4, in .venv-bench, see screening_accuracy.py) scoring the SAME
  candidates our index retrieved for the first M queries (default 200: logic-v2 compares one pair
  in about a millisecond, and it runs in its own process), as queries per second (CPU of its
  scoring loop, measured inside that process).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def sample_queries(cands, count: int, offset: int):
    from maxpressure.screening import Query

    step = max(1, len(cands) // count)
    queries = []
    for n, cand in enumerate(cands[offset::step][:count]):
        name = cand.caption
        if n % 7 == 0 and len(name) > 5:
            name = name[:3] + name[4:]  # a typo: one letter dropped
        queries.append(Query(name=name, schema=cand.schema))
    return queries


def one_shot(home: Path, name: str) -> tuple[float, float]:
    """Wall and CPU seconds of `maxpressure screen NAME --json` as a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "maxpressure", "screen", name, "--json", "--home", str(home)],
                   check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def engines(screener, cands, args, home: Path) -> None:
    """`screen --input` as the CLI runs it: one worker, every core, and Spark in local mode, on the
    same queries in one run (wall time; the batch is `--queries` x `--rounds` queries)."""
    from maxpressure.screening.parallel import default_workers, screen_lines

    queries = [(str(n), q) for n, q in enumerate(
        q for r in range(args.rounds) for q in sample_queries(cands, args.queries, offset=r * 3 + 2))]
    timings = {}
    cpu = {}
    lines = {}
    for workers in (1, default_workers()):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = _clock()
        lines[workers] = [line for chunk in screen_lines(screener, queries, 0.7, 5, workers) for line in chunk]
        timings[workers], own = _since(start)
        # The pool's workers are reaped when it closes, so their CPU is in RUSAGE_CHILDREN here.
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[workers] = own + (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    every = default_workers()
    same = lines[1] == lines[every]
    print(f"screen --input, {len(queries)} queries (load average {os.getloadavg()[0]:.1f}): one worker "
          f"{len(queries) / timings[1]:.0f} queries/s wall, {len(queries) / cpu[1]:.0f} per core (CPU); "
          f"--workers {every} (every core) {len(queries) / timings[every]:.0f} queries/s wall "
          f"({timings[1] / timings[every]:.2f}x), {len(queries) / cpu[every]:.0f} per core (CPU of parent and "
          f"workers), {every * len(queries) / cpu[every]:.0f} queries/s for {every} cores at that rate "
          f"(target: 1,000 per core); same output: {same}")
    try:
        from maxpressure.screening.spark import screen_lines_spark
    except ImportError:
        return
    os.environ.setdefault("MAXPRESSURE_SPARK_MASTER", f"local[{default_workers()}]")
    spark_queries = queries[: args.spark_queries]
    start = time.perf_counter()
    first = [line for chunk in screen_lines_spark(screener, spark_queries[:10], 0.7, 5, home / "cache") for line in chunk]
    warm = time.perf_counter() - start
    start = time.perf_counter()
    on_spark = [line for chunk in screen_lines_spark(screener, spark_queries, 0.7, 5, home / "cache") for line in chunk]
    seconds = time.perf_counter() - start
    print(f"--engine spark ({os.environ['MAXPRESSURE_SPARK_MASTER']}), {len(spark_queries)} queries: "
          f"{len(spark_queries) / seconds:.0f} queries/s wall, index shipped once per job "
          f"(first job of 10 queries, session start and index load: {warm:.1f} s); "
          f"same output as one worker: {on_spark == lines[1][: len(spark_queries)] and first == lines[1][:10]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=1000, help="queries per batch round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--logic-v2-queries", type=int, default=200)
    parser.add_argument("--spark-queries", type=int, default=5000)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from maxpressure.config import Settings
    from maxpressure.loading import load_bundled_default
    from maxpressure.prepare import reconciled_screener
    from maxpressure.screening import Query
    from maxpressure.screening.batch import result_line
    from maxpressure.screening.index import all_query_keys
    from maxpressure.screening.screen import screener_for_store
    from maxpressure.store import Store
    from maxpressure.web.app import create_app
    from screening_accuracy import bench_python

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    home = Path(tempfile.mkdtemp(prefix="mp-speed-"))
    settings = Settings.from_home(home)
    with Store.open(settings) as store:
        load_bundled_default(store)
        start = _clock()
        screener_for_store(store, cache_dir=home / "cache")
        build = _since(start)
        start = _clock()
        screener_for_store(store, cache_dir=home / "cache")
        cached = _since(start)
        # What `maxpressure init` prepares once per load: the cross-list reconciliation that
        # makes one result per real-world entity. The CLI, the batch and the API screen with it.
        start = _clock()
        screener = reconciled_screener(store, settings)
        reconciling = _since(start)
    print(f"index: {len(screener)} entries; built in {build[0]:.1f} s wall / {build[1]:.1f} s CPU; "
          f"loaded from cache in {cached[0]:.2f} s wall / {cached[1]:.2f} s CPU; reconciliation "
          f"(once per load, done by `init`) {reconciling[0]:.1f} s wall / {reconciling[1]:.1f} s CPU")

    shots = [one_shot(home, name) for name in ("Kim Jong Un", "KOREA KWANGSON BANKING CORP", "최룡해")]
    print("one-shot `maxpressure screen NAME` (new process, cached index and reconciliation): "
          + ", ".join(f"{wall:.1f} s wall / {cpu:.1f} s CPU" for wall, cpu in shots))

    cands = screener.index.candidates
    # Tables that load on first use (rigour's organisation types, ICU transliterators) are paid
    # by the one-shot figure above, not by the first batch round.
    for schema in ("Person", "Organization", "Company", "Vessel", "LegalEntity"):
        screener.screen(Query("warm up 1", schema))
    screener.screen(Query("金正恩", "Person"))
    rounds = []
    for r in range(args.rounds):
        queries = sample_queries(cands, args.queries, offset=r * 3 + 1)
        sink = io.StringIO()
        start = _clock()
        for n, q in enumerate(queries):
            sink.write(result_line(str(n), screener.screen(q)))
        wall, cpu = _since(start)
        rounds.append((len(queries) / wall, len(queries) / cpu))
        print(f"batch round {r + 1}: {len(queries)} queries, {len(queries) / wall:.0f} queries/s wall, "
              f"{len(queries) / cpu:.0f} queries/s CPU")
    print(f"batch median: {statistics.median(w for w, _ in rounds):.0f} queries/s wall, "
          f"{statistics.median(c for _, c in rounds):.0f} queries/s per core (CPU time), one process")
    engines(screener, cands, args, home)

    queries = sample_queries(cands, args.queries, offset=0)
    app = create_app(settings)
    app.state.screener = screener
    if getattr(app.state, "workbench", None) is not None:
        app.state.workbench.background_jobs = False  # no reconciliation running beside the timing
    latencies, cpus = [], []
    # As a context manager the TestClient keeps one event loop thread for every request, as a
    # server does; without it, it starts a thread per request and times that too.
    with TestClient(app) as client:
        client.post("/match/default", json={"queries": {"q": {"schema": "Person", "properties": {"name": ["warm up"]}}}})
        for q in queries:
            body = {"queries": {"q": {"schema": q.schema, "properties": {"name": [q.name]}}}}
            start = _clock()
            response = client.post("/match/default", json=body)
            wall, cpu = _since(start)
            latencies.append(wall)
            cpus.append(cpu)
            assert response.status_code == 200, response.text
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    print(f"API /match (TestClient, one query per request, {len(queries)} requests): p50 {p50:.1f} ms, "
          f"p99 {p99:.1f} ms wall; median CPU {statistics.median(cpus) * 1000:.1f} ms per request")

    # logic-v2 on the same candidates our retrieval picked for each query.
    measured = queries[: args.logic_v2_queries]
    pairs = []
    ours_cpu = 0.0
    for q in measured:
        start = _clock()
        screener.screen(q)
        ours_cpu += _since(start)[1]
        profile = screener.profile(q)
        for i in screener.index.retrieve(profile, 20, all_query_keys(profile)):
            c = cands[i]
            props = {k: v for k, v in c.properties.items() if k in ("name", "alias", "birthDate", "nationality", "country")}
            pairs.append({"schema": c.schema, "a": {"name": [q.name]}, "b": props})
    out = subprocess.run([str(bench_python()), str(ROOT / "benchmarks/_logicv2_runner.py")],
                         input="\n".join(json.dumps(p) for p in pairs), capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    seconds = result["seconds"]  # wall time of its scoring loop alone, measured in its process
    print(f"logic-v2 on the same {len(pairs)} candidates of {len(measured)} queries: "
          f"{len(measured) / seconds:.0f} queries/s wall, scoring only ({seconds / len(pairs) * 1e6:.0f} µs "
          f"per candidate); maxpressure on the same queries: {len(measured) / ours_cpu:.0f} queries/s CPU, "
          f"retrieval included")


if __name__ == "__main__":
    main()

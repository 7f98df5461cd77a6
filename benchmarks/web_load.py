"""Load on the yente-compatible /match, or on the dossier page: 50 concurrent clients for 60 s
against a real server.

The server is `maxpressure serve` in its own process on 127.0.0.1; this process is the load
generator (asyncio + httpx, one connection per client). Queries are real names from the store's
lists, with the spellings analysts type (lower case, word order swapped, a letter dropped).
Prints requests, errors, throughput and latency percentiles; then one client alone for
`--single` seconds, the latency of a single `/match` (the p99 < 20 ms bar). `--filters` sends
yente's filters with every request (include_dataset, exclude_dataset, topics, changed_since,
exclude_schema), which the screener applies as candidate masks before the limit.

    .venv/bin/python benchmarks/web_load.py [--home DIR] [--clients 50] [--duration 60] [--single 30] [--filters]
    .venv/bin/python benchmarks/web_load.py --target dossier [--home DIR] ...

`--target dossier` asks for `GET /entity/{id}` (the merged dossier page, HTML) instead, for real
entries of the newest snapshots (every list, 400 drawn with a fixed seed).
    .venv/bin/python benchmarks/web_load.py --while-loading [--clients 50] [--duration 60]

Without --home, a temporary home is filled with the bundled real lists first (`maxpressure init`).
`--while-loading` is the load-while-serving run: the server starts on the real UN list of
2025-04-19 and OFAC's of 2024-05-03, and `maxpressure load` brings the UN list of 2026-02-27 while
the clients run; requests, errors and p50/p99 are printed before, during and after the switch.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "maxpressure"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def query_names(home: Path, count: int = 400, seed: int = 7) -> list[tuple[str, str]]:
    """(schema, name) pairs from the newest snapshot of every list, some typed the way people do."""
    con = duckdb.connect(str(home / "store.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "SELECT schema, caption FROM entries WHERE snapshot_id IN "
            "(SELECT max(snapshot_id) FROM snapshots GROUP BY list) ORDER BY list, list_id").fetchall()
    finally:
        con.close()
    rng = random.Random(seed)
    picked = rng.sample(rows, min(count, len(rows)))
    queries = []
    for schema, caption in picked:
        words = caption.split()
        variant = rng.random()
        if variant < 0.25:
            caption = caption.lower()
        elif variant < 0.5 and len(words) > 1:
            caption = " ".join(words[1:] + words[:1])
        elif variant < 0.6 and len(caption) > 6:
            cut = rng.randrange(1, len(caption) - 1)
            caption = caption[:cut] + caption[cut + 1:]
        queries.append((schema, caption))
    return queries


def dossier_ids(home: Path, count: int = 400, seed: int = 7) -> list[str]:
    """Entity ids of the newest snapshot of every list, a fixed-seed sample."""
    con = duckdb.connect(str(home / "store.duckdb"), read_only=True)
    try:
        rows = [r[0] for r in con.execute(
            "SELECT entity_id FROM entries WHERE snapshot_id IN "
            "(SELECT max(snapshot_id) FROM snapshots GROUP BY list) ORDER BY entity_id").fetchall()]
    finally:
        con.close()
    return random.Random(seed).sample(rows, min(count, len(rows)))


async def dossier_request(http: httpx.AsyncClient, rng: random.Random, ids: list) -> None:
    response = await http.get(f"/entity/{rng.choice(ids)}")
    if response.status_code != 200 or "Every list entry" not in response.text:
        raise ValueError(f"HTTP {response.status_code}")


# yente's filters, chosen so that they keep most entities in scope (the work is the same either way).
FILTERS = {"include_dataset": ["un_sc", "us_ofac_sdn", "gb_fcdo"], "exclude_dataset": ["us_ofac_cons"],
           "topics": ["sanction"], "changed_since": "2000-01-01", "exclude_schema": ["Address"]}


async def client(base: str, queries: list, deadline: float, latencies: list, errors: list, seed: int,
                 params: dict | None = None, dossiers: list | None = None) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        while time.perf_counter() < deadline:
            if dossiers:
                started = time.perf_counter()
                try:
                    await dossier_request(http, rng, dossiers)
                except (httpx.HTTPError, ValueError) as exc:
                    errors.append(str(exc) if isinstance(exc, ValueError) else type(exc).__name__)
                    continue
                latencies.append(time.perf_counter() - started)
                continue
            schema, name = rng.choice(queries)
            body = {"queries": {"q": {"schema": schema, "properties": {"name": [name]}}}}
            started = time.perf_counter()
            try:
                response = await http.post("/match/default", json=body, params=params or {})
                if response.status_code != 200:
                    errors.append(f"HTTP {response.status_code}")
                    continue
                response.json()["responses"]["q"]["results"]
            except (httpx.HTTPError, KeyError, ValueError) as exc:
                errors.append(type(exc).__name__)
                continue
            latencies.append(time.perf_counter() - started)


async def run_load(base: str, queries: list, clients: int, duration: float,
                   params: dict | None = None, dossiers: list | None = None) -> tuple[list, list, float]:
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(*(client(base, queries, deadline, latencies, errors, i, params, dossiers)
                           for i in range(clients)))
    return latencies, errors, time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def wait_until_up(base: str, timeout: float) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if httpx.get(base + "/api/snapshots", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not start")


def wait_for_background_analyses(base: str, timeout: float) -> None:
    """The server starts its slow analyses at startup; measure /match once they are done, so the
    figures are the steady state and not a fight for the CPU with a reconciliation run."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            jobs = httpx.get(base + "/api/status", timeout=60).json()
            ready = httpx.get(base + "/readyz", timeout=60).status_code == 200  # the screening index too
        except httpx.TimeoutException:  # the analyses hold the CPU: ask again
            continue
        if ready and all(job["state"] != "running" for job in jobs):
            print("background analyses: " + ", ".join(f"{j['job']} {j['state']} in {j['seconds']} s" for j in jobs),
                  flush=True)
            return
        time.sleep(2)
    raise SystemExit("the background analyses did not finish")


# -- load while serving ------------------------------------------------------------------------

BUNDLED = ROOT / "src" / "maxpressure" / "data" / "lists"


async def timed_client(base: str, queries: list, stop: asyncio.Event, samples: list, seed: int) -> None:
    """Like `client`, but every sample is (finished at, seconds or None for an error, error)."""
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        while not stop.is_set():
            schema, name = rng.choice(queries)
            body = {"queries": {"q": {"schema": schema, "properties": {"name": [name]}}}}
            started = time.perf_counter()
            try:
                response = await http.post("/match/default", json=body)
                response.raise_for_status()
                response.json()["responses"]["q"]["results"]
                samples.append((time.perf_counter(), time.perf_counter() - started, None))
            except (httpx.HTTPError, KeyError, ValueError) as exc:
                samples.append((time.perf_counter(), None, type(exc).__name__))


async def load_during(base: str, home: Path, queries: list, clients: int, duration: float) -> dict:
    stop = asyncio.Event()
    samples: list = []
    tasks = [asyncio.create_task(timed_client(base, queries, stop, samples, i)) for i in range(clients)]
    started = time.perf_counter()
    await asyncio.sleep(duration / 4)
    load_started = time.perf_counter()
    load = await asyncio.create_subprocess_exec(
        str(BIN), "load", str(BUNDLED / "un_sc" / "2026-02-27" / "UN_consolidated.xml.gz"), "--home", str(home),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, load_err = await load.communicate()
    load_done = time.perf_counter()
    switched = None
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        while switched is None and time.perf_counter() < load_done + 1800:
            try:
                snapshots = (await http.get("/api/snapshots")).json()
            except httpx.HTTPError as exc:  # counted: the clients' requests are the measurement
                samples.append((time.perf_counter(), None, f"poll {type(exc).__name__}"))
                await asyncio.sleep(0.5)
                continue
            if any(s["as_of"] == "2026-02-27" for s in snapshots):
                switched = time.perf_counter()
            else:
                await asyncio.sleep(0.5)
    await asyncio.sleep(max(duration / 4, started + duration - time.perf_counter()))
    stop.set()
    await asyncio.gather(*tasks)
    return {"samples": samples, "started": started, "load_started": load_started, "load_done": load_done,
            "switched": switched, "load_rc": load.returncode, "load_err": load_err.decode()[-500:]}


def print_phases(run: dict) -> None:
    phases = (("before the load", run["started"], run["load_started"]),
              ("load + switch", run["load_started"], run["switched"] or float("inf")),
              ("after the switch", run["switched"] or float("inf"), float("inf")))
    print(f"  {'phase':18} {'seconds':>8} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p99 ms':>8}")
    for label, start, end in phases:
        inside = [s for s in run["samples"] if start <= s[0] < end]
        ok = [s[1] for s in inside if s[1] is not None]
        span = min(end, max((s[0] for s in run["samples"]), default=start)) - start
        print(f"  {label:18} {span:>8.1f} {len(ok):>9,} {len(inside) - len(ok):>7,} "
              f"{percentile(ok, 0.5) * 1000:>8.1f} {percentile(ok, 0.99) * 1000:>8.1f}")


def wait_until_idle(base: str, timeout: float) -> None:
    """Like `wait_for_background_analyses`, patient with a server busy on 2 shared cores."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            jobs = httpx.get(base + "/api/status", timeout=120).json()
        except httpx.TimeoutException:
            continue
        if all(job["state"] != "running" for job in jobs):
            return
        time.sleep(2)
    raise SystemExit("the background analyses did not finish")


def main_while_loading(clients: int, duration: float) -> None:
    with tempfile.TemporaryDirectory(prefix="mp-web-swap-") as folder:
        home = Path(folder)
        for path in (BUNDLED / "un_sc" / "2025-04-19" / "UN.xml.gz", BUNDLED / "us_ofac_sdn" / "2024-05-03"):
            subprocess.run([str(BIN), "load", str(path), "--home", str(home)], check=True,
                           stdout=subprocess.DEVNULL)
        queries = query_names(home)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if k != "MAXPRESSURE_TOKEN"}
        server_log = open(home / "serve.log", "w")
        server = subprocess.Popen([str(BIN), "serve", "--port", str(port), "--home", str(home)],
                                  env=env, stdout=server_log, stderr=server_log)
        try:
            wait_until_up(base, 120)
            wait_until_idle(base, 3600)
            httpx.post(base + "/match/default", timeout=1800, json={
                "queries": {"q": {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}}}}).raise_for_status()
            run = asyncio.run(load_during(base, home, queries, clients, duration))
        except BaseException:
            server_log.flush()
            news = [line for line in (home / "serve.log").read_text().splitlines() if '" 200' not in line]
            print("server log (without its 200 lines):\n" + "\n".join(news[-40:]), file=sys.stderr)
            raise
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    errors = sum(1 for s in run["samples"] if s[1] is None)
    print(f"web_load --while-loading: {clients} clients on POST /match; `maxpressure load` of the UN list "
          f"2026-02-27 starts {run['load_started'] - run['started']:.0f} s in (exit {run['load_rc']}, "
          f"{run['load_done'] - run['load_started']:.1f} s); the server switched "
          + (f"{run['switched'] - run['load_done']:.1f} s after the load ended" if run["switched"] else "NEVER"))
    print_phases(run)
    print(f"  errors in all   {errors:,}")
    sys.exit(1 if errors or not run["switched"] or run["load_rc"] else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="a maxpressure home with a store (default: a temp one, bundled lists)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--while-loading", action="store_true", help="the load-while-serving run")
    parser.add_argument("--single", type=float, default=30.0, help="seconds of one client alone (0: skip)")
    parser.add_argument("--filters", action="store_true", help="send yente's filters with every /match")
    parser.add_argument("--target", choices=("match", "dossier"), default="match",
                        help="POST /match (default) or GET /entity/{id}, the dossier page")
    args = parser.parse_args()
    if args.while_loading:
        main_while_loading(args.clients, args.duration)
        return

    temp = None
    home = args.home
    if home is None:
        temp = tempfile.TemporaryDirectory(prefix="mp-web-load-")
        home = Path(temp.name)
        print(f"loading the bundled lists into {home} ...", flush=True)
        subprocess.run([str(BIN), "init", "--home", str(home)], check=True)
    queries = query_names(home)
    dossiers = dossier_ids(home) if args.target == "dossier" else None
    what = "GET /entity/{id}" if dossiers else "POST /match"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    env.pop("MAXPRESSURE_TOKEN", None)
    server = subprocess.Popen([str(BIN), "serve", "--port", str(port), "--home", str(home)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(base, 120)
        wait_for_background_analyses(base, 3600)
        started = time.perf_counter()
        warm = httpx.post(base + "/match/default", timeout=1800,
                          json={"queries": {"q": {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}}}})
        warm.raise_for_status()
        print(f"screening index ready in {time.perf_counter() - started:.1f} s (first /match)", flush=True)
        params = FILTERS if args.filters else None
        latencies, errors, elapsed = asyncio.run(run_load(base, queries, args.clients, args.duration, params, dossiers))
        single = asyncio.run(run_load(base, queries, 1, args.single, params, dossiers)) if args.single > 0 else None
    finally:
        server.terminate()
        server.wait(timeout=30)
        if temp is not None:
            temp.cleanup()
    done = len(latencies)
    print(f"web_load: {args.clients} concurrent clients on {what} for {elapsed:.1f} s "
          f"(server: maxpressure serve, separate process, 127.0.0.1; "
          + (f"{len(dossiers)} real entity ids)" if dossiers else f"{len(queries)} real list names)"))
    print(f"  requests ok   {done:,}")
    print(f"  errors        {len(errors):,}" + (f"  ({', '.join(sorted(set(errors)))})" if errors else ""))
    print(f"  throughput    {done / elapsed:,.1f} requests/s")
    for label, q in (("p50", 0.50), ("p90", 0.90), ("p99", 0.99)):
        print(f"  latency {label}   {percentile(latencies, q) * 1000:,.1f} ms")
    print(f"  latency max   {max(latencies, default=float('nan')) * 1000:,.1f} ms")
    print("  note: with 50 clients and 2 cores, latency is mostly queueing: p50 ~ clients / throughput")
    print(f"  filters       {'on: ' + ', '.join(sorted(FILTERS)) if args.filters else 'off'}")
    if single is not None:
        alone, alone_errors, alone_elapsed = single
        errors += alone_errors
        print(f"web_load: one client alone on {what} for {alone_elapsed:.1f} s: {len(alone):,} requests, "
              f"{len(alone_errors):,} errors")
        for label, q in (("p50", 0.50), ("p90", 0.90), ("p99", 0.99)):
            print(f"  latency {label}   {percentile(alone, q) * 1000:,.1f} ms")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()

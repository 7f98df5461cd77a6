"""How fast the candidate ranking is, on a generated graph and on every bundled list.

1. Personalized PageRank over a generated graph of 1,000,000 edges (200,000 nodes, edge ends drawn
   with a heavy tail so a few hubs hold many edges, as in real registries), 500 seeds, at the
   method's damping (0.5) and at 0.85. Bar: under 1 s on this machine.
2. The graph of the bundled store (newest snapshot of every list, reconciled), as
   `maxpressure network candidates` gets it: cold (reconciliation without its link cache, then the
   build), and warm (read back from the graph cache, network/cache.py).
3. Candidate ranking over that graph (matrix, PageRank, eligibility, top 20 with 3 evidence paths
   each; and 200 candidates under the defaults, UN and DPRK, as many as the web workbench ranks),
   the Panel of Experts facts included; then again with one block of demo AIS events (simulated,
   detected) added as relations. Bar: under 2 s.
4. `maxpressure network candidates --limit 20 --json` end to end on the unchanged store (graph cached),
   beside `maxpressure --help` (the CLI's own start-up: it imports every command module).

Other engineers share the machine's two cores, so every figure is a median of several runs and
user CPU time (this process's, or the child's for the CLI) is printed beside wall time.

Run: .venv/bin/python benchmarks/network_speed.py [--home DIR] [--skip-cold]
(--home: a maxpressure home whose store already holds the bundled lists; default: load them into a
temporary one. --skip-cold: don't time the cold reconciliation, ~30 s of CPU.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import numpy as np

from maxpressure.network.matrix import personalized_pagerank, symmetric_max_matrix
from maxpressure.network.rank import DAMPING

from _bundled import bundled_home

NODES = 200_000
EDGES = 1_000_000
SEEDS = 500
REPEATS = 5
CLI_REPEATS = 3


def timed(run: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float, object]:
    """Median wall seconds, median user CPU seconds, and the last result."""
    walls, users, result = [], [], None
    for _ in range(repeats):
        user, started = os.times().user, time.perf_counter()
        result = run()
        walls.append(time.perf_counter() - started)
        users.append(os.times().user - user)
    return statistics.median(walls), statistics.median(users), result


def generated_matrix(rng: np.random.Generator):
    # Zipf-like endpoint popularity: hubs exist, most nodes have a handful of edges.
    popularity = 1.0 / np.arange(1, NODES + 1) ** 0.6
    popularity /= popularity.sum()
    rows = rng.choice(NODES, size=EDGES, p=popularity)
    cols = rng.integers(0, NODES, size=EDGES)
    vals = rng.choice([1.0, 0.9, 0.7, 0.5, 0.05], size=EDGES)
    return symmetric_max_matrix(rows, cols, vals, NODES)


def bench_generated() -> None:
    rng = np.random.default_rng(7)
    wall, user, weights = timed(lambda: generated_matrix(rng), repeats=1)
    seeds = np.zeros(NODES)
    seeds[rng.choice(NODES, size=SEEDS, replace=False)] = 1.0
    print(f"generated graph: {NODES:,} nodes, {weights.nnz // 2:,} distinct undirected edges "
          f"(from {EDGES:,} drawn), {SEEDS} seeds; matrix built in {wall:.2f} s")
    for damping in (DAMPING, 0.85):
        wall, user, scores = timed(lambda: personalized_pagerank(weights, seeds, damping=damping))
        print(f"personalized PageRank, damping {damping}: median {wall:.3f} s wall, {user:.3f} s user CPU "
              f"over {REPEATS} runs (bar: < 1 s); scores sum {scores.sum():.6f}")


def bench_bundled(home: Path, cold: bool) -> None:
    from maxpressure.config import Settings
    from maxpressure.network.ais import add_ais_events
    from maxpressure.network.build import build_graph
    from maxpressure.network.load import current_graph, party_of_entity
    from maxpressure.reconcile import reconcile_store
    from maxpressure.store import Store

    with Store.open(Settings.from_home(home), read_only=True) as store:
        lists = ", ".join(f"{s.list} {s.as_of}" for s in store.latest_snapshots())
        if cold:
            with tempfile.TemporaryDirectory() as no_cache:
                wall, user, reconciled = timed(lambda: reconcile_store(store, cache_dir=Path(no_cache)), 1)
            print(f"cold: reconciliation of {len(reconciled.entries):,} entries ({lists}) without its link "
                  f"cache {wall:.1f} s wall, {user:.1f} s user CPU")
            wall, user, graph = timed(lambda: build_graph(reconciled.entries, reconciled.cluster_of), 1)
            print(f"cold: graph build {wall:.2f} s wall, {user:.2f} s user CPU")
        current_graph(store)  # fills the caches if they are empty
        wall, user, graph = timed(lambda: current_graph(store))
        print(f"warm: graph of {len(graph):,} nodes and {len(graph.edges):,} edges read from the graph cache "
              f"in {wall:.2f} s wall, {user:.2f} s user CPU (median of {REPEATS})")
        entries = [e for snap in store.latest_snapshots() for e in store.entries(snap.snapshot_id)]
    rank_all(graph, "")
    events = demo_ais_events(entries)
    add_ais_events(graph, events, party_of_entity(graph))
    rank_all(graph, f", with {len(events)} demo AIS events")


def rank_all(graph, note: str) -> None:
    from maxpressure.network.rank import RankOptions, candidates_of, score_candidates, surface_options

    for label, options in (("UN seeds, top 20", RankOptions(authority="un", limit=20)),
                           ("defaults (UN, DPRK), top 200", surface_options(graph, limit=200))):
        wall, user, shown = timed(lambda: candidates_of(score_candidates(graph, options), options))
        print(f"candidate ranking ({label}, 3 evidence paths each{note}): median {wall:.3f} s wall, "
              f"{user:.3f} s user CPU (bar: < 2 s); {len(shown)} shown")


def demo_ais_events(entries) -> list[dict]:
    """One simulated block (the real names and IMO numbers of designated vessels), detected."""
    import json

    import pyarrow.csv as pacsv

    from maxpressure.maritime import simulate
    from maxpressure.maritime.pipeline import detect

    table, _ = simulate.simulate(seed=5, blocks=1)
    with tempfile.TemporaryDirectory() as tmp:
        pacsv.write_csv(table, Path(tmp) / "sim.csv")
        found = detect([Path(tmp) / "sim.csv"], entries=entries)
    return [json.loads(json.dumps(e.to_json())) for e in found.events]


def bench_cli(home: Path) -> None:
    cli = str(Path(sys.executable).with_name("maxpressure"))
    for label, args in (("maxpressure --help", ["--help"]),
                        ("maxpressure network candidates --limit 20 --json",
                         ["network", "candidates", "--home", str(home), "--limit", "20", "--json"])):
        walls, users = [], []
        for _ in range(CLI_REPEATS):
            before, started = os.times().children_user, time.perf_counter()
            subprocess.run([cli, *args], check=True, stdout=subprocess.DEVNULL)
            walls.append(time.perf_counter() - started)
            users.append(os.times().children_user - before)
        print(f"{label}: median {statistics.median(walls):.2f} s wall, "
              f"{statistics.median(users):.2f} s user CPU over {CLI_REPEATS} runs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", help="a home whose store already holds the bundled lists")
    parser.add_argument("--skip-cold", action="store_true", help="don't time the cold reconciliation")
    args = parser.parse_args()
    bench_generated()
    with bundled_home(args.home) as home:
        bench_bundled(home, cold=not args.skip_cold)
        bench_cli(home)


if __name__ == "__main__":
    main()

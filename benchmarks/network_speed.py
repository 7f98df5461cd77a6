"""How fast the candidate ranking is.

1. Personalized PageRank over a generated graph of 1,000,000 edges (200,000 nodes, edge ends drawn
   with a heavy tail so a few hubs hold many edges, as in real registries), 500 seeds.
   Bar: under 1 s on this machine.
2. Candidate ranking over all bundled data (every bundled list snapshot, newest of each list):
   building the matrix, PageRank, eligibility and evidence paths for the top candidates.
   Bar: under 2 s. Parsing the files is timed separately (it is the loader's cost, paid once).

Run: .venv/bin/python benchmarks/network_speed.py
"""

from __future__ import annotations

import time

import numpy as np

from maxpressure.network.matrix import personalized_pagerank, symmetric_max_matrix

NODES = 200_000
EDGES = 1_000_000
SEEDS = 500
REPEATS = 3


def generated_matrix(rng: np.random.Generator):
    # Zipf-like endpoint popularity: hubs exist, most nodes have a handful of edges.
    popularity = 1.0 / np.arange(1, NODES + 1) ** 0.6
    popularity /= popularity.sum()
    rows = rng.choice(NODES, size=EDGES, p=popularity)
    cols = rng.integers(0, NODES, size=EDGES)
    vals = rng.choice([1.0, 0.9, 0.7, 0.5, 0.05], size=EDGES)
    return symmetric_max_matrix(rows, cols, vals, NODES)


def bench_generated() -> float:
    rng = np.random.default_rng(7)
    started = time.perf_counter()
    weights = generated_matrix(rng)
    built = time.perf_counter() - started
    seeds = np.zeros(NODES)
    seeds[rng.choice(NODES, size=SEEDS, replace=False)] = 1.0
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        scores = personalized_pagerank(weights, seeds)
        timings.append(time.perf_counter() - started)
    best = min(timings)
    print(f"generated graph: {NODES:,} nodes, {weights.nnz // 2:,} distinct undirected edges "
          f"(from {EDGES:,} drawn), {SEEDS} seeds; matrix built in {built:.2f} s")
    print(f"personalized PageRank: best {best:.3f} s, all runs "
          f"{', '.join(f'{t:.3f}' for t in timings)} s (bar: < 1 s); scores sum {scores.sum():.6f}")
    return best


def bench_bundled() -> float:
    from maxpressure.data import bundled_snapshots
    from maxpressure.network.build import build_graph
    from maxpressure.network.rank import RankOptions, candidates_of, score_candidates
    from maxpressure.sources import parse_files

    newest = {s.list: s for s in bundled_snapshots()}  # oldest first, so the last one wins
    started = time.perf_counter()
    entries = [e for s in newest.values() for e in parse_files(list(s.files), s.list, s.as_of).entries]
    parsed = time.perf_counter() - started
    started = time.perf_counter()
    graph = build_graph(entries)
    built = time.perf_counter() - started
    options = RankOptions(authority="un", limit=50)
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        shown = candidates_of(score_candidates(graph, options), options)
        timings.append(time.perf_counter() - started)
    ranked = min(timings)
    print(f"bundled data (newest of each list: {', '.join(f'{s.list} {s.as_of}' for s in newest.values())}): "
          f"{len(entries):,} entries parsed in {parsed:.1f} s (not timed below)")
    print(f"graph of {len(graph):,} nodes and {len(graph.edges):,} edges built in {built:.2f} s "
          f"(once per store state; identity resolver, reconciliation not included)")
    print(f"candidate ranking (seeds: UN-designated; matrix, PageRank, eligibility, top 50 with 3 evidence "
          f"paths each): best {ranked:.3f} s (bar: < 2 s); with graph build {built + ranked:.2f} s; "
          f"{len(shown)} shown")
    return ranked


if __name__ == "__main__":
    bench_generated()
    bench_bundled()

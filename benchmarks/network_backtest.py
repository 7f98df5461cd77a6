"""Backtest of the candidate ranking on real designations: UN DPRK list frozen at 2017-07-03.

Seeds: the UN DPRK entries of the bundled 2017-07-03 UN snapshot. Targets: the UN DPRK entries
listed after the freeze (2024-09-26 and later bundled UN snapshots). Graph: the UN 2017 snapshot
plus the OFAC SDN snapshot nearest the freeze (2021-07-07, bundled). The UK list is left out: it
transposes UN designations, so its 2025 file holds the answers.

LEAK, stated plainly: OFAC's 2021 file was published after the freeze. It knows links OFAC found
after 2017, and it lists parties OFAC designated after 2017 (often in the same rounds as the UN),
so the figures below are an upper bound on what the ranking could have done in July 2017.

Prints recall at 20/50/100 and precision at 20/50 for the method and each baseline, and the same
method at damping 0.85 (the web-search default) for sensitivity. The damping of 0.5 was chosen on
this same backtest: there is no held-out period, so read the margin with that in mind.

Run: .venv/bin/python benchmarks/network_backtest.py [--json FILE] [--home DIR]
(--home: a maxpressure home whose store already holds the bundled lists; default: load them
into a temporary one.)
"""

from __future__ import annotations

import argparse
import json
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from maxpressure.config import Settings
from maxpressure.network import rank
from maxpressure.network.backtest import BacktestResult, reconciled_resolver, run_backtest
from maxpressure.reconcile import judgements
from maxpressure.store import Store

from _bundled import bundled_home

FREEZE = date(2017, 7, 3)
SENSITIVITY_DAMPING = 0.85


def _row(name: str, metrics: dict[str, float]) -> str:
    return f"{name:<34}" + "".join(f"{metrics[k]:>12.3f}" for k in metrics)


@contextmanager
def bundled_store(home: str | None):
    with bundled_home(home) as path, Store.open(Settings.from_home(path), read_only=True) as store:
        yield store


def run(store: Store) -> tuple[BacktestResult, BacktestResult, float]:
    held = judgements.load(store)
    resolvers: dict[str, object] = {}

    def resolver_once(entries):
        # Both runs reconcile the same entries: do it once.
        if "resolver" not in resolvers:
            resolvers["resolver"] = reconciled_resolver(entries, held)
        return resolvers["resolver"]

    started = time.perf_counter()
    result = run_backtest(store, FREEZE, "un_sc", "dprk", resolver_factory=resolver_once)
    took = time.perf_counter() - started
    sensitivity = run_backtest(store, FREEZE, "un_sc", "dprk", resolver_factory=resolver_once,
                               damping=SENSITIVITY_DAMPING)
    return result, sensitivity, took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the backtest JSON here")
    parser.add_argument("--home", help="a home whose store already holds the bundled lists")
    args = parser.parse_args()
    with bundled_store(args.home) as store:
        result, sensitivity, took = run(store)
    print(f"backtest (reconciliation, graph, ranking, baselines) {took:.1f} s")
    print(f"freeze {result.freeze}, authority {result.authority}, regime {result.regime}: {result.seeds} seeds, "
          f"{result.targets} targets designated after the freeze, {result.in_graph} in the graph")
    print(f"ranked: every one of the {result.ranked} parties not designated at the freeze "
          f"({result.with_evidence_path} of them with an evidence path to a seed avoiding common identifiers)")
    print("graph: " + ", ".join(f"{s['list']} {s['as_of']}" for s in result.graph_snapshots))
    for leak in result.leaks:
        print(f"LEAK: {leak}")
    keys = list(result.metrics)
    print(f"{'ranking':<34}" + "".join(f"{k:>12}" for k in keys))
    print(_row(f"method (damping {rank.DAMPING})", result.metrics))
    print(_row(f"method (damping {SENSITIVITY_DAMPING})", sensitivity.metrics))
    for name, metrics in result.baselines.items():
        print(_row(f"baseline {name}", metrics))
    beaten = all(result.metrics[k] > b[k] for b in result.baselines.values() for k in ("recall@50", "recall@100"))
    print(f"method beats every baseline on recall@50 and recall@100: {'yes' if beaten else 'NO'}")
    if args.json:
        args.json.write_text(json.dumps(result.to_json(), indent=1))


if __name__ == "__main__":
    main()

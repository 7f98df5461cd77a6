"""Scoring a backtest ranking: recall and precision at k, and the baselines it must beat.

Recall@k is the share of all targets whose entries reconcile to one of the first k parties;
precision@k the share of the first k parties that are targets. With no target at all there is
nothing to find, and every figure is `None` ("not measurable"), never 0.0.

Baselines rank the same pool as the method:

- `degree`: most distinct neighbours first;
- `seed_link`: parties with a direct edge to a seed, most seed links first, random within ties;
- `seed_link_newest`: parties with a direct edge to a seed, the most recently designated (or named)
  first: what an analyst reading the newest list entries next to the old ones would try;
- `panel_newest`: parties named by the UN Panel of Experts, newest report first;
- `random`, and `<regime>_nexus_random` (every party with a programme, nationality or address
  of the regime, in random order).

Random orders are averaged over `RANDOM_REPEATS` shuffles with a fixed seed, so figures are
reproducible.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

import numpy as np

from maxpressure.network.graph import Graph
from maxpressure.network.rank import has_nexus

RECALL_AT = (20, 50, 100)
PRECISION_AT = (20, 50)
RANDOM_REPEATS = 200
RANDOM_SEED = 20170703

Metrics = dict[str, float | None]


def metrics_of(order: list[str], hits_of: dict[str, set[str]], target_count: int) -> Metrics:
    """Recall at 20/50/100 and precision at 20/50 of one ranking; None when there is no target."""
    result: Metrics = {}
    for k in RECALL_AT:
        found = set().union(*(hits_of.get(n, set()) for n in order[:k]))
        result[f"recall@{k}"] = round(len(found) / target_count, 4) if target_count else None
    for k in PRECISION_AT:
        result[f"precision@{k}"] = round(sum(1 for n in order[:k] if n in hits_of) / k, 4) if target_count else None
    return result


def _mean_metrics(runs: list[Metrics]) -> Metrics:
    return {key: None if runs[0][key] is None else round(float(np.mean([r[key] for r in runs])), 4)
            for key in runs[0]}


def baselines(graph: Graph, pool: list[str], seeds: set[str], hits_of: dict[str, set[str]],
              target_count: int, regime: str, newest: dict[str, date],
              panel_named: dict[str, date]) -> dict[str, Metrics]:
    """Every baseline's metrics over the same pool (see module doc). `newest`: each party's latest
    known designation or naming date; `panel_named`: its latest Panel report date."""
    rng = np.random.default_rng(RANDOM_SEED)
    neighbours = {n: {e.other(n) for e in graph.edges_of(n)} for n in pool}
    by_degree = sorted(pool, key=lambda n: (-len(neighbours[n]), n))
    seed_links = {n: len(neighbours[n] & seeds) for n in pool}
    linked = [n for n in pool if seed_links[n] > 0]
    nexus = [n for n in pool if has_nexus(graph.nodes[n], regime)]
    named = [n for n in pool if n in panel_named]

    def shuffled(items: list[str], head: Callable[[str], Any] | None = None) -> Metrics:
        runs = []
        for _ in range(RANDOM_REPEATS):
            order = list(rng.permutation(items)) if items else []
            if head is not None:
                order.sort(key=head)  # stable: random order within ties
            runs.append(metrics_of(order, hits_of, target_count))
        return _mean_metrics(runs)

    def newest_first(table: dict[str, date]) -> Callable[[str], Any]:
        return lambda n: -(table[n].toordinal()) if n in table else 1

    return {
        "degree": metrics_of(by_degree, hits_of, target_count),
        "seed_link": shuffled(linked, head=lambda n: -seed_links[n]),
        "seed_link_newest": shuffled(linked, head=newest_first(newest)),
        "panel_newest": shuffled(named, head=newest_first(panel_named)),
        "random": shuffled(pool),
        f"{regime}_nexus_random": shuffled(nexus),
    }


VERDICT_AT = ("recall@50", "recall@100")


def compared(method: float, baseline: float) -> str:
    return "beats" if method > baseline else "ties" if method == baseline else "loses to"


def verdicts(metrics: Metrics, others: dict[str, Metrics], reachable: int,
             keys: tuple[str, ...] = VERDICT_AT) -> dict[str, dict[str, str]] | None:
    """Per baseline and figure, whether the method beats, ties or loses to it; None (not
    measurable) without a target reachable from a seed: every hit is then the order of parties
    no evidence ties to a seed, not the evidence."""
    if reachable == 0 or any(metrics[k] is None for k in keys):
        return None
    return {name: {k: compared(metrics[k], b[k]) for k in keys} for name, b in others.items()}


def beats_baselines(metrics: Metrics, others: dict[str, Metrics], reachable: int,
                    keys: tuple[str, ...] = VERDICT_AT) -> bool | None:
    """Whether the method beats every baseline on the keys; None when not measurable."""
    found = verdicts(metrics, others, reachable, keys)
    return None if found is None else all(v == "beats" for by_key in found.values() for v in by_key.values())

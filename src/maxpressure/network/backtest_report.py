"""A backtest result in words and a table of figures: what the CLI and the benchmark print."""

from __future__ import annotations

from maxpressure.network.backtest import BacktestResult
from maxpressure.network.backtest_scoring import Metrics, beats_baselines

NOT_MEASURABLE = "not measurable"


def _cell(value: float | None) -> str:
    return f"{value:>12.3f}" if value is not None else f"{'n/m':>12}"


def metrics_row(name: str, metrics: Metrics) -> str:
    return f"{name:<34}" + "".join(_cell(metrics[k]) for k in metrics)


def backtest_lines(result: BacktestResult) -> list[str]:
    lines = [
        f"backtest {result.authority}/{result.regime}, freeze {result.freeze}: {result.seeds} seeds; "
        f"{result.targets} targets designated after the freeze, {result.in_graph} of them in the graph "
        f"as known at the freeze, {result.reachable} reachable (connected to a seed)",
        f"ranked: all {result.ranked} parties not designated at the freeze "
        f"({result.with_evidence_path} with an evidence path to a seed)",
        f"method: {result.method}",
        "graph: " + ", ".join(f"{s['list']} {s['as_of']}" for s in result.graph_snapshots),
    ]
    for list_name, count in sorted(result.left_out.items()):
        lines.append(f"left out: {count} {list_name} entries not shown to exist by the freeze")
    lines.extend(f"leak: {leak}" for leak in result.leaks)
    if not result.measurable:
        lines.append(f"recall and precision: {NOT_MEASURABLE} (no target designated after the freeze)")
        return lines
    keys = list(result.metrics)
    lines.append(f"{'ranking':<34}" + "".join(f"{k:>12}" for k in keys))
    lines.append(metrics_row(f"method (damping {result.damping})", result.metrics))
    lines.extend(metrics_row(f"baseline {name}", m) for name, m in result.baselines.items())
    if result.reachable == 0:
        lines.append(f"no target is reachable in the graph as known at the freeze: the ranking cannot find any")
    beaten = beats_baselines(result.metrics, result.baselines)
    lines.append(f"method beats every baseline on recall@50 and recall@100: "
                 f"{NOT_MEASURABLE if beaten is None else 'yes' if beaten else 'NO'}")
    return lines

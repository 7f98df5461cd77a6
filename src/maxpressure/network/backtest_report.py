"""A backtest result in words and a table of figures: what the CLI and the benchmark print."""

from __future__ import annotations

from maxpressure.network.backtest import TAIL_ORDERS, BacktestResult
from maxpressure.network.backtest_scoring import Metrics, verdicts

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
    lines.append(metrics_row(f"method (damping {result.damping}, {result.tail_order})", result.metrics))
    lines.extend(metrics_row(f"baseline {name}", m) for name, m in result.baselines.items())
    return lines + verdict_lines(result)


def verdict_lines(result: BacktestResult) -> list[str]:
    """Whether the method beats, ties or loses to each baseline at recall@50 and @100, in figures;
    where it stops being measured by evidence, and why."""
    found = verdicts(result.metrics, result.baselines, result.reachable)
    if found is None:
        return [f"verdict {result.authority}: {NOT_MEASURABLE}: none of the {result.targets} targets is reachable "
                f"from a seed in the graph as known at the freeze ({result.in_graph} of them in it, none connected to one); a hit "
                "of the method or of a baseline is the order of parties no evidence ties to a seed"]
    lines = [f"verdict {result.authority} (method vs each baseline):"]
    short = []
    for name, by_key in found.items():
        parts = [f"{v} it at {k} ({result.metrics[k]:.3f} vs {result.baselines[name][k]:.3f})"
                 for k, v in by_key.items()]
        lines.append(f"  {name}: " + "; ".join(parts))
        short += [f"{v} {name} at {k}" for k, v in by_key.items() if v != "beats"]
    lines.append(_ceiling_line(result))
    lines.append("method beats every baseline at recall@50 and recall@100: "
                 + ("yes" if not short else "NO (" + ", ".join(short) + ")"))
    return lines


def _ceiling_line(result: BacktestResult) -> str:
    ceiling = f"recall {result.reachable / result.targets:.3f}, the most the evidence can find"
    last = result.all_reachable_by or 0
    if last >= 100:
        return f"  the method's first 100 are ordered by evidence ({ceiling} is reached at rank {last})"
    fallback = TAIL_ORDERS[result.tail_order] + (", as the degree baseline does" if result.tail_order == "degree" else "")
    return (f"  the method has ranked all {result.reachable} reachable targets by rank {last} ({ceiling}); past "
            f"that rank come parties no evidence ties to a seed, {fallback}: "
            f"from rank {last + 1} on, the data cannot separate the method from a baseline")

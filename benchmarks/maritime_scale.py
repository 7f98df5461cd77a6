"""Maritime scale: simulated AIS file -> events on DuckDB at 2.5, 5 and 10 million positions.

    .venv/bin/python benchmarks/maritime_scale.py [--sizes 2.5,5,10]

Each size is simulated once (not timed) into a MarineCadastre-layout CSV, then detected end to end
(read CSV, normalise, tracks, every detector, events) in a fresh child process so the peak
resident memory printed is that run's own. Target: 10 M under 60 s, growth no worse than linear.

Besides wall time it prints the CPU seconds the run used (user + system, all threads): on a shared
machine the wall time depends on the other users, the CPU time much less. The load average at the
start of each run is printed too, and with ``--stages`` the wall and CPU seconds of each stage.

Peak memory is the child's own high-water mark (VmHWM). ``ru_maxrss`` is not: Linux carries it
across fork and exec, so it would report the parent's simulated table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.csv as pacsv

from maxpressure.maritime import simulate


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(path: str) -> None:
    from maxpressure.maritime.pipeline import detect

    load = os.getloadavg()[0]
    marks: list[tuple[str, float, float]] = []
    started, cpu_before = time.perf_counter(), _cpu_seconds()
    result = detect([path], progress=lambda stage: marks.append((stage, time.perf_counter(), _cpu_seconds())))
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_before
    marks.append(("end", started + seconds, cpu_before + cpu))
    stages = {a[0]: [round(b[1] - a[1], 2), round(b[2] - a[2], 2)] for a, b in zip(marks, marks[1:])}
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "load_average": load, "peak_mb": _peak_mb(),
                      "positions": result.ingest["positions"], "events": len(result.events),
                      "by_type": result.counts(), "stages": stages}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="2.5,5,10", help="millions of positions")
    parser.add_argument("--stages", action="store_true", help="print wall and CPU seconds per stage")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(args.child)
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for millions in (float(s) for s in args.sizes.split(",")):
            blocks = max(1, round(millions * 1e6 / simulate.POSITIONS_PER_BLOCK_APPROX))
            table, _ = simulate.simulate(seed=11, blocks=blocks)
            path = Path(tmp) / f"ais_{millions}M.csv"
            pacsv.write_csv(table, path)
            size_mb = path.stat().st_size / 2**20
            del table
            out = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True,
                                 text=True, check=True)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            result.update(millions=millions, file_mb=size_mb)
            rows.append(result)
            print(f"{result['positions']:>11,} positions ({size_mb:,.0f} MB CSV): {result['seconds']:6.1f} s wall, "
                  f"{result['cpu_seconds']:6.1f} s CPU, peak RSS {result['peak_mb']:,.0f} MB, "
                  f"{result['events']:,} events ({result['positions'] / result['seconds'] / 1e6:.2f} M positions/s; "
                  f"load average {result['load_average']:.1f} on {os.cpu_count()} cores)", flush=True)
            if args.stages:
                for stage, (wall, cpu) in result["stages"].items():
                    print(f"    {stage:<16} {wall:6.2f} s wall {cpu:6.2f} s CPU", flush=True)
            path.unlink()
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        size_ratio = last["positions"] / first["positions"]
        for label, key in (("wall", "seconds"), ("CPU", "cpu_seconds")):
            growth = (last[key] / first[key]) / size_ratio
            print(f"{label} time ratio / size ratio from {first['millions']}M to {last['millions']}M: {growth:.2f} "
                  f"(<= 1.0 means no worse than linear)")
    ten = [r for r in rows if r["millions"] == 10]
    if ten:
        print(f"10 M target (< 60 s): {'met' if ten[0]['seconds'] < 60 else 'NOT met'} "
              f"({ten[0]['seconds']:.1f} s)")


if __name__ == "__main__":
    main()

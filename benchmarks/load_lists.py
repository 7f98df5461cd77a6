"""Load time and peak memory for the full bundled OFAC and UN files, and the cost of one huge entity.

Each measurement runs in a fresh Python process (so peak RSS is that load's own), three times;
the script prints the median. The second table loads one FtM Person with 10,000 and with 100,000
names (a hostile or broken file can hold one) through parse, store write, reconciliation and the
screening index, once each: the cost must grow linearly, so the 100,000 row should take about ten
times the 10,000 row (less the fixed start-up of the screening tables).
Run: .venv/bin/python benchmarks/load_lists.py [--skip-big-entity]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

CASES = {
    "un_sc 2026-02-27 (UN_consolidated.xml, 2.0 MB)": ("un_sc", "2026-02-27", ["UN_consolidated.xml.gz"]),
    "us_ofac_sdn 2024-05-03 (sdn+alt+add+comments, 6.6 MB)": (
        "us_ofac_sdn", "2024-05-03", ["sdn.csv.gz", "alt.csv.gz", "add.csv.gz", "sdn_comments.csv.gz"]),
    "gb_fcdo 2025-08-11 (ODS summary, 5,302 rows)": ("gb_fcdo", "2025-08-11", ["FCDO_SL_2025-08-11.ods"]),
}

CHILD = r"""
import json, resource, sys, time, tempfile, os
from maxpressure.data import bundled_file
from maxpressure.sources import parse_files
from maxpressure.store import Store
list_name, as_of, names = sys.argv[1], sys.argv[2], sys.argv[3:]
files = [bundled_file(list_name, as_of, n) for n in names]
t0 = time.perf_counter()
parsed = parse_files(files, list_name)
t1 = time.perf_counter()
with Store(os.path.join(tempfile.mkdtemp(), "store.duckdb")) as store:
    store.write_snapshot(parsed)
    t2 = time.perf_counter()
    store.current_entries()
    t3 = time.perf_counter()
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"entries": len(parsed.entries), "parse_s": t1 - t0, "write_s": t2 - t1,
                  "read_back_s": t3 - t2, "peak_rss_mb": peak_mb}))
"""


def measure(list_name: str, as_of: str, names: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, list_name, as_of, *names],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


BIG_ENTITY_CHILD = r"""
import json, random, resource, sys, tempfile, time
from pathlib import Path
from maxpressure.sources import parse_files
from maxpressure.store import Store
from maxpressure.reconcile import reconcile_store
from maxpressure.screening.screen import screener_for_store
count = int(sys.argv[1])
rng = random.Random(1)
syllables = ["KIM", "RI", "PAK", "CHOE", "JONG", "CHOL", "SONG", "HYOK", "MYONG", "IL", "SU", "NAM", "HO"]
names = [" ".join(rng.choice(syllables) for _ in range(3)) + f" {i}" for i in range(count)]
folder = Path(tempfile.mkdtemp())
path = folder / "one-entity.ftm.json"
path.write_text(json.dumps({"id": "big-1", "schema": "Person",
                            "properties": {"name": names[:1], "alias": names[1:]}}) + chr(10))
t0 = time.perf_counter()
parsed = parse_files([path], "ftm")
t1 = time.perf_counter()
with Store(folder / "store.duckdb") as store:
    store.write_snapshot(parsed)
    t2 = time.perf_counter()
    reconciled = reconcile_store(store, cache_dir=None, full_entries=False)
    t3 = time.perf_counter()
    screener_for_store(store, cache_dir=None, resolver=reconciled.cluster_of)
    t4 = time.perf_counter()
print(json.dumps({"names": len(parsed.entries[0].entity.get("alias")) + 1, "parse_s": t1 - t0,
                  "write_s": t2 - t1, "reconcile_s": t3 - t2, "index_s": t4 - t3,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def big_entity(count: int) -> dict:
    out = subprocess.run([sys.executable, "-c", BIG_ENTITY_CHILD, str(count)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def print_big_entity() -> None:
    print(f"\n{'one FtM Person with N names':32} {'names':>8} {'parse s':>8} {'write s':>8} "
          f"{'reconcile s':>11} {'index s':>8} {'peak MB':>8}")
    for count in (10_000, 100_000):
        r = big_entity(count)
        print(f"{'one entity, ' + format(count, ',') + ' names':32} {r['names']:>8,} {r['parse_s']:>8.2f} "
              f"{r['write_s']:>8.2f} {r['reconcile_s']:>11.2f} {r['index_s']:>8.2f} {r['peak_rss_mb']:>8.0f}")
    print("one run each, fresh process; the index column includes the screening tables' fixed start-up")


def main() -> None:
    print(f"{'input':55} {'entries':>8} {'parse s':>8} {'write s':>8} {'read s':>8} {'peak MB':>8}")
    for label, (list_name, as_of, names) in CASES.items():
        runs = [measure(list_name, as_of, names) for _ in range(3)]
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(f"{label:55} {int(med['entries']):>8,} {med['parse_s']:>8.2f} {med['write_s']:>8.2f} "
              f"{med['read_back_s']:>8.2f} {med['peak_rss_mb']:>8.0f}")
    print("median of 3 runs, each in a fresh process; peak MB is the process's maximum resident set")
    if "--skip-big-entity" not in sys.argv:
        print_big_entity()


if __name__ == "__main__":
    main()

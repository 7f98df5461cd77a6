"""How well reconciliation pairs UN DPRK entries with their OFAC counterparts.

Ground truth: tests/fixtures/reconcile/un_dprk_ofac_2024.csv, built and reviewed by hand: each of
the 155 UN DPRK entries of the UN list of 2026-02-27 with its OFAC SDN ent_num (2024-05-03) or none.
Every method reconciles the *whole* UN list with the *whole* OFAC list (about 16,000 entries), so
a false pairing anywhere in OFAC counts against precision.

Methods:
- maxpressure: UN reference, identifiers, names via the screening engine, birth-date guards;
- maxpressure without the screening engine: the same stages, names matched by equal name keys;
- naive exact name: any UN name or alias equal to any OFAC name or alias (upper-cased, spaces
  collapsed), the baseline an analyst gets from a spreadsheet VLOOKUP;
- name keys, no birth-date guard: names compared with word order, punctuation and hyphens
  ignored, nothing else checked (shows what the birth-date and same-list guards buy).

Run: .venv/bin/python benchmarks/gaps_accuracy.py
"""

from __future__ import annotations

import csv
import logging
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from maxpressure.data import bundled_snapshots
from maxpressure.reconcile import clusters
from maxpressure.reconcile.names import default_name_comparer, exact_key_comparer
from maxpressure.reconcile.keys import entry_keys
from maxpressure.sources import parse_files

GROUND_TRUTH = Path(__file__).parents[1] / "tests" / "fixtures" / "reconcile" / "un_dprk_ofac_2024.csv"


def load_truth() -> tuple[set[str], set[tuple[str, str]]]:
    with GROUND_TRUTH.open() as f:
        rows = list(csv.DictReader(f))
    return {r["un_ref"] for r in rows}, {(r["un_ref"], r["ofac_ent_num"]) for r in rows if r["ofac_ent_num"]}


def load_lists():
    snaps = {(s.list, s.as_of.isoformat()): s for s in bundled_snapshots()}
    un = parse_files(snaps[("un_sc", "2026-02-27")].files, "un_sc")
    ofac = parse_files(snaps[("us_ofac_sdn", "2024-05-03")].files, "us_ofac_sdn")
    return un.entries, ofac.entries


def pairs_from_clustering(clustering, un_entries, ofac_entries, un_refs) -> set[tuple[str, str]]:
    ofac_ids = {e.entity_id: e.list_id for e in ofac_entries}
    pairs = set()
    for entry in un_entries:
        if entry.list_id in un_refs:
            for member in clustering.members(clustering.cluster_of(entry.entity_id)):
                if member in ofac_ids:
                    pairs.add((entry.list_id, ofac_ids[member]))
    return pairs


def _literal(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().upper()


def naive_exact_name_pairs(un_entries, ofac_entries, un_refs) -> set[tuple[str, str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for entry in ofac_entries:
        for name in entry.entity.get("name") + entry.entity.get("alias"):
            index[_literal(name)].add(entry.list_id)
    pairs = set()
    for entry in un_entries:
        if entry.list_id in un_refs:
            for name in entry.entity.get("name") + entry.entity.get("alias"):
                pairs.update((entry.list_id, ent) for ent in index.get(_literal(name), ()))
    return pairs


def name_key_pairs(un_entries, ofac_entries, un_refs) -> set[tuple[str, str]]:
    """Names compared as token-sorted keys (word order, punctuation, hyphens ignored), no other check."""
    index: dict[str, set[str]] = defaultdict(set)
    for entry in ofac_entries:
        for key in entry_keys(entry).name_keys:
            index[key].add(entry.list_id)
    pairs = set()
    for entry in un_entries:
        if entry.list_id in un_refs:
            for key in entry_keys(entry).name_keys:
                pairs.update((entry.list_id, ent) for ent in index.get(key, ()))
    return pairs


def score(predicted: set, truth: set) -> tuple[float, float, int, int]:
    correct = len(predicted & truth)
    precision = correct / len(predicted) if predicted else 0.0
    return precision, correct / len(truth), len(predicted - truth), len(truth - predicted)


def main() -> None:
    logging.disable(logging.WARNING)
    un_refs, truth = load_truth()
    start = time.perf_counter()
    un_entries, ofac_entries = load_lists()
    parse_s = time.perf_counter() - start
    entries = un_entries + ofac_entries
    print(f"UN 2026-02-27: {len(un_entries)} entries ({len(un_refs)} DPRK); OFAC 2024-05-03: {len(ofac_entries)} entries; "
          f"ground truth: {len(truth)} pairs, {len(un_refs) - len({u for u, _ in truth})} UN entries with no OFAC entry; "
          f"parsing took {parse_s:.1f} s")

    results = []
    for label, compare in (("maxpressure", default_name_comparer()),
                           ("maxpressure without screening names", exact_key_comparer)):
        start = time.perf_counter()
        clustering = clusters(entries, compare=compare)
        seconds = time.perf_counter() - start
        predicted = pairs_from_clustering(clustering, un_entries, ofac_entries, un_refs)
        results.append((label, score(predicted, truth), seconds, sorted(predicted - truth), sorted(truth - predicted)))

    start = time.perf_counter()
    predicted = naive_exact_name_pairs(un_entries, ofac_entries, un_refs)
    seconds = time.perf_counter() - start
    results.append(("naive exact name", score(predicted, truth), seconds, sorted(predicted - truth), sorted(truth - predicted)))

    start = time.perf_counter()
    predicted = name_key_pairs(un_entries, ofac_entries, un_refs)
    seconds = time.perf_counter() - start
    results.append(("name keys, no birth-date guard", score(predicted, truth), seconds, sorted(predicted - truth), sorted(truth - predicted)))

    print(f"{'method':<38} {'precision':>9} {'recall':>7} {'false':>6} {'missed':>7} {'seconds':>8}")
    for label, (precision, recall, false, missed), seconds, _, _ in results:
        print(f"{label:<38} {precision:>9.4f} {recall:>7.4f} {false:>6} {missed:>7} {seconds:>8.1f}")
    for label, _, _, false_pairs, missed_pairs in (results[0], results[-1]):
        print(f"{label}: false pairs {false_pairs or 'none'}; missed pairs {missed_pairs or 'none'}")
    ok = results[0][1][0] >= 0.99 and results[0][1][1] >= 0.98
    print("quality bar (precision >= 0.99, recall >= 0.98):", "met" if ok else "NOT met")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

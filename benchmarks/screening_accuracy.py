"""Screening accuracy: maxpressure vs OpenSanctions logic-v2 (nomenklatura 4.17.4), side by side.

Run: .venv/bin/python benchmarks/screening_accuracy.py

Two labelled sets:
  (a) the 826 OpenSanctions name pairs (tests/fixtures/benchmarks/cases.csv), names only;
  (b) the DPRK set built from real UN and OFAC entries (benchmarks/data/dprk_cases.csv, see
      build_dprk_benchmark.py), names plus birth dates and nationalities on both sides.
Prints precision, recall and F1 of both matchers at their threshold 0.70, and the number of
different North Korean people scored at or above it (the hard negatives). "as screened" is
maxpressure as the screener runs it: a query's person-name symbols come from the indexed names
(here: the second name of each pair), not from rigour's person-name tables.

logic-v2 is not a runtime dependency. nomenklatura 4.17.4 wants duckdb<2 while our runtime pins
duckdb 2, so it lives in its own virtualenv, /work/main/.venv-bench, which sees our .venv's
packages through a .pth file (same followthemoney 4.11 and rigour 2.6) and adds only nomenklatura
and its extra dependencies. This script creates it when missing (needs PyPI) and runs logic-v2 in
a subprocess there. Set MAXPRESSURE_BENCH_VENV to use another interpreter.
"""

from __future__ import annotations

import csv
import json
import os
import site
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from maxpressure.screening.profile import Query, profile_of_query  # noqa: E402
from maxpressure.screening.score import DEFAULT_THRESHOLD, score_profiles  # noqa: E402
from maxpressure.screening.symbols import PhraseSymbols  # noqa: E402

BENCH_VENV = Path(os.environ.get("MAXPRESSURE_BENCH_VENV", ROOT / ".venv-bench"))
NOMENKLATURA = "nomenklatura==4.17.4"
LOGIC_V2_THRESHOLD = 0.70  # yente's default SCORE_THRESHOLD


def bench_python() -> Path:
    python = BENCH_VENV / "bin" / "python"
    check = [str(python), "-c", "import nomenklatura.matching"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
    bench_site = subprocess.run([str(python), "-c", "import site; print(site.getsitepackages()[0])"],
                                check=True, capture_output=True, text=True).stdout.strip()
    Path(bench_site, "_runtime_venv.pth").write_text(site.getsitepackages()[0] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "-q", NOMENKLATURA], check=True)
    return python


def load_pairs() -> dict[str, list[dict]]:
    opensanctions = []
    with (ROOT / "tests/fixtures/benchmarks/cases.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            opensanctions.append({"schema": row["schema"], "a": {"name": [row["name1"]]},
                                  "b": {"name": [row["name2"]]}, "match": row["is_match"] == "true",
                                  "category": row["category"]})
    dprk = []
    with (ROOT / "benchmarks/data/dprk_cases.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            person = row["schema"] == "Person"
            # FtM: only people have a birth date and a nationality; organisations and ships a country.
            side = lambda n: ({"name": [row[f"name{n}"]], "birthDate": [row[f"birth_date{n}"]],  # noqa: E731
                               "nationality": [row[f"nationality{n}"]]} if person else
                              {"name": [row[f"name{n}"]], "country": [row[f"nationality{n}"]]})
            dprk.append({"schema": row["schema"], "a": side(1), "b": side(2),
                         "match": row["is_match"] == "true", "category": row["category"]})
    return {"OpenSanctions name_bench (826 pairs)": opensanctions, "DPRK set (UN + OFAC entries)": dprk}


def _query(schema: str, props: dict) -> Query:
    first = lambda p: next((v for v in props.get(p, []) if v), None)  # noqa: E731
    return Query(name=props["name"][0], schema=schema, birth_date=first("birthDate"),
                 nationality=first("nationality"), country=first("country"))


def ours(pairs: list[dict]) -> tuple[list[float], float]:
    started = time.perf_counter()
    scores = [score_profiles(profile_of_query(_query(p["schema"], p["a"])),
                             profile_of_query(_query(p["schema"], p["b"]))).score for p in pairs]
    return scores, time.perf_counter() - started


def ours_as_screened(pairs: list[dict]) -> tuple[list[float], float]:
    """As the screener scores: query names' person symbols from a table learnt from the candidates.

    The screener does not load rigour's person-name tables for a query (see screening/symbols.py);
    it looks the query's words up among the symbols of the indexed names. Here the "index" is the
    second name of every pair in the set.
    """
    candidates = [profile_of_query(_query(p["schema"], p["b"])) for p in pairs]
    table = PhraseSymbols.learn(n for c in candidates for n in c.names)
    started = time.perf_counter()
    scores = [score_profiles(profile_of_query(_query(p["schema"], p["a"]), table), c).score
              for p, c in zip(pairs, candidates)]
    return scores, time.perf_counter() - started


def logic_v2(pairs: list[dict]) -> tuple[list[float], float]:
    payload = "\n".join(json.dumps({"schema": p["schema"], "a": p["a"], "b": p["b"]}) for p in pairs)
    out = subprocess.run([str(bench_python()), str(ROOT / "benchmarks/_logicv2_runner.py")], input=payload,
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    return result["scores"], result["seconds"]


def metrics(pairs, scores, threshold):
    tp = sum(1 for p, s in zip(pairs, scores) if s >= threshold and p["match"])
    fp = sum(1 for p, s in zip(pairs, scores) if s >= threshold and not p["match"])
    fn = sum(1 for p, s in zip(pairs, scores) if s < threshold and p["match"])
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, fp


def third_set(limit_queries: list) -> None:
    """The third set, screened against the bundled lists; then the --limit check on every set's queries."""
    import _third_set
    from _bundled import bundled_home

    from maxpressure.config import Settings
    from maxpressure.prepare import reconciled_screener
    from maxpressure.store import Store

    cases = _third_set.load_cases()
    with bundled_home(os.environ.get("MAXPRESSURE_BENCH_HOME")) as home:
        settings = Settings.from_home(home)
        with Store.open(settings) as store:
            screener = reconciled_screener(store, settings)
    print(f"\nThird set (Hangul, Chinese characters, romanisers, joined and customary spellings; "
          f"benchmarks/data/third_cases.csv): {len(cases)} cases, "
          f"{sum(1 for c in cases if c['expected'])} positives, screened against {len(screener)} list entries")
    started = time.perf_counter()
    halves: dict = {}
    mine = _third_set.ours(screener, cases, DEFAULT_THRESHOLD, halves=halves)
    seconds = time.perf_counter() - started
    print(f"  maxpressure (as shipped: retrieval + scoring, limit 5), {seconds / len(cases) * 1e3:.1f} ms/query")
    print("\n".join(mine.lines("maxpressure")))
    for half, title in (("tuned", "the half tuned on"), ("held", "the held-out half")):
        print(f"  maxpressure on {title} (_third_set.tuning_half)")
        print("\n".join(halves[half].lines(half)))
    fresh_set(screener)
    theirs = _third_set.logic_v2(screener, cases, bench_python(), LOGIC_V2_THRESHOLD)
    print(f"  logic-v2 (given the expected entry and our top {_third_set.LOGIC_V2_CANDIDATES} candidates)")
    print("\n".join(theirs.lines("logic-v2")))
    queries = [_third_set.query_of(c) for c in cases] + limit_queries
    print()
    for large in (20, 50):
        changed = _third_set.alerts_changed_by_limit(screener, queries, DEFAULT_THRESHOLD, 5, large)
        print(f"--limit 5 vs --limit {large} (its top 5), every set's queries: {changed} of {len(queries)} "
              f"queries alert on different entities (target 0)")
    hidden_queries, hidden = alerts_hidden_by_cutoff(screener, queries, DEFAULT_THRESHOLD)
    print(f"retrieval cutoff (candidates under a quarter of the best key weight are not scored): "
          f"{hidden} alerts on {hidden_queries} of {len(queries)} queries would be found without it")


def fresh_set(screener) -> None:
    """The fresh hard negatives (`_fresh_negatives`): measured, never tuned on."""
    import _fresh_negatives
    import _third_set

    everyone, dropped = _fresh_negatives.unlisted(screener, _fresh_negatives.people())
    cases, alarms, people, alarmed, by_form, _ = _fresh_negatives.false_alarms(
        screener, everyone, DEFAULT_THRESHOLD)
    print(f"  fresh hard negatives (benchmarks/data/fresh_negatives, NOT tuned on): {people} South Korean and "
          f"Taiwanese people on no list ({len(dropped)} left out: a list name has their syllables)")
    print(f"    maxpressure  false alarms {alarms} of {cases} queries ({alarms / cases:.1%}); "
          f"{alarmed} of {people} people ({alarmed / people:.1%})")
    for form, (n, fa) in by_form.items():
        print(f"    maxpressure    {form:<24} {n:5d} queries  false alarms {fa} ({fa / n:.1%})")
    for tuning, title in ((True, "tuning half (its false alarms looked at)"), (False, "held-out half (only measured)")):
        half = [p for p in everyone if p["tuning"] == tuning]
        n, fa, people, alarmed, forms, _ = _fresh_negatives.false_alarms(screener, half, DEFAULT_THRESHOLD)
        print(f"    maxpressure  {title}: {people} people, false alarms {fa} of {n} queries ({fa / n:.1%}); "
              f"{alarmed} people ({alarmed / people:.1%})")
        for form, (k, f) in forms.items():
            print(f"    maxpressure    {form:<24} {k:5d} queries  false alarms {f} ({f / k:.1%})")
    # Which queries alarm is not printed: the set stays one that no rule is written from.
    cases = [{"case_id": f"f{n}", "class": f"fresh: {form}", "query": text, "schema": schema, "birth_date": "",
              "expected": "", "source": form} for n, (text, schema, form) in
             enumerate(q for person in everyone for q in person["queries"])]
    theirs = _third_set.logic_v2(screener, cases, bench_python(), LOGIC_V2_THRESHOLD)
    print(f"  logic-v2 on the fresh hard negatives (our top {_third_set.LOGIC_V2_CANDIDATES} candidates)")
    print("\n".join(line for line in theirs.lines("logic-v2") if "ALL" not in line))
    for person, name in dropped:
        print(f"      left out: {person['roman']} ({person['chars'] or person['hangul']}) ~ list name {name!r}")


def alerts_hidden_by_cutoff(screener, queries, threshold: float) -> tuple[int, int]:
    """(queries, alerts): entities that a candidate under the retrieval cutoff (a quarter of the
    best candidate's key weight, `index.RETRIEVAL_CUTOFF`) would alert on, and the screen does not
    return, at --limit 50. Such candidates are never scored; here their score bounds pick the
    few worth scoring."""
    import numpy as np

    from maxpressure.screening.index import RETRIEVAL_CUTOFF, all_query_keys

    hidden_queries = hidden = 0
    for q in queries:
        profile = screener.profile(q)
        rows = screener.index.key_rows(all_query_keys(profile))
        totals = screener.index.totals(rows)
        if totals is None:
            continue
        hits = np.flatnonzero(totals > 0)
        under = hits[totals[hits] < totals[hits].max() * RETRIEVAL_CUTOFF]
        if not len(under):
            continue
        reach = under[screener.bounds_of(profile, under, rows) >= threshold]
        shown = {r.entity_id for r in screener.screen(q, threshold=threshold, limit=50) if r.match}
        new = set()
        for i in reach.tolist():
            found = screener._score(profile, q.schema, i, frozenset(rows))
            if found is not None and found.score >= threshold:
                new.add(screener.entity_id_of_group(screener._group_of[i]))
        new -= shown
        hidden_queries += bool(new)
        hidden += len(new)
    return hidden_queries, hidden


def main() -> None:
    sets = load_pairs()
    print(f"threshold: maxpressure {DEFAULT_THRESHOLD}, logic-v2 {LOGIC_V2_THRESHOLD}")
    for title, pairs in sets.items():
        print(f"\n{title}: {len(pairs)} pairs, {sum(p['match'] for p in pairs)} matches")
        print(f"  {'matcher':<16} {'precision':>9} {'recall':>7} {'F1':>6} {'false pos':>9} {'µs/pair':>8}")
        hard = [i for i, p in enumerate(pairs) if p["category"] == "same_surname_syllable"]
        runs = (("maxpressure", ours, DEFAULT_THRESHOLD), ("  as screened", ours_as_screened, DEFAULT_THRESHOLD),
                ("logic-v2", logic_v2, LOGIC_V2_THRESHOLD))
        for name, run, threshold in runs:
            scores, seconds = run(pairs)
            p, r, f1, fp = metrics(pairs, scores, threshold)
            print(f"  {name:<16} {p:9.3f} {r:7.3f} {f1:6.3f} {fp:9d} {seconds / len(pairs) * 1e6:8.0f}")
            if hard:
                alarms = sum(1 for i in hard if scores[i] >= threshold)
                print(f"  {'':<16} hard negatives (different DPRK people, same surname + syllable) "
                      f"at/above threshold: {alarms} of {len(hard)}")
    limit_queries = [_query(p["schema"], p[side]) for pairs in sets.values() for p in pairs for side in ("a", "b")]
    third_set(limit_queries)


if __name__ == "__main__":
    main()

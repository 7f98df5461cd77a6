"""Batch screening gives the same lines whatever the limit, the number of workers or the engine.

Entries and queries are real (see conftest.py): the DPRK entries of the bundled UN and OFAC
lists, their names and aliases, and rule-made variants of each.
"""

from __future__ import annotations

import pytest

from maxpressure.screening.batch import result_line
from maxpressure.screening.index import all_query_keys
from maxpressure.screening.parallel import screen_lines
from maxpressure.screening.score import DEFAULT_THRESHOLD


@pytest.fixture(scope="module")
def screener(dprk_screener):
    return dprk_screener


@pytest.fixture(scope="module")
def queries(dprk_queries):
    return dprk_queries


def _alerts(results):
    return [(r.entity_id, round(r.score, 6)) for r in results if r.match]


@pytest.mark.slow
def test_the_top_results_do_not_depend_on_the_limit(screener, queries):
    assert len(queries) > 3000
    for large in (20, 50, 1000):
        changed = [q.name for _, q in queries
                   if _alerts(screener.screen(q, limit=5)) != _alerts(screener.screen(q, limit=large)[:5])]
        assert changed == [], (large, changed)


@pytest.mark.slow
def test_every_retrieved_candidate_that_alerts_is_an_alert(screener, queries):
    """Alerts are every retrieved candidate at or above the threshold (each entity once, at its
    best), however far down the retrieval order it comes: no batch, cap or limit hides one."""
    cands = screener.index.candidates
    missed = []
    for _, q in queries[::3]:
        profile = screener.profile(q)
        rows = screener.index.key_rows(all_query_keys(profile))
        _, order = screener.index.ranked_all(screener.index.totals(rows))
        best: dict[str, float] = {}
        for i in order.tolist():
            found = screener._score(profile, q.schema, i, frozenset(rows))
            if found is not None and found.score >= DEFAULT_THRESHOLD:
                entity = screener.entity_id_of_group(screener._group_of[i])
                best[entity] = max(best.get(entity, 0.0), found.score)
        expected = [(e, round(s, 6)) for e, s in best.items()]
        got = _alerts(screener.screen(q, limit=max(5, len(expected))))
        if set(got) != set(expected):
            missed.append(q.name)
    assert missed == [], missed


def test_every_core_writes_what_one_worker_writes(screener, queries):
    sample = queries[::5]
    one = [line for chunk in screen_lines(screener, sample, 0.7, 5, workers=1) for line in chunk]
    two = [line for chunk in screen_lines(screener, sample, 0.7, 5, workers=2) for line in chunk]
    assert one == two
    assert one == [result_line(qid, screener.screen(q)) for qid, q in sample]
    assert sum('"match": true' in line for line in one) > len(sample) // 2


@pytest.mark.spark
@pytest.mark.slow
def test_spark_writes_what_the_local_engine_writes(screener, queries, tmp_path, monkeypatch):
    pytest.importorskip("pyspark")
    from maxpressure.screening import spark

    monkeypatch.setenv("MAXPRESSURE_SPARK_MASTER", "local[2]")
    monkeypatch.setattr(spark, "PARTITION_QUERIES", 3)  # several partitions out of a handful of queries
    sample = queries[:: len(queries) // 8][:8]
    local = [line for chunk in screen_lines(screener, sample, 0.7, 5, workers=1) for line in chunk]
    on_spark = [line for chunk in spark.screen_lines_spark(screener, sample, 0.7, 5, tmp_path) for line in chunk]
    assert on_spark == local
    assert not list(tmp_path.glob("*.index"))  # the shipped index file is removed afterwards

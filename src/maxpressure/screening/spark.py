"""Batch screening on Apache Spark: the same screener, its index built once and shipped to executors.

The driver writes the index it already holds to one file (the on-disk cache format of
`cache.py`) and hands it to Spark with `addFile`; the reconciled grouping (which entries are one
real-world entity) travels as a broadcast list. Each executor's Python worker loads the index
once, the first time one of its tasks needs it, and screens its partitions of the queries with
the very code the local engine runs; results come back keyed by input row and are written in
input order, so the output file is byte for byte what `--engine local` writes.

The master comes from a running Spark session if there is one (`spark-submit`), else from
`MAXPRESSURE_SPARK_MASTER` (default `local[*]`). See docs/screening.md for a cluster.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from typing import Iterator

from maxpressure.errors import MaxpressureError
from maxpressure.screening.batch import result_line
from maxpressure.screening.profile import Query

PARTITION_QUERIES = 2_000  # queries per Spark partition
_LOADED: dict[str, object] = {}  # index file name -> Screener, once per executor Python worker


def _session():
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise MaxpressureError("--engine spark needs pyspark: pip install 'maxpressure[spark]'") from exc

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    # Local workers must run this interpreter, the one where maxpressure is installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    master = os.environ.get("MAXPRESSURE_SPARK_MASTER", "local[*]")
    return (SparkSession.builder.master(master).appName("maxpressure-screen")
            .config("spark.ui.enabled", "false").getOrCreate())


def _executor_screener(file_name: str, groups):
    screener = _LOADED.get(file_name)
    if screener is None:
        from pyspark import SparkFiles

        from maxpressure.screening.index import ScreeningIndex
        from maxpressure.screening.screen import Screener

        index = ScreeningIndex.load(Path(SparkFiles.get(file_name)))
        if index is None:
            raise RuntimeError(f"screening index {file_name} shipped to this executor cannot be read")
        screener = _LOADED[file_name] = Screener(index=index, groups=groups.value)
    return screener


def screen_lines_spark(screener, queries: list[tuple[str, Query]], threshold: float, limit: int,
                       work_dir: Path) -> Iterator[list[str]]:
    """The JSON lines of `queries` screened on Spark, in input order, a partition at a time."""
    spark = _session()
    sc = spark.sparkContext
    work_dir.mkdir(parents=True, exist_ok=True)
    index_file = work_dir / f"spark-screening-{uuid.uuid4().hex[:12]}.index"
    screener.index.save(index_file)
    try:
        sc.addFile(str(index_file))
        groups = sc.broadcast(screener.groups)
        name = index_file.name
        rows = [(n, qid, q) for n, (qid, q) in enumerate(queries)]
        # At least one partition per core of the cluster, so that a small batch is not one task.
        slices = max(1, min(len(rows), max(sc.defaultParallelism, (len(rows) + PARTITION_QUERIES - 1) // PARTITION_QUERIES)))

        def screen_partition(part):
            local = _executor_screener(name, groups)
            for n, qid, q in part:
                yield n, result_line(qid, local.screen(q, threshold=threshold, limit=limit))

        # parallelize keeps the rows in order across partitions, mapPartitions within them, and
        # toLocalIterator reads partitions in order: no sort (which would screen everything twice).
        ordered = sc.parallelize(rows, slices).mapPartitions(screen_partition)
        batch: list[str] = []
        for _, line in ordered.toLocalIterator():
            batch.append(line)
            if len(batch) >= PARTITION_QUERIES:
                yield batch
                batch = []
        if batch:
            yield batch
        groups.unpersist()
    finally:
        index_file.unlink(missing_ok=True)

"""Run every detector on DuckDB (default, in process) or Spark, with one implementation each.

The pattern is partition-and-kernel: a stage names its partition key and sort order, and a kernel
(a numpy function from an Arrow table of whole partitions to an Arrow table) does the work.

- ``DuckDBEngine`` sorts and splits the table by ``hash(key) % n`` in DuckDB and feeds each chunk
  to the kernel in process; a stage that keeps the partitioning reuses the chunks without a resort.
- ``SparkEngine`` does ``repartition(key).sortWithinPartitions(key, order).mapInArrow(kernel)``.

Kernels see whole groups in key order on both engines, so they return the same rows; the driver
sorts what it collects before assembling events, so the events are identical (tested).
"""

from __future__ import annotations

import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable, Sequence

import duckdb
import numpy as np
import pyarrow as pa

from maxpressure.errors import MaxpressureError
from maxpressure.maritime import anchorages, tracks
from maxpressure.maritime.geo import run_starts
from maxpressure.maritime.events import encounter, gap, identity, jump, loiter, port

Kernel = Callable[[pa.Table], pa.Table]
ONE_BATCH = 1 << 30  # rows per Arrow batch fetched from DuckDB: all of them


@dataclass(frozen=True)
class DetectParams:
    """Every detector's parameters in one place; each part keeps its published defaults."""

    tracks: tracks.TrackParams = tracks.TrackParams()
    gap: gap.GapParams = gap.GapParams()
    loiter: loiter.LoiterParams = loiter.LoiterParams()
    port: port.PortParams = port.PortParams()
    encounter: encounter.EncounterParams = encounter.EncounterParams()
    anchorage: anchorages.AnchorageParams = anchorages.AnchorageParams()
    identity: identity.IdentityParams = identity.IdentityParams()


@dataclass(frozen=True)
class Source:
    """A table of the DuckDB connection, and the order its rows are stored in (if known)."""

    sql: str
    sorted_by: tuple[str, ...] = ()


@dataclass
class Partitioned:
    """Arrow chunks holding whole groups of ``key``, each sorted by key then ``order``."""

    key: tuple[str, ...]
    order: tuple[str, ...]
    chunks: list[pa.Table]


def group_bounds(table: pa.Table, key: Sequence[str], rows_per_chunk: int) -> list[tuple[int, int]]:
    """Row ranges of about ``rows_per_chunk`` rows of a table sorted by ``key``, never splitting a group."""
    n = table.num_rows
    if not key or n <= rows_per_chunk:
        return [(0, n)] if n else []
    starts = np.flatnonzero(run_starts(*(table[k].to_numpy() for k in key)))
    cuts = np.unique(starts[np.minimum(np.searchsorted(starts, np.arange(0, n, rows_per_chunk)), starts.size - 1)])
    ends = np.r_[cuts[1:], n]
    return list(zip(cuts.tolist(), ends.tolist()))


class DuckDBEngine:
    name = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection, rows_per_chunk: int = 1_000_000, threads: int = 2):
        self.con = con
        self.rows_per_chunk = rows_per_chunk
        # numpy releases the GIL in its array loops, so chunks run side by side on threads
        self.threads = threads
        self._views = 0

    def table(self, name: str, columns: Sequence[str] | None = None, sorted_by: Sequence[str] = ()) -> Source:
        cols = ", ".join(columns) if columns else "*"
        return Source(f"(SELECT {cols} FROM {name})", tuple(sorted_by))

    def _relation(self, handle: Any) -> Source:
        if isinstance(handle, Partitioned):
            self._views += 1
            view = f"stage_{self._views}"
            self.con.register(view, pa.concat_tables(handle.chunks) if handle.chunks else pa.table({}))
            return Source(view)
        return handle

    def partition(self, handle: Any, key: Sequence[str], order: Sequence[str]) -> Partitioned:
        """One sorted scan (none when the table is stored in that order), cut at group boundaries.

        Chunks bound the kernels' working memory; cutting a sorted table is a range partition,
        where Spark hashes: both hand each kernel whole groups, so both give the same rows."""
        key, order = tuple(key), tuple(order)
        if isinstance(handle, Partitioned) and handle.key == key and handle.order == order:
            return handle
        source = self._relation(handle)
        wanted = key + order
        stored = wanted and source.sorted_by[:len(wanted)] == wanted
        sort = "" if stored or not wanted else f" ORDER BY {', '.join(wanted)}"
        # one Arrow batch, so that each chunk's columns reach numpy without a copy
        table = self.con.sql(f"SELECT * FROM {source.sql}{sort}").to_arrow_table(ONE_BATCH)
        chunks = [table.slice(lo, hi - lo) for lo, hi in group_bounds(table, key, self.rows_per_chunk)]
        return Partitioned(key, order, chunks)

    def map_groups(self, handle: Any, key: Sequence[str], order: Sequence[str], kernel: Kernel,
                   schema: pa.Schema, output_order: Sequence[str] | None = None) -> Partitioned:
        """``kernel`` over every chunk; ``output_order`` is the order of its rows within a group, if any."""
        parts = self.partition(handle, key, order)
        chunks = [chunk for chunk in parts.chunks if chunk.num_rows]
        if self.threads > 1 and len(chunks) > 1:
            with ThreadPoolExecutor(self.threads) as pool:
                out = list(pool.map(kernel, chunks))
        else:
            out = [kernel(chunk) for chunk in chunks]
        return Partitioned(parts.key, tuple(output_order) if output_order else ("?",),
                           out or [schema.empty_table()])

    def collect(self, handle: Any) -> pa.Table:
        if isinstance(handle, Partitioned):
            return pa.concat_tables(handle.chunks) if handle.chunks else pa.table({})
        return self.con.sql(f"SELECT * FROM {handle.sql}").to_arrow_table()


_SPARK_TYPES = {pa.int64(): "bigint", pa.float64(): "double", pa.bool_(): "boolean", pa.string(): "string"}


def spark_ddl(schema: pa.Schema) -> str:
    return ", ".join(f"{f.name} {_SPARK_TYPES[f.type]}" for f in schema)


def _arrow_kernel(kernel: Kernel, schema: pa.Schema):
    def run(batches):
        table = pa.Table.from_batches(list(batches))
        if table.num_rows:
            yield from kernel(table).cast(schema).to_batches()
    return run


class SparkEngine:
    name = "spark"

    def __init__(self, con: duckdb.DuckDBPyConnection, spark: Any, partitions: int = 4):
        self.con = con
        self.spark = spark
        self.partitions = partitions
        self._tmp = tempfile.TemporaryDirectory(prefix="maxpressure-spark-")

    def table(self, name: str, columns: Sequence[str] | None = None, sorted_by: Sequence[str] = ()) -> Any:
        # The ingested tables live in DuckDB; Parquet is the hand-over to Spark (which sorts itself).
        path = Path(self._tmp.name) / f"{name}.parquet"
        cols = ", ".join(columns) if columns else "*"
        self.con.execute(f"COPY (SELECT {cols} FROM {name}) TO '{path}' (FORMAT parquet)")
        return self.spark.read.parquet(str(path))

    def partition(self, handle: Any, key: Sequence[str], order: Sequence[str]) -> Any:
        frame = handle.repartition(self.partitions, *key) if key else handle.coalesce(1)
        return frame.sortWithinPartitions(*key, *order) if (key or order) else frame

    def map_groups(self, handle: Any, key: Sequence[str], order: Sequence[str], kernel: Kernel,
                   schema: pa.Schema, output_order: Sequence[str] | None = None) -> Any:
        frame = self.partition(handle, key, order)
        return frame.mapInArrow(_arrow_kernel(kernel, schema), spark_ddl(schema)).cache()

    def collect(self, handle: Any) -> pa.Table:
        return handle.toArrow()

    def close(self) -> None:
        self._tmp.cleanup()


def spark_session(master: str = "local[2]") -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise MaxpressureError("the Spark engine needs pyspark: pip install 'maxpressure[spark]'") from exc
    # Workers must run this interpreter, the one where maxpressure and its kernels are installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    return (SparkSession.builder.master(master).appName("maxpressure-maritime")
            .config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())


@dataclass
class StageTables:
    """What the kernels produced, collected on the driver and sorted (engine-independent)."""

    jumps: pa.Table
    gaps: pa.Table
    loiters: pa.Table
    port_calls: pa.Table
    encounter_runs: pa.Table
    busy_cells: pa.Table
    identities: pa.Table
    counts: dict[str, int] = field(default_factory=dict)


def _sorted(table: pa.Table) -> pa.Table:
    return table.sort_by([(name, "ascending") for name in table.schema.names]) if table.num_rows else table


def run_stages(engine: Any, params: DetectParams = DetectParams(),
               progress: Callable[[str], None] = lambda stage: None) -> StageTables:
    # positions are stored sorted by (vid, ts, lat, lon); the segmenter returns each vessel's fixes
    # by segment then time, the order every per-track kernel reads them in.
    by_vessel, in_time, in_track = ("vid",), ("ts", "lat", "lon"), ("seg", "ts", "lat", "lon")
    progress("tracks")
    positions = engine.table("positions", tracks.SEGMENT_COLUMNS, sorted_by=by_vessel + in_time)
    fixes = engine.map_groups(positions, by_vessel, in_time, partial(tracks.segment_kernel, params=params.tracks),
                              tracks.SEGMENT_SCHEMA, output_order=in_track)
    progress("position jumps")
    jumps = engine.map_groups(fixes, by_vessel, in_track, jump.jump_kernel, jump.SCHEMA)
    progress("gaps")
    gaps = engine.map_groups(fixes, by_vessel, in_track, partial(gap.gap_kernel, params=params.gap), gap.SCHEMA)
    progress("loitering")
    loiters = engine.map_groups(fixes, by_vessel, in_track, partial(loiter.loiter_kernel, params=params.loiter),
                                loiter.SCHEMA)
    progress("port calls")
    calls = engine.map_groups(fixes, by_vessel, in_track, partial(port.port_kernel, params=params.port),
                              port.SCHEMA)
    busy = engine.map_groups(fixes, by_vessel, in_track,
                             partial(anchorages.stopped_cells_kernel, params=params.anchorage),
                             anchorages.SCHEMA)
    progress("resample")
    grid = engine.map_groups(fixes, by_vessel, in_track,
                             partial(encounter.resample_kernel, params=params.encounter), encounter.RESAMPLED)
    by_slot = engine.partition(grid, ("slot",), ("vid", "seg"))
    progress("pairs")
    pairs = engine.map_groups(by_slot, ("slot",), ("vid", "seg"),
                              partial(encounter.pairs_kernel, params=params.encounter), encounter.PAIRS)
    progress("encounter runs")
    runs = engine.map_groups(pairs, ("vid_a", "seg_a", "vid_b", "seg_b"), ("slot",),
                             partial(encounter.runs_kernel, params=params.encounter), encounter.RUNS)
    progress("identities")
    identities = engine.map_groups(engine.table("statics"), (), ("mmsi", "first_ts"),
                                   partial(identity.identity_kernel, params=params.identity), identity.SCHEMA)
    collected = {name: _sorted(engine.collect(handle)) for name, handle in (
        ("jumps", jumps), ("gaps", gaps), ("loiters", loiters), ("port_calls", calls),
        ("encounter_runs", runs), ("busy_cells", busy), ("identities", identities))}
    return StageTables(**collected)

"""DuckDB and Spark give identical events on the same input (one kernel per detector)."""

from __future__ import annotations

import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest

from maxpressure.maritime import simulate
from maxpressure.maritime.pipeline import detect

pytestmark = [pytest.mark.spark, pytest.mark.slow]


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark")
    from maxpressure.maritime.engine import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


def test_duckdb_and_spark_give_identical_events(spark, tmp_path):
    table, labels = simulate.simulate(seed=5)
    keep = {m for lab in labels if lab["scenario"] in (
        "hub_tanker_in_sequence", "shared_mmsi", "identity_laundering", "anchorage_queue", "dark_partner")
        for m in lab["mmsis"]}
    table = table.filter(pc.is_in(table["MMSI"], value_set=__import__("pyarrow").array(sorted(keep))))
    path = tmp_path / "sim.csv"
    pacsv.write_csv(table, path)
    on_duckdb = [e.to_json() for e in detect([path]).events]
    on_spark = [e.to_json() for e in detect([path], engine="spark", spark=spark).events]
    assert on_duckdb == on_spark
    assert {e["type"] for e in on_duckdb} >= {"encounter", "loitering", "ais_gap", "identity_change", "position_jump"}

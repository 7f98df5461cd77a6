"""AIS files in, events out: ingest, the detector stages on the chosen engine, assembly."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from maxpressure.errors import MaxpressureError
from maxpressure.maritime.anchorages import Anchorages
from maxpressure.maritime.assemble import Context, assemble
from maxpressure.maritime.engine import DetectParams, DuckDBEngine, SparkEngine, run_stages, spark_session
from maxpressure.maritime.events import Event, VesselRef
from maxpressure.maritime.flags import flag_of
from maxpressure.maritime.params import as_record
from maxpressure.maritime.sanctions import DesignatedVessels
from maxpressure.model import Entry
from maxpressure.sources import ais

ENGINES = ("duckdb", "spark")
# The stages `detect` reports through `progress`, in order (the CLI's bar and the web's upload job count them).
STAGES = ("read AIS", "tracks", "position jumps", "gaps", "loitering", "port calls", "resample", "pairs",
          "encounter runs", "identities", "assemble events")


@dataclass
class Detection:
    events: list[Event]
    ingest: ais.IngestReport
    anchorages_inferred: int
    engine: str
    params: DetectParams = field(default_factory=DetectParams)
    timezone: str | None = None

    def record(self) -> dict:
        """What made these events: inputs with their SHA-256, every parameter, the engine, the
        ingest counts (the run record written beside the events)."""
        from maxpressure import __version__

        return {"maxpressure": __version__, "engine": self.engine, "timezone": self.timezone or "UTC",
                "inputs": [{"path": path, "sha256": file_sha256(path), "layout": self.ingest.layouts.get(path)}
                           for path in self.ingest.files],
                "parameters": as_record(self.params), "events": len(self.events), "by_type": self.counts(),
                "anchorages_inferred": self.anchorages_inferred, "ingest": self.ingest.to_json()}

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for event in self.events:
            out[event.type] = out.get(event.type, 0) + 1
        return out


def _vessel_lookup(con, designated: DesignatedVessels | None):
    identity = {}
    for mmsi, imo, name, callsign, flag, vessel_type in con.execute("""
        SELECT mmsi, arg_max(imo, reports) FILTER (WHERE imo IS NOT NULL),
               arg_max(name, reports) FILTER (WHERE name IS NOT NULL),
               arg_max(callsign, reports) FILTER (WHERE callsign IS NOT NULL),
               arg_max(flag, reports) FILTER (WHERE flag IS NOT NULL),
               arg_max(vessel_type, reports) FILTER (WHERE vessel_type IS NOT NULL)
        FROM statics GROUP BY mmsi""").fetchall():
        identity[mmsi] = (imo, name, callsign, flag, vessel_type)
    names_of: dict[str, set[str]] = {}
    for mmsi, name in con.execute("SELECT DISTINCT mmsi, name FROM statics WHERE name IS NOT NULL").fetchall():
        names_of.setdefault(mmsi, set()).add(name)
    mmsi_of = dict(con.execute("SELECT vid, mmsi FROM vessels").fetchall())
    cache: dict[str, VesselRef] = {}

    def by_mmsi(mmsi: str) -> VesselRef:
        if mmsi not in cache:
            imo, name, callsign, flag, vessel_type = identity.get(mmsi, (None,) * 5)
            ref = VesselRef(mmsi=mmsi, imo=imo, name=name, callsign=callsign, flag=flag or flag_of(mmsi),
                            vessel_type=vessel_type)
            if designated is not None:
                evidence = designated.evidence(ref, names_of.get(mmsi, ()))
                ref.designations = [h for h in evidence if h["strength"] == "designated"]
                ref.possible_matches = [h for h in evidence if h["strength"] == "possible"]
            cache[mmsi] = ref
        return cache[mmsi]

    return (lambda vid: by_mmsi(mmsi_of[vid])), by_mmsi


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def detect(paths: Sequence[str | Path], engine: str = "duckdb", entries: Iterable[Entry] | None = None,
           params: DetectParams = DetectParams(), progress: Callable[[str], None] = lambda s: None,
           spark=None, timezone: str | None = None) -> Detection:
    if engine not in ENGINES:
        raise MaxpressureError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    progress("read AIS")
    con, report = ais.load(paths, timezone=timezone)
    designated = DesignatedVessels.from_entries(entries) if entries is not None else None
    if engine == "duckdb":
        runner = DuckDBEngine(con)
    else:
        runner = SparkEngine(con, spark or spark_session())
    try:
        stage = run_stages(runner, params, progress)
    finally:
        if engine == "spark":
            runner.close()
    progress("assemble events")
    vessel, by_mmsi = _vessel_lookup(con, designated)
    found = Anchorages(stage.busy_cells, params.anchorage)
    events = assemble(stage, Context(params, vessel, by_mmsi, found))
    con.close()
    return Detection(events, report, len(found), engine, params, timezone)


def record_path(events_path: str | Path) -> Path:
    """Where the run record of an events file goes: beside it, ``EVENTS.jsonl`` -> ``EVENTS.run.json``."""
    path = Path(events_path)
    return path.with_name(path.name.split(".")[0] + ".run.json")


def write_record(detection: Detection, events_path: str | Path) -> Path:
    path = record_path(events_path)
    path.write_text(json.dumps(detection.record(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def write_events(events: Iterable[Event], path: str | Path) -> int:
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for event in events:
            handle.write(json.dumps(event.to_json(), ensure_ascii=False, sort_keys=False) + "\n")
            count += 1
    return count

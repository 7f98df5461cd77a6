"""Real-data rows of benchmarks/maritime_accuracy.py: events per type on each real AIS fixture and
in-harbour false events per 100 vessel-days, for this code and for an earlier revision ("before").

The earlier revision is taken from git (``git archive REV src``) into a temporary folder and run
in a child process with that folder first on PYTHONPATH, on the same files; a layout it cannot
read (the GFW track export) is handed to it as generic ``mmsi,timestamp,lat,lon,sog,cog`` CSV
with the same rows.

An event is an in-harbour false event when it is loitering, an encounter or an AIS gap (its start)
placed inside a port or anchorage zone of the world list (WPI + GFW + ours) or within
HARBOUR_SHORE_KM of the land mask: a harbour basin, a marina or a river, where ships are moored,
not meeting or going dark at sea. Port calls there are what should be reported and are not counted.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "ais"
REAL_FILES = (
    ("Dutch fishing vessel, Den Oever/IJmuiden/Lowestoft (GFW export)", "gfw_track_244030457_2017-05.csv"),
    ("Dutch vessel, Harlingen and the Wadden Sea (GFW export)", "gfw_track_245378000_2025-02.csv"),
    ("GFW's real at-sea meeting with reception gaps", "gfw_pipe_encounters_real_series.csv"),
    ("Suez anchorage queue (VesselsValue)", "suez_2021-03_boat-positions.csv.gz"),
    ("US coast, MarineCadastre 2022-01-03", "marinecadastre_2022-01-03.csv.gz"),
)
HARBOUR_SHORE_KM = 5.0
AT_SEA_TYPES = ("loitering", "encounter", "ais_gap")

_CHILD = """
import json, sys
from maxpressure.maritime.pipeline import detect
out = []
for path in sys.argv[1:]:
    events = detect([path]).events
    out.append([{"type": e.type, "lat": e.lat if e.type != "ais_gap" else e.details["start"]["lat"],
                 "lon": e.lon if e.type != "ais_gap" else e.details["start"]["lon"]} for e in events])
print(json.dumps(out))
"""


def _generic_copy(path: Path, folder: Path) -> Path:
    """The GFW export's rows as generic CSV (MMSI from seg_id), for code that cannot read the layout."""
    target = folder / (path.stem + ".generic.csv")
    with open(path, newline="", encoding="utf-8") as src, open(target, "w", newline="", encoding="utf-8") as dst:
        writer = csv.writer(dst)
        writer.writerow(["mmsi", "timestamp", "lat", "lon", "sog", "cog"])
        for row in csv.DictReader(src):
            writer.writerow([row["seg_id"].split("-")[0], row["timestamp"], row["lat"], row["lon"], row["speed"],
                             row["course"]])
    return target


def _run(paths: list[Path], src: Path | None) -> list[list[dict]]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run([sys.executable, "-c", _CHILD, *map(str, paths)], env=env, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _vessel_days(path: Path) -> float:
    from maxpressure.sources import ais

    con, _ = ais.load([path])
    (seconds,) = con.sql("SELECT sum(span) FROM (SELECT max(ts) - min(ts) AS span FROM positions GROUP BY vid)"
                         ).fetchall()[0]
    con.close()
    return (seconds or 0) / 86400


def _in_harbour(events: list[dict]) -> int:
    import numpy as np

    from maxpressure.maritime.gazetteer import nearest_place
    from maxpressure.maritime.shore import distance_from_shore_km

    at_sea = [e for e in events if e["type"] in AT_SEA_TYPES]
    if not at_sea:
        return 0
    lat, lon = np.array([e["lat"] for e in at_sea]), np.array([e["lon"] for e in at_sea])
    _, _, inside = nearest_place(lat, lon)
    return int((inside | (distance_from_shore_km(lat, lon) <= HARBOUR_SHORE_KM)).sum())


def real_rows(before_rev: str | None) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = [FIXTURES / name for _, name in REAL_FILES]
        after = _run(paths, None)
        before = None
        if before_rev:
            archive = subprocess.run(["git", "-C", str(REPO), "archive", before_rev, "src"], capture_output=True,
                                     check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
            old_paths = [_generic_copy(p, folder) if p.name.startswith("gfw_track_") else p for p in paths]
            before = _run(old_paths, folder / "src")
        rows = []
        for k, ((label, name), path) in enumerate(zip(REAL_FILES, paths)):
            days = _vessel_days(path)
            row = {"label": label, "file": name, "vessel_days": days,
                   "after": dict(Counter(e["type"] for e in after[k])), "after_harbour": _in_harbour(after[k])}
            if before is not None:
                row["before"] = dict(Counter(e["type"] for e in before[k]))
                row["before_harbour"] = _in_harbour(before[k])
            rows.append(row)
        return rows


def print_real_rows(rows: list[dict], before_rev: str | None) -> None:
    print(f"real AIS (in-harbour false events = loitering, encounters, AIS gaps inside a port/anchorage zone or "
          f"within {HARBOUR_SHORE_KM:g} km of shore; before = revision {before_rev or '(not run)'}):")
    for row in rows:
        per = (lambda n: f"{100 * n / row['vessel_days']:.1f}" if row["vessel_days"] else "-")
        line = (f"  {row['label']} ({row['vessel_days']:.1f} vessel-days): after {row['after']} -> in harbour "
                f"{row['after_harbour']} ({per(row['after_harbour'])} per 100 vessel-days)")
        if "before" in row:
            line += (f"; before {row['before']} -> in harbour {row['before_harbour']} "
                     f"({per(row['before_harbour'])} per 100 vessel-days)")
        print(line)
    total_days = sum(r["vessel_days"] for r in rows)
    for when in ("before", "after"):
        key = f"{when}_harbour"
        if all(key in r for r in rows):
            n = sum(r[key] for r in rows)
            print(f"  all real files, {when}: {n} in-harbour false events in {total_days:.0f} vessel-days = "
                  f"{100 * n / total_days:.2f} per 100 vessel-days")

"""Deterministic AIS scenarios with labelled events, modelled on the documented DPRK cases.

One "block" of scenarios (about 47 vessels, 4 days, about 39,000 positions) holds:

- a DPRK tanker serving three small tankers in sequence at night, 300-400 km from Shanghai in the
  East China Sea, the third meeting across midnight UTC (cases 14 and 15);
- a tanker loitering while its partner has AIS off for 36 h (cases 2, 17, 18): loitering + gap;
- a three-ship meeting (case 10);
- identity laundering: one IMO under a DPRK then a Palau MMSI and a new name (cases 4, 7), and a
  tanker taking the name of another vessel ("AN SAN 1" as "HOPE SEA", case 12);
- a port call at Nampo (case 20) and two ships sharing one MMSI, one of which goes dark;

and the distractors that must raise no transfer: a queue of ships at anchor, a fishing fleet
trawling in pairs, a convoy, ships passing at speed and ordinary reception gaps. Block 0 uses the
real names and IMO numbers of designated vessels; later blocks (for scale) are shifted in time and
space with made-up identities. Labels are JSON lines beside the AIS.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from maxpressure.maritime.geo import KM_PER_DEGREE_LAT, KM_PER_NM

START = int(datetime(2019, 3, 18, tzinfo=timezone.utc).timestamp())
HOUR = 3600
BLOCK_DAYS = 4
POSITIONS_PER_BLOCK_APPROX = 39_000  # measured: seed 7, one block


def _imo(seed: int) -> str:
    """A made-up IMO number with a valid check digit."""
    body = f"{(seed % 899_999) + 100_000:06d}"
    check = sum(int(d) * w for d, w in zip(body, range(7, 1, -1))) % 10
    return body + str(check)


def offset(lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
    return (lat + north_m / 1000 / KM_PER_DEGREE_LAT,
            lon + east_m / 1000 / (KM_PER_DEGREE_LAT * np.cos(np.radians(lat))))


@dataclass
class Vessel:
    mmsi: str
    name: str
    imo: str | None
    callsign: str
    vessel_type: int = 80  # tanker
    waypoints: list[tuple[float, float, float]] = field(default_factory=list)  # (t, lat, lon)
    dark: list[tuple[float, float]] = field(default_factory=list)
    report_s: float = 120.0
    # later identities: (from t, mmsi, name, imo, callsign)
    renames: list[tuple[float, str, str, str | None, str]] = field(default_factory=list)

    def at(self, t: float, lat: float, lon: float) -> "Vessel":
        self.waypoints.append((t, lat, lon))
        return self

    def sail(self, t_from: float, to: tuple[float, float], knots: float) -> float:
        """Sail from the last waypoint (waiting there until t_from) to ``to``; returns arrival time."""
        t0, lat0, lon0 = self.waypoints[-1]
        if t_from > t0:
            self.waypoints.append((t_from, lat0, lon0))
        km = float(np.hypot((to[0] - lat0) * KM_PER_DEGREE_LAT,
                            (to[1] - lon0) * KM_PER_DEGREE_LAT * np.cos(np.radians(lat0))))
        arrive = max(t_from, t0) + km / (knots * KM_PER_NM) * HOUR
        self.waypoints.append((arrive, to[0], to[1]))
        return arrive

    def patrol(self, to: tuple[float, float], knots: float, until: float) -> "Vessel":
        """Sail to and fro between the last waypoint and ``to`` until ``until``."""
        here = self.waypoints[-1][1:]
        ends = (to, here)
        leg = 0
        while self.waypoints[-1][0] < until:
            self.sail(self.waypoints[-1][0], ends[leg % 2], knots)
            leg += 1
        return self

    def stay(self, until: float) -> "Vessel":
        t, lat, lon = self.waypoints[-1]
        self.waypoints.append((until, lat, lon))
        return self


@dataclass
class Scenario:
    vessels: list[Vessel] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)

    def vessel(self, *args, **kwargs) -> Vessel:
        v = Vessel(*args, **kwargs)
        self.vessels.append(v)
        return v

    def label(self, kind: str, start: float, end: float, vessels: list[Vessel], scenario: str,
              **extra) -> None:
        self.labels.append({"type": kind, "start": int(start), "end": int(end),
                            "mmsis": sorted({v.mmsi for v in vessels}), "scenario": scenario, **extra})


def _block(sc: Scenario, rng: np.random.Generator, block: int) -> None:
    t0 = START + block * BLOCK_DAYS * 86400
    dlat, dlon = (block % 5) * 0.45, ((block // 5) % 4) * 0.6  # blocks tile the East China Sea
    real = block == 0
    serial = iter(range(block * 1000, block * 1000 + 1000))

    def ids(prefix: str, name: str, imo: str | None = None) -> tuple[str, str, str | None, str]:
        n = next(serial)
        return (f"{prefix}{n:06d}"[-9:].rjust(9, "0") if len(prefix) == 3 else prefix,
                name if real else f"{name} {block}", imo if (real and imo) else _imo(n * 7 + 13),
                f"SIM{n:05d}")

    def here(lat: float, lon: float) -> tuple[float, float]:
        return lat + dlat, lon + dlon

    # A. one DPRK tanker, three partners in turn, the last across midnight UTC (29.6 N 124.3 E is
    # about 350 km east-south-east of Shanghai)
    site = here(29.6, 124.3)
    mmsi, name, imo, cs = ids("445", "YU SON", "8691702")
    hub = sc.vessel(mmsi, name, imo, cs).at(t0, *here(30.5, 125.2))
    hub.sail(t0 + 2 * HOUR, site, 9)
    hub.stay(t0 + 28 * HOUR)
    hub.sail(t0 + 28 * HOUR, here(30.5, 125.5), 9)
    meetings = [(11, 15.5), (16.5, 20.5), (22.5, 26.5)]
    for k, (a, b) in enumerate(meetings):
        mmsi, name, imo, cs = ids("413", f"MIN NING DE YOU {78 + k}")
        partner = sc.vessel(mmsi, name, imo, cs, vessel_type=80)
        berth = offset(*site, 60.0 * (1 if k % 2 else -1), 25.0)
        start_at = offset(*site, -20_000 - 8000 * k, -45_000)
        partner.at(t0 + (a - 6) * HOUR, *start_at)
        partner.sail(t0 + (a - 6) * HOUR, offset(*site, -1500, -1500), 10)
        partner.sail(t0 + a * HOUR - 900, berth, 4)
        partner.stay(t0 + b * HOUR)
        partner.sail(t0 + b * HOUR, offset(*site, -30_000, -50_000 - 9000 * k), 10)
        sc.label("encounter", t0 + a * HOUR, t0 + b * HOUR, [hub, partner], "hub_tanker_in_sequence",
                 partner_number=k + 1, crosses_midnight=(a < 24 < b))

    # B. a tanker loitering while its partner is dark for 36 h
    site_b = here(28.6, 123.6)
    mmsi, name, imo, cs = ids("445", "SAEBYOL", "8916293")
    loiterer = sc.vessel(mmsi, name, imo, cs).at(t0 + 20 * HOUR, *here(29.2, 124.4))
    loiterer.sail(t0 + 20 * HOUR, site_b, 9)
    loiterer.stay(t0 + 40 * HOUR)
    loiterer.sail(t0 + 40 * HOUR, here(29.3, 124.6), 9)
    mmsi, name, imo, cs = ids("341", "COURAGEOUS", "8617524")
    dark = sc.vessel(mmsi, name, imo, cs).at(t0 + 10 * HOUR, *here(27.4, 121.9))
    dark.sail(t0 + 10 * HOUR, offset(*site_b, 80, 30), 8)
    dark.stay(t0 + 39 * HOUR)
    dark.sail(t0 + 39 * HOUR, here(27.2, 122.1), 8)
    dark.dark.append((t0 + 16 * HOUR, t0 + 52 * HOUR))
    sc.label("loitering", t0 + 26 * HOUR, t0 + 40 * HOUR, [loiterer], "dark_partner")
    sc.label("ais_gap", t0 + 16 * HOUR, t0 + 52 * HOUR, [dark], "dark_partner")

    # C. three ships meeting at once, two alongside the mother ship
    site_c = here(30.3, 124.9)
    mmsi, name, imo, cs = ids("445", "KUM UN SAN 3", "8705539")
    mother = sc.vessel(mmsi, name, imo, cs).at(t0 + 30 * HOUR, *here(30.9, 125.6))
    mother.sail(t0 + 30 * HOUR, site_c, 9)
    mother.stay(t0 + 43 * HOUR)
    mother.sail(t0 + 43 * HOUR, here(31.0, 125.8), 9)
    three = [mother]
    for k, (side, label_name, label_imo) in enumerate(((70, "SHANG YUAN BAO", "8126070"),
                                                       (-70, "NEW REGENT", "8312497"))):
        mmsi, name, imo, cs = ids("351", label_name, label_imo)
        ship = sc.vessel(mmsi, name, imo, cs).at(t0 + 35 * HOUR, *offset(*site_c, -40_000, -30_000 * (k + 1)))
        ship.sail(t0 + 35 * HOUR, offset(*site_c, side, 10), 10)
        ship.stay(t0 + 42 * HOUR)
        ship.sail(t0 + 42 * HOUR, offset(*site_c, -40_000, 40_000), 10)
        three.append(ship)
    sc.label("encounter", t0 + 38 * HOUR, t0 + 42 * HOUR, three, "three_ship_meeting")

    # D. identity laundering: one IMO, a DPRK MMSI then a Palau MMSI with a new name
    mmsi, name, imo, cs = ids("445", "CHON MA SAN", "8660313")
    mmsi2, name2, _, cs2 = ids("511", "XIN YUAN 18")
    launder = sc.vessel(mmsi, name, imo, cs).at(t0, *here(31.8, 123.2))
    launder.patrol(here(32.6, 124.9), 9, t0 + 80 * HOUR)
    launder.renames.append((t0 + 40 * HOUR, mmsi2, name2, imo, cs2))
    sc.labels.append({"type": "identity_change", "start": int(t0), "end": int(t0 + 80 * HOUR),
                      "mmsis": sorted([mmsi, mmsi2]), "scenario": "identity_laundering"})
    # a name taken from another vessel
    mmsi, name, imo, cs = ids("357", "HOPE SEA")
    genuine = sc.vessel(mmsi, name, imo, cs).at(t0, *here(27.8, 124.8))
    genuine.patrol(here(28.9, 126.4), 11, t0 + 80 * HOUR)
    mmsi, name, imo, cs = ids("445", "AN SAN 1", "7303803")
    disguised = sc.vessel(mmsi, name, imo, cs).at(t0, *here(28.1, 122.9))
    disguised.patrol(here(29.2, 123.4), 8, t0 + 80 * HOUR)
    disguised.renames.append((t0 + 30 * HOUR, mmsi, genuine.name, imo, cs))
    sc.label("identity_change", t0, t0 + 80 * HOUR, [disguised, genuine], "name_taken")

    # E. a port call at Nampo (block 0 only: every block's Nampo would be the same place)
    if real:
        mmsi, name, imo, cs = ids("413", "YUN HONG 8")
        caller = sc.vessel(mmsi, name, imo, cs).at(t0, 38.2, 124.2)
        arrive = caller.sail(t0, (38.712, 125.395), 9)
        caller.stay(arrive + 14 * HOUR)
        caller.sail(arrive + 14 * HOUR, (38.0, 124.0), 9)
        sc.label("port_call", arrive, arrive + 14 * HOUR, [caller], "dprk_port_call", port="NAMPO")

    # F. two ships on one MMSI, 300 km apart; one of them goes dark for 16 h
    mmsi, name, imo, cs = ids("412", "HAI XING")
    first = sc.vessel(mmsi, name, imo, cs).at(t0, *here(31.5, 122.8))
    first.patrol(here(32.2, 124.6), 10, t0 + 60 * HOUR)
    twin = sc.vessel(mmsi, name, imo, cs).at(t0 + 6 * HOUR, *here(28.9, 122.6))
    twin.sail(t0 + 6 * HOUR, here(28.0, 124.6), 10)
    twin.patrol(here(28.9, 122.6), 10, t0 + 60 * HOUR)
    twin.dark.append((t0 + 14 * HOUR, t0 + 30 * HOUR))
    sc.label("position_jump", t0 + 6 * HOUR - 600, t0 + 6 * HOUR + 600, [first], "shared_mmsi")
    sc.label("ais_gap", t0 + 14 * HOUR, t0 + 30 * HOUR, [twin], "shared_mmsi_dark_twin")

    # G. an ordinary long dark period at sea
    mmsi, name, imo, cs = ids("477", "OCEAN GRACE")
    lone = sc.vessel(mmsi, name, imo, cs).at(t0 + 20 * HOUR, *here(31.0, 126.0))
    lone.patrol(here(28.0, 126.5), 9, t0 + 70 * HOUR)
    lone.dark.append((t0 + 30 * HOUR, t0 + 50 * HOUR))
    sc.label("ais_gap", t0 + 30 * HOUR, t0 + 50 * HOUR, [lone], "dark_at_sea")

    # H. transfers heard the way satellite AIS hears them (a fix every 10 min, holes of an hour or
    # more, both ships silent at once): 2.5 h and 3.5 h, and 12 h with holes of 3 and 5 h
    for k, (hours, holes) in enumerate(((2.5, ((1.0, 1.8),)), (3.5, ((1.0, 2.5),)),
                                        (12.0, ((2.0, 5.0), (6.0, 11.0))))):
        site_h = here(28.9 + 0.4 * k, 125.6 + 0.3 * k)
        begin = t0 + (8 + 20 * k) * HOUR
        pair = []
        for side, (prefix, label_name) in enumerate((("445", f"SATELLITE TANKER {k}"), ("413", f"SMALL TANKER {k}"))):
            mmsi, name, imo, cs = ids(prefix, label_name)
            ship = sc.vessel(mmsi, name, imo, cs, report_s=600.0)
            ship.at(begin - 3 * HOUR, *offset(*site_h, -25_000 * (1 + side), -10_000))
            ship.sail(begin - 3 * HOUR, offset(*site_h, 0, 70.0 * side), 9)
            ship.stay(begin + hours * HOUR)
            ship.sail(begin + hours * HOUR, offset(*site_h, 30_000, -20_000 * (1 + side)), 9)
            ship.dark += [(begin + a * HOUR, begin + b * HOUR) for a, b in holes]
            pair.append(ship)
        sc.label("encounter", begin, begin + hours * HOUR, pair, "transfer_with_reception_gaps", hours=hours)

    # Distractors: none of these may raise an encounter.
    queue_centre = here(30.55, 122.75)
    queue = []
    for k in range(12):
        mmsi, name, imo, cs = ids("413", "QUEUE", None)
        spot = offset(*queue_centre, 450.0 * (k // 4), 450.0 * (k % 4))
        ship = sc.vessel(mmsi, name, imo, cs, vessel_type=70, report_s=180.0)
        ship.at(t0 + (k % 5) * HOUR, *spot).stay(t0 + (60 + k % 7) * HOUR)
        queue.append(ship)
    sc.label("distractor", t0, t0 + 67 * HOUR, queue, "anchorage_queue")
    fleet = []
    for pair in range(4):
        base = offset(*here(31.6, 123.9), 3000.0 * pair, 0)
        for side in (0, 350):
            mmsi, name, imo, cs = ids("412", "ZHE DAI YU", None)
            boat = sc.vessel(mmsi, name, None, cs, vessel_type=30)
            boat.at(t0 + 6 * HOUR, *offset(*base, side, 0))
            t = t0 + 6 * HOUR
            for leg in range(8):  # trawling to and fro at 3.5 kn
                east = 9000.0 if leg % 2 == 0 else 0.0
                t = boat.sail(t, offset(*base, side + 300.0 * leg, east), 3.5)
            fleet.append(boat)
    sc.label("distractor", t0 + 6 * HOUR, t0 + 40 * HOUR, fleet, "fishing_fleet")
    convoy = []
    for k in range(3):
        mmsi, name, imo, cs = ids("440", "CONVOY", None)
        ship = sc.vessel(mmsi, name, imo, cs, vessel_type=70)
        ship.at(t0 + 50 * HOUR, *offset(*here(27.5, 123.0), 400.0 * k, 0))
        ship.sail(t0 + 50 * HOUR, offset(*here(29.5, 125.5), 400.0 * k, 0), 11)
        convoy.append(ship)
    sc.label("distractor", t0 + 50 * HOUR, t0 + 70 * HOUR, convoy, "convoy")
    passing = []
    for k, (a, b) in enumerate(((here(30.0, 122.9), here(30.0, 124.9)), (here(29.1, 123.9), here(30.9, 123.9)))):
        mmsi, name, imo, cs = ids("563", "PASSING", None)
        ship = sc.vessel(mmsi, name, imo, cs, vessel_type=70).at(t0 + 60 * HOUR, *a)
        ship.sail(t0 + 60 * HOUR, b, 12)
        passing.append(ship)
    sc.label("distractor", t0 + 60 * HOUR, t0 + 72 * HOUR, passing, "passing_at_speed")
    for k in range(6):
        mmsi, name, imo, cs = ids("636", "TRANSIT", None)
        ship = sc.vessel(mmsi, name, imo, cs, vessel_type=70)
        ship.at(t0 + k * 7 * HOUR, *here(27.2 + 0.5 * k, 121.9 + 0.2 * k))
        ship.sail(t0 + k * 7 * HOUR, here(27.8 + 0.5 * k, 126.8), 13)
        gap_at = t0 + (k * 7 + 5) * HOUR
        ship.dark.append((gap_at, gap_at + (2 + k % 5) * HOUR))  # reception gaps of 2-6 h
        if k < 2:
            sc.label("distractor", t0 + k * 7 * HOUR, t0 + (k * 7 + 30) * HOUR, [ship], "reception_gap")


def _reports(v: Vessel, rng: np.random.Generator) -> dict[str, np.ndarray]:
    way = np.array(v.waypoints, dtype=float)
    times = np.arange(way[0, 0], way[-1, 0], v.report_s)
    times = times + rng.uniform(-0.3, 0.3, times.size) * v.report_s
    times = np.sort(times[(times >= way[0, 0]) & (times <= way[-1, 0])]).astype(np.int64)
    for a, b in v.dark:
        times = times[(times < a) | (times > b)]
    lat = np.interp(times, way[:, 0], way[:, 1])
    lon = np.interp(times, way[:, 0], way[:, 2])
    # speed and course of the leg each report is on
    leg = np.clip(np.searchsorted(way[:, 0], times, side="right") - 1, 0, len(way) - 2)
    dy = (way[leg + 1, 1] - way[leg, 1]) * KM_PER_DEGREE_LAT
    dx = (way[leg + 1, 2] - way[leg, 2]) * KM_PER_DEGREE_LAT * np.cos(np.radians(way[leg, 1]))
    dt = np.maximum(way[leg + 1, 0] - way[leg, 0], 1)
    sog = np.hypot(dx, dy) / KM_PER_NM / (dt / HOUR)
    cog = np.degrees(np.arctan2(dx, dy)) % 360
    # GPS noise of a few metres; a ship at anchor swings on its chain
    noise_m = np.where(sog < 0.5, 15.0, 8.0)
    lat = lat + rng.normal(0, 1, times.size) * noise_m / 1000 / KM_PER_DEGREE_LAT
    lon = lon + rng.normal(0, 1, times.size) * noise_m / 1000 / (KM_PER_DEGREE_LAT * np.cos(np.radians(lat)))
    sog = np.round(np.maximum(sog + rng.normal(0, 0.1, times.size), 0), 1)
    return {"t": times, "lat": lat, "lon": lon, "sog": sog, "cog": np.round(cog, 1)}


def simulate(seed: int = 7, blocks: int = 1) -> tuple[pa.Table, list[dict]]:
    """(AIS in the MarineCadastre layout, labels). ``blocks`` scales the data: ~39,000 positions each."""
    rng = np.random.default_rng(seed)
    sc = Scenario()
    for block in range(blocks):
        _block(sc, rng, block)
    columns: dict[str, list] = {c: [] for c in ("MMSI", "t", "LAT", "LON", "SOG", "COG", "VesselName",
                                                "IMO", "CallSign", "VesselType")}
    for v in sc.vessels:
        r = _reports(v, rng)
        n = r["t"].size
        mmsi = np.full(n, v.mmsi, dtype=object)
        name = np.full(n, v.name, dtype=object)
        imo = np.full(n, f"IMO{v.imo}" if v.imo else "", dtype=object)
        callsign = np.full(n, v.callsign, dtype=object)
        for since, new_mmsi, new_name, new_imo, new_cs in v.renames:
            later = r["t"] >= since
            mmsi[later], name[later], callsign[later] = new_mmsi, new_name, new_cs
            imo[later] = f"IMO{new_imo}" if new_imo else ""
        columns["MMSI"].append(mmsi)
        columns["t"].append(r["t"])
        columns["LAT"].append(np.round(r["lat"], 6))
        columns["LON"].append(np.round(r["lon"], 6))
        columns["SOG"].append(r["sog"])
        columns["COG"].append(r["cog"])
        columns["VesselName"].append(name)
        columns["IMO"].append(imo)
        columns["CallSign"].append(callsign)
        columns["VesselType"].append(np.full(n, v.vessel_type))
    merged = {k: np.concatenate(v) for k, v in columns.items()}
    order = np.argsort(merged["t"], kind="stable")
    stamps = pa.array(merged["t"][order] * 1_000_000, type=pa.timestamp("us"))
    table = pa.table({
        "MMSI": pa.array(merged["MMSI"][order].astype(str)),
        "BaseDateTime": pc.strftime(stamps, format="%Y-%m-%dT%H:%M:%S"),
        "LAT": merged["LAT"][order], "LON": merged["LON"][order], "SOG": merged["SOG"][order],
        "COG": merged["COG"][order], "Heading": pa.nulls(order.size, pa.float64()),
        "VesselName": pa.array(merged["VesselName"][order].astype(str)),
        "IMO": pa.array(merged["IMO"][order].astype(str)),
        "CallSign": pa.array(merged["CallSign"][order].astype(str)),
        "VesselType": merged["VesselType"][order],
    })
    labels = [{**lab, "start": _iso(lab["start"]), "end": _iso(lab["end"])} for lab in sc.labels]
    return table, labels


def _iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def write(path: str | Path, seed: int = 7, blocks: int = 1, labels_path: str | Path | None = None,
          ) -> tuple[int, int]:
    """Write the AIS (CSV, or Parquet if the name ends in .parquet) and the labels; returns counts."""
    import pyarrow.parquet as pq

    table, labels = simulate(seed, blocks)
    path = Path(path)
    if path.suffix == ".parquet":
        pq.write_table(table, path)
    else:
        pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="needed"))
    labels_path = Path(labels_path) if labels_path else path.with_name(path.name.split(".")[0] + ".labels.jsonl")
    with open(labels_path, "w", encoding="utf-8") as handle:
        for label in labels:
            handle.write(json.dumps(label) + "\n")
    return table.num_rows, len(labels)

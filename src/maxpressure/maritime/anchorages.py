"""Anchorages inferred from the data: places where many vessels sit still at the same time.

The gazetteer cannot list every anchorage (GFW's has 160,000 points and none in the DPRK). A
cell of about 5 km where at least ``min_vessels`` distinct vessels are stopped within the same
6-hour window is an anchorage; so is every cell next to one. A transfer is a tanker and one or two partners,
so it never reaches the threshold; a queue of ships waiting at anchor does (the Suez sample).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from maxpressure.maritime.geo import run_starts
from maxpressure.maritime.tracks import track_order


@dataclass(frozen=True)
class AnchorageParams:
    cell_degrees: float = 0.05  # about 5.5 km of latitude
    max_stopped_speed_kn: float = 0.5  # GFW stopped_end_speed_knots
    # Vessels stopped in one cell within one window. A transfer is a tanker with one or two
    # partners at a time (three in the documented cases), a queue at anchor is many more.
    min_vessels: int = 5
    window_hours: int = 6
    # Reports are sparse at anchor (every 1-3 h in the Suez sample); a longer step still shows a stop.
    max_step_hours: float = 6.0


SCHEMA = pa.schema([("cell_y", pa.int64()), ("cell_x", pa.int64()), ("window", pa.int64()),
                    ("vid", pa.int64())])


def stopped_cells_kernel(table: pa.Table, params: AnchorageParams = AnchorageParams()) -> pa.Table:
    """Tracks of whole vessels -> the distinct (cell, time window) where each vessel sat still."""
    vid, seg, ts, lat, lon, sog, step_km = track_order(table)
    if len(ts) < 2:
        return SCHEMA.empty_table()
    step = np.flatnonzero(~run_starts(vid, seg)[1:] & ((ts[1:] - ts[:-1]) <= params.max_step_hours * 3600)) + 1
    km = step_km[step]
    implied = km / 1.852 / (np.maximum(ts[step] - ts[step - 1], 1) / 3600)
    speed = np.where(np.isnan(sog[step]), implied, sog[step])
    still = step[speed <= params.max_stopped_speed_kn]
    if still.size == 0:
        return SCHEMA.empty_table()
    columns = (np.floor(lat[still] / params.cell_degrees).astype(np.int64),
               np.floor(lon[still] / params.cell_degrees).astype(np.int64),
               ts[still] // (params.window_hours * 3600), vid[still])
    # a vessel at anchor repeats its cell and window fix after fix: drop repeats before sorting
    repeat = ~run_starts(*columns)
    columns = [c[~repeat] for c in columns]
    order = np.lexsort(columns[::-1])
    columns = [c[order] for c in columns]
    first = run_starts(*columns)
    return pa.table(dict(zip(SCHEMA.names, (c[first] for c in columns))), schema=SCHEMA)


class Anchorages:
    """The anchorage cells (with their neighbours) found in one data set."""

    def __init__(self, stopped: pa.Table, params: AnchorageParams = AnchorageParams()):
        self.params = params
        counts: dict[tuple[int, int, int], int] = {}
        for y, x, w in zip(stopped["cell_y"].to_pylist(), stopped["cell_x"].to_pylist(),
                           stopped["window"].to_pylist()):
            counts[(y, x, w)] = counts.get((y, x, w), 0) + 1
        cells = {(y, x) for (y, x, _), n in counts.items() if n >= params.min_vessels}
        self.centres = sorted(cells)
        self.cells = {(y + dy, x + dx) for y, x in cells for dy in (-1, 0, 1) for dx in (-1, 0, 1)}

    def __len__(self) -> int:
        return len(self.centres)

    def contains(self, lat: float, lon: float) -> bool:
        size = self.params.cell_degrees
        return (int(np.floor(lat / size)), int(np.floor(lon / size))) in self.cells

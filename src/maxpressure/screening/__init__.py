"""Screening: is this person, company or ship designated, under any spelling?

Public API:

- `compare(a, b) -> Score`: how alike two FtM entities are (used by cross-list reconciliation);
- `Screener`: an in-memory index over list entries that answers `Query` objects with reconciled
  results (see `screen.py`);
- `FEATURES`, `DEFAULT_THRESHOLD`: the one table of features and weights, and the alarm line.
"""

from maxpressure.screening.profile import Query
from maxpressure.screening.score import ALGORITHM, DEFAULT_THRESHOLD, FEATURES, Score, compare

__all__ = ["ALGORITHM", "DEFAULT_THRESHOLD", "FEATURES", "Query", "Score", "compare"]

"""A maxpressure home holding the bundled real lists, for the benchmarks that need one."""

from __future__ import annotations

import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def bundled_home(home: str | None) -> Iterator[Path]:
    """`home` as given (its store already holds what `init` loads), or a temporary home loaded
    with it (the bundled lists and the Panel of Experts facts) for the length of the block; the
    load is printed, and not part of what is timed."""
    if home is not None:
        yield Path(home)
        return
    from maxpressure.config import Settings
    from maxpressure.loading import load_bundled_default
    from maxpressure.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        with Store.open(Settings.from_home(tmp)) as store:
            load_bundled_default(store)
        print(f"bundled store loaded in {time.perf_counter() - started:.1f} s (not timed below)")
        yield Path(tmp)

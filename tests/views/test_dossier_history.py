"""An entry's history, read from its own rows, says what the store's change log says of it."""

from __future__ import annotations

import random

import pytest

from maxpressure.views.dossier import build_dossier

pytestmark = pytest.mark.slow  # diffs every snapshot of every bundled list once, as the reference


def _from_change_log(store, list_name: str) -> dict[str, dict[int, tuple[str, tuple[str, ...]]]]:
    found: dict[str, dict] = {}
    for change in store.changes(list_name):
        found.setdefault(change.list_id, {})[change.snapshot_id] = (change.kind, tuple(change.changed_properties))
    return found


@pytest.mark.parametrize("list_name", ["un_sc", "us_ofac_sdn"])
def test_history_of_amended_added_and_removed_entries_matches_the_change_log(loaded_store, list_name):
    log = _from_change_log(loaded_store, list_name)
    amended = sorted(i for i, steps in log.items() if any(k == "amended" for k, _ in steps.values()))
    removed = sorted(i for i, steps in log.items() if any(k == "removed" for k, _ in steps.values()))
    picked = random.Random(7).sample(amended, 40) + random.Random(7).sample(removed, 10)
    for list_id in picked:
        history = build_dossier(loaded_store, f"{list_name}:{list_id}").history
        for step in history:
            expected = log.get(list_id, {}).get(step.snapshot_id)
            if step.kind == "unchanged":
                assert expected is None, (list_id, step)
            elif step.kind == "listed":
                assert expected is None or expected[0] == "added", (list_id, step)
            else:
                assert expected == (step.kind, tuple(step.changed)), (list_id, step, expected)
        # Every change the log records for the entry is a step of its history.
        kinds = {s.snapshot_id: s.kind for s in history}
        for snapshot_id, (kind, _) in log.get(list_id, {}).items():
            assert kinds.get(snapshot_id) == {"added": "listed"}.get(kind, kind), (list_id, snapshot_id, kind)

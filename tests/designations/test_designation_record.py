"""The designation record over what `init` loads: a dataset that designates nobody holds no designation."""

from maxpressure.designations import designation_record
from maxpressure.model import PANEL_DATASET, designates


def test_the_panel_of_experts_named_parties_are_no_designations(loaded_store):
    panel = loaded_store.entries(loaded_store.latest(PANEL_DATASET).snapshot_id)
    assert len(panel) > 150 and not designates(PANEL_DATASET)
    record = designation_record(loaded_store)
    assert not any(record.of(e.entity_id) for e in panel)
    assert PANEL_DATASET not in {d.list for d in record}
    assert record.of("un-sc-KPe.001").authority == "un"  # KOMID, whom the Panel also names

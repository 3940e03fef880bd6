"""Assessment snapshots: stored with their inputs and knowledge version, reused while the record is unchanged."""

from __future__ import annotations

from fbss.clinical.knowledge import KNOWLEDGE_VERSION
from fbss.store.db import Database
from fbss.store.models import AssessmentSnapshot, PatientSummary
from fbss.store.records import add_observation
from fbss.store.snapshots import assess_patient, finding_value, snapshot_history
from tests.store.conftest import TODAY
from tests.store.factories import patient


def test_unchanged_record_reuses_its_snapshot_and_a_change_makes_a_new_one(database: Database) -> None:
    with database.transaction() as session:
        pid = patient(session).id
        add_observation(session, pid, "pain", {"region": "back", "nrs_average": 6}, TODAY)
        first = assess_patient(session, pid, TODAY)
        again = assess_patient(session, pid, TODAY)
        add_observation(session, pid, "pain", {"region": "leg", "side": "left", "nrs_average": 7}, TODAY)
        changed = assess_patient(session, pid, TODAY)
    assert (first.reused, again.reused, changed.reused) == (False, True, False)
    assert again.snapshot_id == first.snapshot_id != changed.snapshot_id
    with database.transaction() as session:
        stored = session.get(AssessmentSnapshot, first.snapshot_id)
        assert stored is not None
        assert stored.knowledge_version == KNOWLEDGE_VERSION
        assert stored.inputs["pain"][0]["nrs_average"] == 6
        assert stored.result["knowledge_version"] == KNOWLEDGE_VERSION
        assert [s.id for s in snapshot_history(session, pid)] == [changed.snapshot_id, first.snapshot_id]


def test_summary_follows_the_latest_assessment(database: Database) -> None:
    with database.transaction() as session:
        pid = patient(session).id
        result = assess_patient(session, pid, TODAY)
        summary = session.get(PatientSummary, pid)
        assert summary is not None
        assert summary.snapshot_id == result.snapshot_id
        assert summary.open_red_flags == result.result["summary"]["open_red_flags"]
        assert summary.mechanism == finding_value(result.result, "phenotype.mechanism")


def test_finding_value_reads_a_finding_by_code() -> None:
    document = {"findings": [{"code": "phenotype.mechanism", "value": "nerve"}]}
    assert finding_value(document, "phenotype.mechanism") == "nerve"
    assert finding_value(document, "phenotype.predominance") is None

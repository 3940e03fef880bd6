"""The observed record: payloads validated by the core's models, dated, versioned, never silently overwritten."""

from __future__ import annotations

import datetime as dt

import pytest

from fbss.clinical.case import Case
from fbss.store.db import Database
from fbss.store.errors import Conflict, Invalid, NotFound
from fbss.store.records import (
    OBSERVATION_KINDS,
    Profile,
    add_observation,
    list_observations,
    mark_entered_in_error,
    update_observation,
)
from tests.store.conftest import TODAY
from tests.store.factories import patient


def test_every_observation_kind_is_a_part_of_the_case() -> None:
    assert set(OBSERVATION_KINDS) >= {"pain", "red_flags", "exam", "test", "medication", "instrument", "goal"}


def test_profile_limits_are_the_case_limits() -> None:
    profile = Profile.model_json_schema()["properties"]
    case = Case.model_json_schema()["properties"]
    for field in ("weight_kg", "height_cm", "operation_count"):
        assert profile[field]["anyOf"] == case[field]["anyOf"]


def test_valid_pain_report_is_stored_with_its_date_and_version_one(database: Database) -> None:
    with database.transaction() as session:
        record = patient(session)
        row = add_observation(
            session, record.id, "pain", {"region": "leg", "side": "left", "nrs_average": 7}, TODAY
        )
    assert row.observed_on == TODAY
    assert row.version == 1
    assert row.payload["nrs_average"] == 7
    assert row.payload["descriptors"] is None  # not asked stays distinct from "none apply"


def test_bad_payload_is_refused_naming_each_field_and_nothing_is_saved(database: Database) -> None:
    with database.transaction() as session:
        patient_id = patient(session).id
    with pytest.raises(Invalid) as refused, database.transaction() as session:
        add_observation(session, patient_id, "pain", {"region": "legg", "nrs_now": 11}, TODAY)
    assert {error.field for error in refused.value.errors} == {"payload.region", "payload.nrs_now"}
    with database.transaction() as session:
        assert list_observations(session, patient_id) == []


def test_unknown_kind_and_control_characters_are_refused(database: Database) -> None:
    with database.transaction() as session:
        patient_id = patient(session).id
        with pytest.raises(Invalid, match="kind"):
            add_observation(session, patient_id, "horoscope", {}, TODAY)
        with pytest.raises(Invalid, match=r"payload\.goal"):
            add_observation(session, patient_id, "goal", {"goal": "walk\x00"}, TODAY)


def test_markup_and_sql_are_stored_as_typed(database: Database) -> None:
    hostile = "<script>alert(1)</script>'; DROP TABLE observations; --"
    with database.transaction() as session:
        patient_id = patient(session).id
        add_observation(session, patient_id, "goal", {"goal": hostile}, TODAY)
    with database.transaction() as session:
        (row,) = list_observations(session, patient_id)
        assert row.payload["goal"] == hostile


def test_dated_kinds_take_the_payload_date_and_refuse_the_future(database: Database) -> None:
    with database.transaction() as session:
        patient_id = patient(session).id
        exam = add_observation(session, patient_id, "exam", {"date": "2026-10-01", "wound": "healed"}, TODAY)
        lab = add_observation(session, patient_id, "lab", {"test": "crp", "value": 3}, TODAY)
        with pytest.raises(Invalid, match=r"payload\.date"):
            add_observation(session, patient_id, "exam", {"date": "2026-12-01"}, TODAY)
    assert exam.observed_on == dt.date(2026, 10, 1)
    assert lab.payload["date"] == TODAY.isoformat()


def test_stale_edit_is_a_conflict_and_the_newer_edit_survives(database: Database) -> None:
    with database.transaction() as session:
        patient_id = patient(session).id
        row = add_observation(session, patient_id, "test", {"kind": "mri", "status": "ordered"}, TODAY)
    resulted = {"kind": "mri", "status": "resulted", "findings": [{"type": "epidural_fibrosis"}]}
    with database.transaction() as session:
        first = update_observation(session, patient_id, row.id, 1, resulted, TODAY)
        assert first.version == 2
    with pytest.raises(Conflict), database.transaction() as session:
        update_observation(session, patient_id, row.id, 1, {"kind": "mri", "status": "cancelled"}, TODAY)
    with database.transaction() as session:
        (stored,) = list_observations(session, patient_id)
        assert stored.payload["status"] == "resulted"


def test_entered_in_error_leaves_the_record_but_not_the_case(database: Database) -> None:
    with database.transaction() as session:
        patient_id = patient(session).id
        row = add_observation(session, patient_id, "medication", {"name": "Gabapentin"}, TODAY)
        mark_entered_in_error(session, patient_id, row.id, 1)
        assert list_observations(session, patient_id) == []
        assert len(list_observations(session, patient_id, include_withdrawn=True)) == 1


def test_observation_of_another_patient_is_not_found(database: Database) -> None:
    with database.transaction() as session:
        first = patient(session, "A-1")
        second = patient(session, "B-1", "Bo Example")
        row = add_observation(session, first.id, "goal", {"goal": "walk the dog"}, TODAY)
    with pytest.raises(NotFound), database.transaction() as session:
        update_observation(session, second.id, row.id, 1, {"goal": "x"}, TODAY)


def test_a_second_diary_entry_for_a_date_is_refused_naming_the_date(database: Database) -> None:
    with database.transaction() as session:
        pid = patient(session).id
        first = add_observation(session, pid, "scs_diary", {"date": "2026-10-21", "nrs_leg": 3}, TODAY)
        other = add_observation(session, pid, "scs_diary", {"date": "2026-10-22", "nrs_leg": 4}, TODAY)
        first_id, first_version, other_id, other_version = first.id, first.version, other.id, other.version
    with pytest.raises(Invalid) as refused, database.transaction() as session:
        add_observation(session, pid, "scs_diary", {"date": "2026-10-21", "nrs_leg": 7}, TODAY)
    assert [e.field for e in refused.value.errors] == ["payload.date"]
    with pytest.raises(Invalid) as moved, database.transaction() as session:
        update_observation(session, pid, other_id, other_version, {"date": "2026-10-21", "nrs_leg": 4}, TODAY)
    assert [e.field for e in moved.value.errors] == ["payload.date"]
    with database.transaction() as session:
        update_observation(session, pid, first_id, first_version, {"date": "2026-10-21", "nrs_leg": 2}, TODAY)
        assert [row.payload["nrs_leg"] for row in list_observations(session, pid, ["scs_diary"])] == [2, 4]


def test_a_withdrawn_diary_entry_frees_its_date(database: Database) -> None:
    with database.transaction() as session:
        pid = patient(session).id
        row = add_observation(session, pid, "scs_diary", {"date": "2026-10-21", "nrs_leg": 3}, TODAY)
        mark_entered_in_error(session, pid, row.id, row.version)
        add_observation(session, pid, "scs_diary", {"date": "2026-10-21", "nrs_leg": 5}, TODAY)
        assert [r.payload["nrs_leg"] for r in list_observations(session, pid, ["scs_diary"])] == [5]

"""The Case as of a date: lists take everything up to the date, singletons the latest, pain the latest day."""

from __future__ import annotations

import datetime as dt

from fbss.clinical.case import Case, PainRegion
from fbss.store.casebuilder import LIST_KINDS, SINGLE_KINDS, age_on, build_case
from fbss.store.db import Database
from fbss.store.records import add_observation, mark_entered_in_error
from tests.store.conftest import TODAY
from tests.store.factories import patient

EARLIER = dt.date(2026, 6, 1)


def test_age_is_counted_in_whole_years_on_the_day() -> None:
    assert age_on(dt.date(1970, 5, 17), dt.date(2026, 5, 16)) == 55
    assert age_on(dt.date(1970, 5, 17), dt.date(2026, 5, 17)) == 56
    assert age_on(None, TODAY) is None


def test_case_holds_the_record_as_of_the_date(database: Database) -> None:
    with database.transaction() as session:
        record = patient(session)
        pid = record.id
        add_observation(
            session, pid, "surgery", {"type": "discectomy", "date": "2025-01-10", "levels": ["L4-L5"]}, TODAY
        )
        add_observation(
            session, pid, "pain", {"region": "back", "nrs_average": 8}, TODAY, observed_on=EARLIER
        )
        add_observation(session, pid, "pain", {"region": "back", "nrs_average": 5}, TODAY)
        add_observation(session, pid, "pain", {"region": "leg", "side": "right", "nrs_average": 6}, TODAY)
        add_observation(session, pid, "red_flags", {"fever": True}, TODAY, observed_on=EARLIER)
        add_observation(session, pid, "red_flags", {"fever": False}, TODAY)
        add_observation(session, pid, "profile", {"weight_kg": 80, "operation_count": 2}, TODAY)
        add_observation(session, pid, "scs", {"trial": {"start": "2026-10-20"}}, TODAY)
        add_observation(session, pid, "scs_diary", {"date": "2026-10-21", "nrs_leg": 3}, TODAY)
        case = build_case(session, pid, TODAY)
        earlier = build_case(session, pid, EARLIER)
    assert case.case_id == "FBSS-0001"
    assert case.age_years == 56
    assert case.weight_kg == 80
    assert case.operation_count == 2
    assert [(p.region, p.nrs_average) for p in case.pain] == [(PainRegion.BACK, 5), (PainRegion.LEG, 6)]
    assert case.red_flags.fever is False
    assert case.scs.trial is not None
    assert case.scs.trial.diary[0].nrs_leg == 3
    assert len(case.surgeries) == 1
    assert [(p.region, p.nrs_average) for p in earlier.pain] == [(PainRegion.BACK, 8)]
    assert earlier.red_flags.fever is True
    assert earlier.weight_kg is None


def test_withdrawn_observations_leave_the_case(database: Database) -> None:
    with database.transaction() as session:
        pid = patient(session).id
        row = add_observation(session, pid, "medication", {"name": "pregabalin"}, TODAY)
        mark_entered_in_error(session, pid, row.id, row.version)
        assert build_case(session, pid, TODAY).medications == ()


def test_every_part_of_the_case_has_a_place_in_the_record() -> None:
    registration = {"case_id", "assessment_date", "age_years", "sex"}
    profile = {"weight_kg", "height_cm", "operation_count"}
    covered = set(LIST_KINDS.values()) | set(SINGLE_KINDS.values()) | {"pain"} | registration | profile
    assert set(Case.model_fields) == covered

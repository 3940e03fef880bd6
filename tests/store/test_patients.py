"""The patient list: a clinician sees only their care team's patients; search and filters narrow it."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher

from fbss.store import workflow
from fbss.store.db import Database
from fbss.store.errors import Invalid
from fbss.store.models import PatientSummary
from fbss.store.patients import PatientQuery, add_to_care_team, care_team, create_patient, list_patients
from tests.store.conftest import TODAY
from tests.store.factories import admin, clinician, on_team, patient


def _names(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [row.patient.display_name for row in rows]


def test_clinician_sees_only_patients_whose_care_team_includes_them(
    database: Database, hasher: PasswordHasher
) -> None:
    with database.transaction() as session:
        mine, theirs = patient(session, "A-1", "Ada Mine"), patient(session, "B-1", "Bo Theirs")
        me, colleague = clinician(session, hasher, "pat.pain"), clinician(session, hasher, "col.league")
        on_team(session, mine, me)
        on_team(session, theirs, colleague)
        rows, total = list_patients(session, me, TODAY, PatientQuery())
        assert (_names(rows), total) == (["Ada Mine"], 1)
        assert list_patients(session, admin(session, hasher), TODAY, PatientQuery())[1] == 2


def test_filters_by_search_red_flag_overdue_task_and_mechanism(
    database: Database, hasher: PasswordHasher
) -> None:
    with database.transaction() as session:
        me = clinician(session, hasher, "pat.pain")
        records = {
            name: patient(session, f"MRN-{i}", name)
            for i, name in enumerate(["Ann Flag", "Ben Late", "Cy Nerve"])
        }
        for record in records.values():
            on_team(session, record, me)
        session.add(
            PatientSummary(
                patient_id=records["Ann Flag"].id,
                as_of=TODAY,
                open_red_flags=["redflag.infection"],
                has_open_red_flag=True,
            )
        )
        session.add(
            PatientSummary(
                patient_id=records["Cy Nerve"].id,
                as_of=TODAY,
                open_red_flags=[],
                has_open_red_flag=False,
                mechanism="nerve",
            )
        )
        workflow.create_task(
            session, records["Ben Late"].id, "Review MRI", None, None, TODAY - dt.timedelta(days=1)
        )
        workflow.create_task(
            session, records["Cy Nerve"].id, "Review later", None, None, TODAY + dt.timedelta(days=1)
        )
        session.flush()

        def names(**where: object) -> list[str]:
            return _names(list_patients(session, me, TODAY, PatientQuery(**where))[0])  # type: ignore[arg-type]

        assert names() == ["Ann Flag", "Ben Late", "Cy Nerve"]  # open red flags first
        assert names(search="ben") == ["Ben Late"]
        assert names(search="MRN-2") == ["Cy Nerve"]
        assert names(open_red_flag=True) == ["Ann Flag"]
        assert names(overdue_task=True) == ["Ben Late"]
        assert names(mechanism="nerve") == ["Cy Nerve"]
        assert names(search="%") == []  # typed wildcards are text, not patterns
        workflow.raise_alert(
            session, records["Ben Late"].id, "redflag.suicide_risk", "Thoughts of self-harm", "urgent"
        )
        assert names(open_red_flag=True) == ["Ann Flag", "Ben Late"]


def test_patient_registration_names_the_bad_field(database: Database) -> None:
    with database.transaction() as session:
        patient(session, "A-1")
        with pytest.raises(Invalid, match="mrn"):
            create_patient(session, "A-1", "Second", None, None)
        with pytest.raises(Invalid, match="sex"):
            create_patient(session, "A-2", "Second", None, "unknown")
        with pytest.raises(Invalid, match="display_name"):
            create_patient(session, "A-3", "  ", None, None)


def test_care_team_lists_clinicians_and_refuses_others(database: Database, hasher: PasswordHasher) -> None:
    with database.transaction() as session:
        record = patient(session)
        pain = clinician(session, hasher, "pat.pain")
        add_to_care_team(session, record.id, pain.id, "lead clinician")
        add_to_care_team(session, record.id, pain.id)  # already there: unchanged
        with pytest.raises(Invalid, match="user_id"):
            add_to_care_team(session, record.id, admin(session, hasher).id)
        assert [(member.responsibility, user.username) for member, user in care_team(session, record.id)] == [
            ("lead clinician", "pat.pain")
        ]

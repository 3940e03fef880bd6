"""Referrals, tasks, notes and alerts: validated, owned by one patient, and versioned."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from fbss.store import workflow
from fbss.store.db import Database
from fbss.store.errors import Conflict, Invalid, NotFound
from fbss.store.models import Specialty
from fbss.store.patients import is_on_care_team
from tests.store.conftest import NOW, TODAY
from tests.store.factories import clinician, on_team, patient


def test_referral_to_a_named_clinician_puts_them_on_the_care_team(
    database: Database, hasher: PasswordHasher
) -> None:
    with database.transaction() as session:
        record = patient(session)
        pain = clinician(session, hasher, "pat.pain")
        surgeon = clinician(session, hasher, "sam.spine", Specialty.NEUROLOGICAL_SURGERY)
        on_team(session, record, pain)
        referral = workflow.create_referral(
            session, record.id, "neurological_surgery", "Recurrent disc at L4-L5?", pain.id, surgeon.id
        )
        assert referral.status == "requested"
        assert is_on_care_team(session, record.id, surgeon.id)


def test_referral_refuses_a_clinician_of_another_specialty(
    database: Database, hasher: PasswordHasher
) -> None:
    with database.transaction() as session:
        record = patient(session)
        physio = clinician(session, hasher, "phil.pt", Specialty.PHYSICAL_THERAPY)
        with pytest.raises(Invalid, match="to_user_id"):
            workflow.create_referral(session, record.id, "pain_psychology", "CBT", None, physio.id)
        with pytest.raises(Invalid, match="to_specialty"):
            workflow.create_referral(session, record.id, "astrology", "CBT", None)
        with pytest.raises(Invalid, match="reason"):
            workflow.create_referral(session, record.id, "pain_psychology", "x" * 2001, None)


def test_stale_referral_status_is_a_conflict(database: Database) -> None:
    with database.transaction() as session:
        record = patient(session)
        referral = workflow.create_referral(session, record.id, "physical_therapy", "Graded activity", None)
        workflow.set_referral_status(session, record.id, referral.id, 1, "accepted")
    with pytest.raises(Conflict), database.transaction() as session:
        workflow.set_referral_status(session, record.id, referral.id, 1, "declined")


def test_task_goes_to_a_care_team_member_and_is_completed(database: Database, hasher: PasswordHasher) -> None:
    with database.transaction() as session:
        record = patient(session)
        pain = clinician(session, hasher, "pat.pain")
        outsider = clinician(session, hasher, "out.sider")
        on_team(session, record, pain)
        with pytest.raises(Invalid, match="assignee_id"):
            workflow.create_task(session, record.id, "Order MRI", pain.id, outsider.id)
        task = workflow.create_task(session, record.id, "Order MRI", pain.id, pain.id, TODAY)
        done = workflow.set_task_done(session, record.id, task.id, task.version, True, pain.id, NOW)
        assert done.done
        assert done.done_at == NOW
        assert done.version == 2


def test_task_edit_from_a_stale_copy_is_a_conflict(database: Database, hasher: PasswordHasher) -> None:
    with database.transaction() as session:
        record = patient(session)
        task = workflow.create_task(session, record.id, "Call patient", None)
        workflow.edit_task(session, record.id, task.id, 1, "Call patient today", None, TODAY)
    with pytest.raises(Conflict), database.transaction() as session:
        workflow.edit_task(session, record.id, task.id, 1, "Call patient tomorrow", None, None)
    with database.transaction() as session:
        assert workflow.tasks(session, record.id)[0].title == "Call patient today"


def test_rows_of_another_patient_are_not_found(database: Database) -> None:
    with database.transaction() as session:
        first, second = patient(session, "A-1"), patient(session, "B-1", "Bo Example")
        task = workflow.create_task(session, first.id, "Call", None)
        with pytest.raises(NotFound):
            workflow.set_task_done(session, second.id, task.id, 1, True, None, NOW)


def test_only_the_author_edits_a_note(database: Database, hasher: PasswordHasher) -> None:
    with database.transaction() as session:
        record = patient(session)
        author, other = clinician(session, hasher, "pat.pain"), clinician(session, hasher, "psy.chol")
        note = workflow.add_note(session, record.id, author.id, "Discussed pacing.")
        with pytest.raises(Invalid):
            workflow.edit_note(session, record.id, note.id, 1, other.id, "Changed")
        assert (
            workflow.edit_note(
                session, record.id, note.id, 1, author.id, "Discussed pacing and sleep."
            ).version
            == 2
        )


def test_same_open_alert_is_raised_once_until_acknowledged(
    database: Database, hasher: PasswordHasher
) -> None:
    with database.transaction() as session:
        record = patient(session)
        pain = clinician(session, hasher, "pat.pain")
        first = workflow.raise_alert(session, record.id, "redflag.cauda_equina", "Possible CES", "emergency")
        again = workflow.raise_alert(session, record.id, "redflag.cauda_equina", "Possible CES", "emergency")
        assert first.id == again.id
        workflow.acknowledge_alert(session, record.id, first.id, first.version, pain.id, NOW)
        assert workflow.open_alerts(session, record.id) == []
        assert (
            workflow.raise_alert(session, record.id, "redflag.cauda_equina", "Possible CES", "emergency").id
            != first.id
        )

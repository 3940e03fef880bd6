"""The care team's work on a patient: referrals, tasks, notes and alerts. Every edit names the version it read."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from fbss.store import validation
from fbss.store.errors import Invalid, NotFound
from fbss.store.models import Alert, Note, Referral, ReferralStatus, Role, Specialty, Task, User
from fbss.store.patients import add_to_care_team, is_on_care_team
from fbss.store.records import expect_version

REASON_MAX = 2000
NOTE_MAX = 10_000
TITLE_MAX = 200

T = TypeVar("T", Referral, Task, Note, Alert)


def _owned(session: Session, model: type[T], patient_id: int, row_id: int) -> T:
    row = session.get(model, row_id)
    if row is None or row.patient_id != patient_id:
        raise NotFound(model.__tablename__)
    return row


# --- referrals ---------------------------------------------------------------------------------------------


def create_referral(
    session: Session,
    patient_id: int,
    to_specialty: str,
    reason: str,
    created_by: int | None,
    to_user_id: int | None = None,
) -> Referral:
    """Refer the patient to a specialty (optionally a named clinician, who joins the care team)."""
    if to_specialty not in {specialty.value for specialty in Specialty}:
        raise Invalid.one("to_specialty", f"use one of {', '.join(s.value for s in Specialty)}")
    reason_text = validation.text("reason", reason, REASON_MAX)
    if to_user_id is not None:
        clinician = session.get(User, to_user_id)
        if clinician is None or clinician.role != Role.CLINICIAN.value or clinician.specialty != to_specialty:
            raise Invalid.one("to_user_id", "choose a clinician of the specialty referred to")
        add_to_care_team(session, patient_id, to_user_id, f"referred: {to_specialty.replace('_', ' ')}")
    referral = Referral(
        patient_id=patient_id,
        to_specialty=to_specialty,
        to_user_id=to_user_id,
        reason=reason_text,
        status=ReferralStatus.REQUESTED.value,
        created_by=created_by,
    )
    session.add(referral)
    session.flush()
    return referral


def set_referral_status(
    session: Session, patient_id: int, referral_id: int, expected_version: int | None, status: str
) -> Referral:
    if status not in {value.value for value in ReferralStatus}:
        raise Invalid.one("status", f"use one of {', '.join(s.value for s in ReferralStatus)}")
    referral = _owned(session, Referral, patient_id, referral_id)
    expect_version(f"referral {referral_id}", referral.version, expected_version)
    referral.status = status
    session.flush()
    return referral


def referrals(session: Session, patient_id: int) -> list[Referral]:
    query = select(Referral).where(Referral.patient_id == patient_id).order_by(Referral.created_at.desc())
    return list(session.scalars(query))


# --- tasks -------------------------------------------------------------------------------------------------


def _check_assignee(session: Session, patient_id: int, assignee_id: int | None) -> None:
    if assignee_id is not None and not is_on_care_team(session, patient_id, assignee_id):
        raise Invalid.one("assignee_id", "assign the task to a member of the care team")


def create_task(
    session: Session,
    patient_id: int,
    title: str,
    created_by: int | None,
    assignee_id: int | None = None,
    due_on: dt.date | None = None,
) -> Task:
    _check_assignee(session, patient_id, assignee_id)
    task = Task(
        patient_id=patient_id,
        title=validation.text("title", title, TITLE_MAX),
        assignee_id=assignee_id,
        due_on=due_on,
        done=False,
        created_by=created_by,
    )
    session.add(task)
    session.flush()
    return task


def get_task(session: Session, patient_id: int, task_id: int) -> Task:
    return _owned(session, Task, patient_id, task_id)


def edit_task(
    session: Session,
    patient_id: int,
    task_id: int,
    expected_version: int | None,
    title: str,
    assignee_id: int | None,
    due_on: dt.date | None,
) -> Task:
    task = _owned(session, Task, patient_id, task_id)
    expect_version(f"task {task_id}", task.version, expected_version)
    _check_assignee(session, patient_id, assignee_id)
    task.title = validation.text("title", title, TITLE_MAX) or task.title
    task.assignee_id = assignee_id
    task.due_on = due_on
    session.flush()
    return task


def set_task_done(
    session: Session,
    patient_id: int,
    task_id: int,
    expected_version: int | None,
    done: bool,
    by: int | None,
    now: dt.datetime,
) -> Task:
    task = _owned(session, Task, patient_id, task_id)
    expect_version(f"task {task_id}", task.version, expected_version)
    task.done = done
    task.done_at = now if done else None
    task.done_by = by if done else None
    session.flush()
    return task


def tasks(session: Session, patient_id: int) -> list[Task]:
    query = select(Task).where(Task.patient_id == patient_id).order_by(Task.done, Task.due_on, Task.id)
    return list(session.scalars(query))


# --- notes -------------------------------------------------------------------------------------------------


def add_note(session: Session, patient_id: int, author_id: int | None, text: str) -> Note:
    note = Note(patient_id=patient_id, author_id=author_id, text=validation.text("text", text, NOTE_MAX))
    session.add(note)
    session.flush()
    return note


def edit_note(
    session: Session, patient_id: int, note_id: int, expected_version: int | None, author_id: int, text: str
) -> Note:
    note = _owned(session, Note, patient_id, note_id)
    if note.author_id != author_id:
        raise Invalid.one("text", "only the author can edit a note")
    expect_version(f"note {note_id}", note.version, expected_version)
    note.text = validation.text("text", text, NOTE_MAX) or note.text
    session.flush()
    return note


def notes(session: Session, patient_id: int) -> list[Note]:
    query = select(Note).where(Note.patient_id == patient_id).order_by(Note.created_at.desc(), Note.id.desc())
    return list(session.scalars(query))


# --- alerts ------------------------------------------------------------------------------------------------


def raise_alert(
    session: Session,
    patient_id: int,
    code: str,
    title: str,
    severity: str | None,
    observation_id: int | None = None,
) -> Alert:
    """Alert the care team, unless the same alert is already open."""
    existing = session.scalar(
        select(Alert).where(
            Alert.patient_id == patient_id, Alert.code == code, Alert.acknowledged_at.is_(None)
        )
    )
    if existing is not None:
        return existing
    alert = Alert(
        patient_id=patient_id, code=code, title=title[:300], severity=severity, observation_id=observation_id
    )
    session.add(alert)
    session.flush()
    return alert


def acknowledge_alert(
    session: Session, patient_id: int, alert_id: int, expected_version: int | None, by: int, now: dt.datetime
) -> Alert:
    alert = _owned(session, Alert, patient_id, alert_id)
    expect_version(f"alert {alert_id}", alert.version, expected_version)
    alert.acknowledged_at = now
    alert.acknowledged_by = by
    session.flush()
    return alert


def open_alerts(session: Session, patient_id: int) -> list[Alert]:
    query = (
        select(Alert)
        .where(Alert.patient_id == patient_id, Alert.acknowledged_at.is_(None))
        .order_by(Alert.created_at.desc())
    )
    return list(session.scalars(query))

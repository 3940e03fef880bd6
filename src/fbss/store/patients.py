"""Patients, their care teams, and the patient list a clinician works from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from fbss.store import validation
from fbss.store.errors import Invalid, NotFound
from fbss.store.models import Alert, CareTeamMember, Patient, PatientSummary, Role, Task, User
from fbss.store.records import expect_version

SEXES = ("female", "male", "other")


def create_patient(
    session: Session, mrn: str, display_name: str, birth_date: dt.date | None, sex: str | None
) -> Patient:
    """Register a patient (synthetic data only in this project)."""
    mrn_clean = validation.text("mrn", mrn, 40)
    name = validation.text("display_name", display_name, 200)
    if sex is not None and sex not in SEXES:
        raise Invalid.one("sex", f"use one of {', '.join(SEXES)}")
    if session.scalar(select(Patient.id).where(Patient.mrn == mrn_clean)) is not None:
        raise Invalid.one("mrn", "a patient with this record number exists")
    patient = Patient(mrn=mrn_clean, display_name=name, birth_date=birth_date, sex=sex)
    session.add(patient)
    session.flush()
    return patient


def get_patient(session: Session, patient_id: int) -> Patient:
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFound("patient")
    return patient


# --- care team -----------------------------------------------------------------------------------------------


def is_on_care_team(session: Session, patient_id: int, user_id: int) -> bool:
    query = select(CareTeamMember.id).where(
        CareTeamMember.patient_id == patient_id, CareTeamMember.user_id == user_id
    )
    return session.scalar(query) is not None


def care_team(session: Session, patient_id: int) -> list[tuple[CareTeamMember, User]]:
    query = (
        select(CareTeamMember, User)
        .join(User, User.id == CareTeamMember.user_id)
        .where(CareTeamMember.patient_id == patient_id)
        .order_by(User.specialty, User.display_name)
    )
    return [(member, user) for member, user in session.execute(query).all()]


def add_to_care_team(
    session: Session, patient_id: int, user_id: int, responsibility: str | None = None
) -> CareTeamMember:
    """Put an active clinician on the patient's care team (no-op if already there)."""
    user = session.get(User, user_id)
    if user is None or user.role != Role.CLINICIAN.value or not user.active:
        raise Invalid.one("user_id", "choose an active clinician")
    existing = session.scalar(
        select(CareTeamMember).where(
            CareTeamMember.patient_id == patient_id, CareTeamMember.user_id == user_id
        )
    )
    if existing is not None:
        return existing
    member = CareTeamMember(
        patient_id=patient_id,
        user_id=user_id,
        responsibility=validation.text("responsibility", responsibility, 200, required=False),
    )
    session.add(member)
    session.flush()
    return member


def remove_from_care_team(
    session: Session, patient_id: int, member_id: int, expected_version: int | None
) -> None:
    member = session.get(CareTeamMember, member_id)
    if member is None or member.patient_id != patient_id:
        raise NotFound("care team member")
    expect_version(f"care team member {member_id}", member.version, expected_version)
    session.delete(member)
    session.flush()


# --- the patient list ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PatientQuery:
    search: str | None = None
    open_red_flag: bool = False
    overdue_task: bool = False
    mechanism: str | None = None
    limit: int = 50
    offset: int = 0


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True, slots=True)
class PatientRow:
    patient: Patient
    summary: PatientSummary | None
    open_alerts: int
    overdue_tasks: int


def list_patients(
    session: Session, viewer: User, today: dt.date, where: PatientQuery
) -> tuple[list[PatientRow], int]:
    """The patients this user may see (a clinician: those whose care team includes them), filtered.

    Open red flags first, then by name. Filters are uncorrelated subqueries (computed once, not per patient),
    and the counts shown are computed for the page only, so the list stays fast with many thousand patients.
    """
    conditions = _visible_to(viewer) + _filters(where, today)
    base = (
        select(Patient.id)
        .outerjoin(PatientSummary, PatientSummary.patient_id == Patient.id)
        .where(*conditions)
    )
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    page = base.order_by(
        func.coalesce(PatientSummary.has_open_red_flag, False).desc(), Patient.display_name, Patient.id
    )
    ids = list(session.scalars(page.limit(where.limit).offset(where.offset)))
    if not ids:
        return [], total
    found = {
        patient.id: (patient, summary)
        for patient, summary in session.execute(
            select(Patient, PatientSummary)
            .outerjoin(PatientSummary, PatientSummary.patient_id == Patient.id)
            .where(Patient.id.in_(ids))
        ).all()
    }
    alerts = _counts(session, Alert.patient_id, ids, Alert.acknowledged_at.is_(None))
    overdue = _counts(session, Task.patient_id, ids, Task.done.is_(False), Task.due_on < today)
    rows = [PatientRow(*found[i], alerts.get(i, 0), overdue.get(i, 0)) for i in ids]
    return rows, total


def _visible_to(viewer: User) -> list[ColumnElement[bool]]:
    if viewer.role == Role.CLINICIAN.value:
        return [Patient.id.in_(select(CareTeamMember.patient_id).where(CareTeamMember.user_id == viewer.id))]
    if viewer.role == Role.PATIENT.value:
        return [Patient.id == viewer.patient_id]
    return []


def _filters(where: PatientQuery, today: dt.date) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.search:
        needle = "%" + _escape_like(where.search.strip().lower()) + "%"
        conditions.append(
            or_(
                func.lower(Patient.display_name).like(needle, escape="\\"),
                func.lower(Patient.mrn).like(needle, escape="\\"),
            )
        )
    if where.open_red_flag:
        open_alert = select(Alert.patient_id).where(Alert.acknowledged_at.is_(None))
        conditions.append(or_(PatientSummary.has_open_red_flag.is_(True), Patient.id.in_(open_alert)))
    if where.overdue_task:
        late = select(Task.patient_id).where(Task.done.is_(False), Task.due_on < today)
        conditions.append(Patient.id.in_(late))
    if where.mechanism:
        conditions.append(PatientSummary.mechanism == where.mechanism)
    return conditions


def _counts(
    session: Session, patient_column: InstrumentedAttribute[int], ids: list[int], *where: ColumnElement[bool]
) -> dict[int, int]:
    query = (
        select(patient_column, func.count()).where(patient_column.in_(ids), *where).group_by(patient_column)
    )
    return {patient_id: int(count) for patient_id, count in session.execute(query).all()}

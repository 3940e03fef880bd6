"""Named personas and small record builders for store and web tests (synthetic data only)."""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from fbss.store.accounts import NewUser, create_user
from fbss.store.models import Patient, Role, Specialty, User
from fbss.store.patients import add_to_care_team, create_patient

PASSWORD = "correct horse battery"


def patient(session: Session, mrn: str = "FBSS-0001", name: str = "Ada Example") -> Patient:
    return create_patient(session, mrn, name, dt.date(1970, 5, 17), "female")


def clinician(
    session: Session,
    hasher: PasswordHasher,
    username: str,
    specialty: Specialty = Specialty.PAIN_MANAGEMENT,
) -> User:
    new = NewUser(username, PASSWORD, Role.CLINICIAN, username.replace(".", " ").title(), specialty)
    return create_user(session, hasher, new, min_password_length=12)


def admin(session: Session, hasher: PasswordHasher, username: str = "admin") -> User:
    return create_user(
        session, hasher, NewUser(username, PASSWORD, Role.ADMIN, "Admin"), min_password_length=12
    )


def patient_account(session: Session, hasher: PasswordHasher, record: Patient, username: str) -> User:
    new = NewUser(username, PASSWORD, Role.PATIENT, record.display_name, patient_id=record.id)
    return create_user(session, hasher, new, min_password_length=12)


def on_team(session: Session, record: Patient, user: User) -> None:
    add_to_care_team(session, record.id, user.id)

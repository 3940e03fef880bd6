"""Accounts: argon2id hashes, role rules, sessions that expire, and login throttling."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher

from fbss.store import accounts
from fbss.store.accounts import NewUser
from fbss.store.db import Database
from fbss.store.errors import Invalid
from fbss.store.models import Role, Specialty
from tests.store.conftest import NOW
from tests.store.factories import PASSWORD, clinician, patient


def test_password_is_stored_as_an_argon2id_hash_and_verifies(
    database: Database, hasher: PasswordHasher
) -> None:
    with database.transaction() as session:
        user = clinician(session, hasher, "pat.pain")
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
        assert accounts.authenticate(session, hasher, "pat.pain", PASSWORD) is not None
        assert accounts.authenticate(session, hasher, "pat.pain", "wrong password!") is None
        assert accounts.authenticate(session, hasher, "nobody", PASSWORD) is None


def test_inactive_account_cannot_log_in(database: Database, hasher: PasswordHasher) -> None:
    with database.transaction() as session:
        clinician(session, hasher, "gone.away").active = False
        assert accounts.authenticate(session, hasher, "gone.away", PASSWORD) is None


@pytest.mark.parametrize(
    ("new", "field"),
    [
        (NewUser("x", PASSWORD, Role.ADMIN, "X"), "username"),
        (NewUser("short.pw", "abc", Role.ADMIN, "X"), "password"),
        (NewUser("doc.nospec", PASSWORD, Role.CLINICIAN, "X"), "specialty"),
        (NewUser("admin.spec", PASSWORD, Role.ADMIN, "X", Specialty.PRIMARY_CARE), "specialty"),
        (NewUser("pt.norecord", PASSWORD, Role.PATIENT, "X"), "patient_id"),
    ],
)
def test_account_rules_name_the_field(
    database: Database, hasher: PasswordHasher, new: NewUser, field: str
) -> None:
    with pytest.raises(Invalid) as refused, database.transaction() as session:
        accounts.create_user(session, hasher, new, min_password_length=12)
    assert refused.value.errors[0].field == field


def test_a_patient_record_has_at_most_one_account(database: Database, hasher: PasswordHasher) -> None:
    with database.transaction() as session:
        record = patient(session)
        accounts.create_user(
            session, hasher, NewUser("pt.one", PASSWORD, Role.PATIENT, "P", patient_id=record.id), 12
        )
        with pytest.raises(Invalid, match="patient_id"):
            accounts.create_user(
                session, hasher, NewUser("pt.two", PASSWORD, Role.PATIENT, "P", patient_id=record.id), 12
            )


def test_session_is_found_by_token_until_idle_or_expired(database: Database, hasher: PasswordHasher) -> None:
    with database.transaction() as session:
        user = clinician(session, hasher, "pat.pain")
        token, row = accounts.start_session(session, user.id, NOW, hours=8)
        assert row.id != token  # only a hash of the token is stored
        assert (
            accounts.find_session(session, token, NOW + dt.timedelta(minutes=10), idle_minutes=30) is not None
        )
        assert accounts.find_session(session, "forged", NOW, idle_minutes=30) is None
        later = NOW + dt.timedelta(minutes=10)
        assert (
            accounts.find_session(session, token, later + dt.timedelta(minutes=29), idle_minutes=30)
            is not None
        )
        assert (
            accounts.find_session(session, token, later + dt.timedelta(minutes=60), idle_minutes=30) is None
        )
        assert accounts.find_session(session, token, NOW, idle_minutes=30) is None  # deleted when found idle


def test_logout_ends_the_session(database: Database, hasher: PasswordHasher) -> None:
    with database.transaction() as session:
        user = clinician(session, hasher, "pat.pain")
        token, _ = accounts.start_session(session, user.id, NOW, hours=8)
        accounts.end_session(session, token)
        assert accounts.find_session(session, token, NOW, idle_minutes=30) is None


def test_repeated_failures_throttle_the_account_and_the_address(database: Database) -> None:
    with database.transaction() as session:
        for _ in range(5):
            accounts.record_login_attempt(session, "pat.pain", "10.0.0.1", False, NOW)
        assert accounts.is_throttled(session, "pat.pain", "10.0.0.9", NOW, 15, 5)
        assert accounts.is_throttled(session, "someone.else", "10.0.0.1", NOW, 15, 5)
        assert not accounts.is_throttled(session, "someone.else", "10.0.0.9", NOW, 15, 5)
        assert not accounts.is_throttled(
            session, "pat.pain", "10.0.0.9", NOW + dt.timedelta(minutes=16), 15, 5
        )

"""Accounts (argon2id password hashes), login sessions with their CSRF token, and login throttling.

Sessions and throttle counts live in the database so that any app process can serve any request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from fbss.store.errors import Invalid, NotFound
from fbss.store.models import AuthSession, LoginAttempt, Patient, Role, Specialty, User

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")
ANONYMOUS_SESSION_HOURS = 2


def make_hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    """An argon2id hasher with the given cost (settings choose it; tests use a cheap one)."""
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism, type=Type.ID)


@dataclass(frozen=True, slots=True)
class NewUser:
    username: str
    password: str
    role: Role
    display_name: str
    specialty: Specialty | None = None
    patient_id: int | None = None


def create_user(session: Session, hasher: PasswordHasher, new: NewUser, min_password_length: int) -> User:
    """Add an account after checking its name, password length and role-specific fields."""
    _check_new_user(session, new, min_password_length)
    user = User(
        username=new.username,
        display_name=new.display_name,
        password_hash=hasher.hash(new.password),
        role=new.role.value,
        specialty=new.specialty.value if new.specialty else None,
        patient_id=new.patient_id,
        active=True,
    )
    session.add(user)
    session.flush()
    return user


def _check_new_user(session: Session, new: NewUser, min_password_length: int) -> None:
    if not USERNAME_PATTERN.match(new.username):
        raise Invalid.one("username", "use 3-80 lower-case letters, digits, dots, dashes or underscores")
    if session.scalar(select(User.id).where(User.username == new.username)) is not None:
        raise Invalid.one("username", "this username is taken")
    if len(new.password) < min_password_length:
        raise Invalid.one("password", f"use at least {min_password_length} characters")
    if not new.display_name.strip() or len(new.display_name) > 200:
        raise Invalid.one("display_name", "give a name of 1-200 characters")
    if new.role is Role.CLINICIAN and new.specialty is None:
        raise Invalid.one("specialty", "a clinician needs a specialty")
    if new.role is not Role.CLINICIAN and new.specialty is not None:
        raise Invalid.one("specialty", "only clinicians have a specialty")
    if new.role is Role.PATIENT:
        if new.patient_id is None or session.get(Patient, new.patient_id) is None:
            raise Invalid.one("patient_id", "a patient account needs an existing patient record")
        if session.scalar(select(User.id).where(User.patient_id == new.patient_id)) is not None:
            raise Invalid.one("patient_id", "this patient already has an account")
    elif new.patient_id is not None:
        raise Invalid.one("patient_id", "only patient accounts are linked to a patient record")


# A fixed hash to verify against when the username is unknown, so both answers take the same time.
_DUMMY_PASSWORD = "not-a-real-password"  # noqa: S105 - never a credential


def authenticate(session: Session, hasher: PasswordHasher, username: str, password: str) -> User | None:
    """The active user with this name and password, else None (same work either way)."""
    user = session.scalar(select(User).where(User.username == username))
    stored = user.password_hash if user is not None else hasher.hash(_DUMMY_PASSWORD)
    try:
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


def set_password(
    session: Session, hasher: PasswordHasher, user_id: int, password: str, min_password_length: int
) -> None:
    if len(password) < min_password_length:
        raise Invalid.one("password", f"use at least {min_password_length} characters")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("user")
    user.password_hash = hasher.hash(password)
    session.execute(delete(AuthSession).where(AuthSession.user_id == user_id))


# --- sessions ----------------------------------------------------------------------------------------------


def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    session: Session, user_id: int | None, now: dt.datetime, hours: float
) -> tuple[str, AuthSession]:
    """A new session (anonymous when user_id is None, carrying only a CSRF token); returns the cookie token."""
    token = secrets.token_urlsafe(32)
    lifetime = dt.timedelta(hours=hours if user_id is not None else min(hours, ANONYMOUS_SESSION_HOURS))
    row = AuthSession(
        id=_token_id(token),
        user_id=user_id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
    )
    session.add(row)
    session.flush()
    return token, row


def find_session(session: Session, token: str, now: dt.datetime, idle_minutes: float) -> AuthSession | None:
    """The live session for this cookie token (marked as seen now), or None when unknown, expired or idle."""
    row = session.get(AuthSession, _token_id(token))
    if row is None:
        return None
    idle_limit = row.last_seen_at + dt.timedelta(minutes=idle_minutes)
    if now >= row.expires_at or (row.user_id is not None and now >= idle_limit):
        session.delete(row)
        session.flush()
        return None
    row.last_seen_at = now
    return row


def end_session(session: Session, token: str) -> None:
    session.execute(delete(AuthSession).where(AuthSession.id == _token_id(token)))


def purge_expired_sessions(session: Session, now: dt.datetime) -> int:
    result = session.execute(delete(AuthSession).where(AuthSession.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)


# --- throttling --------------------------------------------------------------------------------------------


def record_login_attempt(
    session: Session, username: str, address: str, succeeded: bool, now: dt.datetime
) -> None:
    session.add(LoginAttempt(username=username[:80], address=address[:64], succeeded=succeeded, at=now))


def is_throttled(
    session: Session, username: str, address: str, now: dt.datetime, window_minutes: float, max_failures: int
) -> bool:
    """Too many failed logins for this account or from this address within the window."""
    since = now - dt.timedelta(minutes=window_minutes)
    failures = session.scalar(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.at >= since,
            LoginAttempt.succeeded.is_(False),
            or_(LoginAttempt.username == username[:80], LoginAttempt.address == address[:64]),
        )
    )
    return (failures or 0) >= max_failures


def purge_old_login_attempts(session: Session, before: dt.datetime) -> None:
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < before))


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("user")
    return user


def list_users(session: Session, role: Role | None = None) -> list[User]:
    query = select(User).order_by(User.role, User.username)
    if role is not None:
        query = query.where(User.role == role.value)
    return list(session.scalars(query))

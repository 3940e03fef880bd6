"""Accounts and the audit log (admin). Admins manage people and care teams; they do not read clinical notes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query

from fbss.store import accounts, audit
from fbss.store.accounts import NewUser
from fbss.store.models import Role
from fbss.store.records import expect_version
from fbss.store.validation import text
from fbss.web.access import allow
from fbss.web.api import serialize
from fbss.web.api.schemas import UserEdit, UserIn
from fbss.web.context import CtxDep

router = APIRouter(tags=["admin"])


@router.get("/users")
@allow(Role.ADMIN)
def users(ctx: CtxDep, role: Role | None = None) -> dict[str, Any]:
    with ctx.work("list", "users") as session:
        return {"users": [serialize.user(row) for row in accounts.list_users(session, role)]}


@router.post("/users", status_code=201)
@allow(Role.ADMIN)
def create_user(body: UserIn, ctx: CtxDep) -> dict[str, Any]:
    """Create an account: a clinician needs a specialty, a patient account an existing patient record."""
    new = NewUser(body.username, body.password, body.role, body.display_name, body.specialty, body.patient_id)
    with ctx.work("create", "users") as session:
        row = accounts.create_user(session, ctx.state.hasher, new, ctx.state.settings.password_min_length)
        return serialize.user(row)


@router.patch("/users/{user_id}")
@allow(Role.ADMIN)
def edit_user(user_id: int, body: UserEdit, ctx: CtxDep) -> dict[str, Any]:
    """Deactivate or reactivate, rename, or set a new password (which ends the user's sessions)."""
    sent = body.model_fields_set
    with ctx.work("update", f"users/{user_id}") as session:
        row = accounts.get_user(session, user_id)
        expect_version(f"user {user_id}", row.version, body.version)
        if "active" in sent and body.active is not None:
            row.active = body.active
        if "display_name" in sent:
            row.display_name = text("display_name", body.display_name, 200) or row.display_name
        if "password" in sent and body.password is not None:
            accounts.set_password(
                session, ctx.state.hasher, user_id, body.password, ctx.state.settings.password_min_length
            )
        session.flush()
        return serialize.user(row)


@router.get("/audit")
@allow(Role.ADMIN)
def audit_log(
    ctx: CtxDep,
    username: Annotated[str | None, Query(max_length=80)] = None,
    patient_id: int | None = None,
    action: Annotated[str | None, Query(max_length=40)] = None,
    outcome: Annotated[str | None, Query(max_length=20)] = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """The audit log, newest first, filtered."""
    where = audit.AuditFilter(username, patient_id, action, outcome, _aware(since), _aware(until))
    with ctx.work("read", "audit") as session:
        rows, total = audit.search(session, where, limit, offset)
        return {"total": total, "entries": [serialize.audit_entry(row) for row in rows]}


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)

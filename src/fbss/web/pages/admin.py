"""Admin pages: accounts, patients and their care teams, and the audit log. No clinical content here."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from fbss.store import accounts, audit
from fbss.store.accounts import NewUser
from fbss.store.errors import Invalid
from fbss.store.models import Role, Specialty
from fbss.store.patients import (
    PatientQuery,
    add_to_care_team,
    care_team,
    create_patient,
    get_patient,
    list_patients,
    remove_from_care_team,
)
from fbss.store.records import expect_version
from fbss.web.access import allow
from fbss.web.context import CtxDep
from fbss.web.forms import FormModel
from fbss.web.render import render

router = APIRouter()
ADMIN = Role.ADMIN
AUDIT_PAGE = 100


@router.get("/admin")
@allow(ADMIN)
def users_page(request: Request, ctx: CtxDep) -> Response:
    with ctx.work("list", "users") as session:
        context = {
            "users": accounts.list_users(session),
            "roles": [role.value for role in Role],
            "specialties": [specialty.value for specialty in Specialty],
        }
        return render(request, "admin/users.html", context)


class UserForm(FormModel):
    username: str
    password: str
    role: Role
    display_name: str
    specialty: Specialty | None = None
    patient_id: int | None = None


@router.post("/admin/users")
@allow(ADMIN)
def create_user(request: Request, ctx: CtxDep, form: Annotated[UserForm, Form()]) -> Response:
    new = NewUser(form.username, form.password, form.role, form.display_name, form.specialty, form.patient_id)
    with ctx.work("create", "users") as session:
        accounts.create_user(session, ctx.state.hasher, new, ctx.state.settings.password_min_length)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users/{user_id}/active")
@allow(ADMIN)
def set_active(
    user_id: int,
    ctx: CtxDep,
    version: Annotated[int, Form(ge=1)],
    active: Annotated[bool, Form()],
) -> Response:
    with ctx.work("update", f"users/{user_id}") as session:
        user = accounts.get_user(session, user_id)
        expect_version(f"user {user_id}", user.version, version)
        if user.id == ctx.user.user_id and not active:
            raise Invalid.one("active", "you cannot deactivate your own account")
        user.active = active
    return RedirectResponse("/admin", status_code=303)


@router.get("/admin/patients")
@allow(ADMIN)
def patients_page(
    request: Request, ctx: CtxDep, q: Annotated[str | None, Query(max_length=100)] = None
) -> Response:
    with ctx.work("list", "patients") as session:
        viewer = accounts.get_user(session, ctx.user.user_id)
        rows, total = list_patients(session, viewer, ctx.today(), PatientQuery(search=q or None, limit=100))
        return render(request, "admin/patients.html", {"rows": rows, "total": total, "q": q or ""})


class PatientForm(FormModel):
    mrn: str
    display_name: str
    birth_date: dt.date | None = None
    sex: str | None = None


@router.post("/admin/patients")
@allow(ADMIN)
def register_patient(ctx: CtxDep, form: Annotated[PatientForm, Form()]) -> Response:
    with ctx.work("create", "patients") as session:
        patient = create_patient(session, form.mrn, form.display_name, form.birth_date, form.sex)
        patient_id = patient.id
    return RedirectResponse(f"/admin/patients/{patient_id}/care-team", status_code=303)


@router.get("/admin/patients/{patient_id}/care-team")
@allow(ADMIN)
def care_team_page(patient_id: int, request: Request, ctx: CtxDep) -> Response:
    with ctx.work("read", f"patient/{patient_id}/care-team") as session:
        context: dict[str, Any] = {
            "patient": get_patient(session, patient_id),
            "members": care_team(session, patient_id),
            "clinicians": [u for u in accounts.list_users(session, Role.CLINICIAN) if u.active],
        }
        return render(request, "admin/care_team.html", context)


@router.post("/admin/patients/{patient_id}/care-team")
@allow(ADMIN)
def add_member(
    patient_id: int,
    ctx: CtxDep,
    user_id: Annotated[int, Form()],
    responsibility: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    with ctx.work("create", f"patient/{patient_id}/care-team") as session:
        add_to_care_team(session, patient_id, user_id, responsibility or None)
    return RedirectResponse(f"/admin/patients/{patient_id}/care-team", status_code=303)


@router.post("/admin/patients/{patient_id}/care-team/{member_id}/remove")
@allow(ADMIN)
def remove_member(
    patient_id: int, member_id: int, ctx: CtxDep, version: Annotated[int, Form(ge=1)]
) -> Response:
    with ctx.work("delete", f"patient/{patient_id}/care-team/{member_id}") as session:
        remove_from_care_team(session, patient_id, member_id, version)
    return RedirectResponse(f"/admin/patients/{patient_id}/care-team", status_code=303)


class AuditQuery(FormModel):
    username: str | None = None
    patient_id: int | None = None
    action: str | None = None
    outcome: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    page: int = 1


@router.get("/admin/audit")
@allow(ADMIN)
def audit_page(request: Request, ctx: CtxDep, query: Annotated[AuditQuery, Query()]) -> Response:
    """The audit log, newest first, filtered by user, patient, action, outcome and days."""
    where = audit.AuditFilter(
        query.username,
        query.patient_id,
        query.action,
        query.outcome,
        _day_start(query.since),
        _day_start(query.until + dt.timedelta(days=1)) if query.until else None,
    )
    page = max(1, query.page)
    with ctx.work("read", "audit") as session:
        rows, total = audit.search(session, where, AUDIT_PAGE, (page - 1) * AUDIT_PAGE)
        pages = max(1, -(-total // AUDIT_PAGE))
        context = {
            "rows": rows,
            "total": total,
            "query": query,
            "page": page,
            "pages": pages,
            "newer": _page_url(query, page - 1) if page > 1 else None,
            "older": _page_url(query, page + 1) if page < pages else None,
        }
        return render(request, "admin/audit.html", context)


def _page_url(query: AuditQuery, page: int) -> str:
    filters = {key: value for key, value in query.model_dump(exclude={"page"}).items() if value is not None}
    return "/admin/audit?" + urlencode({**filters, "page": page})


def _day_start(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time(), dt.UTC) if day else None

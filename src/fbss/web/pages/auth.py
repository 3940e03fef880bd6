"""Sign in, sign out, and the start page of each role."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from fbss.store.models import Role
from fbss.web.access import allow, public
from fbss.web.context import CtxDep
from fbss.web.errors import Problem
from fbss.web.render import render
from fbss.web.sessions import clear_session_cookie, log_in, log_out, set_session_cookie, start_anonymous

router = APIRouter()


def safe_next(target: str | None) -> str | None:
    """A local path to return to after login; anything else (other sites, //host) is dropped."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def home_of(role: Role, patient_id: int | None) -> str:
    if role is Role.PATIENT and patient_id is not None:
        return f"/patients/{patient_id}/portal"
    if role is Role.ADMIN:
        return "/admin"
    return "/patients"


@router.get("/")
@public()
def home(ctx: CtxDep) -> Response:
    if ctx.principal is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse(home_of(ctx.principal.role, ctx.principal.patient_id), status_code=303)


@router.get("/login")
@public()
def login_page(
    request: Request,
    ctx: CtxDep,
    next_path: Annotated[str | None, Query(alias="next", max_length=500)] = None,
) -> Response:
    """The sign-in form, with a pre-login session that carries its CSRF token."""
    if ctx.principal is not None:
        return RedirectResponse(home_of(ctx.principal.role, ctx.principal.patient_id), status_code=303)
    context = {"error": None, "username": "", "next": safe_next(next_path) or ""}
    if ctx.csrf_token is not None:
        return render(request, "login.html", context)
    token, csrf = start_anonymous(ctx.state)
    request.state.csrf_token = csrf
    response = render(request, "login.html", context)
    set_session_cookie(response, request, ctx.state, token)
    return response


@router.post("/login")
@public(csrf=True)
def login(
    request: Request,
    ctx: CtxDep,
    username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=1000)],
    next_path: Annotated[str | None, Form(alias="next", max_length=500)] = None,
) -> Response:
    try:
        logged_in = log_in(ctx.state, request, username, password)
    except Problem as refused:
        context = {"error": refused.message, "username": username, "next": safe_next(next_path) or ""}
        return render(request, "login.html", context, refused.status)
    user = logged_in.principal
    response = RedirectResponse(safe_next(next_path) or home_of(user.role, user.patient_id), status_code=303)
    set_session_cookie(response, request, ctx.state, logged_in.token)
    return response


@router.post("/logout")
@allow(Role.PATIENT, Role.CLINICIAN, Role.ADMIN)
def logout(request: Request, ctx: CtxDep) -> Response:
    log_out(ctx.state, request, ctx.principal)
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response)
    return response

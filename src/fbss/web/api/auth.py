"""Log in and out of the JSON API (the same session cookie as the pages; writes send X-CSRF-Token)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from fbss.store.models import Role
from fbss.web.access import allow, public
from fbss.web.api.schemas import LoginIn
from fbss.web.context import CtxDep
from fbss.web.sessions import clear_session_cookie, log_in, log_out, set_session_cookie

router = APIRouter(tags=["session"])
EVERYONE = (Role.PATIENT, Role.CLINICIAN, Role.ADMIN)


@router.get("/health")
@public()
def health() -> dict[str, str]:
    """A trivial endpoint: the baseline for latency measurements."""
    return {"status": "ok"}


@router.post("/session")
@public()
def create_session(body: LoginIn, request: Request, ctx: CtxDep) -> JSONResponse:
    """Log in; the answer carries the CSRF token to send as X-CSRF-Token on every write."""
    logged_in = log_in(ctx.state, request, body.username, body.password)
    user = logged_in.principal
    response = JSONResponse(
        {
            "csrf_token": logged_in.csrf_token,
            "user": {
                "id": user.user_id,
                "username": user.username,
                "role": user.role,
                "patient_id": user.patient_id,
            },
        }
    )
    set_session_cookie(response, request, ctx.state, logged_in.token)
    return response


@router.delete("/session")
@allow(*EVERYONE)
def delete_session(request: Request, ctx: CtxDep) -> JSONResponse:
    """Log out."""
    log_out(ctx.state, request, ctx.principal)
    response = JSONResponse({"status": "logged out"})
    clear_session_cookie(response)
    return response


@router.get("/me")
@allow(*EVERYONE)
def me(ctx: CtxDep) -> dict[str, Any]:
    """Who is logged in, and the CSRF token for writes."""
    user = ctx.user
    return {
        "id": user.user_id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "specialty": user.specialty,
        "patient_id": user.patient_id,
        "csrf_token": ctx.csrf_token,
    }

"""Logging in and out: throttled, audited, and the session cookie set with safe flags."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request, Response

from fbss.store import audit
from fbss.store.accounts import (
    authenticate,
    end_session,
    is_throttled,
    purge_expired_sessions,
    record_login_attempt,
    start_session,
)
from fbss.store.audit import AuditEvent, Outcome
from fbss.web.access import SESSION_COOKIE, Principal
from fbss.web.errors import Problem, Throttled
from fbss.web.state import WebState


class LoginFailed(Problem):
    status = 401
    message = "Wrong username or password."


@dataclass(frozen=True, slots=True)
class LoggedIn:
    token: str
    csrf_token: str
    principal: Principal


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def log_in(state: WebState, request: Request, username: str, password: str) -> LoggedIn:
    """Check the password (unless throttled), record the attempt, and start a new session."""
    address, now, settings = client_address(request), state.clock.now(), state.settings
    username = username.strip().lower()[:80]
    with state.database.transaction() as session:
        throttled = is_throttled(
            session, username, address, now, settings.login_window_minutes, settings.login_max_failures
        )
        user = None if throttled else authenticate(session, state.hasher, username, password)
        outcome = Outcome.THROTTLED if throttled else (Outcome.OK if user else Outcome.FAILED)
        if not throttled:
            record_login_attempt(session, username, address, user is not None, now)
        event = AuditEvent(
            "login", "session", outcome, user.id if user else None, username, user.role if user else None
        )
        audit.append(session, state.audit_key, event, now)
        if user is not None:
            old = request.cookies.get(SESSION_COOKIE)
            if old:
                end_session(session, old)  # a new session id at login: no session fixation
            purge_expired_sessions(session, now)
            token, row = start_session(session, user.id, now, settings.session_hours)
            result = LoggedIn(token, row.csrf_token, Principal.of(user))
    if throttled:
        raise Throttled()
    if user is None:
        raise LoginFailed()
    return result


def log_out(state: WebState, request: Request, principal: Principal | None) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    with state.database.transaction() as session:
        if token:
            end_session(session, token)
        if principal is not None:
            event = principal.audit_event("logout", "session", Outcome.OK, None)
            audit.append(session, state.audit_key, event, state.clock.now())


def start_anonymous(state: WebState) -> tuple[str, str]:
    """A pre-login session that only carries a CSRF token for the login form; returns (token, csrf)."""
    with state.database.transaction() as session:
        token, row = start_session(session, None, state.clock.now(), state.settings.session_hours)
        return token, row.csrf_token


def set_session_cookie(response: Response, request: Request, state: WebState, token: str) -> None:
    secure = state.settings.cookie_secure
    if secure is None:
        secure = request.url.scheme == "https"
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(state.settings.session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")

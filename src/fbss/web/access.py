"""Access control in one place: every route declares who may call it, and one guard enforces it.

The guard runs before every route of the app (an app-wide dependency). It finds the session, checks the
user's role against the route's declaration, checks that any `{patient_id}` in the path is a patient the user
may see (a clinician: on the care team; a patient: their own record; an admin: any, on admin routes only),
and checks the CSRF token on every state-changing request. A route without a declaration is refused for
everyone, so a new route cannot forget its rule. A forbidden patient record answers 404, like a missing one.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from fbss.store import audit
from fbss.store.accounts import find_session
from fbss.store.audit import AuditEvent, Outcome
from fbss.store.models import AuthSession, Patient, Role, User
from fbss.store.patients import is_on_care_team
from fbss.web.errors import Forbidden, NotAuthenticated, PatientNotFound, RouteWithoutRule
from fbss.web.state import WebState, web_state

SESSION_COOKIE = "fbss_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
PATIENT_PARAM = "patient_id"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ACCESS_ATTRIBUTE = "__fbss_access__"

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Rule:
    """Who may call a route. `roles` None: anyone, logged in or not."""

    roles: frozenset[Role] | None
    csrf: bool = True

    @property
    def is_public(self) -> bool:
        return self.roles is None


def allow(*roles: Role) -> Callable[[F], F]:
    """Declare the roles that may call this route (put it under the @router.get/post line)."""

    def declare(endpoint: F) -> F:
        setattr(endpoint, ACCESS_ATTRIBUTE, Rule(frozenset(roles)))
        return endpoint

    return declare


def public(csrf: bool = False) -> Callable[[F], F]:
    """Declare a route open to anyone (login, health, static). `csrf` still checks a pre-login token."""

    def declare(endpoint: F) -> F:
        setattr(endpoint, ACCESS_ATTRIBUTE, Rule(None, csrf=csrf))
        return endpoint

    return declare


def rule_of(endpoint: Any) -> Rule | None:
    return getattr(endpoint, ACCESS_ATTRIBUTE, None)


@dataclass(frozen=True, slots=True)
class Principal:
    """The user behind a request, as far as access control needs to know."""

    user_id: int
    username: str
    display_name: str
    role: Role
    specialty: str | None
    patient_id: int | None  # a patient's own record

    @classmethod
    def of(cls, user: User) -> Principal:
        return cls(
            user.id, user.username, user.display_name, Role(user.role), user.specialty, user.patient_id
        )

    def audit_event(self, action: str, resource: str, outcome: str, patient_id: int | None) -> AuditEvent:
        return AuditEvent(action, resource, outcome, self.user_id, self.username, self.role.value, patient_id)


@dataclass(frozen=True, slots=True)
class Decision:
    principal: Principal | None
    csrf_token: str | None
    problem: Exception | None = None


async def guard(request: Request) -> None:
    """The app-wide dependency: authenticate, authorise, check CSRF. Raises the refusal; else notes the user."""
    route = request.scope.get("route")
    rule = rule_of(getattr(route, "endpoint", None))
    if rule is None:
        raise RouteWithoutRule()
    state = web_state(request)
    decision = await run_in_threadpool(
        decide, state, rule, request.cookies.get(SESSION_COOKIE), request.path_params, _describe(request)
    )
    request.state.principal = decision.principal
    request.state.csrf_token = decision.csrf_token
    if decision.problem is not None:
        raise decision.problem
    if rule.csrf and request.method not in SAFE_METHODS:
        await _check_csrf(request, decision.csrf_token)


def _describe(request: Request) -> str:
    return f"{request.method} {request.url.path}"


def decide(
    state: WebState, rule: Rule, token: str | None, path_params: dict[str, Any], resource: str
) -> Decision:
    """Who is asking and whether they may: one short transaction, audited when refused."""
    with state.database.transaction() as session:
        now = state.clock.now()
        auth = find_session(session, token, now, state.settings.session_idle_minutes) if token else None
        user = _active_user(session, auth)
        csrf_token = auth.csrf_token if auth is not None else None
        if rule.is_public:
            return Decision(Principal.of(user) if user else None, csrf_token)
        if user is None:
            return Decision(None, csrf_token, NotAuthenticated())
        principal = Principal.of(user)
        patient_id = _patient_in_path(path_params)
        if rule.roles is not None and principal.role not in rule.roles:
            problem: Exception = PatientNotFound() if PATIENT_PARAM in path_params else Forbidden()
            _audit_refusal(session, state, principal, resource, patient_id, Outcome.DENIED)
            return Decision(principal, csrf_token, problem)
        if PATIENT_PARAM in path_params and (
            patient_id is None or not may_see_patient(session, user, patient_id)
        ):
            _audit_refusal(session, state, principal, resource, patient_id, Outcome.NOT_FOUND)
            return Decision(principal, csrf_token, PatientNotFound())
        return Decision(principal, csrf_token)


def _active_user(session: Session, auth: AuthSession | None) -> User | None:
    if auth is None or auth.user_id is None:
        return None
    user = session.get(User, auth.user_id)
    return user if user is not None and user.active else None


def _patient_in_path(path_params: dict[str, Any]) -> int | None:
    raw = path_params.get(PATIENT_PARAM)
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def may_see_patient(session: Session, user: User, patient_id: int) -> bool:
    """A clinician on the care team, the patient themself, or an admin (on admin routes); never anyone else."""
    if session.get(Patient, patient_id) is None:
        return False
    if user.role == Role.CLINICIAN.value:
        return is_on_care_team(session, patient_id, user.id)
    if user.role == Role.PATIENT.value:
        return user.patient_id == patient_id
    return user.role == Role.ADMIN.value


def _audit_refusal(
    session: Session,
    state: WebState,
    principal: Principal,
    resource: str,
    patient_id: int | None,
    outcome: str,
) -> None:
    event = principal.audit_event("access", resource, outcome, patient_id)
    audit.append(session, state.audit_key, event, state.clock.now())


async def _check_csrf(request: Request, expected: str | None) -> None:
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if expected is None or sent is None or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Forbidden("The form has expired or did not come from this site. Reload the page and try again.")

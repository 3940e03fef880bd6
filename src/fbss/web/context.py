"""The request context every route gets: who is asking, the clock, and audited units of work.

`ctx.work(action, resource)` is the only way a route touches the database: one transaction whose audit
entry commits with it, or, when the work is refused (not found, invalid, conflict), is rolled back and the
refusal is audited in a transaction of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from fbss.store import audit
from fbss.store.audit import Outcome
from fbss.store.errors import Conflict, Invalid, NotFound, StoreError
from fbss.store.models import Role
from fbss.web.access import PATIENT_PARAM, Principal
from fbss.web.errors import Forbidden, NotAuthenticated, Problem
from fbss.web.state import WebState, web_state


@dataclass
class Ctx:
    request: Request
    state: WebState
    principal: Principal | None
    csrf_token: str | None

    @property
    def user(self) -> Principal:
        """The logged-in user (the guard has already refused anonymous callers on non-public routes)."""
        if self.principal is None:
            raise NotAuthenticated()
        return self.principal

    @property
    def patient_id(self) -> int:
        """The patient in the path, already checked by the guard."""
        return int(self.request.path_params[PATIENT_PARAM])

    def now(self) -> dt.datetime:
        return self.state.clock.now()

    def today(self) -> dt.date:
        return self.state.clock.today()

    def is_role(self, *roles: Role) -> bool:
        return self.principal is not None and self.principal.role in roles

    @contextmanager
    def work(self, action: str, resource: str, patient_id: int | None = None) -> Iterator[Session]:
        """One audited transaction on behalf of the current user."""
        if patient_id is None and PATIENT_PARAM in self.request.path_params:
            patient_id = self.patient_id
        try:
            with self.state.database.transaction() as session:
                yield session
                self._audit(session, action, resource, patient_id, Outcome.OK)
        except (StoreError, Problem) as error:
            with self.state.database.transaction() as session:
                self._audit(session, action, resource, patient_id, _outcome_of(error))
            raise

    def _audit(
        self, session: Session, action: str, resource: str, patient_id: int | None, outcome: str
    ) -> None:
        if self.principal is not None:
            event = self.principal.audit_event(action, resource, outcome, patient_id)
        else:
            event = audit.AuditEvent(action, resource, outcome, patient_id=patient_id)
        audit.append(session, self.state.audit_key, event, self.now())


def _outcome_of(error: StoreError | Problem) -> str:
    if isinstance(error, Forbidden):
        return Outcome.DENIED
    if isinstance(error, Conflict):
        return Outcome.CONFLICT
    if isinstance(error, Invalid):
        return Outcome.INVALID
    if isinstance(error, NotFound):
        return Outcome.NOT_FOUND
    return Outcome.FAILED


def get_ctx(request: Request) -> Ctx:
    principal: Principal | None = getattr(request.state, "principal", None)
    csrf_token: str | None = getattr(request.state, "csrf_token", None)
    return Ctx(request, web_state(request), principal, csrf_token)


CtxDep = Annotated[Ctx, Depends(get_ctx)]

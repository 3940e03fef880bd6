"""What one application instance holds: settings, database, password hasher, clock and templates.

Built once by create_app and reached through `request.app.state.web`; nothing here is process-wide, and
nothing a second process would need lives here (sessions, throttles and audit are in the database).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from fastapi import Request
from fastapi.templating import Jinja2Templates

from fbss.settings import Settings
from fbss.store.accounts import make_hasher
from fbss.store.db import Database

WEB = Path(__file__).parent


class Clock:
    """The real time; tests pass a fixed one."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        return dt.date.today()


@dataclass
class FixedClock(Clock):
    """A clock that stands still (tests, demos), advanced by hand."""

    at: dt.datetime = field(default_factory=lambda: dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC))

    def now(self) -> dt.datetime:
        return self.at

    def today(self) -> dt.date:
        return self.at.date()

    def advance(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


@dataclass
class WebState:
    settings: Settings
    database: Database
    hasher: PasswordHasher
    clock: Clock
    templates: Jinja2Templates

    @property
    def audit_key(self) -> bytes:
        return self.settings.secret_key.get_secret_value().encode()


def build_state(settings: Settings, database: Database | None, clock: Clock | None) -> WebState:
    from fbss.web.render import make_templates

    return WebState(
        settings=settings,
        database=database or Database(settings.database_url),
        hasher=make_hasher(
            settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism
        ),
        clock=clock or Clock(),
        templates=make_templates(),
    )


def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state

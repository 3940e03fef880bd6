"""Web fixtures: a whole app on a fresh database (SQLite and PostgreSQL), named personas, logged-in clients."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from fbss.settings import Settings
from fbss.store.models import Specialty
from fbss.web.app import create_app
from fbss.web.state import FixedClock, WebState
from tests.store.factories import PASSWORD, admin, clinician, on_team, patient, patient_account

SECRET = "test-secret-key-0123456789-abcdefghij"


def test_settings(database_url: str, **overrides: object) -> Settings:
    """Real settings with cheap argon2id parameters (tests only)."""
    values: dict[str, object] = {
        "database_url": database_url,
        "secret_key": SECRET,
        "argon2_time_cost": 1,
        "argon2_memory_kib": 8,
        "argon2_parallelism": 1,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class People:
    """Alice and Bob are patients; Dana (pain management) is on Alice's care team; Sam (surgeon) on no team."""

    alice: int
    bob: int
    dana: int
    sam: int
    admin: int


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def app(database_url: str, clock: FixedClock) -> Iterator[FastAPI]:
    application = create_app(test_settings(database_url), clock=clock)
    yield application
    application.state.web.database.dispose()


@pytest.fixture
def state(app: FastAPI) -> WebState:
    return app.state.web  # type: ignore[no-any-return]


@pytest.fixture
def people(state: WebState) -> People:
    with state.database.transaction() as session:
        return add_people(session, state)


def add_people(session: Session, state: WebState) -> People:
    """Alice and Bob (patients with logins), Dana on Alice's care team, Sam on none, and an admin."""
    alice, bob = patient(session, "A-1", "Alice Example"), patient(session, "B-1", "Bob Example")
    dana = clinician(session, state.hasher, "dana.pain", Specialty.PAIN_MANAGEMENT)
    sam = clinician(session, state.hasher, "sam.spine", Specialty.NEUROLOGICAL_SURGERY)
    on_team(session, alice, dana)
    patient_account(session, state.hasher, alice, "alice")
    patient_account(session, state.hasher, bob, "bob")
    boss = admin(session, state.hasher, "ada.admin")
    return People(alice.id, bob.id, dana.id, sam.id, boss.id)


def client_for(app: FastAPI) -> TestClient:
    return TestClient(app, base_url="http://testserver", follow_redirects=False)


def api_login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the API; the client keeps the cookie, the CSRF token goes into its headers."""
    answer = client.post("/api/session", json={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["csrf_token"]
    client.headers["X-CSRF-Token"] = token
    return token


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    with client_for(app) as client:
        yield client


def logged_in(app: FastAPI, username: str) -> Iterator[TestClient]:
    with client_for(app) as client:
        api_login(client, username)
        yield client


@pytest.fixture
def as_alice(app: FastAPI, people: People) -> Iterator[TestClient]:
    yield from logged_in(app, "alice")


@pytest.fixture
def as_bob(app: FastAPI, people: People) -> Iterator[TestClient]:
    yield from logged_in(app, "bob")


@pytest.fixture
def as_dana(app: FastAPI, people: People) -> Iterator[TestClient]:
    yield from logged_in(app, "dana.pain")


@pytest.fixture
def as_sam(app: FastAPI, people: People) -> Iterator[TestClient]:
    yield from logged_in(app, "sam.spine")


@pytest.fixture
def as_admin(app: FastAPI, people: People) -> Iterator[TestClient]:
    yield from logged_in(app, "ada.admin")


def csrf_of(page: str) -> str:
    """The CSRF token a rendered page carries in its forms."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match is not None, "page has no CSRF token"
    return match.group(1)


def page_login(app: FastAPI, username: str, password: str = PASSWORD) -> TestClient:
    """A browser-like client logged in through the login form (cookie + CSRF token from the page)."""
    client = client_for(app)
    form = client.get("/login")
    answer = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": csrf_of(form.text)}
    )
    assert answer.status_code == 303, answer.text
    return client

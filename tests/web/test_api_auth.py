"""Logging in and out of the API: session cookie flags, CSRF on writes, throttling, audit."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from fbss.store import audit
from fbss.web.state import FixedClock, WebState
from tests.web.conftest import People, api_login, client_for


def test_login_sets_an_httponly_samesite_lax_cookie(anonymous: TestClient, people: People) -> None:
    answer = anonymous.post(
        "/api/session", json={"username": "dana.pain", "password": "correct horse battery"}
    )
    assert answer.status_code == 200
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie  # plain http in tests; https sets Secure
    assert answer.json()["user"]["role"] == "clinician"


def test_cookie_is_secure_over_https(app: FastAPI, people: People) -> None:
    with TestClient(app, base_url="https://testserver") as client:
        answer = client.post(
            "/api/session", json={"username": "dana.pain", "password": "correct horse battery"}
        )
        assert "secure" in answer.headers["set-cookie"].lower()


def test_wrong_password_is_refused_and_audited(
    anonymous: TestClient, people: People, state: WebState
) -> None:
    answer = anonymous.post("/api/session", json={"username": "dana.pain", "password": "nope nope nope"})
    assert answer.status_code == 401
    assert answer.json()["error"]["message"] == "Wrong username or password."
    with state.database.transaction() as session:
        rows, _ = audit.search(session, audit.AuditFilter(action="login"))
        assert [(row.username, row.outcome) for row in rows] == [("dana.pain", "failed")]


def test_repeated_failures_throttle_even_the_right_password(
    anonymous: TestClient, people: People, clock: FixedClock
) -> None:
    for _ in range(5):
        anonymous.post("/api/session", json={"username": "dana.pain", "password": "guess guess guess"})
    answer = anonymous.post(
        "/api/session", json={"username": "dana.pain", "password": "correct horse battery"}
    )
    assert answer.status_code == 429
    clock.advance(minutes=16)
    assert (
        anonymous.post(
            "/api/session", json={"username": "dana.pain", "password": "correct horse battery"}
        ).status_code
        == 200
    )


def test_write_without_csrf_token_is_refused(as_dana: TestClient, people: People) -> None:
    del as_dana.headers["X-CSRF-Token"]
    answer = as_dana.post(f"/api/patients/{people.alice}/notes", json={"text": "Seen today."})
    assert answer.status_code == 403
    as_dana.headers["X-CSRF-Token"] = "forged"
    assert (
        as_dana.post(f"/api/patients/{people.alice}/notes", json={"text": "Seen today."}).status_code == 403
    )


def test_logout_ends_the_session(as_dana: TestClient, people: People) -> None:
    assert as_dana.get("/api/me").status_code == 200
    assert as_dana.delete("/api/session").status_code == 200
    assert as_dana.get("/api/me").status_code == 401


def test_session_ends_after_idle_time(as_dana: TestClient, clock: FixedClock) -> None:
    clock.advance(minutes=31)
    assert as_dana.get("/api/me").status_code == 401


def test_old_session_token_is_dropped_at_login(app: FastAPI, people: People) -> None:
    with client_for(app) as client:
        api_login(client, "dana.pain")
        first = client.cookies.get("fbss_session")
        api_login(client, "dana.pain")
        assert client.cookies.get("fbss_session") != first
        client.cookies.set("fbss_session", first or "")
        assert client.get("/api/me").status_code == 401

"""Signing in through the page: CSRF-protected form, clear refusal, return to the page asked for."""

from __future__ import annotations

from fastapi import FastAPI

from fbss.web.pages.auth import safe_next
from tests.web.conftest import People, client_for, csrf_of, page_login


def test_login_form_without_its_csrf_token_is_refused(app: FastAPI, people: People) -> None:
    with client_for(app) as client:
        client.get("/login")
        answer = client.post("/login", data={"username": "dana.pain", "password": "correct horse battery"})
        assert answer.status_code == 403


def test_wrong_password_shows_the_form_again_with_the_reason(app: FastAPI, people: People) -> None:
    with client_for(app) as client:
        token = csrf_of(client.get("/login").text)
        answer = client.post(
            "/login", data={"username": "dana.pain", "password": "nope nope nope", "csrf_token": token}
        )
        assert answer.status_code == 401
        assert "Wrong username or password." in answer.text
        assert 'value="dana.pain"' in answer.text


def test_unauthenticated_page_sends_to_login_and_back(app: FastAPI, people: People) -> None:
    with client_for(app) as client:
        answer = client.get(f"/patients/{people.alice}")
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/login?next=%2Fpatients%2F{people.alice}"
        form = client.get(answer.headers["location"])
        data = {
            "username": "dana.pain",
            "password": "correct horse battery",
            "csrf_token": csrf_of(form.text),
            "next": f"/patients/{people.alice}",
        }
        assert client.post("/login", data=data).headers["location"] == f"/patients/{people.alice}"


def test_only_local_paths_are_returned_to() -> None:
    assert safe_next("/patients/3") == "/patients/3"
    assert safe_next("//evil.example/x") is None
    assert safe_next("https://evil.example") is None
    assert safe_next("/\\evil.example") is None


def test_each_role_lands_on_its_own_start_page(app: FastAPI, people: People) -> None:
    for username, home in (
        ("dana.pain", "/patients"),
        ("alice", f"/patients/{people.alice}/portal"),
        ("ada.admin", "/admin"),
    ):
        with page_login(app, username) as client:
            assert client.get("/").headers["location"] == home


def test_pages_carry_a_strict_content_security_policy(app: FastAPI, people: People) -> None:
    with page_login(app, "dana.pain") as client:
        headers = client.get("/patients").headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"

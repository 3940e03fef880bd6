"""Admin pages: accounts, care teams and the audit log, with no clinical content."""

from __future__ import annotations

from fastapi import FastAPI

from tests.web.conftest import People, csrf_of, page_login


def test_admin_creates_an_account_and_a_care_team(app: FastAPI, people: People) -> None:
    with page_login(app, "ada.admin") as client:
        token = csrf_of(client.get("/admin").text)
        created = client.post(
            "/admin/users",
            data={
                "csrf_token": token,
                "username": "phil.pt",
                "password": "a long enough password",
                "role": "clinician",
                "display_name": "Phil",
                "specialty": "physical_therapy",
            },
        )
        assert created.status_code == 303
        assert "phil.pt" in client.get("/admin").text
        registered = client.post(
            "/admin/patients", data={"csrf_token": token, "mrn": "C-1", "display_name": "Cleo Example"}
        )
        team_page = registered.headers["location"]
        clinician = client.get("/api/users").json()["users"]
        phil = next(u for u in clinician if u["username"] == "phil.pt")
        assert (
            client.post(team_page, data={"csrf_token": token, "user_id": str(phil["id"])}).status_code == 303
        )
        assert "Phil" in client.get(team_page).text


def test_account_form_error_names_the_field(app: FastAPI, people: People) -> None:
    with page_login(app, "ada.admin") as client:
        token = csrf_of(client.get("/admin").text)
        answer = client.post(
            "/admin/users",
            data={
                "csrf_token": token,
                "username": "x",
                "password": "short",
                "role": "admin",
                "display_name": "X",
            },
        )
        assert answer.status_code == 422
        assert "<code>username</code>" in answer.text


def test_audit_page_filters_by_user(app: FastAPI, people: People) -> None:
    with page_login(app, "dana.pain") as clinician:
        clinician.get(f"/patients/{people.alice}")
    with page_login(app, "ada.admin") as client:
        page = client.get("/admin/audit", params={"username": "dana.pain", "action": "read"}).text
        assert f"patient/{people.alice}/chart" in page
        assert "ada.admin" not in page.split("<tbody>")[1]


def test_admin_cannot_open_a_chart(app: FastAPI, people: People) -> None:
    with page_login(app, "ada.admin") as client:
        assert client.get(f"/patients/{people.alice}").status_code == 404

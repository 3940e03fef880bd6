"""Admin: accounts, and the audit log of reads, writes, refusals and logins."""

from __future__ import annotations

from fastapi.testclient import TestClient

from fbss.store import audit
from fbss.web.state import WebState
from tests.web.conftest import SECRET, People, api_login, client_for


def test_admin_creates_a_clinician_who_can_log_in(as_admin: TestClient, people: People, app: object) -> None:
    answer = as_admin.post(
        "/api/users",
        json={
            "username": "phil.pt",
            "password": "a long enough pw",
            "role": "clinician",
            "display_name": "Phil",
            "specialty": "physical_therapy",
        },
    )
    assert answer.status_code == 201, answer.text
    with client_for(app) as client:  # type: ignore[arg-type]
        api_login(client, "phil.pt", "a long enough pw")
        assert client.get("/api/me").json()["specialty"] == "physical_therapy"


def test_account_errors_name_the_field(as_admin: TestClient, people: People) -> None:
    answer = as_admin.post(
        "/api/users",
        json={"username": "doc", "password": "short", "role": "clinician", "display_name": "Doc"},
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["errors"][0]["field"] in {"password", "specialty"}


def test_deactivated_user_is_logged_out(as_admin: TestClient, as_dana: TestClient, people: People) -> None:
    user = next(u for u in as_admin.get("/api/users").json()["users"] if u["username"] == "dana.pain")
    assert (
        as_admin.patch(
            f"/api/users/{user['id']}", json={"version": user["version"], "active": False}
        ).status_code
        == 200
    )
    assert as_dana.get("/api/me").status_code == 401


def test_every_read_write_refusal_and_login_is_audited(
    as_dana: TestClient, as_sam: TestClient, as_admin: TestClient, people: People, state: WebState
) -> None:
    as_dana.get(f"/api/patients/{people.alice}/observations")
    as_dana.post(f"/api/patients/{people.alice}/notes", json={"text": "Seen."})
    as_sam.get(f"/api/patients/{people.alice}/observations")
    log = as_admin.get("/api/audit", params={"patient_id": people.alice}).json()["entries"]
    seen = [(e["username"], e["action"], e["outcome"]) for e in reversed(log)]
    assert seen == [
        ("dana.pain", "read", "ok"),
        ("dana.pain", "create", "ok"),
        ("sam.spine", "access", "not_found"),
    ]
    logins = as_admin.get("/api/audit", params={"action": "login"}).json()["entries"]
    assert {e["username"] for e in logins} >= {"dana.pain", "sam.spine", "ada.admin"}
    with state.database.transaction() as session:
        assert audit.verify(session, SECRET.encode()).ok


def test_audit_log_is_for_admins_only(as_dana: TestClient) -> None:
    assert as_dana.get("/api/audit").status_code == 403

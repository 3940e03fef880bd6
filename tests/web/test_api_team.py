"""Care-team work through the API: referrals, tasks (assignee, due date, done), notes; admin manages teams."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import People


def test_referral_to_a_surgeon_gives_the_surgeon_access(
    as_dana: TestClient, as_sam: TestClient, people: People
) -> None:
    assert as_sam.get(f"/api/patients/{people.alice}").status_code == 404
    answer = as_dana.post(
        f"/api/patients/{people.alice}/referrals",
        json={
            "to_specialty": "neurological_surgery",
            "reason": "Recurrent disc L4-L5?",
            "to_user_id": people.sam,
        },
    )
    assert answer.status_code == 201, answer.text
    assert as_sam.get(f"/api/patients/{people.alice}").status_code == 200
    referral = answer.json()
    accepted = as_sam.patch(
        f"/api/patients/{people.alice}/referrals/{referral['id']}", json={"version": 1, "status": "accepted"}
    )
    assert accepted.json()["status"] == "accepted"


def test_task_is_assigned_edited_and_completed(as_dana: TestClient, people: People) -> None:
    base = f"/api/patients/{people.alice}/tasks"
    task = as_dana.post(
        base, json={"title": "Order MRI", "assignee_id": people.dana, "due_on": "2026-11-09"}
    ).json()
    edited = as_dana.patch(f"{base}/{task['id']}", json={"version": 1, "due_on": "2026-11-05"}).json()
    assert (edited["due_on"], edited["version"], edited["title"]) == ("2026-11-05", 2, "Order MRI")
    done = as_dana.patch(f"{base}/{task['id']}", json={"version": 2, "done": True}).json()
    assert done["done"] is True
    assert done["done_by"] == people.dana
    assert as_dana.patch(f"{base}/{task['id']}", json={"version": 2, "done": False}).status_code == 409


def test_task_for_someone_off_the_team_names_the_field(as_dana: TestClient, people: People) -> None:
    answer = as_dana.post(
        f"/api/patients/{people.alice}/tasks", json={"title": "Review", "assignee_id": people.sam}
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["errors"] == [
        {"field": "assignee_id", "message": "assign the task to a member of the care team"}
    ]


def test_admin_manages_the_care_team_but_cannot_read_notes(as_admin: TestClient, people: People) -> None:
    base = f"/api/patients/{people.bob}/care-team"
    added = as_admin.post(base, json={"user_id": people.dana, "responsibility": "lead clinician"})
    assert added.status_code == 201
    members = as_admin.get(base).json()["members"]
    assert [m["clinician"]["id"] for m in members] == [people.dana]
    assert as_admin.get(f"/api/patients/{people.bob}/notes").status_code == 404
    assert as_admin.get(f"/api/patients/{people.bob}/observations").status_code == 404
    removed = as_admin.delete(f"{base}/{members[0]['id']}", params={"version": members[0]["version"]})
    assert removed.status_code == 200


def test_removed_clinician_loses_access_at_once(
    as_admin: TestClient, as_dana: TestClient, people: People
) -> None:
    members = as_admin.get(f"/api/patients/{people.alice}/care-team").json()["members"]
    as_admin.delete(f"/api/patients/{people.alice}/care-team/{members[0]['id']}", params={"version": 1})
    assert as_dana.get(f"/api/patients/{people.alice}").status_code == 404


def test_notes_are_edited_only_from_the_version_read(as_dana: TestClient, people: People) -> None:
    base = f"/api/patients/{people.alice}/notes"
    note = as_dana.post(base, json={"text": "Discussed pacing."}).json()
    assert (
        as_dana.patch(
            f"{base}/{note['id']}", json={"version": 1, "text": "Discussed pacing and sleep."}
        ).status_code
        == 200
    )
    assert as_dana.patch(f"{base}/{note['id']}", json={"version": 1, "text": "Overwrite"}).status_code == 409


def test_admin_sees_registration_but_no_clinical_summary(as_admin: TestClient, people: People) -> None:
    assert "summary" not in as_admin.get(f"/api/patients/{people.alice}").json()
    listed = as_admin.get("/api/patients").json()["patients"]
    assert all("summary" not in row and "open_alerts" not in row for row in listed)

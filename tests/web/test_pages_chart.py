"""The chart page: red flags on top, forms that save or explain why not, and text shown escaped."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import People, csrf_of, page_login


def _chart(client: TestClient, people: People) -> str:
    answer = client.get(f"/patients/{people.alice}")
    assert answer.status_code == 200, answer.text
    return answer.text


def _alice_reports_cauda_equina(app: FastAPI, people: People) -> None:
    with page_login(app, "alice") as patient:
        page = patient.get(f"/patients/{people.alice}/portal/intake").text
        data = {
            "csrf_token": csrf_of(page),
            "region_back": "true",
            "nrs_back": "7",
            "flag_saddle_anaesthesia": "yes",
            "cauda_equina_symptom_onset": "new",
        }
        assert patient.post(f"/patients/{people.alice}/portal/intake", data=data).status_code == 200


def test_open_red_flag_and_alert_come_before_the_assessment(app: FastAPI, people: People) -> None:
    _alice_reports_cauda_equina(app, people)
    with page_login(app, "dana.pain") as client:
        page = _chart(client, people)
    flag = page.index("Suspected cauda equina syndrome")
    assert flag < page.index('id="assessment"')
    assert "New from the patient&#39;s answers" in page or "New from the patient's answers" in page
    assert page.index('id="red-flags"') < page.index('id="assessment"') < page.index('id="timeline"')


def test_task_form_saves_and_returns_to_the_chart(app: FastAPI, people: People) -> None:
    with page_login(app, "dana.pain") as client:
        token = csrf_of(_chart(client, people))
        answer = client.post(
            f"/patients/{people.alice}/tasks",
            data={"csrf_token": token, "title": "Order MRI", "assignee_id": str(people.dana), "due_on": ""},
        )
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/patients/{people.alice}#tasks"
        assert "Order MRI" in _chart(client, people)


def test_htmx_post_answers_with_the_chart_to_swap_in(app: FastAPI, people: People) -> None:
    with page_login(app, "dana.pain") as client:
        token = csrf_of(_chart(client, people))
        answer = client.post(
            f"/patients/{people.alice}/notes",
            data={"csrf_token": token, "text": "Seen."},
            headers={"HX-Request": "true"},
        )
        assert answer.status_code == 200
        assert 'id="notes"' in answer.text


def test_form_error_names_the_field_and_goes_to_the_form_box(app: FastAPI, people: People) -> None:
    with page_login(app, "dana.pain") as client:
        token = csrf_of(_chart(client, people))
        answer = client.post(
            f"/patients/{people.alice}/tasks",
            data={"csrf_token": token, "title": "x", "due_on": "not a date"},
            headers={"HX-Request": "true", "HX-Trigger": "task-form"},
        )
        assert answer.status_code == 422
        assert answer.headers["HX-Retarget"] == "#task-form-errors"
        assert "<code>due_on</code>" in answer.text


def test_stale_edit_gets_the_conflict_message(app: FastAPI, people: People) -> None:
    with page_login(app, "dana.pain") as client:
        token = csrf_of(_chart(client, people))
        client.post(f"/patients/{people.alice}/tasks", data={"csrf_token": token, "title": "Call patient"})
        task_id = client.get(f"/api/patients/{people.alice}/tasks").json()["tasks"][0]["id"]
        edit = {"csrf_token": token, "title": "Call patient today", "version": "1"}
        assert client.post(f"/patients/{people.alice}/tasks/{task_id}", data=edit).status_code == 303
        stale = client.post(
            f"/patients/{people.alice}/tasks/{task_id}", data={**edit, "title": "Call tomorrow"}
        )
        assert stale.status_code == 409
        assert "Someone else changed this record after you opened it" in stale.text


def test_markup_typed_into_a_note_is_shown_as_text(app: FastAPI, people: People) -> None:
    with page_login(app, "dana.pain") as client:
        token = csrf_of(_chart(client, people))
        client.post(
            f"/patients/{people.alice}/notes",
            data={"csrf_token": token, "text": "<script>alert('x')</script>"},
        )
        page = _chart(client, people)
        assert "<script>alert(" not in page
        assert "&lt;script&gt;alert(" in page


def test_clinician_off_the_team_gets_404_for_the_chart(app: FastAPI, people: People) -> None:
    with page_login(app, "sam.spine") as client:
        answer = client.get(f"/patients/{people.alice}")
        assert answer.status_code == 404
        assert "No such patient record." in answer.text


def test_patient_list_filters_by_open_red_flag(app: FastAPI, people: People) -> None:
    _alice_reports_cauda_equina(app, people)
    with page_login(app, "dana.pain") as client:
        page = client.get("/patients", params={"red_flag": "true"}).text
        assert "Alice Example" in page
        assert "cauda equina" in page
        assert "Alice Example" not in client.get("/patients", params={"q": "zzz"}).text


def test_exam_form_records_not_examined_as_unknown(app: FastAPI, people: People) -> None:
    with page_login(app, "dana.pain") as client:
        token = csrf_of(_chart(client, people))
        data = {
            "csrf_token": token,
            "date": "2026-11-01",
            "slr_left": "positive",
            "motor_examined": "true",
            "wound": "healed",
        }
        assert client.post(f"/patients/{people.alice}/exam", data=data).status_code == 303
        (exam,) = client.get(f"/api/patients/{people.alice}/observations", params={"kind": "exam"}).json()[
            "observations"
        ]
        payload = exam["payload"]
        assert payload["straight_leg_raise"] == [
            {"side": "left", "positive": True, "angle_degrees": None, "crossed": None}
        ]
        assert payload["motor"] == []  # examined, nothing found
        assert payload["sensory"] is None  # not examined

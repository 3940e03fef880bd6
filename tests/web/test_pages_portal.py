"""The patient portal: urgent answers show what to do at once; a patient sees only their own record."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from fbss.clinical.case import RedFlagScreen
from fbss.web.pages.portal import NOT_YES_NO_QUESTIONS, RED_FLAG_QUESTIONS
from tests.web.conftest import People, csrf_of, page_login


def _token(client: TestClient, people: People) -> str:
    return csrf_of(client.get(f"/patients/{people.alice}/portal").text)


def test_cauda_equina_answer_shows_emergency_guidance(app: FastAPI, people: People) -> None:
    with page_login(app, "alice") as client:
        data = {
            "csrf_token": _token(client, people),
            "region_back": "true",
            "nrs_back": "6",
            "flag_bladder_dysfunction": "yes",
            "cauda_equina_symptom_onset": "new",
        }
        page = client.post(f"/patients/{people.alice}/portal/intake", data=data).text
    assert "Get emergency help now" in page
    assert "Call <strong>911</strong>" in page
    assert "Suspected cauda equina syndrome" in page


def test_phq9_item_9_shows_crisis_resources(app: FastAPI, people: People) -> None:
    with page_login(app, "alice") as client:
        form = client.get(f"/patients/{people.alice}/portal/questionnaires/phq9").text
        assert "Thoughts that you would be better off dead" in form
        data = {"csrf_token": csrf_of(form)} | {f"item_{i}": "0" for i in range(1, 10)} | {"item_9": "2"}
        page = client.post(f"/patients/{people.alice}/portal/questionnaires/phq9", data=data).text
    assert "Please reach out for support now" in page
    assert "988" in page


def test_calm_answers_return_to_the_portal_with_thanks(app: FastAPI, people: People) -> None:
    with page_login(app, "alice") as client:
        data = {
            "csrf_token": _token(client, people),
            "region_leg_left": "true",
            "nrs_leg_left": "5",
            "descriptors_leg": ["burning", "tingling"],
        }
        answer = client.post(f"/patients/{people.alice}/portal/intake", data=data)
        assert answer.status_code == 303
        assert "Thank you" in client.get(answer.headers["location"]).text
        (pain,) = client.get(f"/api/patients/{people.alice}/observations", params={"kind": "pain"}).json()[
            "observations"
        ]
        assert pain["payload"]["descriptors"] == ["burning", "tingling"]
        assert pain["payload"]["side"] == "left"


def test_out_of_range_answer_names_the_field_and_saves_nothing(app: FastAPI, people: People) -> None:
    with page_login(app, "alice") as client:
        data = {"csrf_token": _token(client, people), "region_back": "true", "nrs_back": "11"}
        answer = client.post(f"/patients/{people.alice}/portal/intake", data=data)
        assert answer.status_code == 422
        assert "nrs_average" in answer.text
        assert client.get(f"/api/patients/{people.alice}/observations").json()["observations"] == []


def test_patient_records_treatments_and_goals_and_marks_a_goal_achieved(app: FastAPI, people: People) -> None:
    with page_login(app, "alice") as client:
        token = _token(client, people)
        client.post(
            f"/patients/{people.alice}/portal/treatments",
            data={"csrf_token": token, "kind": "physical_therapy", "response": "partial"},
        )
        client.post(
            f"/patients/{people.alice}/portal/goals",
            data={"csrf_token": token, "goal": "Walk to the shop", "barriers": "Leg pain after 10 minutes"},
        )
        (goal,) = client.get(f"/api/patients/{people.alice}/observations", params={"kind": "goal"}).json()[
            "observations"
        ]
        update = client.post(
            f"/patients/{people.alice}/portal/goals/{goal['id']}",
            data={"csrf_token": token, "version": "1", "achieved": "yes"},
        )
        assert update.status_code == 303
        page = client.get(f"/patients/{people.alice}/portal").text
    assert "Walk to the shop" in page
    assert "achieved" in page
    assert "physical therapy" in page


def test_patient_typing_another_patients_address_gets_404(app: FastAPI, people: People) -> None:
    with page_login(app, "alice") as client:
        for path in (
            f"/patients/{people.bob}/portal",
            f"/patients/{people.bob}",
            f"/api/patients/{people.bob}/observations",
        ):
            assert client.get(path).status_code == 404, path


def test_every_red_flag_question_of_the_core_is_asked_or_left_to_the_care_team() -> None:
    asked = {name for name, _ in RED_FLAG_QUESTIONS}
    assert asked | NOT_YES_NO_QUESTIONS == set(RedFlagScreen.model_fields)
    assert not asked & NOT_YES_NO_QUESTIONS

"""The chart page: red flags on top, then the summary, the assessment with not-met findings folded away; forms
that save or explain why not; text shown escaped."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from fbss.caseio import read_case_file
from fbss.clinical.case import Case
from fbss.store.demo import shift_dates, store_case
from fbss.web.state import FixedClock, WebState
from tests.web.conftest import People, csrf_of, page_login

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


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


# --- the assessment on the chart: summary first, not-met findings folded, honest codes ------------------------


class _Cards(HTMLParser):
    """Every finding card with its status, whether it sits in a folded group, and whether it shows codes."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []  # the class of each open <details>
        self.cards: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "details":
            if "finding" in classes.split():
                status = next(c for c in classes.split() if c.startswith("status-"))[len("status-") :]
                folded = any("folded" in outer.split() for outer in self.open)
                self.cards.append({"status": status, "folded": folded, "codes": False})
            self.open.append(classes)
        elif tag == "p" and classes == "codes" and self.cards:
            self.cards[-1]["codes"] = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self.open.pop()


def _alice_has_the_example_record(state: WebState, people: People, clock: FixedClock, name: str) -> None:
    case = read_case_file(EXAMPLES / f"{name}.yaml")
    moved = shift_dates(case.model_dump(mode="json"), (clock.today() - case.assessment_date).days)
    with state.database.transaction() as session:
        store_case(session, people.alice, Case.model_validate(moved), people.dana)


def _cards(page: str) -> list[dict[str, Any]]:
    parser = _Cards()
    parser.feed(page)
    return parser.cards


def test_the_summary_sits_between_the_red_flags_and_the_assessment(
    app: FastAPI, state: WebState, people: People, clock: FixedClock
) -> None:
    _alice_has_the_example_record(state, people, clock, "plan-red-flag-hold")
    with page_login(app, "dana.pain") as client:
        page = _chart(client, people)
    assert page.index('id="red-flags"') < page.index('id="summary"') < page.index('id="assessment"')
    summary = page[page.index('id="summary"') : page.index('id="assessment"')]
    for label in ("FBSS criteria", "Phenotype", "Scores", "Work-up needed", "Plan", "Safety", "SCS"):
        assert f"<dt>{label}</dt>" in summary
    assert '<span class="step">1.</span>' in summary
    assert "on hold until settled: Suspected cauda equina syndrome" in summary
    assert "Suspected cauda equina syndrome" in page[: page.index('id="summary"')]  # the open flag, first


def test_not_met_findings_are_folded_away_and_met_ones_are_not(
    app: FastAPI, state: WebState, people: People, clock: FixedClock
) -> None:
    _alice_has_the_example_record(state, people, clock, "plan-apixaban-clopidogrel-scs-trial")
    with page_login(app, "dana.pain") as client:
        page = _chart(client, people)
    cards = _cards(page[page.index('id="assessment"') :])
    assert {card["status"] for card in cards} >= {"met", "not_met", "unknown"}
    for card in cards:
        assert card["folded"] == (card["status"] in ("not_met", "not_applicable")), card
    assert 'class="folded"' in page
    assert "not met or not applicable</summary>" in page


def test_codes_show_only_under_met_findings(
    app: FastAPI, state: WebState, people: People, clock: FixedClock
) -> None:
    _alice_has_the_example_record(state, people, clock, "plan-apixaban-clopidogrel-scs-trial")
    with page_login(app, "dana.pain") as client:
        page = _chart(client, people)
    cards = _cards(page)
    assert any(card["codes"] for card in cards)  # criteria.fbss is met: M96.1 and its SNOMED codes show
    assert "M96.1" in page
    assert not [card for card in cards if card["codes"] and card["status"] != "met"]
    assert "G83.4" not in page  # cauda equina's code, under a red flag that is not met


def test_booleans_read_yes_or_no_on_the_chart(
    app: FastAPI, state: WebState, people: People, clock: FixedClock
) -> None:
    _alice_has_the_example_record(state, people, clock, "plan-apixaban-clopidogrel-scs-trial")
    with page_login(app, "dana.pain") as client:
        page = _chart(client, people)
    assert "<code>red_flags.fever</code> = no" in page
    assert "= True" not in page
    assert "= False" not in page

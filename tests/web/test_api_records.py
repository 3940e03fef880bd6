"""The record through the API: validation naming fields, nothing saved on error, 409 on stale edits."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import People

BLNS_SAMPLE = [
    "<script>alert(1)</script>",
    "'; DROP TABLE observations; --",
    "𝕿𝖍𝖊 𝖖𝖚𝖎𝖈𝖐",
    "\u202etxt.exe",
    "../../etc/passwd",
]


def test_clinician_adds_and_reads_an_observation(as_dana: TestClient, people: People) -> None:
    answer = as_dana.post(
        f"/api/patients/{people.alice}/observations",
        json={"kind": "pain", "payload": {"region": "leg", "side": "left", "nrs_average": 7}},
    )
    assert answer.status_code == 201, answer.text
    created = answer.json()
    assert created["version"] == 1
    listed = as_dana.get(f"/api/patients/{people.alice}/observations", params={"kind": "pain"}).json()
    assert [row["id"] for row in listed["observations"]] == [created["id"]]


def test_bad_payload_names_each_field_and_saves_nothing(as_dana: TestClient, people: People) -> None:
    answer = as_dana.post(
        f"/api/patients/{people.alice}/observations",
        json={"kind": "pain", "payload": {"region": "legg", "nrs_now": "eleven"}},
    )
    assert answer.status_code == 422
    fields = {error["field"] for error in answer.json()["error"]["errors"]}
    assert fields == {"payload.region", "payload.nrs_now"}
    assert as_dana.get(f"/api/patients/{people.alice}/observations").json()["observations"] == []


def test_wrong_types_and_unknown_fields_are_refused_by_name(as_dana: TestClient, people: People) -> None:
    answer = as_dana.post(
        f"/api/patients/{people.alice}/tasks", json={"title": ["x"], "due_on": "soon", "extra": 1}
    )
    assert answer.status_code == 422
    assert {error["field"] for error in answer.json()["error"]["errors"]} == {"title", "due_on", "extra"}


def test_overlong_text_is_refused_with_a_clear_message(as_dana: TestClient, people: People) -> None:
    answer = as_dana.post(f"/api/patients/{people.alice}/notes", json={"text": "x" * 10_001})
    assert answer.status_code == 422
    assert answer.json()["error"]["errors"][0]["field"] == "text"


def test_hostile_text_is_stored_exactly_as_typed(as_dana: TestClient, people: People) -> None:
    for text in BLNS_SAMPLE:
        assert as_dana.post(f"/api/patients/{people.alice}/notes", json={"text": text}).status_code == 201
    stored = {note["text"] for note in as_dana.get(f"/api/patients/{people.alice}/notes").json()["notes"]}
    assert stored == set(BLNS_SAMPLE)


def test_stale_edit_gets_409_and_the_newer_edit_stays(as_dana: TestClient, people: People) -> None:
    base = f"/api/patients/{people.alice}/observations"
    created = as_dana.post(
        base, json={"kind": "test", "payload": {"kind": "mri", "status": "ordered"}}
    ).json()
    first = as_dana.put(
        f"{base}/{created['id']}",
        json={"version": 1, "payload": {"kind": "mri", "status": "resulted", "findings": []}},
    )
    assert first.status_code == 200
    stale = as_dana.put(
        f"{base}/{created['id']}", json={"version": 1, "payload": {"kind": "mri", "status": "cancelled"}}
    )
    assert stale.status_code == 409
    assert "changed this record" in stale.json()["error"]["message"]
    assert as_dana.get(f"{base}/{created['id']}").json()["payload"]["status"] == "resulted"


def test_case_and_assessment_come_from_the_record(as_dana: TestClient, people: People) -> None:
    as_dana.post(
        f"/api/patients/{people.alice}/observations",
        json={"kind": "pain", "payload": {"region": "back", "nrs_average": 6}},
    )
    case = as_dana.get(f"/api/patients/{people.alice}/case").json()
    assert case["pain"][0]["nrs_average"] == 6
    assessment = as_dana.get(f"/api/patients/{people.alice}/assessment").json()
    assert assessment["case_id"] == "A-1"
    assert assessment["snapshot_id"] is not None
    assert {finding["code"] for finding in assessment["findings"]} >= {"redflag.cauda_equina"}
    snapshots = as_dana.get(f"/api/patients/{people.alice}/snapshots").json()["snapshots"]
    assert [s["id"] for s in snapshots] == [assessment["snapshot_id"]]


def test_patient_records_only_their_own_kinds(as_alice: TestClient, people: People) -> None:
    base = f"/api/patients/{people.alice}/observations"
    assert (
        as_alice.post(base, json={"kind": "goal", "payload": {"goal": "Walk to the shop"}}).status_code == 201
    )
    assert as_alice.post(base, json={"kind": "exam", "payload": {"wound": "healed"}}).status_code == 403


def test_patient_cauda_equina_answer_alerts_the_care_team(
    as_alice: TestClient, as_dana: TestClient, people: People
) -> None:
    answer = as_alice.post(
        f"/api/patients/{people.alice}/answers",
        json={
            "answers": [
                {"kind": "pain", "payload": {"region": "back", "nrs_average": 7}},
                {
                    "kind": "red_flags",
                    "payload": {"saddle_anaesthesia": True, "cauda_equina_symptom_onset": "new"},
                },
            ]
        },
    )
    assert answer.status_code == 201, answer.text
    assert [flag["code"] for flag in answer.json()["red_flags"]] == ["redflag.cauda_equina"]
    alerts = as_dana.get(f"/api/patients/{people.alice}/alerts").json()["alerts"]
    assert [(a["code"], a["severity"]) for a in alerts] == [("redflag.cauda_equina", "emergency")]
    ack = as_dana.post(
        f"/api/patients/{people.alice}/alerts/{alerts[0]['id']}/acknowledge", json={"version": 1}
    )
    assert ack.status_code == 200
    assert as_dana.get(f"/api/patients/{people.alice}/alerts").json()["alerts"] == []


def test_phq9_item_9_answer_alerts_the_care_team(
    as_alice: TestClient, as_dana: TestClient, people: People
) -> None:
    answers = {str(item): 0 for item in range(1, 10)} | {"9": 1}
    answer = as_alice.post(
        f"/api/patients/{people.alice}/observations",
        json={"kind": "instrument", "payload": {"instrument": "phq9", "answers": answers}},
    )
    assert answer.status_code == 201, answer.text
    assert [flag["code"] for flag in answer.json()["red_flags"]] == ["redflag.suicide_risk"]
    assert [a["code"] for a in as_dana.get(f"/api/patients/{people.alice}/alerts").json()["alerts"]] == [
        "redflag.suicide_risk"
    ]


def test_answers_are_saved_all_or_none(as_alice: TestClient, people: People) -> None:
    answer = as_alice.post(
        f"/api/patients/{people.alice}/answers",
        json={
            "answers": [
                {"kind": "pain", "payload": {"region": "back", "nrs_average": 5}},
                {"kind": "pain", "payload": {"region": "knee"}},
            ]
        },
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["errors"][0]["field"] == "answers[1].payload.region"
    assert as_alice.get(f"/api/patients/{people.alice}/observations").json()["observations"] == []

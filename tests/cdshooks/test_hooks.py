"""Discovery, patient-view, order-sign and order-select over HTTP, against the CDS Hooks 2.0.1 rules."""

from __future__ import annotations

import re
from typing import Any

import httpx

from fbss.cdshooks.models import CardsResponse
from tests.cdshooks.conftest import FHIR_TOKEN, hook_request, prefetch_of

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _assert_cards_follow_the_spec(body: dict[str, Any]) -> None:
    CardsResponse.model_validate(body)
    for card in body["cards"]:
        assert UUID.match(card["uuid"])
        assert len(card["summary"]) < 140
        assert card["indicator"] in ("info", "warning", "critical")
        assert card["source"]["label"]
        assert card["source"]["url"].startswith("http")
        assert all(reason["display"] for reason in card["overrideReasons"])
        if card.get("suggestions"):
            assert card["selectionBehavior"] in ("at-most-one", "any")
            assert all(UUID.match(s["uuid"]) for s in card["suggestions"])


def test_discovery_lists_each_service_with_hook_title_description_id_and_prefetch(server):
    services = httpx.get(server.url("")).json()["services"]
    assert {s["hook"] for s in services} == {"patient-view", "order-sign", "order-select"}
    for service in services:
        assert service["id"]
        assert service["title"]
        assert service["description"]
        assert service["prefetch"]["patient"] == "Patient/{{context.patientId}}"


def test_patient_view_puts_the_open_red_flag_first_as_a_critical_card(server, rich_record):
    patient_id, resources = rich_record
    response = server.post(
        "/fbss-patient-view", hook_request("patient-view", patient_id, prefetch_of(resources, patient_id))
    )
    assert response.status_code == 200
    body = response.json()
    _assert_cards_follow_the_spec(body)
    first = body["cards"][0]
    assert first["indicator"] == "critical"
    assert "Suicide" in first["summary"]
    assert first["links"][0]["url"] == f"{server.base}/patients/{patient_id}"
    assert any(card["summary"].startswith("Work-up still needed") for card in body["cards"])


def test_missing_prefetch_is_fetched_from_the_fhir_server_with_the_given_token(server, rich_record):
    patient_id, resources = rich_record
    server.ehr.record[:] = resources
    server.ehr.tokens_seen.clear()
    authorization = {
        "access_token": FHIR_TOKEN,
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "patient/*.read",
        "subject": "fbss",
    }
    body = hook_request(
        "patient-view", patient_id, None, fhirServer=f"{server.base}/fhir", fhirAuthorization=authorization
    )
    response = server.post("/fbss-patient-view", body)
    assert response.status_code == 200
    assert response.json()["cards"][0]["indicator"] == "critical"
    assert server.ehr.tokens_seen
    assert set(server.ehr.tokens_seen) == {f"Bearer {FHIR_TOKEN}"}


def test_missing_prefetch_without_a_fhir_server_answers_412(server, rich_record):
    patient_id, resources = rich_record
    prefetch = prefetch_of(resources, patient_id)
    del prefetch["observations"]
    assert (
        server.post("/fbss-patient-view", hook_request("patient-view", patient_id, prefetch)).status_code
        == 412
    )


def test_a_fhir_server_not_allowed_for_the_issuer_answers_412(server, rich_record):
    patient_id, _ = rich_record
    body = hook_request("patient-view", patient_id, None, fhirServer="https://elsewhere.example.org/fhir")
    assert server.post("/fbss-patient-view", body).status_code == 412


def test_an_operation_outcome_in_prefetch_is_taken_as_unavailable_not_fetched(server, rich_record):
    patient_id, resources = rich_record
    prefetch = prefetch_of(resources, patient_id)
    prefetch["procedures"] = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "timeout"}],
    }
    response = server.post("/fbss-patient-view", hook_request("patient-view", patient_id, prefetch))
    assert response.status_code == 200
    _assert_cards_follow_the_spec(response.json())


def test_a_request_for_another_hook_is_a_bad_request(server, rich_record):
    patient_id, resources = rich_record
    body = hook_request("order-sign", patient_id, prefetch_of(resources, patient_id))
    response = server.post("/fbss-patient-view", body)
    assert response.status_code == 400


def test_an_unknown_service_is_404(server):
    assert server.post("/no-such-service", {"hook": "patient-view"}).status_code == 404


def _draft_bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}


def _pregabalin_draft(patient_id: str) -> dict[str, Any]:
    return {
        "resourceType": "MedicationRequest",
        "id": "draft-1",
        "status": "draft",
        "intent": "order",
        "subject": {"reference": f"Patient/{patient_id}"},
        "medicationCodeableConcept": {
            "coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "483440"}]
        },
        "dosageInstruction": [
            {
                "timing": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}},
                "doseAndRate": [{"doseQuantity": {"value": 2}}],
            }
        ],
    }


def test_order_sign_answers_cards_that_follow_the_spec(server, rich_record):
    patient_id, resources = rich_record
    context = {"draftOrders": _draft_bundle(_pregabalin_draft(patient_id))}
    body = hook_request("order-sign", patient_id, prefetch_of(resources, patient_id), context=context)
    response = server.post("/fbss-order-sign", body)
    assert response.status_code == 200
    _assert_cards_follow_the_spec(response.json())
    assert all(
        card["indicator"] != "critical" or "Suicide" not in card["summary"]
        for card in response.json()["cards"]
    )


def test_order_select_answers_cards_that_follow_the_spec(server, rich_record):
    patient_id, resources = rich_record
    context = {
        "draftOrders": _draft_bundle(_pregabalin_draft(patient_id)),
        "selections": ["MedicationRequest/draft-1"],
    }
    body = hook_request("order-select", patient_id, prefetch_of(resources, patient_id), context=context)
    response = server.post("/fbss-order-select", body)
    assert response.status_code == 200
    _assert_cards_follow_the_spec(response.json())


def test_order_sign_suggests_the_renal_dose_for_a_pregabalin_draft_above_the_band(server):
    import datetime as dt

    from fbss.clinical.case import Case
    from fbss.fhir.export import case_resources
    from tests.fhir.conftest import RICH_CASE

    today = dt.date.today().isoformat()
    facts = {
        **RICH_CASE,
        "assessment_date": today,
        "case_id": "renal-1",
        "medications": [],
        "instruments": [],
    }
    facts["labs"] = [{"test": "crcl", "value": 40, "date": today}]
    resources = case_resources(Case.model_validate(facts))
    draft = _pregabalin_draft("renal-1")  # 150 mg x 2 units x twice a day = 600 mg/day
    context = {"draftOrders": _draft_bundle(draft)}
    response = server.post(
        "/fbss-order-sign",
        hook_request("order-sign", "renal-1", prefetch_of(resources, "renal-1"), context=context),
    )
    assert response.status_code == 200
    body = response.json()
    _assert_cards_follow_the_spec(body)
    dose_cards = [card for card in body["cards"] if card.get("suggestions")]
    assert dose_cards, [card["summary"] for card in body["cards"]]
    [action] = dose_cards[0]["suggestions"][0]["actions"]
    assert action["type"] == "update"
    assert action["resource"]["id"] == "draft-1"
    per_dose = action["resource"]["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]
    assert per_dose["unit"] == "mg"
    assert per_dose["value"] * 2 < 600

"""The feedback endpoint stores accepted and overridden outcomes once, however often they are sent."""

from __future__ import annotations

import uuid

import httpx


def _entry(outcome: str = "overridden") -> dict:
    entry = {"card": str(uuid.uuid4()), "outcome": outcome, "outcomeTimestamp": "2026-11-02T10:00:00Z"}
    if outcome == "overridden":
        entry["overrideReason"] = {
            "reason": {
                "system": "https://fbss.example.org/fhir/CodeSystem/cds-override-reason",
                "code": "patient-declined",
            },
            "userComment": "discussed today",
        }
    else:
        entry["acceptedSuggestions"] = [{"id": str(uuid.uuid4())}]
    return entry


def test_feedback_is_stored_once_when_sent_twice(server):
    body = {"feedback": [_entry("accepted"), _entry("overridden")]}
    first = server.post("/fbss-patient-view/feedback", body)
    again = server.post("/fbss-patient-view/feedback", body)
    assert first.json() == {"stored": 2, "duplicates": 0}
    assert again.json() == {"stored": 0, "duplicates": 2}
    stored = server.stores.feedback.outcomes("fbss-patient-view")
    assert body["feedback"][1] in stored


def test_an_accepted_card_with_an_override_reason_is_a_bad_request(server):
    entry = _entry("accepted") | {"overrideReason": {"userComment": "no"}}
    assert server.post("/fbss-order-sign/feedback", {"feedback": [entry]}).status_code == 400


def test_feedback_needs_the_ehr_token_for_the_feedback_url(server):
    body = {"feedback": [_entry()]}
    token = server.token("/fbss-patient-view")  # minted for the service, not its feedback URL
    assert server.post("/fbss-patient-view/feedback", body, token=token).status_code == 401
    assert httpx.post(server.url("/fbss-patient-view/feedback"), json=body).status_code == 401


def test_feedback_for_an_unknown_service_is_404(server):
    assert server.post("/nothing/feedback", {"feedback": [_entry()]}).status_code == 404

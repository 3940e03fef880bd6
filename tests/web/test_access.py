"""The access matrix: every route of the app, called by every kind of user, is allowed or refused as declared.

The expected table below is written by hand; a route missing from it fails the test, so a new route cannot
ship without someone deciding who may call it. Refusals: 401/403, a redirect to log in first, or a 404
that says "No such patient record." (a forbidden record answers like a missing one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from httpx import Response

from fbss.web.access import rule_of
from tests.web.conftest import People, api_login, client_for

P, C, A, PUBLIC = "patient", "clinician", "admin", "public"
EXPECTED: dict[tuple[str, str], set[str]] = {
    ("GET", "/api/health"): {PUBLIC},
    ("POST", "/api/session"): {PUBLIC},
    ("DELETE", "/api/session"): {P, C, A},
    ("GET", "/api/me"): {P, C, A},
    ("GET", "/api/patients"): {P, C, A},
    ("POST", "/api/patients"): {A},
    ("GET", "/api/patients/{patient_id}"): {P, C, A},
    ("GET", "/api/patients/{patient_id}/case"): {P, C},
    ("GET", "/api/patients/{patient_id}/assessment"): {P, C},
    ("GET", "/api/patients/{patient_id}/snapshots"): {C},
    ("GET", "/api/patients/{patient_id}/observations"): {P, C},
    ("POST", "/api/patients/{patient_id}/observations"): {P, C},
    ("POST", "/api/patients/{patient_id}/answers"): {P},
    ("GET", "/api/patients/{patient_id}/observations/{observation_id}"): {P, C},
    ("PUT", "/api/patients/{patient_id}/observations/{observation_id}"): {P, C},
    ("DELETE", "/api/patients/{patient_id}/observations/{observation_id}"): {C},
    ("GET", "/api/patients/{patient_id}/care-team"): {P, C, A},
    ("POST", "/api/patients/{patient_id}/care-team"): {A},
    ("DELETE", "/api/patients/{patient_id}/care-team/{member_id}"): {A},
    ("GET", "/api/patients/{patient_id}/referrals"): {P, C},
    ("POST", "/api/patients/{patient_id}/referrals"): {C},
    ("PATCH", "/api/patients/{patient_id}/referrals/{referral_id}"): {C},
    ("GET", "/api/patients/{patient_id}/tasks"): {C},
    ("POST", "/api/patients/{patient_id}/tasks"): {C},
    ("PATCH", "/api/patients/{patient_id}/tasks/{task_id}"): {C},
    ("GET", "/api/patients/{patient_id}/notes"): {C},
    ("POST", "/api/patients/{patient_id}/notes"): {C},
    ("PATCH", "/api/patients/{patient_id}/notes/{note_id}"): {C},
    ("GET", "/api/patients/{patient_id}/alerts"): {C},
    ("POST", "/api/patients/{patient_id}/alerts/{alert_id}/acknowledge"): {C},
    ("GET", "/api/users"): {A},
    ("POST", "/api/users"): {A},
    ("PATCH", "/api/users/{user_id}"): {A},
    ("GET", "/api/audit"): {A},
    ("GET", "/"): {PUBLIC},
    ("GET", "/login"): {PUBLIC},
    ("POST", "/login"): {PUBLIC},
    ("POST", "/logout"): {P, C, A},
    ("GET", "/patients"): {C},
    ("GET", "/patients/{patient_id}"): {C},
    ("POST", "/patients/{patient_id}/alerts/{alert_id}/acknowledge"): {C},
    ("POST", "/patients/{patient_id}/exam"): {C},
    ("POST", "/patients/{patient_id}/tests"): {C},
    ("POST", "/patients/{patient_id}/tests/{observation_id}"): {C},
    ("POST", "/patients/{patient_id}/medications"): {C},
    ("POST", "/patients/{patient_id}/medications/{observation_id}/stop"): {C},
    ("POST", "/patients/{patient_id}/referrals"): {C},
    ("POST", "/patients/{patient_id}/referrals/{referral_id}"): {C},
    ("POST", "/patients/{patient_id}/tasks"): {C},
    ("POST", "/patients/{patient_id}/tasks/{task_id}"): {C},
    ("POST", "/patients/{patient_id}/tasks/{task_id}/done"): {C},
    ("POST", "/patients/{patient_id}/notes"): {C},
    ("POST", "/patients/{patient_id}/scs/trial"): {C},
    ("GET", "/patients/{patient_id}/portal"): {P},
    ("GET", "/patients/{patient_id}/portal/intake"): {P},
    ("POST", "/patients/{patient_id}/portal/intake"): {P},
    ("GET", "/patients/{patient_id}/portal/questionnaires/{instrument_id}"): {P},
    ("POST", "/patients/{patient_id}/portal/questionnaires/{instrument_id}"): {P},
    ("POST", "/patients/{patient_id}/portal/treatments"): {P},
    ("POST", "/patients/{patient_id}/portal/goals"): {P},
    ("POST", "/patients/{patient_id}/portal/goals/{observation_id}"): {P},
    ("GET", "/patients/{patient_id}/portal/scs-diary"): {P},
    ("POST", "/patients/{patient_id}/portal/scs-diary"): {P},
    ("POST", "/patients/{patient_id}/portal/scs-diary/{observation_id}"): {P},
    ("GET", "/admin"): {A},
    ("POST", "/admin/users"): {A},
    ("POST", "/admin/users/{user_id}/active"): {A},
    ("GET", "/admin/patients"): {A},
    ("POST", "/admin/patients"): {A},
    ("GET", "/admin/patients/{patient_id}/care-team"): {A},
    ("POST", "/admin/patients/{patient_id}/care-team"): {A},
    ("POST", "/admin/patients/{patient_id}/care-team/{member_id}/remove"): {A},
    ("GET", "/admin/audit"): {A},
    # FHIR API (tests/fhir/test_rest_*.py): clinical content for patients and clinicians, import for clinicians
    # and admins, the CapabilityStatement for anyone.
    ("GET", "/fhir/metadata"): {PUBLIC},
    ("GET", "/fhir/$export"): {P, C},
    ("GET", "/fhir/Patient/$export"): {P, C},
    ("GET", "/fhir/bulk/{job_id}"): {P, C},
    ("DELETE", "/fhir/bulk/{job_id}"): {P, C},
    ("GET", "/fhir/bulk/{job_id}/{file}"): {P, C},
    ("POST", "/fhir/$ingest"): {C, A},
    ("GET", "/fhir/Patient"): {P, C},
    ("GET", "/fhir/Patient/{patient_id}"): {P, C},
    ("GET", "/fhir/Patient/{patient_id}/$everything"): {P, C},
    ("GET", "/fhir/{resource_type}"): {P, C},
    ("GET", "/fhir/{resource_type}/{resource_id}"): {P, C},
    # CDS Hooks: discovery is open; hooks and feedback take an EHR's signed JWT, never a session, so every
    # persona here is refused (tests/cdshooks/test_web.py calls them with JWTs).
    ("GET", "/cds-services"): {PUBLIC},
    ("POST", "/cds-services/{service_id}"): set(),
    ("POST", "/cds-services/{service_id}/feedback"): set(),
}
ENDS_SESSION = {("DELETE", "/api/session"), ("POST", "/logout")}
# persona -> (role, whether the patient in the path is one they may see)
PERSONAS = {
    "anonymous": (PUBLIC, False),
    "alice (the patient)": (P, True),
    "bob (another patient)": (P, False),
    "dana (on the care team)": (C, True),
    "sam (not on the care team)": (C, False),
    "admin": (A, True),
}
LOGINS = {"alice (the patient)": "alice", "bob (another patient)": "bob", "dana (on the care team)": "dana.pain",
          "sam (not on the care team)": "sam.spine", "admin": "ada.admin"}  # fmt: skip


def routes(app: FastAPI) -> Iterator[tuple[str, str]]:
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            for method in context.original_route.methods:
                yield method, str(context.path)


def test_every_route_declares_its_access_rule(app: FastAPI) -> None:
    undeclared = [
        str(context.path)
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute) and rule_of(context.original_route.endpoint) is None
    ]
    assert undeclared == []


def test_the_expected_table_lists_exactly_the_app_routes(app: FastAPI) -> None:
    assert set(routes(app)) == set(EXPECTED)


def _allowed(persona: str, method: str, path: str) -> bool:
    role, may_see = PERSONAS[persona]
    declared = EXPECTED[(method, path)]
    if PUBLIC in declared:
        return True
    if role not in declared:
        return False
    return may_see or "{patient_id}" not in path


def _url(path: str, people: People) -> str:
    url = path.replace("{patient_id}", str(people.alice)).replace("{instrument_id}", "phq9")
    return re.sub(r"\{[a-z_]+\}", "999999", url)


def _refused(response: Response) -> bool:
    if response.status_code in (401, 403):
        return True
    if response.status_code == 303 and response.headers.get("location", "").startswith("/login?next="):
        return True
    return response.status_code == 404 and "No such patient record." in response.text


def _call(client: TestClient, method: str, path: str, people: People) -> Response:
    url = _url(path, people)
    if method == "DELETE":
        return client.request(method, url, params={"version": 1})
    if method in ("POST", "PUT", "PATCH"):
        if path.startswith("/api/"):
            return client.request(method, url, json={})
        return client.request(method, url, data={})
    return client.request(method, url)


def _client(app: FastAPI, persona: str) -> TestClient:
    client = client_for(app)
    if persona in LOGINS:
        api_login(client, LOGINS[persona])
    else:
        page = client.get("/login").text  # a pre-login session carries the login form's CSRF token
        match = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert match is not None
        client.headers["X-CSRF-Token"] = match.group(1)
    return client


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_each_route_allows_or_refuses_each_persona(app: FastAPI, people: People, persona: str) -> None:
    wrong = []
    with _client(app, persona) as client:
        for method, path in EXPECTED:
            if (method, path) in ENDS_SESSION:
                continue
            response = _call(client, method, path, people)
            if _refused(response) == _allowed(persona, method, path):
                wrong.append(f"{method} {path}: {response.status_code} {response.text[:120]!r}")
    for method, path in ENDS_SESSION:  # each with a session of its own
        with _client(app, persona) as client:
            response = _call(client, method, path, people)
            if _refused(response) == _allowed(persona, method, path):
                wrong.append(f"{method} {path}: {response.status_code} {response.text[:120]!r}")
    assert wrong == []

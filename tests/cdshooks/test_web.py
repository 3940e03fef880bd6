"""CDS Hooks mounted in the web app at /cds-services: its own JWT auth (a session is not enough), its state in
the app's database (a replayed jti is refused by a second app instance on the same database; feedback and the
SCS state stored in its tables), and card links to the patient's page (SQLite and PostgreSQL)."""

# ruff: noqa: F811 - the fixtures imported from tests.fhir.rest_support are taken as test parameters

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import ECKey
from sqlalchemy import func, select

from fbss.clinical.case import Case
from fbss.fhir.export import case_bundle, case_resources
from fbss.settings import CdsHooksSettings
from fbss.store.models import CdsFeedback, CdsScsState, CdsSeenJti
from fbss.web.app import create_app
from fbss.web.state import FixedClock
from tests.cdshooks.conftest import hook_request, prefetch_of
from tests.fhir.conftest import RICH_CASE
from tests.fhir.rest_support import logged_in, people, quiet_fhir  # noqa: F401 - fixtures
from tests.web.conftest import People
from tests.web.conftest import test_settings as app_settings

ISSUER = "https://ehr.example.org"
APP_URL = "http://127.0.0.1:8000"
SERVICE = "/fbss-patient-view"
KEY = ECKey.generate_key("P-384", parameters={"kid": "ehr-1"})


def cds_settings() -> CdsHooksSettings:
    issuer = {"iss": ISSUER, "jwks": {"keys": [KEY.as_dict(private=False)]}}
    return CdsHooksSettings(app_base_url=APP_URL, trusted_issuers=(issuer,))


def make_app(database_url: str, clock: FixedClock) -> FastAPI:
    return create_app(app_settings(database_url), clock=clock, fhir=quiet_fhir(), cds=cds_settings())


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def app(database_url: str, clock: FixedClock) -> Iterator[FastAPI]:
    application = make_app(database_url, clock)
    yield application
    application.state.web.database.dispose()


@pytest.fixture
def state(app: FastAPI) -> Any:
    return app.state.web


@pytest.fixture
def ehr(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as client:
        yield client


def token(clock: FixedClock, path: str = SERVICE, jti: str | None = None) -> str:
    now = int(clock.now().timestamp())
    claims = {
        "iss": ISSUER,
        "sub": "ehr-client",
        "aud": f"{APP_URL}/cds-services{path}",
        "iat": now,
        "exp": now + 300,
        "jti": jti or str(uuid.uuid4()),
    }
    return jwt.encode({"alg": "ES384", "kid": "ehr-1"}, claims, KEY, algorithms=["ES384"])


def patient_view(clock: FixedClock) -> dict[str, Any]:
    """The EHR's record of a patient with an open red flag (PHQ-9 item 9 above 0), id demo-1."""
    case = Case.model_validate({**RICH_CASE, "assessment_date": clock.today().isoformat()})
    return hook_request("patient-view", "demo-1", prefetch_of(case_resources(case), "demo-1"))


def call(client: TestClient, body: dict[str, Any], bearer: str | None, path: str = SERVICE) -> Any:
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    return client.post(
        f"/cds-services{path}",
        content=orjson.dumps(body),
        headers={**headers, "Content-Type": "application/json"},
    )


def _count(state: Any, model: Any) -> int:
    with state.database.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_discovery_is_served_by_the_app(ehr: TestClient) -> None:
    answer = ehr.get("/cds-services")
    assert answer.status_code == 200
    assert {s["id"] for s in answer.json()["services"]} >= {"fbss-patient-view", "fbss-order-sign"}
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_a_hook_signed_by_a_trusted_key_gets_cards_and_the_state_is_in_the_database(
    ehr: TestClient, clock: FixedClock, state: Any
) -> None:
    answer = call(ehr, patient_view(clock), token(clock))
    assert answer.status_code == 200, answer.text
    cards = answer.json()["cards"]
    assert cards[0]["indicator"] == "critical"
    assert _count(state, CdsSeenJti) == 1
    assert _count(state, CdsScsState) == 1
    assert all("links" not in card for card in cards)  # the EHR's patient is not one of ours (yet)


def test_without_a_jwt_the_hook_answers_401_even_to_a_logged_in_user(
    app: FastAPI, clock: FixedClock, people: People
) -> None:
    for client in logged_in(app, "dana.pain"):
        answer = call(client, patient_view(clock), None)
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"] == "Bearer"


def test_a_replayed_jti_is_refused_by_another_app_instance_on_the_same_database(
    ehr: TestClient, database_url: str, clock: FixedClock
) -> None:
    signed = token(clock, jti="once-only")
    assert call(ehr, patient_view(clock), signed).status_code == 200
    second = make_app(database_url, clock)
    with TestClient(second) as other:
        assert call(other, patient_view(clock), signed).status_code == 401
        assert call(other, patient_view(clock), token(clock)).status_code == 200
    second.state.web.database.dispose()


def test_feedback_is_stored_once_in_the_apps_database(ehr: TestClient, clock: FixedClock, state: Any) -> None:
    entry = {"card": str(uuid.uuid4()), "outcome": "accepted", "outcomeTimestamp": "2026-11-02T09:00:00Z"}
    path = f"{SERVICE}/feedback"
    for _ in range(2):
        answer = call(ehr, {"feedback": [entry]}, token(clock, path), path)
        assert answer.status_code == 200, answer.text
    assert _count(state, CdsFeedback) == 1


def test_cards_link_to_the_patients_page_once_the_ehr_patient_is_imported(
    app: FastAPI, ehr: TestClient, clock: FixedClock, people: People, state: Any
) -> None:
    bundle = case_bundle(Case.model_validate({**RICH_CASE, "assessment_date": clock.today().isoformat()}))
    for client in logged_in(app, "dana.pain"):
        imported = client.post(
            "/fhir/$ingest", content=orjson.dumps(bundle), headers={"Content-Type": "application/fhir+json"}
        )
        assert imported.status_code == 200, imported.text
    with state.database.transaction() as session:
        from fbss.store.models import Patient

        ours = session.scalar(select(Patient.id).where(Patient.mrn == "demo-1"))
    cards = call(ehr, patient_view(clock), token(clock)).json()["cards"]
    links = {link["url"] for card in cards for link in card.get("links", [])}
    assert links == {f"{APP_URL}/patients/{ours}"}


def test_an_expired_token_is_refused_by_the_apps_clock(ehr: TestClient, clock: FixedClock) -> None:
    signed = token(clock)
    clock.advance(seconds=3600)
    assert call(ehr, patient_view(clock), signed).status_code == 401

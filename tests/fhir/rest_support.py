"""Fixtures of the FHIR REST tests: the whole web app on a fresh database (SQLite and PostgreSQL), the web
tests' personas, and records stored through the store (synthetic data only).

Test modules import the fixtures they use from here (pytest picks up fixtures imported into a module).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from jsonschema import Draft6Validator
from sqlalchemy.orm import Session

from fbss.settings import FhirSettings
from fbss.store.records import add_observation
from fbss.web.app import create_app
from fbss.web.state import FixedClock, WebState
from tests.fhir.conftest import RICH_CASE, external_root
from tests.web.conftest import (  # noqa: F401 - fixtures, used with the app and people above
    People,
    add_people,
    anonymous,
    as_admin,
    as_alice,
    as_bob,
    as_dana,
    as_sam,
    logged_in,
    test_settings,
)

SEEN_ON = dt.date(2026, 9, 30)
LIST_PARTS = {
    "surgeries": "surgery",
    "pain": "pain",
    "tests": "test",
    "labs": "lab",
    "medications": "medication",
    "prior_treatments": "treatment",
    "instruments": "instrument",
    "planned_procedures": "procedure",
    "goals": "goal",
    "diagnoses": "diagnosis",
    "guideline_choices": "guideline_choice",
}
SINGLE_PARTS = ("red_flags", "exam", "conditions", "psychosocial", "scs")


def quiet_fhir(**overrides: Any) -> FhirSettings:
    """FHIR settings for tests: no export worker thread unless a test asks for one."""
    values: dict[str, Any] = {"bulk_worker": False, "bulk_poll_seconds": 0.05, **overrides}
    return FhirSettings(**values)


def store_case(session: Session, patient_id: int, case: dict[str, Any], today: dt.date) -> None:
    """Put every fact of a case document into a patient's record, as the web app would."""
    for field, kind in LIST_PARTS.items():
        for item in case.get(field, []):
            add_observation(session, patient_id, kind, item, today, observed_on=SEEN_ON)
    for field in SINGLE_PARTS:
        if field in case:
            add_observation(session, patient_id, field, case[field], today, observed_on=SEEN_ON)
    profile = {key: case[key] for key in ("weight_kg", "height_cm", "operation_count") if key in case}
    if profile:
        add_observation(session, patient_id, "profile", profile, today, observed_on=SEEN_ON)


_official: dict[str, Any] = {}


def assert_valid_r4(resource: dict[str, Any]) -> None:
    """Check a resource against the official FHIR R4 JSON schema (HL7's fhir.schema.json)."""
    if not _official:
        import json

        _official.update(json.loads((external_root() / "fhir-r4-official" / "fhir.schema.json").read_text()))
    validator = Draft6Validator({"$ref": f"#/definitions/{resource['resourceType']}", **_official})
    problems = [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(resource)
    ]
    assert problems == [], (resource["resourceType"], resource.get("id"), problems[:5])


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def app(database_url: str, clock: FixedClock) -> Iterator[FastAPI]:
    application = create_app(test_settings(database_url), clock=clock, fhir=quiet_fhir())
    yield application
    application.state.web.database.dispose()


@pytest.fixture
def state(app: FastAPI) -> WebState:
    return app.state.web  # type: ignore[no-any-return]


@pytest.fixture
def people(state: WebState) -> People:
    """The web tests' people; Alice has a rich record and Bob one CRP."""
    with state.database.transaction() as session:
        found = add_people(session, state)
        store_case(session, found.alice, RICH_CASE, state.clock.today())
        crp = {"labs": [{"test": "crp", "value": 2.0, "date": "2026-09-01"}]}
        store_case(session, found.bob, crp, state.clock.today())
        return found

"""Import through the API ($ingest) and `fbss fhir import --into-db`: patients and records keyed by FHIR
identity (the same data twice adds nothing), what was mapped, skipped and refused in the answer, and who may
import into whose record (SQLite and PostgreSQL)."""

# ruff: noqa: F811 - the fixtures imported from tests.fhir.rest_support are taken as test parameters

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from fbss.cli import app as cli
from fbss.clinical.case import Case
from fbss.fhir.export import case_bundle, ndjson_files
from fbss.store.models import AuditEntry, CareTeamMember, Observation, Patient
from fbss.web.state import WebState
from tests.fhir.conftest import RICH_CASE
from tests.fhir.rest_support import (  # noqa: F401 - fixtures
    anonymous,
    app,
    as_admin,
    as_alice,
    as_bob,
    as_dana,
    as_sam,
    assert_valid_r4,
    clock,
    people,
    state,
)
from tests.web.conftest import SECRET, People

MRN_TYPE = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]}


def ehr_bundle(crp: float = 12.0) -> dict[str, Any]:
    """A small record from another system: a patient with a hospital MRN and one CRP result."""
    patient = {
        "resourceType": "Patient",
        "id": "ehr-77",
        "identifier": [{"type": MRN_TYPE, "system": "urn:oid:1.2.3.4", "value": "MRN123"}],
        "name": [{"family": "Example", "given": ["Carol"]}],
        "gender": "female",
        "birthDate": "1968-02-03",
    }
    lab = {
        "resourceType": "Observation",
        "id": "crp-1",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "1988-5"}]},
        "subject": {"reference": "Patient/ehr-77"},
        "effectiveDateTime": "2026-10-20",
        "valueQuantity": {
            "value": crp,
            "unit": "mg/L",
            "system": "http://unitsofmeasure.org",
            "code": "mg/L",
        },
    }
    unknown = {
        "resourceType": "Observation",
        "id": "hr-1",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
        "subject": {"reference": "Patient/ehr-77"},
        "valueQuantity": {"value": 70, "unit": "/min"},
    }
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in (patient, lab, unknown)],
    }


def rich_bundle() -> dict[str, Any]:
    return case_bundle(Case.model_validate(RICH_CASE))


def _post(client: TestClient, body: dict[str, Any] | bytes, media_type: str = "application/fhir+json") -> Any:
    content = body if isinstance(body, bytes) else orjson.dumps(body)
    return client.post("/fhir/$ingest", content=content, headers={"Content-Type": media_type})


def _issues(answer: Any, kind: str) -> list[dict[str, Any]]:
    assert answer.status_code == 200, answer.text
    outcome = answer.json()
    assert_valid_r4(outcome)
    return [issue for issue in outcome["issue"] if issue["details"]["coding"][0]["code"] == kind]


def _count(state: WebState, model: Any, **where: Any) -> int:
    with state.database.transaction() as session:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return int(session.scalar(query) or 0)


def _lab_values(state: WebState, patient_id: int) -> list[float]:
    with state.database.transaction() as session:
        rows = session.scalars(
            select(Observation).where(Observation.patient_id == patient_id, Observation.kind == "lab")
        )
        return [row.payload["value"] for row in rows]


def _patient_id(state: WebState, mrn: str) -> int:
    with state.database.transaction() as session:
        found = session.scalar(select(Patient.id).where(Patient.mrn == mrn))
        assert found is not None
        return found


def test_importing_the_same_bundle_twice_creates_no_duplicates(
    as_dana: TestClient, people: People, state: WebState
) -> None:
    first = _post(as_dana, rich_bundle())
    [stored] = _issues(first, "patient")
    assert "(created)" in stored["diagnostics"]
    patient_id = _patient_id(state, "demo-1")
    rows, patients = _count(state, Observation, patient_id=patient_id), _count(state, Patient)
    assert rows > 20
    second = _post(as_dana, rich_bundle())
    [again] = _issues(second, "patient")
    assert f"patient {patient_id} (matched): 0 added, 0 updated" in again["diagnostics"]
    assert (_count(state, Observation, patient_id=patient_id), _count(state, Patient)) == (rows, patients)
    ndjson = b"".join(ndjson_files([Case.model_validate(RICH_CASE)]).values())
    third = _post(as_dana, ndjson, "application/fhir+ndjson")
    assert "0 added, 0 updated" in _issues(third, "patient")[0]["diagnostics"]
    assert _count(state, Observation, patient_id=patient_id) == rows


def test_the_imported_record_reads_back_as_the_same_case(
    as_dana: TestClient, people: People, state: WebState
) -> None:
    _post(as_dana, rich_bundle())
    patient_id = _patient_id(state, "demo-1")
    case = as_dana.get(f"/api/patients/{patient_id}/case").json()  # undated facts are dated the import day
    expected = Case.model_validate(RICH_CASE).model_dump(mode="json")
    for field in (
        "surgeries",
        "labs",
        "medications",
        "instruments",
        "prior_treatments",
        "diagnoses",
        "goals",
    ):
        assert sorted(map(orjson.dumps, case[field])) == sorted(map(orjson.dumps, expected[field])), field
    assert case["red_flags"] == expected["red_flags"]
    assert case["weight_kg"] == expected["weight_kg"]


def test_a_patient_from_another_system_is_matched_by_identifier_and_updated_in_place(
    as_dana: TestClient, people: People, state: WebState
) -> None:
    answer = _post(as_dana, ehr_bundle())
    assert any(
        "8867-4" in issue["details"]["text"] or "hr-1" in issue["details"]["text"]
        for issue in _issues(answer, "skipped")
    )
    assert any("crp-1" in issue["details"]["text"] for issue in _issues(answer, "mapped"))
    patient_id = _patient_id(state, "MRN123")
    labs = _count(state, Observation, patient_id=patient_id, kind="lab")
    assert labs == 1
    renamed = ehr_bundle(crp=30.0)  # the same MRN under another logical id; crp-1 corrected
    renamed["entry"][0]["resource"]["id"] = "other-logical-id"
    for entry in renamed["entry"][1:]:
        entry["resource"]["subject"] = {"reference": "Patient/other-logical-id"}
    updated = _post(as_dana, renamed)
    assert (
        f"patient {patient_id} (matched): 0 added, 1 updated" in _issues(updated, "patient")[0]["diagnostics"]
    )
    assert _lab_values(state, patient_id) == [30.0]
    again = _post(as_dana, ehr_bundle(crp=14.0))
    assert "0 added, 1 updated" in _issues(again, "patient")[0]["diagnostics"]
    assert _lab_values(state, patient_id) == [14.0]
    found = as_dana.get("/fhir/Patient", params={"identifier": "urn:oid:1.2.3.4|MRN123"}).json()
    assert [e["resource"]["id"] for e in found["entry"]] == [str(patient_id)]


def test_a_clinician_who_imports_a_new_patient_joins_their_care_team(
    as_dana: TestClient, people: People, state: WebState
) -> None:
    _post(as_dana, ehr_bundle())
    patient_id = _patient_id(state, "MRN123")
    assert _count(state, CareTeamMember, patient_id=patient_id, user_id=people.dana) == 1
    assert as_dana.get("/fhir/Observation", params={"patient": patient_id}).json()["total"] >= 1


def test_a_clinician_may_not_import_into_another_teams_patient(
    as_dana: TestClient, as_sam: TestClient, people: People, state: WebState
) -> None:
    _post(as_dana, ehr_bundle())
    patient_id = _patient_id(state, "MRN123")
    rows = _count(state, Observation, patient_id=patient_id)
    refused = _issues(_post(as_sam, ehr_bundle(crp=99.0)), "patient")
    assert refused[0]["severity"] == "error"
    assert "not your care team" in refused[0]["diagnostics"]
    assert _count(state, Observation, patient_id=patient_id) == rows
    with state.database.transaction() as session:
        denied = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "fhir.import", AuditEntry.outcome == "denied")
        )
        assert [(e.username, e.patient_id) for e in denied] == [("sam.spine", patient_id)]


def test_administrators_may_import_and_patients_may_not(
    as_admin: TestClient, as_alice: TestClient, people: People, state: WebState
) -> None:
    assert "(created)" in _issues(_post(as_admin, ehr_bundle()), "patient")[0]["diagnostics"]
    assert _count(state, CareTeamMember, patient_id=_patient_id(state, "MRN123")) == 0
    assert _post(as_alice, ehr_bundle()).status_code == 403


def test_broken_resources_are_refused_with_their_path_and_nothing_is_silently_dropped(
    as_dana: TestClient, people: People
) -> None:
    bundle = ehr_bundle()
    broken = copy.deepcopy(bundle["entry"][1])
    broken["resource"]["status"] = 7
    bundle["entry"].append(broken)
    answer = _post(as_dana, bundle)
    refused = _issues(answer, "refused")
    assert any("resource.status" in issue["details"]["text"] for issue in refused)
    summary = _issues(answer, "summary")[0]["diagnostics"]
    assert "1 refused" in summary
    assert "skipped" in summary


def test_wrong_media_types_and_empty_bodies_are_refused(as_dana: TestClient) -> None:
    assert _post(as_dana, b"<Bundle/>", "application/fhir+xml").status_code == 415
    assert _post(as_dana, b"  ", "application/fhir+json").status_code == 400
    assert _post(as_dana, b"{not json", "application/fhir+json").status_code == 200  # refused in the report


def test_the_command_line_imports_into_the_database_without_duplicates(
    database_url: str, people: People, state: WebState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FBSS_DATABASE_URL", database_url)
    monkeypatch.setenv("FBSS_SECRET_KEY", SECRET)
    monkeypatch.delenv("FBSS_DEMO", raising=False)
    source = tmp_path / "bundle.json"
    source.write_bytes(orjson.dumps(rich_bundle()))
    runner = CliRunner()
    first = runner.invoke(cli, ["fhir", "import", str(source), "--into-db", "--as-of", "2026-11-01"])
    assert first.exit_code == 0, first.output
    assert "(created)" in first.output
    rows = _count(state, Observation, patient_id=_patient_id(state, "demo-1"))
    second = runner.invoke(
        cli, ["fhir", "import", str(source), "--into-db", "--report", str(tmp_path / "r.json")]
    )
    assert second.exit_code == 0, second.output
    assert "(matched): 0 added, 0 updated" in second.output
    assert _count(state, Observation, patient_id=_patient_id(state, "demo-1")) == rows
    report = orjson.loads((tmp_path / "r.json").read_bytes())
    assert report["database"][0]["added"] == 0
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    assert runner.invoke(cli, ["fhir", "import", str(source), "--into-db", "--as-of", future]).exit_code == 2

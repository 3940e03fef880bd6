"""The FHIR REST read API: metadata, read, search and $everything under each role, OperationOutcome errors,
stable ids, and the audit log of every read (SQLite and PostgreSQL)."""

# ruff: noqa: F811 - the fixtures imported from tests.fhir.rest_support are taken as test parameters

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from fbss.settings import CdsHooksSettings, FhirSettings
from fbss.store.models import AuditEntry
from fbss.store.records import add_observation, mark_entered_in_error
from fbss.web.state import WebState
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
from tests.web.conftest import People

FHIR_JSON = "application/fhir+json"
DOCS = Path(__file__).resolve().parents[2] / "docs"


def _ids(bundle: dict[str, Any]) -> list[str]:
    return [entry["resource"]["id"] for entry in bundle.get("entry", [])]


def _lab_ids(client: TestClient, patient_id: int) -> list[str]:
    bundle = client.get("/fhir/Observation", params={"patient": patient_id, "_count": 100}).json()
    return [r["resource"]["id"] for r in bundle.get("entry", []) if "-lab-" in r["resource"]["id"]]


def _outcome(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(FHIR_JSON)
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    assert_valid_r4(body)
    return " ".join(issue.get("diagnostics", "") for issue in body["issue"])


# --- metadata --------------------------------------------------------------------------------------------


def test_metadata_is_a_capability_statement_valid_against_the_official_r4_schema(
    anonymous: TestClient,
) -> None:
    answer = anonymous.get("/fhir/metadata")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(FHIR_JSON)
    statement = answer.json()
    assert_valid_r4(statement)
    assert statement["fhirVersion"] == "4.0.1"
    rest = statement["rest"][0]
    types = {resource["type"] for resource in rest["resource"]}
    assert {"Patient", "Observation", "DetectedIssue", "CarePlan", "Provenance", "Task"} <= types
    patient = next(r for r in rest["resource"] if r["type"] == "Patient")
    assert {op["name"] for op in patient["operation"]} == {"everything", "export"}
    assert {op["name"] for op in rest["operation"]} == {"export", "ingest"}


# --- read ------------------------------------------------------------------------------------------------


def test_a_patient_reads_their_own_record(as_alice: TestClient, people: People) -> None:
    patient = as_alice.get(f"/fhir/Patient/{people.alice}")
    assert patient.status_code == 200
    assert patient.headers["content-type"].startswith(FHIR_JSON)
    body = patient.json()
    assert_valid_r4(body)
    assert body["id"] == str(people.alice)
    assert body["name"] == [{"text": "Alice Example"}]
    lab_id = _lab_ids(as_alice, people.alice)[0]
    lab = as_alice.get(f"/fhir/Observation/{lab_id}")
    assert lab.status_code == 200
    assert lab.json()["subject"] == {"reference": f"Patient/{people.alice}"}


def test_another_patients_record_answers_404_like_a_missing_one(
    as_alice: TestClient, as_bob: TestClient, people: People
) -> None:
    lab_id = _lab_ids(as_alice, people.alice)[0]
    theirs = _outcome(as_bob.get(f"/fhir/Observation/{lab_id}"), 404)
    missing = _outcome(as_bob.get(f"/fhir/Observation/{people.alice}-lab-999999"), 404)
    assert theirs == missing
    assert "No such patient record." in _outcome(as_bob.get(f"/fhir/Patient/{people.alice}"), 404)
    assert "No such patient record." in _outcome(as_bob.get("/fhir/Patient/999999"), 404)


def test_a_clinician_reads_only_their_care_teams_patients(
    as_dana: TestClient, as_sam: TestClient, people: People
) -> None:
    assert as_dana.get(f"/fhir/Patient/{people.alice}").status_code == 200
    assert as_dana.get(f"/fhir/Patient/{people.alice}/$everything").status_code == 200
    lab_id = _lab_ids(as_dana, people.alice)[0]
    assert as_dana.get(f"/fhir/Observation/{lab_id}").status_code == 200
    _outcome(as_sam.get(f"/fhir/Patient/{people.alice}"), 404)
    _outcome(as_sam.get(f"/fhir/Observation/{lab_id}"), 404)
    _outcome(as_sam.get(f"/fhir/Patient/{people.alice}/$everything"), 404)
    assert as_sam.get("/fhir/Observation", params={"patient": people.alice}).json()["total"] == 0
    assert as_sam.get("/fhir/Patient").json()["total"] == 0


def test_administrators_read_no_clinical_content(as_admin: TestClient, people: People) -> None:
    _outcome(as_admin.get("/fhir/Observation", params={"patient": people.alice}), 403)
    _outcome(as_admin.get("/fhir/Patient"), 403)
    _outcome(as_admin.get(f"/fhir/Patient/{people.alice}"), 404)
    _outcome(as_admin.get(f"/fhir/Patient/{people.alice}/$everything"), 404)


def test_anonymous_callers_are_asked_to_log_in_with_an_operation_outcome(
    anonymous: TestClient, people: People
) -> None:
    answer = anonymous.get(f"/fhir/Patient/{people.alice}")
    assert "log in" in _outcome(answer, 401)
    assert answer.headers["www-authenticate"].startswith("Cookie")
    _outcome(anonymous.get("/fhir/Observation", params={"patient": people.alice}), 401)


def test_unknown_types_and_paths_answer_404_with_an_operation_outcome(as_dana: TestClient) -> None:
    _outcome(as_dana.get("/fhir/Encounter"), 404)
    _outcome(as_dana.get("/fhir/Encounter/1-x"), 404)
    _outcome(as_dana.get("/fhir/Observation/not-ours"), 404)


def test_a_read_takes_no_parameters_but_format(as_dana: TestClient, people: People) -> None:
    assert as_dana.get(f"/fhir/Patient/{people.alice}", params={"_format": "json"}).status_code == 200
    assert "_elements" in _outcome(
        as_dana.get(f"/fhir/Patient/{people.alice}", params={"_elements": "id"}), 400
    )
    assert "_format" in _outcome(as_dana.get(f"/fhir/Patient/{people.alice}", params={"_format": "xml"}), 400)


# --- search ----------------------------------------------------------------------------------------------


def test_search_returns_a_searchset_bundle_with_total_and_full_urls(
    as_dana: TestClient, people: People
) -> None:
    answer = as_dana.get("/fhir/Observation", params={"patient": f"Patient/{people.alice}"})
    assert answer.status_code == 200
    bundle = answer.json()
    assert_valid_r4(bundle)
    assert bundle["type"] == "searchset"
    assert bundle["total"] == len(bundle["entry"]) > 5
    for entry in bundle["entry"]:
        resource = entry["resource"]
        assert entry["fullUrl"] == f"{FhirSettings().base_url}/Observation/{resource['id']}"
        assert entry["search"] == {"mode": "match"}
        assert resource["resourceType"] == "Observation"
        assert_valid_r4(resource)


def test_search_pages_with_count_and_a_next_link(as_dana: TestClient, people: People) -> None:
    first = as_dana.get("/fhir/Observation", params={"patient": people.alice, "_count": 3}).json()
    assert len(first["entry"]) == 3
    assert first["total"] > 3
    following = next(link["url"] for link in first["link"] if link["relation"] == "next")
    second = as_dana.get(following.removeprefix(FhirSettings().base_url.removesuffix("/fhir"))).json()
    assert set(_ids(first)).isdisjoint(_ids(second))
    assert (
        as_dana.get("/fhir/Observation", params={"patient": people.alice, "_count": 0}).json().get("entry")
        is None
    )


def test_search_by_code_finds_the_crp_result(as_dana: TestClient, people: People) -> None:
    crp = as_dana.get(
        "/fhir/Observation", params={"patient": people.alice, "code": "http://loinc.org|1988-5"}
    ).json()
    assert crp["total"] == 1
    assert crp["entry"][0]["resource"]["valueQuantity"]["value"] == 3.2
    none = as_dana.get(
        "/fhir/Observation", params={"patient": people.alice, "code": "http://loinc.org|0000-0"}
    )
    assert none.json()["total"] == 0


def test_a_patient_searches_their_own_record_without_naming_themself(
    as_alice: TestClient, as_bob: TestClient, people: People
) -> None:
    mine = as_alice.get("/fhir/DetectedIssue").json()
    assert mine["total"] >= 1
    assert all(e["resource"]["patient"]["reference"] == f"Patient/{people.alice}" for e in mine["entry"])
    assert as_bob.get("/fhir/Observation", params={"patient": people.alice}).json()["total"] == 0


def test_a_clinician_must_name_the_patient_to_search(as_dana: TestClient) -> None:
    assert "patient" in _outcome(as_dana.get("/fhir/Condition"), 400)


def test_bad_or_unknown_parameters_answer_400_unless_lenient(as_dana: TestClient, people: People) -> None:
    assert "foo" in _outcome(
        as_dana.get("/fhir/Observation", params={"patient": people.alice, "foo": "1"}), 400
    )
    assert "_count" in _outcome(
        as_dana.get("/fhir/Observation", params={"patient": people.alice, "_count": "x"}), 400
    )
    bad_date = {"patient": people.alice, "_lastUpdated": "yesterday"}
    assert "_lastUpdated" in _outcome(as_dana.get("/fhir/Observation", params=bad_date), 400)
    lenient = as_dana.get(
        "/fhir/Observation",
        params={"patient": people.alice, "foo": "1"},
        headers={"Prefer": "handling=lenient"},
    )
    assert lenient.status_code == 200


def test_search_by_last_updated(as_dana: TestClient, people: People) -> None:
    now = dt.datetime.now(dt.UTC)
    earlier = (now - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    later = (now + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    since = as_dana.get("/fhir/Procedure", params={"patient": people.alice, "_lastUpdated": f"gt{earlier}"})
    assert since.json()["total"] >= 2
    future = as_dana.get("/fhir/Procedure", params={"patient": people.alice, "_lastUpdated": f"gt{later}"})
    assert future.json()["total"] == 0


def test_patient_search_by_identifier_and_id(as_dana: TestClient, people: People) -> None:
    from fbss.fhir.codes import CASE_ID_SYSTEM

    by_number = as_dana.get("/fhir/Patient", params={"identifier": f"{CASE_ID_SYSTEM}|A-1"}).json()
    assert _ids(by_number) == [str(people.alice)]
    assert as_dana.get("/fhir/Patient", params={"identifier": "B-1"}).json()["total"] == 0  # not on the team
    assert _ids(as_dana.get("/fhir/Patient", params={"_id": str(people.alice)}).json()) == [str(people.alice)]


# --- $everything and stable ids --------------------------------------------------------------------------


def test_everything_holds_the_whole_record_and_its_assessment_all_valid_r4(
    as_dana: TestClient, people: People
) -> None:
    bundle = as_dana.get(f"/fhir/Patient/{people.alice}/$everything", params={"_count": 500}).json()
    assert_valid_r4(bundle)
    kinds = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert {"Patient", "Procedure", "Observation", "DetectedIssue", "Provenance", "Device"} <= kinds
    for entry in bundle["entry"]:
        assert_valid_r4(entry["resource"])
    ids = {f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in bundle["entry"]}
    provenance = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Provenance")
    assert all(target["reference"] in ids for target in provenance["target"])
    only = as_dana.get(f"/fhir/Patient/{people.alice}/$everything", params={"_type": "Procedure"}).json()
    assert {e["resource"]["resourceType"] for e in only["entry"]} == {"Procedure"}
    assert "start" in _outcome(
        as_dana.get(f"/fhir/Patient/{people.alice}/$everything", params={"start": "2020"}), 400
    )


def test_a_fact_keeps_its_id_when_an_earlier_one_is_added_and_leaves_when_withdrawn(
    as_dana: TestClient, people: People, state: WebState
) -> None:
    before = _lab_ids(as_dana, people.alice)
    with state.database.transaction() as session:
        add_observation(
            session,
            people.alice,
            "lab",
            {"test": "esr", "value": 12, "date": "2025-01-01"},
            state.clock.today(),
        )
    after = _lab_ids(as_dana, people.alice)
    assert set(before) < set(after)
    withdrawn = int(before[0].rsplit("-", 1)[1])
    with state.database.transaction() as session:
        mark_entered_in_error(session, people.alice, withdrawn, 1)
    assert before[0] not in _lab_ids(as_dana, people.alice)
    _outcome(as_dana.get(f"/fhir/Observation/{before[0]}"), 404)


# --- the audit log ---------------------------------------------------------------------------------------


def test_every_read_is_in_the_audit_log_with_who_role_patient_and_outcome(
    as_dana: TestClient, as_sam: TestClient, people: People, state: WebState
) -> None:
    lab_id = _lab_ids(as_dana, people.alice)[0]
    as_dana.get(f"/fhir/Observation/{lab_id}")
    as_sam.get(f"/fhir/Observation/{lab_id}")
    as_sam.get("/fhir/Condition", params={"patient": people.alice})
    with state.database.transaction() as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.action.like("fhir.%"))))
    reads = [(e.username, e.role, e.action, e.resource, e.patient_id, e.outcome) for e in entries]
    assert ("dana.pain", "clinician", "fhir.read", f"fhir/Observation/{lab_id}", people.alice, "ok") in reads
    assert (
        "sam.spine",
        "clinician",
        "fhir.read",
        f"fhir/Observation/{lab_id}",
        people.alice,
        "not_found",
    ) in reads
    assert (
        "dana.pain",
        "clinician",
        "fhir.read",
        "fhir/Observation",
        people.alice,
        "ok",
    ) in reads  # the search
    refused_search = ("sam.spine", "clinician", "fhir.read", "fhir/Condition", people.alice, "not_found")
    assert refused_search in reads


# --- settings are documented -----------------------------------------------------------------------------


def test_every_fhir_and_cds_hooks_setting_is_documented() -> None:
    fhir_doc, cds_doc = (DOCS / "fhir.md").read_text(), (DOCS / "cdshooks.md").read_text()
    missing = [name for name in FhirSettings.model_fields if f"`FBSS_FHIR_{name.upper()}`" not in fhir_doc]
    missing += [name for name in CdsHooksSettings.model_fields if f"`FBSS_CDS_{name.upper()}`" not in cds_doc]
    assert missing == []

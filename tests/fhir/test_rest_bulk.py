"""Bulk Data $export (STU3) through the app: kick-off, status polling, manifest, NDJSON download, cancel,
access, audit, and a job that survives a restart of the server (SQLite and PostgreSQL)."""

# ruff: noqa: F811 - the fixtures imported from tests.fhir.rest_support are taken as test parameters

from __future__ import annotations

import time
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from fbss.fhir.bulk_worker import ExportWorker
from fbss.settings import FhirSettings
from fbss.store.models import AuditEntry, FhirExportJob
from fbss.store.patients import add_to_care_team
from fbss.web.app import create_app
from fbss.web.state import FixedClock, WebState
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
    logged_in,
    people,
    quiet_fhir,
    state,
)
from tests.web.conftest import People
from tests.web.conftest import test_settings as app_settings

ASYNC = {"Prefer": "respond-async", "Accept": "application/fhir+json"}
BASE = FhirSettings().base_url.removesuffix("/fhir")


def _local(url: str) -> str:
    return url.removeprefix(BASE)


def _kick_off(client: TestClient, path: str = "/fhir/$export", **params: str) -> str:
    answer = client.get(path, params=params, headers=ASYNC)
    assert answer.status_code == 202, answer.text
    assert answer.json()["resourceType"] == "OperationOutcome"
    return _local(answer.headers["content-location"])


def _worker(state: WebState, **settings: Any) -> ExportWorker:
    return ExportWorker(state.database, state.clock, state.audit_key, quiet_fhir(**settings))


def _run(state: WebState, **settings: Any) -> None:
    """Run every queued job to its end, here and now."""
    worker = _worker(state, **settings)
    while worker.run_pending():
        pass


def _manifest(client: TestClient, status_url: str) -> dict[str, Any]:
    answer = client.get(status_url)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    assert "expires" in answer.headers
    return answer.json()  # type: ignore[no-any-return]


def _lines(client: TestClient, url: str) -> list[dict[str, Any]]:
    answer = client.get(_local(url))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/fhir+ndjson")
    return [orjson.loads(line) for line in answer.content.splitlines() if line.strip()]


def _on_dana_team(state: WebState, people: People, *patients: int) -> None:
    with state.database.transaction() as session:
        for patient_id in patients:
            add_to_care_team(session, patient_id, people.dana)


# --- kick-off --------------------------------------------------------------------------------------------


def test_kick_off_needs_prefer_respond_async_and_known_parameters(as_dana: TestClient) -> None:
    assert as_dana.get("/fhir/$export").status_code == 400
    for params in (
        {"_type": "Encounter"},
        {"_outputFormat": "text/csv"},
        {"_since": "yesterday"},
        {"_typeFilter": "x"},
    ):
        answer = as_dana.get("/fhir/$export", params=params, headers=ASYNC)
        assert answer.status_code == 400, params
        assert answer.json()["resourceType"] == "OperationOutcome"
    lenient = as_dana.get(
        "/fhir/$export",
        params={"_typeFilter": "x"},
        headers={**ASYNC, "Prefer": "respond-async, handling=lenient"},
    )
    assert lenient.status_code == 202


def test_administrators_may_not_export_clinical_content(as_admin: TestClient) -> None:
    assert as_admin.get("/fhir/$export", headers=ASYNC).status_code == 403
    assert as_admin.get("/fhir/Patient/$export", headers=ASYNC).status_code == 403


# --- polling, manifest, download -------------------------------------------------------------------------


def test_status_is_202_with_progress_until_done_then_200_with_the_manifest(
    as_dana: TestClient, people: People, state: WebState
) -> None:
    status_url = _kick_off(as_dana, "/fhir/Patient/$export")
    waiting = as_dana.get(status_url)
    assert waiting.status_code == 202
    assert waiting.headers["x-progress"] == "queued"
    assert int(waiting.headers["retry-after"]) > 0
    _run(state)
    manifest = _manifest(as_dana, status_url)
    assert manifest["request"] == f"{FhirSettings().base_url}/Patient/$export"
    assert manifest["requiresAccessToken"] is True
    assert manifest["transactionTime"].endswith("Z")
    assert manifest["error"] == []
    kinds = {entry["type"] for entry in manifest["output"]}
    assert {"Patient", "Observation", "Procedure", "DetectedIssue", "Provenance", "Device"} <= kinds
    for entry in manifest["output"]:
        lines = _lines(as_dana, entry["url"])
        assert len(lines) == entry["count"]
        assert {line["resourceType"] for line in lines} == {entry["type"]}
        for resource in lines:
            assert_valid_r4(resource)
    patients = _lines(as_dana, next(e["url"] for e in manifest["output"] if e["type"] == "Patient"))
    assert [p["id"] for p in patients] == [str(people.alice)]  # Dana's care team only


def test_type_and_since_choose_what_is_exported(as_dana: TestClient, people: People, state: WebState) -> None:
    status_url = _kick_off(as_dana, _type="Patient,Condition")
    later = _kick_off(as_dana, _since="2999-01-01T00:00:00Z")
    _run(state)
    assert {e["type"] for e in _manifest(as_dana, status_url)["output"]} == {"Patient", "Condition"}
    assert _manifest(as_dana, later)["output"] == []


def test_a_patient_exports_only_their_own_record(
    as_alice: TestClient, people: People, state: WebState
) -> None:
    status_url = _kick_off(as_alice)
    _run(state)
    manifest = _manifest(as_alice, status_url)
    for entry in manifest["output"]:
        for resource in _lines(as_alice, entry["url"]):
            reference = resource.get("subject", resource.get("patient", resource.get("for", {})))
            if resource["resourceType"] == "Patient":
                assert resource["id"] == str(people.alice)
            elif reference:
                assert reference["reference"] == f"Patient/{people.alice}"


def test_only_the_user_who_asked_may_poll_download_or_delete(
    as_dana: TestClient, as_sam: TestClient, people: People, state: WebState
) -> None:
    status_url = _kick_off(as_dana)
    _run(state)
    url = _manifest(as_dana, status_url)["output"][0]["url"]
    assert as_sam.get(status_url).status_code == 404
    assert as_sam.get(_local(url)).status_code == 404
    assert as_sam.delete(status_url).status_code == 404
    assert as_dana.get(_local(url)).status_code == 200


def test_delete_cancels_a_job_in_progress_and_discards_a_finished_one(
    as_dana: TestClient, people: People, state: WebState
) -> None:
    pending = _kick_off(as_dana)
    assert as_dana.delete(pending).status_code == 202
    assert as_dana.get(pending).status_code == 404
    _run(state)  # nothing left to run
    finished = _kick_off(as_dana)
    _run(state)
    url = _manifest(as_dana, finished)["output"][0]["url"]
    assert as_dana.delete(finished).status_code == 202
    assert as_dana.get(finished).status_code == 404
    assert as_dana.get(_local(url)).status_code == 404


def test_exports_are_in_the_audit_log_per_patient_and_per_download(
    as_dana: TestClient, people: People, state: WebState
) -> None:
    status_url = _kick_off(as_dana)
    _run(state)
    as_dana.get(_local(_manifest(as_dana, status_url)["output"][0]["url"]))
    with state.database.transaction() as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.action.like("fhir.export%"))))
    actions = {(e.action, e.username, e.patient_id, e.outcome) for e in entries}
    assert ("fhir.export.kickoff", "dana.pain", None, "ok") in actions
    assert ("fhir.export", "dana.pain", people.alice, "ok") in actions
    assert ("fhir.export.download", "dana.pain", None, "ok") in actions


# --- the worker ------------------------------------------------------------------------------------------


def test_two_workers_cannot_claim_the_same_job(as_dana: TestClient, people: People, state: WebState) -> None:
    _kick_off(as_dana)
    first, second = _worker(state), _worker(state)
    assert first.claim() is not None
    assert second.claim() is None


def test_a_worker_that_stops_hands_its_job_back(as_dana: TestClient, people: People, state: WebState) -> None:
    _kick_off(as_dana)
    worker = _worker(state)
    job_id = worker.claim()
    worker.release()
    with state.database.transaction() as session:
        job = session.get(FhirExportJob, job_id)
        assert job is not None
        assert (job.status, job.lease_owner) == ("pending", None)
    assert _worker(state).claim() == job_id


def test_the_apps_worker_runs_a_job_as_soon_as_it_is_queued(
    database_url: str, people: People, clock: FixedClock
) -> None:
    # A poll interval far longer than the test: only the kick-off's wake-up can start the job in time.
    served = create_app(
        app_settings(database_url), clock=clock, fhir=quiet_fhir(bulk_worker=True, bulk_poll_seconds=600)
    )
    for client in logged_in(served, "dana.pain"):
        status_url = _kick_off(client)
        assert _poll_until_done(client, status_url)["output"]
    served.state.web.database.dispose()


def test_a_job_stopped_mid_way_is_finished_by_a_new_app_instance_on_the_same_database(
    database_url: str, as_dana: TestClient, people: People, state: WebState, clock: FixedClock
) -> None:
    _on_dana_team(state, people, people.bob)
    status_url = _kick_off(as_dana)
    crashed = _worker(state, bulk_batch_patients=1, bulk_lease_seconds=30)
    job_id = crashed.claim()
    assert job_id is not None
    assert crashed.step(job_id)
    assert as_dana.get(status_url).headers["x-progress"] == "1 of 2 patients"
    clock.advance(seconds=31)  # its lease runs out
    settings = quiet_fhir(bulk_worker=True, bulk_batch_patients=1, bulk_lease_seconds=30)
    restarted = create_app(app_settings(database_url), clock=clock, fhir=settings)
    for client in logged_in(restarted, "dana.pain"):
        manifest = _poll_until_done(client, status_url)
        patients = _lines(client, next(e["url"] for e in manifest["output"] if e["type"] == "Patient"))
        assert sorted(p["id"] for p in patients) == sorted([str(people.alice), str(people.bob)])
        devices = _lines(client, next(e["url"] for e in manifest["output"] if e["type"] == "Device"))
        assert len(devices) == 1
    restarted.state.web.database.dispose()
    assert not crashed.step(job_id)  # the old worker lost the job: it writes nothing more


def _poll_until_done(client: TestClient, status_url: str, seconds: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answer = client.get(status_url)
        if answer.status_code == 200:
            return answer.json()  # type: ignore[no-any-return]
        assert answer.status_code == 202, answer.text
        time.sleep(0.05)
    pytest.fail("the export did not finish")

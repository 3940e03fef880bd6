"""POST /fhir/$ingest: a clinician or an administrator sends a Bundle, a resource or NDJSON; the answer is an
OperationOutcome saying, per patient, what was stored, and per resource what was mapped, skipped (and why) or
refused. Importing the same data again adds nothing (fbss.fhir.rest.ingest)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from fbss.fhir import read
from fbss.fhir.codes import OUR_CODES
from fbss.fhir.importer import ImportResult
from fbss.fhir.report import ImportReport
from fbss.fhir.rest.ingest import Importer, Ingested, ingest
from fbss.fhir.rest.outcome import TooLarge, UnsupportedMediaType, fhir_response, operation_outcome
from fbss.store import audit
from fbss.store.audit import Outcome
from fbss.store.errors import Invalid
from fbss.store.models import Role
from fbss.web.access import allow
from fbss.web.context import CtxDep

JSON_TYPES = frozenset({"application/fhir+json", "application/json"})
NDJSON_TYPES = frozenset({"application/fhir+ndjson", "application/ndjson", "application/x-ndjson"})
MAX_BODY_BYTES = 64 * 1024 * 1024
OUTCOME_SYSTEM = f"{OUR_CODES}/import-outcome"
Resource = dict[str, object]


def add_ingest_routes(router: APIRouter) -> None:
    @router.post("/$ingest")
    @allow(Role.CLINICIAN, Role.ADMIN)
    async def ingest_resources(request: Request, ctx: CtxDep) -> Response:
        """Import FHIR R4 resources into the database (patients matched by FHIR identity)."""
        media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type not in JSON_TYPES | NDJSON_TYPES:
            raise UnsupportedMediaType()
        if int(request.headers.get("content-length") or 0) > MAX_BODY_BYTES:
            raise TooLarge()
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            raise TooLarge()
        if not body.strip():
            raise Invalid.one("body", "send a Bundle, a resource or NDJSON")
        if media_type in NDJSON_TYPES:
            found, refused = read.read_ndjson("body", body.splitlines())
        else:
            found, refused = read.read_json("body", body)
        importer = Importer(ctx.user.user_id, ctx.user.role)
        with ctx.work("fhir.import", "fhir/$ingest") as session:
            ingested = ingest(session, found, refused, ctx.today(), importer)
            for outcome in ingested.outcomes:
                if outcome.patient_id is not None:
                    result = Outcome.DENIED if outcome.refused else Outcome.OK
                    event = ctx.user.audit_event("fhir.import", "fhir/$ingest", result, outcome.patient_id)
                    audit.append(session, ctx.state.audit_key, event, ctx.now())
        return fhir_response(import_outcome(ingested))


def import_outcome(ingested: Ingested) -> Resource:
    """The import report as an OperationOutcome: a summary, each patient, then each resource's fate."""
    issues = [_summary(ingested)]
    for outcome in ingested.outcomes:
        if outcome.refused:
            issues.append(
                _issue("error", "business-rule", "patient", outcome.key, f"refused: {outcome.refused}")
            )
        else:
            how = "created" if outcome.created else "matched"
            counts = f"{outcome.added} added, {outcome.updated} updated, {outcome.unchanged} unchanged"
            issues.append(
                _issue(
                    "information",
                    "informational",
                    "patient",
                    outcome.key,
                    f"patient {outcome.patient_id} ({how}): {counts}",
                )
            )
    for report in _reports(ingested.result):
        issues += [
            _issue("error", "structure", "refused", f"{r.where} {r.path}".strip(), r.message)
            for r in report.refused
        ]
        issues += [
            _issue("warning", "not-supported", "skipped", f"{s.where} {s.resource}", s.reason)
            for s in report.skipped
        ]
        issues += [
            _issue("information", "informational", "mapped", f"{m.where} {m.resource}", f"-> {m.target}")
            for m in report.mapped
        ]
    return operation_outcome(*issues)


def _summary(ingested: Ingested) -> Resource:
    reports = _reports(ingested.result)
    mapped, skipped, refused = (
        sum(len(getattr(r, name)) for r in reports) for name in ("mapped", "skipped", "refused")
    )
    created = sum(1 for outcome in ingested.stored if outcome.created)
    text = (
        f"{len(ingested.stored)} patient(s) stored ({created} new), "
        f"{len(ingested.outcomes) - len(ingested.stored)} refused; "
        f"resources: {mapped} mapped, {skipped} skipped, {refused} refused"
    )
    return _issue("information", "informational", "summary", "import", text)


def _reports(result: ImportResult) -> list[ImportReport]:
    return [result.report, *(patient.report for patient in result.patients)]


def _issue(severity: str, code: str, kind: str, about: str, diagnostics: str) -> Resource:
    return {
        "severity": severity,
        "code": code,
        "details": {"coding": [{"system": OUTCOME_SYSTEM, "code": kind}], "text": about[:1000]},
        "diagnostics": diagnostics[:2000],
    }

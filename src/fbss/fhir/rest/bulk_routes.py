"""Bulk Data $export over HTTP (FHIR Bulk Data Access IG STU3): kick-off (202 + Content-Location), status
(202 with X-Progress, then 200 with the manifest), NDJSON downloads, and DELETE to cancel or discard.

Jobs run in fbss.fhir.bulk's worker. An export holds the records of every patient the caller may read (a
patient: their own; a clinician: their care teams'); administrators may not export clinical content. Only the
user who asked may poll, download or delete a job; anyone else is answered 404.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy import func, select

from fbss.fhir import bulk
from fbss.fhir.rest.outcome import FHIR_NDJSON, fhir_response, issue, operation_outcome
from fbss.fhir.rest.params import Problems, instant, is_lenient
from fbss.fhir.rest.search import EXPORT_TYPES
from fbss.settings import FhirSettings
from fbss.store.errors import Invalid, NotFound
from fbss.store.models import ExportStatus, FhirExportJob, Role
from fbss.web.access import allow
from fbss.web.context import Ctx, CtxDep

OUTPUT_FORMATS = frozenset({"application/fhir+ndjson", "application/ndjson", "ndjson"})
KICK_OFF_PARAMETERS = frozenset({"_outputFormat", "_type", "_since"})
RETRY_AFTER_SECONDS = 2
MAX_ACTIVE_JOBS = 3  # per user: a client cannot fill the queue


def add_bulk_routes(router: APIRouter, settings: FhirSettings, wake: Callable[[], None]) -> None:
    @router.get("/$export")
    @allow(Role.PATIENT, Role.CLINICIAN)
    def export_system(request: Request, ctx: CtxDep) -> Response:
        """System-level export: every record the caller may read."""
        return _kick_off(request, ctx, settings, wake, "fhir/$export")

    @router.get("/Patient/$export")
    @allow(Role.PATIENT, Role.CLINICIAN)
    def export_patients(request: Request, ctx: CtxDep) -> Response:
        """Patient-level export: the same records (every patient the caller may read)."""
        return _kick_off(request, ctx, settings, wake, "fhir/Patient/$export")

    @router.get("/bulk/{job_id}")
    @allow(Role.PATIENT, Role.CLINICIAN)
    def export_status(job_id: str, ctx: CtxDep) -> Response:
        with ctx.work("fhir.export.status", f"fhir/bulk/{job_id}") as session:
            job = bulk.job_of(session, job_id, ctx.user.user_id)
            if job.status == ExportStatus.COMPLETED.value:
                document = bulk.manifest(job, bulk.output_counts(session, job.id), settings.base_url)
                expires = job.expires_at
                return _manifest_response(document, expires)
            if job.status == ExportStatus.FAILED.value:
                outcome = operation_outcome(issue("fatal", "exception", job.error or "the export failed"))
                return fhir_response(outcome, 500)
            headers = {"X-Progress": bulk.progress(job), "Retry-After": str(RETRY_AFTER_SECONDS)}
            return Response(status_code=202, headers=headers)

    @router.delete("/bulk/{job_id}")
    @allow(Role.PATIENT, Role.CLINICIAN)
    def export_delete(job_id: str, ctx: CtxDep) -> Response:
        """Cancel a job in progress, or discard a finished one and its files; its status URL then answers 404."""
        with ctx.work("fhir.export.delete", f"fhir/bulk/{job_id}") as session:
            bulk.delete_job(session, bulk.job_of(session, job_id, ctx.user.user_id))
        outcome = operation_outcome(issue("information", "informational", "The export job was deleted."))
        return fhir_response(outcome, 202)

    @router.get("/bulk/{job_id}/{file}")
    @allow(Role.PATIENT, Role.CLINICIAN)
    def export_file(job_id: str, file: str, ctx: CtxDep) -> Response:
        """One output file of a finished job, as NDJSON."""
        with ctx.work("fhir.export.download", f"fhir/bulk/{job_id}/{file}") as session:
            job = bulk.job_of(session, job_id, ctx.user.user_id)
            kind = bulk.type_of_file(file)
            if job.status != ExportStatus.COMPLETED.value or kind is None:
                raise NotFound("export file")
            if not bulk.output_counts(session, job.id).get(kind):
                raise NotFound("export file")
        content = bulk.file_content(ctx.state.database, job_id, kind)
        return StreamingResponse(content, media_type=FHIR_NDJSON)


def _kick_off(
    request: Request, ctx: Ctx, settings: FhirSettings, wake: Callable[[], None], resource: str
) -> Response:
    with ctx.work("fhir.export.kickoff", resource) as session:
        asked = _export_request(request, ctx, settings)
        active = session.scalar(
            select(func.count())
            .select_from(FhirExportJob)
            .where(
                FhirExportJob.owner_id == ctx.user.user_id,
                FhirExportJob.status.in_([ExportStatus.PENDING.value, ExportStatus.RUNNING.value]),
            )
        )
        if (active or 0) >= MAX_ACTIVE_JOBS:
            raise Invalid.one(
                "$export", f"you have {MAX_ACTIVE_JOBS} exports in progress; wait or delete one"
            )
        job = bulk.create_job(session, asked, ctx.now())
    wake()
    location = f"{settings.base_url}/bulk/{job.id}"
    outcome = operation_outcome(issue("information", "informational", "The export was queued."))
    return fhir_response(outcome, 202, {"Content-Location": location})


def _export_request(request: Request, ctx: Ctx, settings: FhirSettings) -> bulk.ExportRequest:
    problems = Problems()
    prefer = request.headers.get("prefer")
    if prefer is None or "respond-async" not in prefer.lower():
        problems.add("Prefer", "a Bulk Data export needs the header Prefer: respond-async")
    items = request.query_params.multi_items()
    types: list[str] = []
    since: dt.datetime | None = None
    for name, value in items:
        if name == "_outputFormat" and value not in OUTPUT_FORMATS:
            problems.add(name, "only application/fhir+ndjson (or application/ndjson, ndjson) is written")
        elif name == "_type":
            for kind in (part.strip() for part in value.split(",") if part.strip()):
                if kind not in EXPORT_TYPES:
                    problems.add(name, f"not a resource type this server exports: {kind[:64]}")
                elif kind not in types:
                    types.append(kind)
        elif name == "_since":
            since = instant(name, value, problems)
        elif name not in KICK_OFF_PARAMETERS and not is_lenient(prefer):
            problems.add(
                name, "not a kick-off parameter supported here (Prefer: handling=lenient ignores it)"
            )
    problems.raise_any()
    path = request.url.path.removeprefix("/fhir")
    query = f"?{request.url.query}" if request.url.query else ""
    return bulk.ExportRequest(ctx.user.user_id, f"{settings.base_url}{path}{query}", tuple(types), since)


def _manifest_response(document: dict[str, object], expires: dt.datetime | None) -> Response:
    import orjson

    headers = {"Expires": _http_date(expires)} if expires is not None else None
    return Response(orjson.dumps(document), media_type="application/json", headers=headers)


def _http_date(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")

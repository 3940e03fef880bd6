"""Bulk Data $export jobs (FHIR Bulk Data Access IG, STU3): queued in the database with their output, so a job
survives a restart and several processes share the queue; fbss.fhir.bulk_worker runs them.

Here: creating, finding and deleting a job, its progress, its manifest and its output files. A deleted job
(DELETE on its status URL) is gone with its files.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from fbss.fhir.rest.record import instant
from fbss.fhir.rest.search import EXPORT_TYPES
from fbss.store.db import Database
from fbss.store.errors import NotFound
from fbss.store.models import ExportStatus, FhirExportChunk, FhirExportJob

ERRORS = "OperationOutcome"
ERROR_FILE = "errors.ndjson"


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What a kick-off asked for: by whom, the request URL, the types (empty: all) and `_since`."""

    owner_id: int
    request: str
    types: tuple[str, ...]
    since: dt.datetime | None


def create_job(session: Session, asked: ExportRequest, now: dt.datetime) -> FhirExportJob:
    job = FhirExportJob(
        id=str(uuid.uuid4()),
        owner_id=asked.owner_id,
        status=ExportStatus.PENDING.value,
        request=asked.request,
        types=list(asked.types),
        since=asked.since,
        patients_done=0,
        cursor=0,
        created_at=now,
    )
    session.add(job)
    session.flush()
    return job


def job_of(session: Session, job_id: str, owner_id: int) -> FhirExportJob:
    """The caller's own job; anyone else's answers like a missing one."""
    job = session.get(FhirExportJob, job_id)
    if job is None or job.owner_id != owner_id:
        raise NotFound("export job")
    return job


def delete_job(session: Session, job: FhirExportJob) -> None:
    session.execute(delete(FhirExportChunk).where(FhirExportChunk.job_id == job.id))
    session.delete(job)
    session.flush()


def progress(job: FhirExportJob) -> str:
    """The X-Progress text of a job still in progress."""
    if job.status == ExportStatus.PENDING.value or job.patients_total is None:
        return "queued" if job.patients_done == 0 else f"resuming after {job.patients_done} patients"
    return f"{job.patients_done} of {job.patients_total} patients"


def output_counts(session: Session, job_id: str) -> dict[str, int]:
    """Resource type -> lines written, for a job's files."""
    rows = session.execute(
        select(FhirExportChunk.resource_type, func.sum(FhirExportChunk.count))
        .where(FhirExportChunk.job_id == job_id)
        .group_by(FhirExportChunk.resource_type)
    ).all()
    return {kind: int(total) for kind, total in rows}


def file_name(resource_type: str) -> str:
    return ERROR_FILE if resource_type == ERRORS else f"{resource_type}.ndjson"


def type_of_file(name: str) -> str | None:
    if name == ERROR_FILE:
        return ERRORS
    kind = name.removesuffix(".ndjson")
    return kind if name.endswith(".ndjson") and kind in EXPORT_TYPES else None


def manifest(job: FhirExportJob, counts: dict[str, int], base_url: str) -> dict[str, Any]:
    """The complete-status body: transactionTime, request, requiresAccessToken, output and error files."""
    location = f"{base_url}/bulk/{job.id}"
    output = [
        {"type": kind, "url": f"{location}/{file_name(kind)}", "count": counts[kind]}
        for kind in EXPORT_TYPES
        if counts.get(kind)
    ]
    errors = [{"type": ERRORS, "url": f"{location}/{ERROR_FILE}"}] if counts.get(ERRORS) else []
    assert job.transaction_time is not None
    return {
        "transactionTime": instant(job.transaction_time),
        "request": job.request,
        "requiresAccessToken": True,
        "output": output,
        "error": errors,
    }


def file_content(database: Database, job_id: str, resource_type: str) -> Iterator[bytes]:
    """The lines of one output file, a stored chunk at a time (a short transaction each)."""
    with database.transaction() as session:
        chunk_ids = list(
            session.scalars(
                select(FhirExportChunk.id)
                .where(FhirExportChunk.job_id == job_id, FhirExportChunk.resource_type == resource_type)
                .order_by(FhirExportChunk.id)
            )
        )
    for chunk_id in chunk_ids:
        with database.transaction() as session:
            content = session.scalar(select(FhirExportChunk.content_z).where(FhirExportChunk.id == chunk_id))
        if content is not None:
            yield zlib.decompress(content)

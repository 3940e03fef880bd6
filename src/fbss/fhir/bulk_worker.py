"""The Bulk Data export worker: a thread in every app process that runs the queued $export jobs.

A worker claims a job with a conditional UPDATE (pending, or running with an expired lease), so of several
processes exactly one gets it, and writes it a batch of patients at a time: each batch's NDJSON lines, audit
entries and progress cursor commit together. A worker that dies mid-way leaves a job another one continues where
it stopped once the lease runs out; a worker stopping cleanly hands its job back at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
import zlib
from typing import Any, Protocol

import orjson
from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from fbss.fhir.bulk import ERRORS
from fbss.fhir.rest.access import visible_to_user
from fbss.fhir.rest.outcome import issue, operation_outcome
from fbss.fhir.rest.record import patient_record
from fbss.fhir.rest.search import last_updated
from fbss.settings import FhirSettings
from fbss.store import audit
from fbss.store.audit import AuditEvent, Outcome
from fbss.store.db import Database
from fbss.store.models import ExportStatus, FhirExportChunk, FhirExportJob, Patient, User

log = logging.getLogger("fbss.fhir.bulk")


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class ExportWorker:
    """Runs export jobs in a background thread of this process; `step` and `claim` are its parts."""

    def __init__(self, database: Database, clock: Clock, audit_key: bytes, settings: FhirSettings) -> None:
        self.database = database
        self.clock = clock
        self.audit_key = audit_key
        self.settings = settings
        self.name = f"worker-{uuid.uuid4().hex[:12]}"
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._users = 0
        self._lock = threading.Lock()

    # --- the thread ------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the thread (counted: an app served by several clients at once starts it once)."""
        with self._lock:
            self._users += 1
            if self._thread is not None:
                return
            self._stopping.clear()
            self._thread = threading.Thread(target=self._loop, name=f"fbss-{self.name}", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the thread when its last user stops, and hand back any job it was running."""
        with self._lock:
            self._users = max(0, self._users - 1)
            if self._users or self._thread is None:
                return
            thread, self._thread = self._thread, None
        self._stopping.set()
        self._wake.set()
        thread.join(timeout=60)
        self.release()

    def wake(self) -> None:
        """Look for work now (a job was just queued)."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                worked = self.run_pending()
            except Exception:
                log.exception("export worker: unexpected error")
                worked = False
            if not worked:
                self._wake.wait(self.settings.bulk_poll_seconds)
                self._wake.clear()

    def run_pending(self) -> bool:
        """Claim one job and run it until it ends, is deleted, or this worker stops; False when idle."""
        job_id = self.claim()
        if job_id is None:
            self.purge_expired()
            return False
        while not self._stopping.is_set() and self.step(job_id):
            pass
        return True

    # --- claiming --------------------------------------------------------------------------------------------

    def claim(self) -> str | None:
        """Take the oldest job that is pending or whose worker's lease ran out (one process wins each)."""
        now = self.clock.now()
        with self.database.transaction() as session:
            candidates = list(
                session.scalars(
                    select(FhirExportJob.id)
                    .where(_claimable(now))
                    .order_by(FhirExportJob.created_at)
                    .limit(10)
                )
            )
        for job_id in candidates:
            with self.database.transaction() as session:
                taken = session.execute(
                    update(FhirExportJob)
                    .where(FhirExportJob.id == job_id, _claimable(now))
                    .values(
                        status=ExportStatus.RUNNING.value,
                        lease_owner=self.name,
                        lease_until=now + self._lease(),
                    )
                    .execution_options(synchronize_session=False)
                )
                if taken.rowcount != 1:  # type: ignore[attr-defined]
                    continue
                session.execute(
                    update(FhirExportJob)
                    .where(FhirExportJob.id == job_id, FhirExportJob.transaction_time.is_(None))
                    .values(transaction_time=now)
                    .execution_options(synchronize_session=False)
                )
                return job_id
        return None

    def release(self) -> None:
        """Hand back the jobs this worker holds, so another process picks them up at once."""
        with self.database.transaction() as session:
            session.execute(
                update(FhirExportJob)
                .where(
                    FhirExportJob.lease_owner == self.name, FhirExportJob.status == ExportStatus.RUNNING.value
                )
                .values(status=ExportStatus.PENDING.value, lease_owner=None, lease_until=None)
                .execution_options(synchronize_session=False)
            )

    def purge_expired(self) -> None:
        now = self.clock.now()
        with self.database.transaction() as session:
            expired = list(session.scalars(select(FhirExportJob.id).where(FhirExportJob.expires_at < now)))
            if expired:
                session.execute(delete(FhirExportChunk).where(FhirExportChunk.job_id.in_(expired)))
                session.execute(delete(FhirExportJob).where(FhirExportJob.id.in_(expired)))

    def _lease(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.settings.bulk_lease_seconds)

    # --- running ---------------------------------------------------------------------------------------------

    def step(self, job_id: str) -> bool:
        """Write the next batch of patients of a job this worker holds; False when there is nothing more to do."""
        try:
            with self.database.transaction() as session:
                return self._step(session, job_id)
        except Exception as error:
            log.exception("export job %s failed", job_id)
            self._fail(job_id, f"the export stopped on an internal error ({type(error).__name__})")
            return False

    def _step(self, session: Session, job_id: str) -> bool:
        now = self.clock.now()
        job = session.scalars(
            select(FhirExportJob).where(FhirExportJob.id == job_id).with_for_update()
        ).first()
        if job is None or job.status != ExportStatus.RUNNING.value or job.lease_owner != self.name:
            return False  # deleted, finished, or taken over by another worker
        owner = session.get(User, job.owner_id)
        if owner is None or not owner.active:
            _finish(
                job, now, self.settings, ExportStatus.FAILED, "the account that asked for it is not active"
            )
            return False
        scope = visible_to_user(owner)
        if job.patients_total is None:
            job.patients_total = session.scalar(select(func.count()).select_from(scope.subquery())) or 0
        batch = list(
            session.scalars(
                scope.where(Patient.id > job.cursor)
                .order_by(Patient.id)
                .limit(self.settings.bulk_batch_patients)
            )
        )
        if not batch:
            _finish(job, now, self.settings, ExportStatus.COMPLETED)
            return False
        lines = self._lines(session, job, batch, owner, now)
        for kind, rows in lines.items():
            content = zlib.compress(b"".join(row + b"\n" for row in rows), 6)
            session.add(
                FhirExportChunk(job_id=job.id, resource_type=kind, count=len(rows), content_z=content)
            )
        job.cursor = batch[-1]
        job.patients_done += len(batch)
        job.lease_until = now + self._lease()
        return True

    def _lines(
        self, session: Session, job: FhirExportJob, batch: list[int], owner: User, now: dt.datetime
    ) -> dict[str, list[bytes]]:
        assert job.transaction_time is not None
        as_of = job.transaction_time.date()
        wanted = set(job.types)
        device_written = self._has_device(session, job.id)
        lines: dict[str, list[bytes]] = {}
        for patient_id in batch:
            try:
                with session.begin_nested():
                    record = patient_record(session, patient_id, as_of)
            except Exception as error:
                log.warning(
                    "export job %s: patient %s not exported (%s)", job.id, patient_id, type(error).__name__
                )
                message = f"Patient/{patient_id}: the record could not be exported ({type(error).__name__})"
                lines.setdefault(ERRORS, []).append(
                    orjson.dumps(operation_outcome(issue("error", "exception", message)))
                )
                continue
            for resource in record.resources:
                kind = resource["resourceType"]
                if (wanted and kind not in wanted) or (kind == "Device" and device_written):
                    continue
                if job.since is not None and (last_updated(resource) or job.since) <= job.since:
                    continue
                device_written = device_written or kind == "Device"
                lines.setdefault(kind, []).append(orjson.dumps(resource))
            event = AuditEvent(
                "fhir.export",
                f"fhir/bulk/{job.id}",
                Outcome.OK,
                owner.id,
                owner.username,
                owner.role,
                patient_id,
            )
            audit.append(session, self.audit_key, event, now)
        return lines

    def _has_device(self, session: Session, job_id: str) -> bool:
        found = session.scalar(
            select(FhirExportChunk.id)
            .where(FhirExportChunk.job_id == job_id, FhirExportChunk.resource_type == "Device")
            .limit(1)
        )
        return found is not None

    def _fail(self, job_id: str, message: str) -> None:
        with self.database.transaction() as session:
            job = session.get(FhirExportJob, job_id)
            if job is not None and job.lease_owner == self.name:
                _finish(job, self.clock.now(), self.settings, ExportStatus.FAILED, message)


def _claimable(now: dt.datetime) -> Any:
    return or_(
        FhirExportJob.status == ExportStatus.PENDING.value,
        and_(FhirExportJob.status == ExportStatus.RUNNING.value, FhirExportJob.lease_until < now),
    )


def _finish(
    job: FhirExportJob,
    now: dt.datetime,
    settings: FhirSettings,
    status: ExportStatus,
    error: str | None = None,
) -> None:
    job.status = status.value
    job.error = error
    job.finished_at = now
    job.expires_at = now + dt.timedelta(hours=settings.bulk_retention_hours)
    job.lease_owner = None
    job.lease_until = None

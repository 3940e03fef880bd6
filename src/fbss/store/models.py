"""Tables. What was observed is the record; assessments are derived and kept as snapshots.

Every row of patient data carries its patient, created and updated stamps and a version that SQLAlchemy checks
on every UPDATE (optimistic concurrency), so a stale write fails instead of overwriting.
"""

from __future__ import annotations

import datetime as dt
import zlib
from enum import StrEnum
from typing import Any

import orjson
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Json = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Timestamps stored in UTC and always returned timezone-aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC timestamp")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Role(StrEnum):
    PATIENT = "patient"
    CLINICIAN = "clinician"
    ADMIN = "admin"


class Specialty(StrEnum):
    PAIN_MANAGEMENT = "pain_management"
    PAIN_PSYCHOLOGY = "pain_psychology"
    ORTHOPEDIC_SURGERY = "orthopedic_surgery"
    NEUROLOGICAL_SURGERY = "neurological_surgery"
    PRIMARY_CARE = "primary_care"
    PHYSICAL_THERAPY = "physical_therapy"


class ReferralStatus(StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    COMPLETED = "completed"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class Stamped:
    """Created and updated stamps and the optimistic-concurrency version."""

    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class PatientData(Stamped):
    """A row of one patient's record."""

    @declared_attr
    def patient_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)


class Patient(Stamped, Base):
    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mrn: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(10))


class User(Stamped, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    specialty: Mapped[str | None] = mapped_column(String(40))
    patient_id: Mapped[int | None] = mapped_column(
        ForeignKey("patients.id", ondelete="SET NULL"), unique=True, nullable=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Observation(PatientData, Base):
    """One observed fact: its payload is a part of the clinical Case, validated by the matching model."""

    __tablename__ = "observations"
    __table_args__ = (Index("ix_observations_patient_kind_date", "patient_id", "kind", "observed_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    observed_on: Mapped[dt.date] = mapped_column(Date)
    payload: Mapped[dict[str, Any]] = mapped_column(Json)
    entered_in_error: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class CareTeamMember(PatientData, Base):
    __tablename__ = "care_team"
    __table_args__ = (UniqueConstraint("patient_id", "user_id", name="uq_care_team_patient_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    responsibility: Mapped[str | None] = mapped_column(String(200))


class Referral(PatientData, Base):
    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    to_specialty: Mapped[str] = mapped_column(String(40))
    to_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=ReferralStatus.REQUESTED.value)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Task(PatientData, Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_open_due", "done", "due_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    done_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Note(PatientData, Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)


class Alert(PatientData, Base):
    """A patient's answer that the care team must see now (a red flag, thoughts of self-harm)."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_open", "patient_id", "acknowledged_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    severity: Mapped[str | None] = mapped_column(String(20))
    observation_id: Mapped[int | None] = mapped_column(ForeignKey("observations.id", ondelete="SET NULL"))
    acknowledged_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class AssessmentSnapshot(PatientData, Base):
    """What assess() concluded from one set of inputs, with the knowledge version, so it can be reproduced.

    The assessment document (often over 100 kB of JSON: every finding with its reasons and sources) is kept
    zlib-compressed, about a tenth of the size; `result` gives it back as a dict.
    """

    __tablename__ = "assessment_snapshots"
    __table_args__ = (
        UniqueConstraint("patient_id", "inputs_hash", name="uq_assessment_snapshots_patient_inputs"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    knowledge_version: Mapped[str] = mapped_column(String(40))
    inputs_hash: Mapped[str] = mapped_column(String(64))
    inputs: Mapped[dict[str, Any]] = mapped_column(Json)
    result_z: Mapped[bytes] = mapped_column(LargeBinary)

    @property
    def result(self) -> dict[str, Any]:
        document: dict[str, Any] = orjson.loads(zlib.decompress(self.result_z))
        return document

    @staticmethod
    def pack(result: dict[str, Any]) -> bytes:
        return zlib.compress(orjson.dumps(result), 6)


class AuthSession(Base):
    """A login session (or a pre-login session that only carries a CSRF token). Only a hash of the token is kept."""

    __tablename__ = "auth_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)


class LoginAttempt(Base):
    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_username_at", "username", "at"),
        Index("ix_login_attempts_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    succeeded: Mapped[bool] = mapped_column(Boolean)


class AuditEntry(Base):
    """Append-only; each entry's hash covers its content and the previous hash (see store.audit)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_patient_at", "patient_id", "at"),
        Index("ix_audit_log_user_at", "user_id", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str | None] = mapped_column(String(80))
    role: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    resource: Mapped[str] = mapped_column(String(200))
    patient_id: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The single row that serialises appends to the audit chain (locked FOR UPDATE on PostgreSQL)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


class PatientSummary(Base):
    """Headline of each patient's latest assessment, for the patient list's filters (derived, rebuilt freely)."""

    __tablename__ = "patient_summaries"

    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), primary_key=True)
    snapshot_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment_snapshots.id", ondelete="SET NULL"), nullable=True
    )
    as_of: Mapped[dt.date] = mapped_column(Date)
    open_red_flags: Mapped[list[str]] = mapped_column(Json, default=list)
    has_open_red_flag: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    highest_severity: Mapped[str | None] = mapped_column(String(20))
    mechanism: Mapped[str | None] = mapped_column(String(20), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)


# --- FHIR interoperability ----------------------------------------------------------------------------------


class FhirIdentity(PatientData, Base):
    """A FHIR identity an import matched to our record, so importing the same data again changes nothing.

    `key` is a Patient's identity (`identifier:<system>|<value>`, `Patient/<id>`) when `observation_id` is
    None, else one part of one imported resource (`<resource identity>#<case field>#<n>`).
    """

    __tablename__ = "fhir_identities"
    __table_args__ = (
        UniqueConstraint("patient_id", "key", name="uq_fhir_identities_patient_key"),
        Index("ix_fhir_identities_key", "key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(500))
    observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("observations.id", ondelete="CASCADE"), nullable=True, index=True
    )


class ExportStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class FhirExportJob(Base):
    """A Bulk Data $export job: its request, its progress cursor and the lease of the worker running it.

    A worker claims a job with a conditional UPDATE (pending, or running with an expired lease), so any number of
    processes can share the queue; the output is stored beside it in `fhir_export_chunks`.
    """

    __tablename__ = "fhir_export_jobs"
    __table_args__ = (Index("ix_fhir_export_jobs_status_lease", "status", "lease_until"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=ExportStatus.PENDING.value)
    request: Mapped[str] = mapped_column(Text)
    types: Mapped[list[str]] = mapped_column(Json, default=list)
    since: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    transaction_time: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    patients_total: Mapped[int | None] = mapped_column(Integer)
    patients_done: Mapped[int] = mapped_column(Integer, default=0)
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), index=True)


class FhirExportChunk(Base):
    """Part of one output file of an export job: NDJSON lines of one resource type, zlib-compressed."""

    __tablename__ = "fhir_export_chunks"
    __table_args__ = (Index("ix_fhir_export_chunks_job_type", "job_id", "resource_type", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("fhir_export_jobs.id", ondelete="CASCADE"))
    resource_type: Mapped[str] = mapped_column(String(64))
    count: Mapped[int] = mapped_column(Integer)
    content_z: Mapped[bytes] = mapped_column(LargeBinary)


# --- CDS Hooks state (shared by every process) ----------------------------------------------------------------


class CdsSeenJti(Base):
    """A JWT id seen from an issuer, kept until the token expires: a second use is a replay."""

    __tablename__ = "cds_seen_jti"

    issuer: Mapped[str] = mapped_column(String(500), primary_key=True)
    jti: Mapped[str] = mapped_column(String(500), primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)


class CdsFeedback(Base):
    """One feedback entry an EHR sent about a card (stored once, however often it is sent)."""

    __tablename__ = "cds_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    service_id: Mapped[str] = mapped_column(String(100), index=True)
    card: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(20))
    outcome_timestamp: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class CdsScsState(Base):
    """The SCS pathway state last shown for an EHR's patient (issuer and patient id), to notice changes."""

    __tablename__ = "cds_scs_state"

    patient_key: Mapped[str] = mapped_column(String(500), primary_key=True)
    state: Mapped[str] = mapped_column(Text)  # the scs.* findings and their statuses, as JSON

"""FHIR identities of imported records, Bulk Data export jobs and their output, and the CDS Hooks state
(seen JWT ids, feedback, SCS pathway state) that every process must share.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _timestamp(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    _create_fhir_identities()
    _create_export_jobs()
    _create_cds_hooks_state()


def _create_fhir_identities() -> None:
    op.create_table(
        "fhir_identities",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(500), nullable=False),
        sa.Column("observation_id", sa.Integer()),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name="fk_fhir_identities_patient_id_patients", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["observation_id"],
            ["observations.id"],
            name="fk_fhir_identities_observation_id_observations",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("patient_id", "key", name="uq_fhir_identities_patient_key"),
    )
    op.create_index("ix_fhir_identities_key", "fhir_identities", ["key"])
    op.create_index("ix_fhir_identities_patient_id", "fhir_identities", ["patient_id"])
    op.create_index("ix_fhir_identities_observation_id", "fhir_identities", ["observation_id"])


def _create_export_jobs() -> None:
    op.create_table(
        "fhir_export_jobs",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("types", Json, nullable=False),
        _timestamp("since", nullable=True),
        _timestamp("transaction_time", nullable=True),
        sa.Column("patients_total", sa.Integer()),
        sa.Column("patients_done", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(64)),
        _timestamp("lease_until", nullable=True),
        sa.Column("error", sa.Text()),
        _timestamp("created_at"),
        _timestamp("finished_at", nullable=True),
        _timestamp("expires_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name="fk_fhir_export_jobs_owner_id_users", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_fhir_export_jobs_owner_id", "fhir_export_jobs", ["owner_id"])
    op.create_index("ix_fhir_export_jobs_expires_at", "fhir_export_jobs", ["expires_at"])
    op.create_index("ix_fhir_export_jobs_status_lease", "fhir_export_jobs", ["status", "lease_until"])
    op.create_table(
        "fhir_export_chunks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("job_id", sa.String(36), nullable=False),
        sa.Column("resource_type", sa.String(64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("content_z", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["fhir_export_jobs.id"],
            name="fk_fhir_export_chunks_job_id_fhir_export_jobs",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_fhir_export_chunks_job_type", "fhir_export_chunks", ["job_id", "resource_type", "id"])


def _create_cds_hooks_state() -> None:
    op.create_table(
        "cds_seen_jti",
        sa.Column("issuer", sa.String(500), nullable=False),
        sa.Column("jti", sa.String(500), nullable=False),
        _timestamp("expires_at"),
        sa.PrimaryKeyConstraint("issuer", "jti", name="pk_cds_seen_jti"),
    )
    op.create_index("ix_cds_seen_jti_expires_at", "cds_seen_jti", ["expires_at"])
    op.create_table(
        "cds_feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("service_id", sa.String(100), nullable=False),
        sa.Column("card", sa.String(100), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("outcome_timestamp", sa.String(40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _timestamp("received_at"),
        sa.UniqueConstraint("fingerprint", name="uq_cds_feedback_fingerprint"),
    )
    op.create_index("ix_cds_feedback_service_id", "cds_feedback", ["service_id"])
    op.create_table(
        "cds_scs_state",
        sa.Column("patient_key", sa.String(500), primary_key=True),
        sa.Column("state", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "cds_scs_state",
        "cds_feedback",
        "cds_seen_jti",
        "fhir_export_chunks",
        "fhir_export_jobs",
        "fhir_identities",
    ):
        op.drop_table(table)

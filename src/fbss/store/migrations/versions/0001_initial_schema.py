"""Initial schema: patients, accounts, the observed record, care-team workflow, snapshots, sessions, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS_HASH = "0" * 64
Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _timestamp(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _stamps() -> list[sa.Column[Any]]:
    return [
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _patient(table: str) -> list[Any]:
    return [
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=f"fk_{table}_patient_id_patients", ondelete="CASCADE"
        ),
        *_stamps(),
    ]


def _user_fk(table: str, column: str, ondelete: str = "SET NULL") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=f"fk_{table}_{column}_users", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "patients",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("mrn", sa.String(40), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("birth_date", sa.Date()),
        sa.Column("sex", sa.String(10)),
        *_stamps(),
        sa.UniqueConstraint("mrn", name="uq_patients_mrn"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("specialty", sa.String(40)),
        sa.Column("patient_id", sa.Integer()),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name="fk_users_patient_id_patients", ondelete="SET NULL"
        ),
        sa.UniqueConstraint("username", name="uq_users_username"),
        sa.UniqueConstraint("patient_id", name="uq_users_patient_id"),
    )
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("payload", Json, nullable=False),
        sa.Column("entered_in_error", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.Integer()),
        _user_fk("observations", "recorded_by"),
        *_patient("observations"),
    )
    op.create_index("ix_observations_patient_id", "observations", ["patient_id"])
    op.create_index(
        "ix_observations_patient_kind_date", "observations", ["patient_id", "kind", "observed_on"]
    )
    op.create_table(
        "care_team",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("responsibility", sa.String(200)),
        _user_fk("care_team", "user_id", ondelete="CASCADE"),
        *_patient("care_team"),
        sa.UniqueConstraint("patient_id", "user_id", name="uq_care_team_patient_user"),
    )
    op.create_index("ix_care_team_patient_id", "care_team", ["patient_id"])
    op.create_index("ix_care_team_user_id", "care_team", ["user_id"])
    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("to_specialty", sa.String(40), nullable=False),
        sa.Column("to_user_id", sa.Integer()),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_by", sa.Integer()),
        _user_fk("referrals", "to_user_id"),
        _user_fk("referrals", "created_by"),
        *_patient("referrals"),
    )
    op.create_index("ix_referrals_patient_id", "referrals", ["patient_id"])
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("assignee_id", sa.Integer()),
        sa.Column("due_on", sa.Date()),
        sa.Column("done", sa.Boolean(), nullable=False),
        _timestamp("done_at", nullable=True),
        sa.Column("done_by", sa.Integer()),
        sa.Column("created_by", sa.Integer()),
        _user_fk("tasks", "assignee_id"),
        _user_fk("tasks", "done_by"),
        _user_fk("tasks", "created_by"),
        *_patient("tasks"),
    )
    op.create_index("ix_tasks_patient_id", "tasks", ["patient_id"])
    op.create_index("ix_tasks_assignee_id", "tasks", ["assignee_id"])
    op.create_index("ix_tasks_open_due", "tasks", ["done", "due_on"])
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("author_id", sa.Integer()),
        sa.Column("text", sa.Text(), nullable=False),
        _user_fk("notes", "author_id"),
        *_patient("notes"),
    )
    op.create_index("ix_notes_patient_id", "notes", ["patient_id"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("severity", sa.String(20)),
        sa.Column("observation_id", sa.Integer()),
        sa.Column("acknowledged_by", sa.Integer()),
        _timestamp("acknowledged_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["observation_id"],
            ["observations.id"],
            name="fk_alerts_observation_id_observations",
            ondelete="SET NULL",
        ),
        _user_fk("alerts", "acknowledged_by"),
        *_patient("alerts"),
    )
    op.create_index("ix_alerts_patient_id", "alerts", ["patient_id"])
    op.create_index("ix_alerts_open", "alerts", ["patient_id", "acknowledged_at"])
    op.create_table(
        "assessment_snapshots",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("knowledge_version", sa.String(40), nullable=False),
        sa.Column("inputs_hash", sa.String(64), nullable=False),
        sa.Column("inputs", Json, nullable=False),
        sa.Column("result_z", sa.LargeBinary(), nullable=False),
        *_patient("assessment_snapshots"),
        sa.UniqueConstraint("patient_id", "inputs_hash", name="uq_assessment_snapshots_patient_inputs"),
    )
    op.create_index("ix_assessment_snapshots_patient_id", "assessment_snapshots", ["patient_id"])
    op.create_table(
        "patient_summaries",
        sa.Column("patient_id", sa.Integer(), primary_key=True),
        sa.Column("snapshot_id", sa.Integer()),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("open_red_flags", Json, nullable=False),
        sa.Column("has_open_red_flag", sa.Boolean(), nullable=False),
        sa.Column("highest_severity", sa.String(20)),
        sa.Column("mechanism", sa.String(20)),
        _timestamp("updated_at"),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name="fk_patient_summaries_patient_id_patients",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["assessment_snapshots.id"],
            name="fk_patient_summaries_snapshot_id_assessment_snapshots",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_patient_summaries_has_open_red_flag", "patient_summaries", ["has_open_red_flag"])
    op.create_index("ix_patient_summaries_mechanism", "patient_summaries", ["mechanism"])
    op.create_table(
        "auth_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer()),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        _timestamp("created_at"),
        _timestamp("last_seen_at"),
        _timestamp("expires_at"),
        _user_fk("auth_sessions", "user_id", ondelete="CASCADE"),
    )
    op.create_index("ix_auth_sessions_user_id", "auth_sessions", ["user_id"])
    op.create_index("ix_auth_sessions_expires_at", "auth_sessions", ["expires_at"])
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        _timestamp("at"),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_login_attempts_username_at", "login_attempts", ["username", "at"])
    op.create_index("ix_login_attempts_address_at", "login_attempts", ["address", "at"])
    _create_audit_log()


def _create_audit_log() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        _timestamp("at"),
        sa.Column("user_id", sa.Integer()),
        sa.Column("username", sa.String(80)),
        sa.Column("role", sa.String(20)),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("resource", sa.String(200), nullable=False),
        sa.Column("patient_id", sa.Integer()),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_log_patient_at", "audit_log", ["patient_id", "at"])
    op.create_index("ix_audit_log_user_at", "audit_log", ["user_id", "at"])
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
    )
    op.bulk_insert(head, [{"id": 1, "last_id": 0, "last_hash": GENESIS_HASH}])
    # Defence in depth: the database itself refuses to change or delete audit entries (the hash chain
    # detects it if someone with owner rights drops these triggers first).
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    for table in (
        "audit_head",
        "audit_log",
        "login_attempts",
        "auth_sessions",
        "patient_summaries",
        "assessment_snapshots",
        "alerts",
        "notes",
        "tasks",
        "referrals",
        "care_team",
        "observations",
        "users",
        "patients",
    ):
        op.drop_table(table)

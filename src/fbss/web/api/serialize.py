"""Rows as JSON objects. Every patient-data object carries its version for the next edit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fbss.store.models import (
    Alert,
    AuditEntry,
    CareTeamMember,
    Note,
    Observation,
    Patient,
    PatientSummary,
    Referral,
    Task,
    User,
)


def _stamps(row: Any) -> dict[str, Any]:
    return {"version": row.version, "created_at": _iso(row.created_at), "updated_at": _iso(row.updated_at)}


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def patient(row: Patient, summary: PatientSummary | None = None) -> dict[str, Any]:
    found = {
        "id": row.id,
        "mrn": row.mrn,
        "display_name": row.display_name,
        "birth_date": _iso(row.birth_date),
        "sex": row.sex,
        **_stamps(row),
    }
    if summary is not None:
        found["summary"] = {
            "as_of": _iso(summary.as_of),
            "open_red_flags": summary.open_red_flags,
            "highest_severity": summary.highest_severity,
            "mechanism": summary.mechanism,
        }
    return found


def user(row: User) -> dict[str, Any]:
    return {
        "id": row.id,
        "username": row.username,
        "display_name": row.display_name,
        "role": row.role,
        "specialty": row.specialty,
        "patient_id": row.patient_id,
        "active": row.active,
        **_stamps(row),
    }


def colleague(row: User) -> dict[str, Any]:
    """What a care team shows of a clinician."""
    return {"id": row.id, "display_name": row.display_name, "specialty": row.specialty}


def observation(row: Observation) -> dict[str, Any]:
    return {
        "id": row.id,
        "patient_id": row.patient_id,
        "kind": row.kind,
        "observed_on": _iso(row.observed_on),
        "payload": row.payload,
        "entered_in_error": row.entered_in_error,
        "recorded_by": row.recorded_by,
        **_stamps(row),
    }


def care_team_member(member: CareTeamMember, clinician: User) -> dict[str, Any]:
    return {
        "id": member.id,
        "responsibility": member.responsibility,
        "clinician": colleague(clinician),
        **_stamps(member),
    }


def referral(row: Referral) -> dict[str, Any]:
    return {
        "id": row.id,
        "to_specialty": row.to_specialty,
        "to_user_id": row.to_user_id,
        "reason": row.reason,
        "status": row.status,
        "created_by": row.created_by,
        **_stamps(row),
    }


def task(row: Task) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "assignee_id": row.assignee_id,
        "due_on": _iso(row.due_on),
        "done": row.done,
        "done_at": _iso(row.done_at),
        "done_by": row.done_by,
        **_stamps(row),
    }


def note(row: Note) -> dict[str, Any]:
    return {"id": row.id, "author_id": row.author_id, "text": row.text, **_stamps(row)}


def alert(row: Alert) -> dict[str, Any]:
    return {
        "id": row.id,
        "code": row.code,
        "title": row.title,
        "severity": row.severity,
        "observation_id": row.observation_id,
        "acknowledged_by": row.acknowledged_by,
        "acknowledged_at": _iso(row.acknowledged_at),
        **_stamps(row),
    }


def audit_entry(row: AuditEntry) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": _iso(row.at),
        "user_id": row.user_id,
        "username": row.username,
        "role": row.role,
        "action": row.action,
        "resource": row.resource,
        "patient_id": row.patient_id,
        "outcome": row.outcome,
    }

"""Patients: the list, registration, and each patient's case and assessment."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query

from fbss.store import snapshots
from fbss.store.accounts import get_user
from fbss.store.casebuilder import build_case
from fbss.store.models import PatientSummary, Role
from fbss.store.patients import PatientQuery, create_patient, get_patient, list_patients
from fbss.web.access import allow
from fbss.web.api import serialize
from fbss.web.api.schemas import PatientIn
from fbss.web.context import Ctx, CtxDep
from fbss.web.errors import Problem

router = APIRouter(tags=["patients"])
CARE = (Role.CLINICIAN, Role.PATIENT)


@router.get("/patients")
@allow(Role.CLINICIAN, Role.PATIENT, Role.ADMIN)
def patients(
    ctx: CtxDep,
    search: Annotated[str | None, Query(max_length=100)] = None,
    open_red_flag: bool = False,
    overdue_task: bool = False,
    mechanism: Annotated[str | None, Query(max_length=20)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """The patients you may see (a clinician: those whose care team includes you), with their summary."""
    where = PatientQuery(search, open_red_flag, overdue_task, mechanism, limit, offset)
    with ctx.work("list", "patients") as session:
        viewer = get_user(session, ctx.user.user_id)
        rows, total = list_patients(session, viewer, ctx.today(), where)
        if ctx.is_role(Role.ADMIN):  # admins manage people, not clinical content
            return {"total": total, "patients": [serialize.patient(r.patient) for r in rows]}
        return {
            "total": total,
            "patients": [
                {
                    **serialize.patient(r.patient, r.summary),
                    "open_alerts": r.open_alerts,
                    "overdue_tasks": r.overdue_tasks,
                }
                for r in rows
            ],
        }


@router.post("/patients", status_code=201)
@allow(Role.ADMIN)
def register_patient(body: PatientIn, ctx: CtxDep) -> dict[str, Any]:
    """Register a patient (admin)."""
    with ctx.work("create", "patients") as session:
        row = create_patient(session, body.mrn, body.display_name, body.birth_date, body.sex)
        return serialize.patient(row)


@router.get("/patients/{patient_id}")
@allow(Role.CLINICIAN, Role.PATIENT, Role.ADMIN)
def patient(patient_id: int, ctx: CtxDep) -> dict[str, Any]:
    """The patient's registration, and for the care team the latest summary (open red flags, phenotype)."""
    with ctx.work("read", f"patient/{patient_id}") as session:
        summary = None if ctx.is_role(Role.ADMIN) else session.get(PatientSummary, patient_id)
        return serialize.patient(get_patient(session, patient_id), summary)


def _as_of(ctx: Ctx, as_of: dt.date | None) -> dt.date:
    today = ctx.today()
    if as_of is not None and as_of > today:
        raise Problem("as_of cannot be in the future")
    return as_of or today


@router.get("/patients/{patient_id}/case")
@allow(*CARE)
def case(patient_id: int, ctx: CtxDep, as_of: dt.date | None = None) -> dict[str, Any]:
    """The clinical Case assembled from the record as of the date (default today)."""
    day = _as_of(ctx, as_of)
    with ctx.work("read", f"patient/{patient_id}/case") as session:
        return build_case(session, patient_id, day).model_dump(mode="json")


@router.get("/patients/{patient_id}/assessment")
@allow(*CARE)
def assessment(patient_id: int, ctx: CtxDep, as_of: dt.date | None = None) -> dict[str, Any]:
    """The assessment (docs/output.md shape) of the record as of the date, stored as a snapshot."""
    day = _as_of(ctx, as_of)
    with ctx.work("read", f"patient/{patient_id}/assessment") as session:
        assessed = snapshots.assess_patient(session, patient_id, day, ctx.state.settings.snapshot_assessments)
        return {"snapshot_id": assessed.snapshot_id, **assessed.result}


@router.get("/patients/{patient_id}/snapshots")
@allow(Role.CLINICIAN)
def snapshot_list(patient_id: int, ctx: CtxDep) -> dict[str, Any]:
    """The stored assessments, newest first, each with its knowledge version and open red flags."""
    with ctx.work("read", f"patient/{patient_id}/snapshots") as session:
        return {
            "snapshots": [
                {
                    "id": row.id,
                    "as_of": row.as_of.isoformat(),
                    "knowledge_version": row.knowledge_version,
                    "created_at": row.created_at.isoformat(),
                    "open_red_flags": row.result.get("summary", {}).get("open_red_flags", []),
                }
                for row in snapshots.snapshot_history(session, patient_id)
            ]
        }

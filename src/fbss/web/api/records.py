"""The observed record: observations of every kind, and a patient's own answers saved together."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from fbss.store import records
from fbss.store.errors import Invalid
from fbss.store.models import Role
from fbss.web.access import allow
from fbss.web.answers import PATIENT_KINDS, record_answers
from fbss.web.api import serialize
from fbss.web.api.schemas import AnswersIn, ObservationEdit, ObservationIn
from fbss.web.context import Ctx, CtxDep
from fbss.web.errors import Forbidden

router = APIRouter(tags=["record"])
CARE = (Role.CLINICIAN, Role.PATIENT)


def _may_record(ctx: Ctx, kind: str) -> None:
    if ctx.is_role(Role.PATIENT) and kind not in PATIENT_KINDS:
        raise Forbidden(f"Patients record only: {', '.join(sorted(PATIENT_KINDS))}.")


@router.get("/patients/{patient_id}/observations")
@allow(*CARE)
def observations(
    patient_id: int,
    ctx: CtxDep,
    kind: Annotated[list[str] | None, Query(max_length=20)] = None,
    include_withdrawn: bool = False,
) -> dict[str, Any]:
    """The record, oldest first; `kind` narrows it (repeat it for several)."""
    with ctx.work("read", f"patient/{patient_id}/observations") as session:
        rows = records.list_observations(session, patient_id, kind, include_withdrawn=include_withdrawn)
        return {"observations": [serialize.observation(row) for row in rows]}


@router.post("/patients/{patient_id}/observations", status_code=201)
@allow(*CARE)
def add_observation(patient_id: int, body: ObservationIn, ctx: CtxDep) -> dict[str, Any]:
    """Add one observation. From a patient, red flags it raises alert the care team (see `alerts`)."""
    _may_record(ctx, body.kind)
    with ctx.work("create", f"patient/{patient_id}/observations") as session:
        if ctx.is_role(Role.PATIENT):
            answered = record_answers(
                session, patient_id, ctx.user.user_id, [(body.kind, body.payload)], ctx.today()
            )
            return {
                **serialize.observation(answered.observations[0]),
                "red_flags": answered.red_flags,
                "alerts": [serialize.alert(alert) for alert in answered.alerts],
            }
        row = records.add_observation(
            session, patient_id, body.kind, body.payload, ctx.today(), body.observed_on, ctx.user.user_id
        )
        return serialize.observation(row)


@router.post("/patients/{patient_id}/answers", status_code=201)
@allow(Role.PATIENT)
def add_answers(patient_id: int, body: AnswersIn, ctx: CtxDep) -> dict[str, Any]:
    """A patient's answers saved together (all or none); open red flags they raise are returned and alerted."""
    for index, item in enumerate(body.answers):
        if item.kind not in PATIENT_KINDS:
            raise Invalid.one(f"answers[{index}].kind", f"use one of {', '.join(sorted(PATIENT_KINDS))}")
    with ctx.work("create", f"patient/{patient_id}/answers") as session:
        pairs = [(item.kind, item.payload) for item in body.answers]
        answered = record_answers(session, patient_id, ctx.user.user_id, pairs, ctx.today(), "answers")
        return {
            "observations": [serialize.observation(row) for row in answered.observations],
            "red_flags": answered.red_flags,
            "alerts": [serialize.alert(alert) for alert in answered.alerts],
        }


@router.get("/patients/{patient_id}/observations/{observation_id}")
@allow(*CARE)
def observation(patient_id: int, observation_id: int, ctx: CtxDep) -> dict[str, Any]:
    with ctx.work("read", f"patient/{patient_id}/observations/{observation_id}") as session:
        return serialize.observation(records.get_observation(session, patient_id, observation_id))


@router.put("/patients/{patient_id}/observations/{observation_id}")
@allow(*CARE)
def edit_observation(
    patient_id: int, observation_id: int, body: ObservationEdit, ctx: CtxDep
) -> dict[str, Any]:
    """Replace an observation's payload; send the version you read (a stale one gets 409)."""
    with ctx.work("update", f"patient/{patient_id}/observations/{observation_id}") as session:
        row = records.get_observation(session, patient_id, observation_id)
        _may_record(ctx, row.kind)
        if ctx.is_role(Role.PATIENT) and row.recorded_by != ctx.user.user_id:
            raise Forbidden("You can change only what you recorded yourself.")
        row = records.update_observation(
            session, patient_id, observation_id, body.version, body.payload, ctx.today(), body.observed_on
        )
        return serialize.observation(row)


@router.delete("/patients/{patient_id}/observations/{observation_id}")
@allow(Role.CLINICIAN)
def withdraw_observation(
    patient_id: int, observation_id: int, ctx: CtxDep, version: Annotated[int, Query(ge=1)]
) -> dict[str, Any]:
    """Mark an observation entered in error (it stays in the record, out of the case)."""
    with ctx.work("delete", f"patient/{patient_id}/observations/{observation_id}") as session:
        return serialize.observation(
            records.mark_entered_in_error(session, patient_id, observation_id, version)
        )

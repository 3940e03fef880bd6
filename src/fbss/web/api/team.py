"""The care team's work: members, referrals, tasks, notes and alerts. Every edit sends the version it read."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from fbss.store import workflow
from fbss.store.models import Role
from fbss.store.patients import add_to_care_team, care_team, remove_from_care_team
from fbss.web.access import allow
from fbss.web.api import serialize
from fbss.web.api.schemas import (
    Acknowledge,
    CareTeamIn,
    NoteEdit,
    NoteIn,
    ReferralEdit,
    ReferralIn,
    TaskEdit,
    TaskIn,
)
from fbss.web.context import CtxDep

router = APIRouter(tags=["care team"])


@router.get("/patients/{patient_id}/care-team")
@allow(Role.CLINICIAN, Role.PATIENT, Role.ADMIN)
def members(patient_id: int, ctx: CtxDep) -> dict[str, Any]:
    with ctx.work("read", f"patient/{patient_id}/care-team") as session:
        return {"members": [serialize.care_team_member(m, u) for m, u in care_team(session, patient_id)]}


@router.post("/patients/{patient_id}/care-team", status_code=201)
@allow(Role.ADMIN)
def add_member(patient_id: int, body: CareTeamIn, ctx: CtxDep) -> dict[str, Any]:
    """Put a clinician on the care team (admin)."""
    with ctx.work("create", f"patient/{patient_id}/care-team") as session:
        member = add_to_care_team(session, patient_id, body.user_id, body.responsibility)
        return {"id": member.id, "user_id": member.user_id, "version": member.version}


@router.delete("/patients/{patient_id}/care-team/{member_id}")
@allow(Role.ADMIN)
def remove_member(
    patient_id: int, member_id: int, ctx: CtxDep, version: Annotated[int, Query(ge=1)]
) -> dict[str, str]:
    """Take a clinician off the care team (admin); they lose access to the record at once."""
    with ctx.work("delete", f"patient/{patient_id}/care-team/{member_id}") as session:
        remove_from_care_team(session, patient_id, member_id, version)
        return {"status": "removed"}


@router.get("/patients/{patient_id}/referrals")
@allow(Role.CLINICIAN, Role.PATIENT)
def referrals(patient_id: int, ctx: CtxDep) -> dict[str, Any]:
    with ctx.work("read", f"patient/{patient_id}/referrals") as session:
        return {"referrals": [serialize.referral(row) for row in workflow.referrals(session, patient_id)]}


@router.post("/patients/{patient_id}/referrals", status_code=201)
@allow(Role.CLINICIAN)
def refer(patient_id: int, body: ReferralIn, ctx: CtxDep) -> dict[str, Any]:
    """Refer to a specialty; a named clinician of that specialty joins the care team."""
    with ctx.work("create", f"patient/{patient_id}/referrals") as session:
        row = workflow.create_referral(
            session, patient_id, body.to_specialty.value, body.reason, ctx.user.user_id, body.to_user_id
        )
        return serialize.referral(row)


@router.patch("/patients/{patient_id}/referrals/{referral_id}")
@allow(Role.CLINICIAN)
def referral_status(patient_id: int, referral_id: int, body: ReferralEdit, ctx: CtxDep) -> dict[str, Any]:
    with ctx.work("update", f"patient/{patient_id}/referrals/{referral_id}") as session:
        row = workflow.set_referral_status(session, patient_id, referral_id, body.version, body.status.value)
        return serialize.referral(row)


@router.get("/patients/{patient_id}/tasks")
@allow(Role.CLINICIAN)
def tasks(patient_id: int, ctx: CtxDep) -> dict[str, Any]:
    with ctx.work("read", f"patient/{patient_id}/tasks") as session:
        return {"tasks": [serialize.task(row) for row in workflow.tasks(session, patient_id)]}


@router.post("/patients/{patient_id}/tasks", status_code=201)
@allow(Role.CLINICIAN)
def add_task(patient_id: int, body: TaskIn, ctx: CtxDep) -> dict[str, Any]:
    with ctx.work("create", f"patient/{patient_id}/tasks") as session:
        row = workflow.create_task(
            session, patient_id, body.title, ctx.user.user_id, body.assignee_id, body.due_on
        )
        return serialize.task(row)


@router.patch("/patients/{patient_id}/tasks/{task_id}")
@allow(Role.CLINICIAN)
def edit_task(patient_id: int, task_id: int, body: TaskEdit, ctx: CtxDep) -> dict[str, Any]:
    """Change the fields sent (title, assignee_id, due_on, done) in one edit of the version read."""
    sent = body.model_fields_set
    with ctx.work("update", f"patient/{patient_id}/tasks/{task_id}") as session:
        version = body.version
        if sent & {"title", "assignee_id", "due_on"}:
            current = workflow.get_task(session, patient_id, task_id)
            edited = workflow.edit_task(
                session,
                patient_id,
                task_id,
                version,
                body.title if "title" in sent and body.title is not None else current.title,
                body.assignee_id if "assignee_id" in sent else current.assignee_id,
                body.due_on if "due_on" in sent else current.due_on,
            )
            version = edited.version
        if "done" in sent and body.done is not None:
            workflow.set_task_done(
                session, patient_id, task_id, version, body.done, ctx.user.user_id, ctx.now()
            )
        return serialize.task(workflow.get_task(session, patient_id, task_id))


@router.get("/patients/{patient_id}/notes")
@allow(Role.CLINICIAN)
def notes(patient_id: int, ctx: CtxDep) -> dict[str, Any]:
    with ctx.work("read", f"patient/{patient_id}/notes") as session:
        return {"notes": [serialize.note(row) for row in workflow.notes(session, patient_id)]}


@router.post("/patients/{patient_id}/notes", status_code=201)
@allow(Role.CLINICIAN)
def add_note(patient_id: int, body: NoteIn, ctx: CtxDep) -> dict[str, Any]:
    with ctx.work("create", f"patient/{patient_id}/notes") as session:
        return serialize.note(workflow.add_note(session, patient_id, ctx.user.user_id, body.text))


@router.patch("/patients/{patient_id}/notes/{note_id}")
@allow(Role.CLINICIAN)
def edit_note(patient_id: int, note_id: int, body: NoteEdit, ctx: CtxDep) -> dict[str, Any]:
    """Edit your own note, from the version you read."""
    with ctx.work("update", f"patient/{patient_id}/notes/{note_id}") as session:
        row = workflow.edit_note(session, patient_id, note_id, body.version, ctx.user.user_id, body.text)
        return serialize.note(row)


@router.get("/patients/{patient_id}/alerts")
@allow(Role.CLINICIAN)
def alerts(patient_id: int, ctx: CtxDep) -> dict[str, Any]:
    """Open alerts raised by the patient's answers."""
    with ctx.work("read", f"patient/{patient_id}/alerts") as session:
        return {"alerts": [serialize.alert(row) for row in workflow.open_alerts(session, patient_id)]}


@router.post("/patients/{patient_id}/alerts/{alert_id}/acknowledge")
@allow(Role.CLINICIAN)
def acknowledge(patient_id: int, alert_id: int, body: Acknowledge, ctx: CtxDep) -> dict[str, Any]:
    with ctx.work("update", f"patient/{patient_id}/alerts/{alert_id}") as session:
        row = workflow.acknowledge_alert(
            session, patient_id, alert_id, body.version, ctx.user.user_id, ctx.now()
        )
        return serialize.alert(row)

"""The patient's SCS trial diary: one entry a day during the screening trial, kept by the patient.

The care team judges the trial by it (the core's `scs.trial.*` findings); this page only records it. One entry
per date: a new entry for a date already in the diary is refused, naming `date`; a day is changed through its
Edit link, a versioned edit, so an edit made on a stale copy gets the conflict message and saves nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from fbss.clinical.case import ScsTrial
from fbss.store import records
from fbss.store.casebuilder import assemble_case
from fbss.store.errors import FieldError, Invalid, NotFound
from fbss.store.models import Observation, Patient, Role
from fbss.store.patients import get_patient
from fbss.web.access import allow
from fbss.web.context import Ctx, CtxDep
from fbss.web.forms import FormModel
from fbss.web.pages.portal import own_portal
from fbss.web.render import render
from fbss.web.scsview import diary_rows, trial_of

router = APIRouter()
PATIENT = Role.PATIENT
DIARY = "scs_diary"
PAYLOAD = "payload."


class DiaryForm(FormModel):
    date: dt.date | None = None
    nrs_back: int | None = None
    nrs_leg: int | None = None
    active_minutes: int | None = None
    analgesic_doses: int | None = None
    sleep_hours: float | None = None
    note: str | None = None

    def payload(self, today: dt.date) -> dict[str, Any]:
        entry = self.model_dump(mode="json", include=set(DiaryForm.model_fields))
        return {**entry, "date": (self.date or today).isoformat()}


class DiaryEditForm(DiaryForm):
    version: int


@dataclass(frozen=True, slots=True)
class Diary:
    """The record as the diary page needs it: the trial as the Case reads it, and the diary rows."""

    patient: Patient
    observations: list[Observation]
    trial: ScsTrial | None

    @property
    def started(self) -> bool:
        return self.trial is not None and self.trial.start is not None


def load_diary(session: Session, patient_id: int, today: dt.date) -> Diary:
    patient = get_patient(session, patient_id)
    observations = records.list_observations(session, patient_id, kinds=("scs", DIARY))
    return Diary(patient, observations, trial_of(assemble_case(patient, observations, today)))


@router.get("/patients/{patient_id}/portal/scs-diary")
@allow(PATIENT)
def diary_page(
    patient_id: int, request: Request, ctx: CtxDep, edit: int | None = None, saved: str | None = None
) -> Response:
    """The diary: what it is for, the days so far, and the form for today (or for the day being edited)."""
    own_portal(ctx, patient_id)
    with ctx.work("read", f"patient/{patient_id}/portal/scs-diary") as session:
        diary = load_diary(session, patient_id, ctx.today())
        editing = _diary_row(session, patient_id, edit) if edit is not None else None
        return _render(request, ctx, diary, editing, saved)


def _render(
    request: Request, ctx: Ctx, diary: Diary, editing: Observation | None, saved: str | None
) -> Response:
    context = {
        "patient": diary.patient,
        "trial": diary.trial if diary.started else None,
        "rows": diary_rows(diary.trial, diary.observations),
        "editing": editing,
        "today": ctx.today(),
        "saved": saved,
    }
    return render(request, "portal/scs_diary.html", context)


def _diary_row(session: Session, patient_id: int, observation_id: int) -> Observation:
    row = records.get_observation(session, patient_id, observation_id)
    if row.kind != DIARY or row.entered_in_error:
        raise NotFound("diary entry")
    return row


@router.post("/patients/{patient_id}/portal/scs-diary")
@allow(PATIENT)
def add_entry(patient_id: int, request: Request, ctx: CtxDep, form: Annotated[DiaryForm, Form()]) -> Response:
    """Add the entry for one day of the trial."""
    own_portal(ctx, patient_id)
    today = ctx.today()
    with ctx.work("create", f"patient/{patient_id}/portal/scs-diary") as session:
        payload = checked_entry(load_diary(session, patient_id, today), form.payload(today), None)
        records.add_observation(session, patient_id, DIARY, payload, today, recorded_by=ctx.user.user_id)
    return _done(request, ctx, patient_id)


@router.post("/patients/{patient_id}/portal/scs-diary/{observation_id}")
@allow(PATIENT)
def edit_entry(
    patient_id: int,
    observation_id: int,
    request: Request,
    ctx: CtxDep,
    form: Annotated[DiaryEditForm, Form()],
) -> Response:
    """Change one day's entry, if nobody changed it since the form was opened."""
    own_portal(ctx, patient_id)
    today = ctx.today()
    with ctx.work("update", f"patient/{patient_id}/portal/scs-diary/{observation_id}") as session:
        row = _diary_row(session, patient_id, observation_id)
        records.expect_version(f"observation {observation_id}", row.version, form.version)
        payload = checked_entry(load_diary(session, patient_id, today), form.payload(today), row)
        records.update_observation(session, patient_id, observation_id, form.version, payload, today)
    return _done(request, ctx, patient_id)


def checked_entry(diary: Diary, payload: dict[str, Any], editing: Observation | None) -> dict[str, Any]:
    """The entry as the core's DiaryEntry validates it, on a day of the trial not yet in the diary."""
    if diary.trial is None or diary.trial.start is None:
        raise Invalid.one("date", "no SCS trial is planned yet, so there is no diary to fill in")
    try:
        entry = records.validate_payload(DIARY, payload)
    except Invalid as error:
        raise Invalid([_form_field(e) for e in error.errors]) from None
    day = payload["date"]
    start, end = diary.trial.start, diary.trial.end
    if dt.date.fromisoformat(day) < start or (end is not None and dt.date.fromisoformat(day) > end):
        until = f" to {end.isoformat()}" if end is not None else ""
        raise Invalid.one("date", f"your trial runs from {start.isoformat()}{until}; choose a day in it")
    if day in _dates_taken(diary.trial, diary.observations, editing):
        raise Invalid.one("date", f"{day} is already in your diary: use Edit beside that day to change it")
    return entry.model_dump(mode="json")


def _dates_taken(trial: ScsTrial, observations: list[Observation], editing: Observation | None) -> set[str]:
    own = editing.payload.get("date") if editing is not None else None
    days = {entry.date.isoformat() for entry in trial.diary}
    days |= {str(row.payload.get("date")) for row in observations if row.kind == DIARY}
    return days - {own}


def _form_field(error: FieldError) -> FieldError:
    """payload.nrs_back as the form names it: nrs_back."""
    return FieldError(error.field.removeprefix(PAYLOAD), error.message)


def _done(request: Request, ctx: Ctx, patient_id: int) -> Response:
    if request.headers.get("HX-Request"):
        with ctx.work("read", f"patient/{patient_id}/portal/scs-diary") as session:
            return _render(request, ctx, load_diary(session, patient_id, ctx.today()), None, "diary")
    return RedirectResponse(f"/patients/{patient_id}/portal/scs-diary?saved=diary#diary", status_code=303)

"""The patient chart: red flags first, the assessment, the record, and the care team's work.

Each form posts to its own small route. Without JavaScript a successful post redirects back to the chart;
with htmx the chart is re-rendered and only the form's section is swapped in. Errors go to the form's own
error box (fbss.web.errors), and a stale edit is refused with the conflict message.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from fbss.clinical.case import (
    ReflexResponse,
    Route,
    SensoryKind,
    TestFindingType,
    TestKind,
    TrialDecision,
    WoundState,
)
from fbss.clinical.finding import Kind
from fbss.store import records, workflow
from fbss.store.errors import Conflict, FieldError, Invalid
from fbss.store.models import Observation, Role, Specialty
from fbss.web.access import allow
from fbss.web.chartview import load_chart
from fbss.web.context import Ctx, CtxDep
from fbss.web.forms import FormModel, on_or_before, yes_no
from fbss.web.render import open_red_flags, other_red_flags, render, sections, summary_of
from fbss.web.scsview import latest_scs, scs_section, with_trial

router = APIRouter()
CLINICIAN = Role.CLINICIAN


@router.get("/patients/{patient_id}")
@allow(CLINICIAN)
def chart(patient_id: int, request: Request, ctx: CtxDep) -> Response:
    """The chart. Red flags and new alerts always come first."""
    return _render_chart(request, ctx, patient_id)


def _render_chart(request: Request, ctx: Ctx, patient_id: int, status_code: int = 200) -> Response:
    with ctx.work("read", f"patient/{patient_id}/chart") as session:
        view = load_chart(session, patient_id, ctx.today(), ctx.state.settings.snapshot_assessments)
        context: dict[str, Any] = {
            "chart": view,
            "result": view.result,
            "open_flags": open_red_flags(view.result),
            "other_flags": other_red_flags(view.result),
            "sections": [(kind, found) for kind, found in sections(view.result) if kind != Kind.SCS.value],
            "scs": scs_section(view.assessed.case, view.result, view.observations),
            "trial_decisions": [decision.value for decision in TrialDecision],
            "summary": summary_of(view.result),
            "today": ctx.today(),
            "me": ctx.user.user_id,
            "test_kinds": [kind.value for kind in TestKind],
            "finding_types": [kind.value for kind in TestFindingType],
            "routes": [route.value for route in Route],
            "specialties": [specialty.value for specialty in Specialty],
            "wounds": [wound.value for wound in WoundState],
            "reflex_responses": [response.value for response in ReflexResponse],
            "sensory_kinds": [kind.value for kind in SensoryKind],
        }
        return render(request, "chart.html", context, status_code=status_code)


def _done(request: Request, ctx: Ctx, patient_id: int, anchor: str) -> Response:
    if request.headers.get("HX-Request"):
        return _render_chart(request, ctx, patient_id)
    return RedirectResponse(f"/patients/{patient_id}#{anchor}", status_code=303)


# --- alerts ---------------------------------------------------------------------------------------------------


@router.post("/patients/{patient_id}/alerts/{alert_id}/acknowledge")
@allow(CLINICIAN)
def acknowledge_alert(
    patient_id: int, alert_id: int, request: Request, ctx: CtxDep, version: Annotated[int, Form(ge=1)]
) -> Response:
    with ctx.work("update", f"patient/{patient_id}/alerts/{alert_id}") as session:
        workflow.acknowledge_alert(session, patient_id, alert_id, version, ctx.user.user_id, ctx.now())
    return _done(request, ctx, patient_id, "alerts")


# --- examination ----------------------------------------------------------------------------------------------


class ExamForm(FormModel):
    date: dt.date | None = None
    slr_left: str | None = None
    slr_right: str | None = None
    motor_examined: bool = False
    motor_side: str | None = None
    motor_root: str | None = None
    motor_grade: int | None = None
    sensory_examined: bool = False
    sensory_side: str | None = None
    sensory_kind: str | None = None
    sensory_root: str | None = None
    achilles_left: str | None = None
    achilles_right: str | None = None
    patellar_left: str | None = None
    patellar_right: str | None = None
    saddle_sensation_reduced: str | None = None
    anal_tone_reduced: str | None = None
    post_void_residual_ml: int | None = None
    wound: str | None = None
    temperature_c: float | None = None
    nonorganic_signs: int | None = None

    def payload(self, today: dt.date) -> dict[str, Any]:
        """The Exam in the case format: a list left blank is "not examined", ticked but empty is "nothing found"."""
        reflexes = [
            {"side": side, "reflex": reflex, "response": response}
            for (reflex, side), response in {
                ("achilles", "left"): self.achilles_left,
                ("achilles", "right"): self.achilles_right,
                ("patellar", "left"): self.patellar_left,
                ("patellar", "right"): self.patellar_right,
            }.items()
            if response
        ]
        slr = [
            {"side": side, "positive": value == "positive"}
            for side, value in (("left", self.slr_left), ("right", self.slr_right))
            if value
        ]
        return {
            "date": on_or_before(self.date, today).isoformat(),
            "straight_leg_raise": slr or None,
            "motor": self._listed(
                self.motor_examined,
                self.motor_side
                and {"side": self.motor_side, "root": self.motor_root, "mrc_grade": self.motor_grade},
            ),
            "sensory": self._listed(
                self.sensory_examined,
                self.sensory_side
                and {"side": self.sensory_side, "kind": self.sensory_kind, "root": self.sensory_root},
            ),
            "reflexes": reflexes or None,
            "saddle_sensation_reduced": yes_no(self.saddle_sensation_reduced),
            "anal_tone_reduced": yes_no(self.anal_tone_reduced),
            "post_void_residual_ml": self.post_void_residual_ml,
            "wound": self.wound,
            "temperature_c": self.temperature_c,
            "nonorganic_signs": self.nonorganic_signs,
        }

    @staticmethod
    def _listed(examined: bool, finding: Any) -> list[dict[str, Any]] | None:
        if finding:
            return [finding]
        return [] if examined else None


@router.post("/patients/{patient_id}/exam")
@allow(CLINICIAN)
def record_exam(
    patient_id: int, request: Request, ctx: CtxDep, form: Annotated[ExamForm, Form()]
) -> Response:
    with ctx.work("create", f"patient/{patient_id}/exam") as session:
        records.add_observation(
            session, patient_id, "exam", form.payload(ctx.today()), ctx.today(), recorded_by=ctx.user.user_id
        )
    return _done(request, ctx, patient_id, "exam")


# --- tests ----------------------------------------------------------------------------------------------------


class TestOrder(FormModel):
    kind: str


class TestResult(FormModel):
    version: int
    outcome: str  # resulted or cancelled
    finding: str | None = None
    level: str | None = None
    side: str | None = None
    note: str | None = None
    date: dt.date | None = None


@router.post("/patients/{patient_id}/tests")
@allow(CLINICIAN)
def order_test(
    patient_id: int, request: Request, ctx: CtxDep, form: Annotated[TestOrder, Form()]
) -> Response:
    payload = {"kind": form.kind, "status": "ordered", "date": ctx.today().isoformat()}
    with ctx.work("create", f"patient/{patient_id}/tests") as session:
        records.add_observation(
            session, patient_id, "test", payload, ctx.today(), recorded_by=ctx.user.user_id
        )
    return _done(request, ctx, patient_id, "tests")


@router.post("/patients/{patient_id}/tests/{observation_id}")
@allow(CLINICIAN)
def result_test(
    patient_id: int, observation_id: int, request: Request, ctx: CtxDep, form: Annotated[TestResult, Form()]
) -> Response:
    with ctx.work("update", f"patient/{patient_id}/tests/{observation_id}") as session:
        row = records.get_observation(session, patient_id, observation_id)
        findings = []
        if form.outcome == "resulted" and form.finding and form.finding != "no_abnormality":
            findings = [{"type": form.finding, "level": form.level, "side": form.side, "note": form.note}]
        payload = {
            **row.payload,
            "status": form.outcome,
            "date": on_or_before(form.date, ctx.today()).isoformat(),
            "findings": findings,
        }
        records.update_observation(session, patient_id, observation_id, form.version, payload, ctx.today())
    return _done(request, ctx, patient_id, "tests")


# --- medications ----------------------------------------------------------------------------------------------


class MedicationForm(FormModel):
    name: str
    dose_mg_per_day: float | None = None
    doses_per_day: int | None = None
    route: str | None = None
    status: str = "active"
    indication: str | None = None


@router.post("/patients/{patient_id}/medications")
@allow(CLINICIAN)
def add_medication(
    patient_id: int, request: Request, ctx: CtxDep, form: Annotated[MedicationForm, Form()]
) -> Response:
    payload = {**form.model_dump(), "start": ctx.today().isoformat() if form.status == "active" else None}
    with ctx.work("create", f"patient/{patient_id}/medications") as session:
        records.add_observation(
            session, patient_id, "medication", payload, ctx.today(), recorded_by=ctx.user.user_id
        )
    return _done(request, ctx, patient_id, "medications")


@router.post("/patients/{patient_id}/medications/{observation_id}/stop")
@allow(CLINICIAN)
def stop_medication(
    patient_id: int, observation_id: int, request: Request, ctx: CtxDep, version: Annotated[int, Form(ge=1)]
) -> Response:
    with ctx.work("update", f"patient/{patient_id}/medications/{observation_id}") as session:
        row = records.get_observation(session, patient_id, observation_id)
        payload = {**row.payload, "status": "stopped", "stop": ctx.today().isoformat()}
        records.update_observation(
            session, patient_id, observation_id, version, payload, ctx.today(), row.observed_on
        )
    return _done(request, ctx, patient_id, "medications")


# --- the SCS trial -------------------------------------------------------------------------------------------


class TrialForm(FormModel):
    start: dt.date | None = None
    end: dt.date | None = None
    baseline_nrs_back: int | None = None
    baseline_nrs_leg: int | None = None
    baseline_active_minutes: int | None = None
    baseline_analgesic_doses: int | None = None
    patient_satisfied: str | None = None
    decision: str | None = None
    based_on: int | None = None  # the SCS record the form was filled in from, and its version
    version: int | None = None

    def trial(self) -> dict[str, Any]:
        fields = self.model_dump(mode="json", exclude={"based_on", "version", "patient_satisfied"})
        return {**fields, "patient_satisfied": yes_no(self.patient_satisfied)}


@router.post("/patients/{patient_id}/scs/trial")
@allow(CLINICIAN)
def record_scs_trial(
    patient_id: int, request: Request, ctx: CtxDep, form: Annotated[TrialForm, Form()]
) -> Response:
    """Record the screening trial as a new SCS observation that keeps the rest of the SCS record."""
    with ctx.work("create", f"patient/{patient_id}/scs") as session:
        if not any(value is not None for value in form.trial().values()):
            raise Invalid.one("start", "nothing to record: fill in at least one field of the trial")
        if form.start and form.end and form.end < form.start:
            raise Invalid.one("end", "is before the start of the trial")
        current = records.list_observations(session, patient_id, kinds=("scs",), as_of=ctx.today())
        latest = latest_scs(current)
        _expect_unchanged(latest, form)
        payload = with_trial(latest.payload if latest else {}, form.trial())
        try:
            records.add_observation(
                session, patient_id, "scs", payload, ctx.today(), recorded_by=ctx.user.user_id
            )
        except Invalid as error:
            raise Invalid([_trial_field(e) for e in error.errors]) from None
    return _done(request, ctx, patient_id, "scs")


def _expect_unchanged(latest: Observation | None, form: TrialForm) -> None:
    """Refuse a trial recorded over an SCS record other than the one the form showed."""
    if latest is None:
        if form.based_on is not None:
            raise Conflict("scs", form.version, 0)
        return
    if form.based_on != latest.id:
        raise Conflict("scs", form.version, latest.version)
    records.expect_version(f"observation {latest.id}", latest.version, form.version)


def _trial_field(error: FieldError) -> FieldError:
    """payload.trial.baseline_nrs_leg as the form names it: baseline_nrs_leg."""
    return FieldError(error.field.removeprefix("payload.trial.").removeprefix("payload."), error.message)


# --- referrals, tasks, notes ---------------------------------------------------------------------------------


class ReferralForm(FormModel):
    to_specialty: str
    reason: str
    to_user_id: int | None = None


@router.post("/patients/{patient_id}/referrals")
@allow(CLINICIAN)
def refer(patient_id: int, request: Request, ctx: CtxDep, form: Annotated[ReferralForm, Form()]) -> Response:
    with ctx.work("create", f"patient/{patient_id}/referrals") as session:
        workflow.create_referral(
            session, patient_id, form.to_specialty, form.reason, ctx.user.user_id, form.to_user_id
        )
    return _done(request, ctx, patient_id, "team")


@router.post("/patients/{patient_id}/referrals/{referral_id}")
@allow(CLINICIAN)
def referral_status(
    patient_id: int,
    referral_id: int,
    request: Request,
    ctx: CtxDep,
    version: Annotated[int, Form(ge=1)],
    status: Annotated[str, Form(max_length=20)],
) -> Response:
    with ctx.work("update", f"patient/{patient_id}/referrals/{referral_id}") as session:
        workflow.set_referral_status(session, patient_id, referral_id, version, status)
    return _done(request, ctx, patient_id, "team")


class TaskForm(FormModel):
    title: str
    assignee_id: int | None = None
    due_on: dt.date | None = None


@router.post("/patients/{patient_id}/tasks")
@allow(CLINICIAN)
def add_task(patient_id: int, request: Request, ctx: CtxDep, form: Annotated[TaskForm, Form()]) -> Response:
    with ctx.work("create", f"patient/{patient_id}/tasks") as session:
        workflow.create_task(session, patient_id, form.title, ctx.user.user_id, form.assignee_id, form.due_on)
    return _done(request, ctx, patient_id, "tasks")


class TaskEditForm(TaskForm):
    version: int


@router.post("/patients/{patient_id}/tasks/{task_id}")
@allow(CLINICIAN)
def edit_task(
    patient_id: int, task_id: int, request: Request, ctx: CtxDep, form: Annotated[TaskEditForm, Form()]
) -> Response:
    with ctx.work("update", f"patient/{patient_id}/tasks/{task_id}") as session:
        workflow.edit_task(
            session, patient_id, task_id, form.version, form.title, form.assignee_id, form.due_on
        )
    return _done(request, ctx, patient_id, "tasks")


@router.post("/patients/{patient_id}/tasks/{task_id}/done")
@allow(CLINICIAN)
def complete_task(
    patient_id: int,
    task_id: int,
    request: Request,
    ctx: CtxDep,
    version: Annotated[int, Form(ge=1)],
    done: Annotated[bool, Form()] = True,
) -> Response:
    with ctx.work("update", f"patient/{patient_id}/tasks/{task_id}") as session:
        workflow.set_task_done(session, patient_id, task_id, version, done, ctx.user.user_id, ctx.now())
    return _done(request, ctx, patient_id, "tasks")


@router.post("/patients/{patient_id}/notes")
@allow(CLINICIAN)
def add_note(
    patient_id: int, request: Request, ctx: CtxDep, text: Annotated[str, Form(max_length=10_000)]
) -> Response:
    with ctx.work("create", f"patient/{patient_id}/notes") as session:
        workflow.add_note(session, patient_id, ctx.user.user_id, text)
    return _done(request, ctx, patient_id, "notes")

"""The patient portal: where it hurts (body map), questionnaires, treatments tried, goals, history and plan.

A red-flag answer shows at once what to do (emergency care, or crisis resources after PHQ-9 item 9) and
alerts the care team; which answers are red flags is decided by the clinical core, never here.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from fbss.clinical.case import Descriptor, TreatmentKind
from fbss.clinical.case import Response as TreatmentResponse
from fbss.clinical.finding import Kind
from fbss.clinical.instruments import INSTRUMENTS
from fbss.store import records
from fbss.store.errors import Invalid
from fbss.store.models import Role
from fbss.web.access import allow
from fbss.web.answers import record_answers
from fbss.web.chartview import load_chart
from fbss.web.context import Ctx, CtxDep
from fbss.web.errors import Forbidden
from fbss.web.forms import FormModel, yes_no
from fbss.web.render import findings_of, render
from fbss.web.scsview import has_trial

router = APIRouter()
PATIENT = Role.PATIENT
PORTAL_INSTRUMENTS = ("peg", "phq9", "gad7")

DESCRIPTOR_LABELS = {
    Descriptor.DULL_ACHING: "Dull or aching",
    Descriptor.CRAMPING: "Cramping",
    Descriptor.SORENESS_AROUND_SURGERY_SITE: "Sore around the operation site",
    Descriptor.SHOOTING: "Shooting",
    Descriptor.ELECTRIC_SHOCK: "Like electric shocks",
    Descriptor.BURNING: "Burning",
    Descriptor.TINGLING: "Tingling",
    Descriptor.PINS_AND_NEEDLES: "Pins and needles",
    Descriptor.NUMBNESS: "Numbness",
    Descriptor.WEAKNESS: "Weakness",
}

# The red-flag questions in plain words; the field names are the core's RedFlagScreen.
RED_FLAG_QUESTIONS: tuple[tuple[str, str], ...] = (
    (
        "saddle_anaesthesia",
        "Numbness or tingling around your bottom, genitals or inner thighs (the 'saddle' area)?",
    ),
    (
        "bladder_dysfunction",
        "New trouble passing urine, leaking urine, or not feeling when your bladder is full?",
    ),
    ("bowel_dysfunction", "New loss of control of your bowels, or not feeling when you need to open them?"),
    (
        "bowel_constipation_only",
        "If your bowels have changed: is it only constipation (for example from pain medicines)?",
    ),
    ("sexual_dysfunction", "New loss of sexual function or of feeling in your genitals?"),
    ("bilateral_leg_symptoms", "Pain, numbness or weakness in both legs?"),
    ("new_leg_weakness", "New weakness in a leg or foot?"),
    ("progressive_weakness", "Weakness in your legs that is getting worse?"),
    ("fever", "A fever, or shivering and feeling hot and cold?"),
    ("night_sweats", "Sweats at night that soak your bedding?"),
    ("wound_problems", "Redness, swelling or fluid leaking from your operation wound?"),
    ("recent_spinal_injection_or_implant", "A spinal injection or an implant put in recently?"),
    ("non_mechanical_night_pain", "Pain at night that does not ease whatever position you lie in?"),
    ("history_of_cancer", "Have you ever had cancer?"),
    ("unexplained_weight_loss", "Weight loss you cannot explain?"),
    ("recent_significant_trauma", "A recent fall, accident or injury to your back?"),
    ("prolonged_corticosteroid_use", "Have you taken steroid tablets (such as prednisolone) for months?"),
    ("osteoporosis", "Have you been told you have osteoporosis (thin bones)?"),
    (
        "immunosuppression",
        "Do you take medicines that weaken your immune system, or have a condition that does?",
    ),
    ("intravenous_drug_use", "Have you injected drugs?"),
    ("diabetes", "Do you have diabetes?"),
)
ONSET_CHOICES = (
    ("new", "Started in the last 2 weeks"),
    ("worsening", "Getting worse"),
    ("longstanding_stable", "Longer ago and not changing"),
)
# Asked of the care team, not in the questions above: a clinician's observation, and the onset (its own question).
NOT_YES_NO_QUESTIONS = frozenset({"contusion_or_abrasion", "cauda_equina_symptom_onset"})


def own_portal(ctx: Ctx, patient_id: int) -> None:
    """A patient's own portal only."""
    if ctx.user.patient_id != patient_id:  # the guard has checked this; a second look costs nothing
        raise Forbidden()


@router.get("/patients/{patient_id}/portal")
@allow(PATIENT)
def portal(patient_id: int, request: Request, ctx: CtxDep, saved: str | None = None) -> Response:
    """The patient's home: next steps, plan, care team, scores and history."""
    own_portal(ctx, patient_id)
    with ctx.work("read", f"patient/{patient_id}/portal") as session:
        view = load_chart(
            session, patient_id, ctx.today(), ctx.state.settings.snapshot_assessments, notes=False
        )
        context: dict[str, Any] = {
            "chart": view,
            "plan": findings_of(view.result, Kind.PLAN),
            "scores": findings_of(view.result, Kind.SCORE),
            "instruments": [INSTRUMENTS[i] for i in PORTAL_INSTRUMENTS if i in INSTRUMENTS],
            "saved": saved,
            "scs_trial": has_trial(view.assessed.case),
            "treatment_kinds": [kind.value for kind in TreatmentKind],
            "responses": [value.value for value in TreatmentResponse],
        }
        return render(request, "portal/home.html", context)


# --- intake: body map, pain intensity, descriptors, red-flag questions ---------------------------------------


class IntakeForm(FormModel):
    region_back: bool = False
    nrs_back: int | None = None
    descriptors_back: list[str] = Field(default_factory=list)
    region_leg_left: bool = False
    nrs_leg_left: int | None = None
    region_leg_right: bool = False
    nrs_leg_right: int | None = None
    descriptors_leg: list[str] = Field(default_factory=list)
    region_other: bool = False
    other_site: str | None = None
    nrs_other: int | None = None
    cauda_equina_symptom_onset: str | None = None

    def pain_reports(self) -> list[dict[str, Any]]:
        reports: list[dict[str, Any]] = []
        if self.region_back:
            reports.append(
                {"region": "back", "nrs_average": self.nrs_back, "descriptors": self.descriptors_back}
            )
        for side, marked, nrs in (
            ("left", self.region_leg_left, self.nrs_leg_left),
            ("right", self.region_leg_right, self.nrs_leg_right),
        ):
            if marked:
                reports.append(
                    {"region": "leg", "side": side, "nrs_average": nrs, "descriptors": self.descriptors_leg}
                )
        if self.region_other:
            reports.append(
                {"region": "other", "site": self.other_site or "other", "nrs_average": self.nrs_other}
            )
        return reports

    def nrs_answers(self) -> dict[str, int] | None:
        """Back and leg intensity as the NRS instrument's items (the worse leg when both hurt)."""
        legs = [
            n
            for marked, n in (
                (self.region_leg_left, self.nrs_leg_left),
                (self.region_leg_right, self.nrs_leg_right),
            )
            if marked and n is not None
        ]
        answers = {"back": self.nrs_back if self.region_back else None, "leg": max(legs) if legs else None}
        found = {item: value for item, value in answers.items() if value is not None}
        return found or None


def intake_answers(form: IntakeForm, screen: dict[str, str]) -> list[tuple[str, Any]]:
    answers: list[tuple[str, Any]] = [("pain", report) for report in form.pain_reports()]
    nrs = form.nrs_answers()
    if nrs and "nrs" in INSTRUMENTS:
        answers.append(("instrument", {"instrument": "nrs", "answers": nrs}))
    flags: dict[str, Any] = {name: yes_no(screen.get(name)) for name, _ in RED_FLAG_QUESTIONS}
    flags["cauda_equina_symptom_onset"] = form.cauda_equina_symptom_onset
    answers.append(("red_flags", flags))
    return answers


@router.get("/patients/{patient_id}/portal/intake")
@allow(PATIENT)
def intake_page(patient_id: int, request: Request, ctx: CtxDep) -> Response:
    own_portal(ctx, patient_id)
    with ctx.work("read", f"patient/{patient_id}/portal/intake"):
        return render(request, "portal/intake.html", _intake_context(patient_id))


def _intake_context(patient_id: int) -> dict[str, Any]:
    return {
        "patient_id": patient_id,
        "descriptors": list(DESCRIPTOR_LABELS.items()),
        "questions": RED_FLAG_QUESTIONS,
        "onsets": ONSET_CHOICES,
    }


@router.post("/patients/{patient_id}/portal/intake")
@allow(PATIENT)
async def submit_intake(
    patient_id: int, request: Request, ctx: CtxDep, form: Annotated[IntakeForm, Form()]
) -> Response:
    """Save the body map, intensities and red-flag answers together; show what to do if any is urgent."""
    submitted = await request.form()
    screen = {name: str(submitted.get(f"flag_{name}") or "") for name, _ in RED_FLAG_QUESTIONS}
    return await _answer(request, ctx, patient_id, "intake", intake_answers(form, screen))


async def _answer(
    request: Request, ctx: Ctx, patient_id: int, what: str, answers: list[tuple[str, Any]]
) -> Response:
    return await run_in_threadpool(_save_answers, request, ctx, patient_id, what, answers)


def _save_answers(
    request: Request, ctx: Ctx, patient_id: int, what: str, answers: list[tuple[str, Any]]
) -> Response:
    own_portal(ctx, patient_id)
    with ctx.work("create", f"patient/{patient_id}/portal/{what}") as session:
        answered = record_answers(session, patient_id, ctx.user.user_id, answers, ctx.today())
        if answered.red_flags:
            return render(
                request, "portal/guidance.html", {"patient_id": patient_id, "flags": answered.red_flags}
            )
    return RedirectResponse(f"/patients/{patient_id}/portal?saved={what}", status_code=303)


# --- questionnaires -----------------------------------------------------------------------------------------


@router.get("/patients/{patient_id}/portal/questionnaires/{instrument_id}")
@allow(PATIENT)
def questionnaire(patient_id: int, instrument_id: str, request: Request, ctx: CtxDep) -> Response:
    own_portal(ctx, patient_id)
    instrument = _portal_instrument(instrument_id)
    with ctx.work("read", f"patient/{patient_id}/portal/questionnaires/{instrument_id}"):
        return render(
            request, "portal/questionnaire.html", {"patient_id": patient_id, "instrument": instrument}
        )


def _portal_instrument(instrument_id: str) -> Any:
    if instrument_id not in PORTAL_INSTRUMENTS or instrument_id not in INSTRUMENTS:
        raise Invalid.one("instrument", f"use one of {', '.join(PORTAL_INSTRUMENTS)}")
    return INSTRUMENTS[instrument_id]


@router.post("/patients/{patient_id}/portal/questionnaires/{instrument_id}")
@allow(PATIENT)
async def submit_questionnaire(
    patient_id: int, instrument_id: str, request: Request, ctx: CtxDep
) -> Response:
    instrument = _portal_instrument(instrument_id)
    submitted = await request.form()
    answers: dict[str, int | None] = {}
    for item in instrument.items:
        raw = str(submitted.get(f"item_{item.id}") or "")
        if raw and not raw.lstrip("-").isdigit():
            raise Invalid.one(f"item_{item.id}", "choose one of the answers")
        answers[item.id] = int(raw) if raw else None
    payload = {"instrument": instrument_id, "answers": answers}
    return await _answer(request, ctx, patient_id, instrument_id, [("instrument", payload)])


# --- treatments tried, goals ---------------------------------------------------------------------------------


class TreatmentForm(FormModel):
    kind: str
    detail: str | None = None
    response: str | None = None


@router.post("/patients/{patient_id}/portal/treatments")
@allow(PATIENT)
async def add_treatment(
    patient_id: int, request: Request, ctx: CtxDep, form: Annotated[TreatmentForm, Form()]
) -> Response:
    return await _answer(request, ctx, patient_id, "treatments", [("treatment", form.model_dump())])


class GoalForm(FormModel):
    goal: str
    barriers: str | None = None


@router.post("/patients/{patient_id}/portal/goals")
@allow(PATIENT)
async def add_goal(
    patient_id: int, request: Request, ctx: CtxDep, form: Annotated[GoalForm, Form()]
) -> Response:
    payload = {**form.model_dump(), "set_on": dt.date.isoformat(ctx.today())}
    return await _answer(request, ctx, patient_id, "goals", [("goal", payload)])


@router.post("/patients/{patient_id}/portal/goals/{observation_id}")
@allow(PATIENT)
def update_goal(
    patient_id: int,
    observation_id: int,
    request: Request,
    ctx: CtxDep,
    version: Annotated[int, Form(ge=1)],
    achieved: Annotated[str, Form(max_length=10)],
) -> Response:
    """Mark one of your goals achieved or not yet (the care team sees it with your outcomes)."""
    own_portal(ctx, patient_id)
    with ctx.work("update", f"patient/{patient_id}/portal/goals/{observation_id}") as session:
        row = records.get_observation(session, patient_id, observation_id)
        if row.kind != "goal" or row.recorded_by != ctx.user.user_id:
            raise Forbidden("You can change only goals you set yourself.")
        payload = {**row.payload, "achieved": yes_no(achieved)}
        records.update_observation(
            session, patient_id, observation_id, version, payload, ctx.today(), row.observed_on
        )
    return RedirectResponse(f"/patients/{patient_id}/portal?saved=goals#goals", status_code=303)

"""Judgements for injections and spinal cord stimulation."""

from __future__ import annotations

from fbss.clinical.case import TreatmentKind
from fbss.clinical.finding import Because, Missing
from fbss.clinical.planning.catalogue import Option
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.safety.steroids import recent_injections, sessions_of
from fbss.clinical.planning.scs import Grade
from fbss.clinical.planning.scs.trial import Outcome, State, evaluate_trial
from fbss.clinical.planning.suitability.model import (
    NO_BENEFIT,
    UNDETERMINED_PHENOTYPE,
    Inputs,
    Judgement,
    Verdict,
)
from fbss.clinical.wording import counted, sentence_start

# Manchikanti 2012 (post-surgery caudal RCT): success was at least 50% relief of pain and disability.
ESI_SUCCESS_RELIEF_PERCENT = 50.0


def _earlier_without_benefit(ctx: PlanContext, kind: TreatmentKind) -> tuple[str, tuple[Because, ...]]:
    found = [
        (i, t) for i, t in enumerate(ctx.case.prior_treatments) if t.kind is kind and t.response in NO_BENEFIT
    ]
    if not found:
        return "", ()
    because = tuple(
        Because(f"prior_treatments[{i}].response", t.response.value) for i, t in found if t.response
    )
    return "An earlier one gave no relief: weigh that before repeating.", because


def trigger_point_injection_suits(inputs: Inputs, option: Option) -> Judgement:
    """Myofascial pain with active trigger points."""
    ctx = inputs.ctx
    points = ctx.has_active_trigger_points
    because = (*ctx.cite("differential.myofascial"), *_trigger_point_because(ctx))
    if points is None:
        return Judgement(
            option,
            Verdict.UNDETERMINED,
            "trigger points not examined",
            (),
            because,
            (Missing("exam.trigger_points", "a taut band, hypersensitive spot and referred pain"),),
        )
    if not points:
        return Judgement(option, Verdict.NOT_SUITABLE, "no active trigger points on examination", (), because)
    note, earlier = _earlier_without_benefit(ctx, TreatmentKind.TRIGGER_POINT_INJECTION)
    reasons = (
        "Evidence is weak: a review found no clear evidence of benefit or ineffectiveness.",
        *([note] if note else []),
    )
    return Judgement(
        option, Verdict.SUITABLE, "myofascial pain with active trigger points", reasons, (*because, *earlier)
    )


def _trigger_point_because(ctx: PlanContext) -> tuple[Because, ...]:
    exam = ctx.case.exam
    if exam is None or exam.trigger_points is None:
        return ()
    return (Because("exam.trigger_points", len(exam.trigger_points), note="trigger points recorded"),)


def epidural_steroid_injection_suits(inputs: Inputs, option: Option) -> Judgement:
    """Radicular leg pain; not for low back pain alone (NG59)."""
    ctx = inputs.ctx
    radicular = ctx.is_radicular
    because = ctx.phenotype_because
    if radicular is None:
        return Judgement(
            option,
            Verdict.UNDETERMINED,
            "pain mechanism not yet classified",
            (),
            because,
            (UNDETERMINED_PHENOTYPE,),
        )
    if not radicular:
        return Judgement(
            option,
            Verdict.NOT_SUITABLE,
            "no radicular pain",
            ("NICE NG59: do not offer spinal injections for low back pain.",),
            because,
        )
    note, earlier = _earlier_without_benefit(ctx, TreatmentKind.EPIDURAL_STEROID_INJECTION)
    recent, recent_because = _injections_in_the_last_year(ctx)
    reasons = (
        "NICE NG59 supports epidurals for acute and severe sciatica; after surgery the evidence is a caudal trial "
        "without placebo (Manchikanti 2012).",
        "FDA warning (2014) of rare but serious neurological events.",
        *([note] if note else []),
        *([recent] if recent else []),
    )
    headline = "radicular leg pain" + ("; reassess the earlier injections first" if recent else "")
    return Judgement(option, Verdict.SUITABLE, headline, reasons, (*because, *earlier, *recent_because))


def _injections_in_the_last_year(ctx: PlanContext) -> tuple[str, tuple[Because, ...]]:
    """Earlier epidural steroid injections within 12 months, and whether any reached the post-surgical caudal
    trial's success mark (at least 50% relief, Manchikanti 2012). Practice clusters at no more than 3-4 a year
    per region, with reassessment (fact sheet 2.1 [S]); no limit is applied here."""
    recent = recent_injections(ctx)
    if not recent:
        return "", ()
    count = sum(sessions_of(t) for _, t in recent)
    reliefs = [(i, t.relief_percent) for i, t in recent if t.relief_percent is not None]
    text = f"{counted(count, 'earlier injection')} in the last 12 months"
    if reliefs and all(relief < ESI_SUCCESS_RELIEF_PERCENT for _, relief in reliefs):
        best = max(relief for _, relief in reliefs)
        text += (
            f", none with {ESI_SUCCESS_RELIEF_PERCENT:g}% relief or more (best {best:g}%; success in the "
            "post-surgical caudal trial was at least 50% relief, Manchikanti 2012)"
        )
    text += ": reassess before another (practice: no more than 3-4 a year per region, with reassessment)."
    because = tuple(
        Because(f"prior_treatments[{i}].start", t.start.isoformat() if t.start else None) for i, t in recent
    ) + tuple(Because(f"prior_treatments[{i}].relief_percent", relief) for i, relief in reliefs)
    return sentence_start(text), because


def spinal_cord_stimulation_suits(inputs: Inputs, option: Option) -> Judgement:
    """As the SCS candidacy grades it, or as the trial or implant on record decides."""
    on_pathway = _already_on_pathway(inputs, option)
    if on_pathway is not None:
        return on_pathway
    candidacy = inputs.candidacy
    grade = candidacy.grade
    because = (Because("finding:scs.candidacy", grade.value),)
    if grade is Grade.RECOMMENDED:
        trial = "a screening trial" if inputs.ctx.policy.scs_trial_required else "a trial or direct implant"
        return Judgement(
            option,
            Verdict.SUITABLE,
            f"refer for assessment and {trial}",
            ("Meets this application's candidacy rules (see the SCS candidacy finding).",),
            because,
        )
    if grade is Grade.CONSIDER:
        issues = ("To address first: " + "; ".join(r.text for r in candidacy.issues) + ".",)
        headline = (
            "weaker evidence where back pain leads"
            if candidacy.evidence_only
            else "once the named issues are addressed"
        )
        return Judgement(option, Verdict.CONSIDER, headline, issues, because)
    if grade is Grade.NOT_RECOMMENDED_NOW:
        first = candidacy.blockers[0].text
        return Judgement(
            option,
            Verdict.NOT_SUITABLE,
            first[0].lower() + first[1:],
            tuple(r.text for r in candidacy.blockers[1:]),
            because,
        )
    return Judgement(
        option, Verdict.UNDETERMINED, "candidacy cannot be judged yet", (), because, tuple(candidacy.unknowns)
    )


def _already_on_pathway(inputs: Inputs, option: Option) -> Judgement | None:
    """An implant or a screening trial already on record decides the judgement."""
    ctx = inputs.ctx
    scs = ctx.case.scs
    if scs.implant is not None:
        when = f" on {scs.implant.date.isoformat()}" if scs.implant.date else ""
        return Judgement(
            option,
            Verdict.SUITABLE,
            f"implanted{when}: follow-up and persistent device cautions",
            (),
            (Because("scs.implant.date", scs.implant.date.isoformat() if scs.implant.date else None),),
        )
    if scs.trial is None:
        return None
    evaluation = evaluate_trial(scs.trial, ctx.policy, ctx.today, ctx.predominance)
    because = (Because("finding:scs.trial.outcome", evaluation.outcome.value),)
    if evaluation.state is State.IN_PROGRESS:
        return Judgement(option, Verdict.SUITABLE, "screening trial in progress", (), because)
    if evaluation.state is not State.COMPLETE:
        return _booked(inputs, option, evaluation.state, because)
    if evaluation.outcome is Outcome.SUCCESS:
        return Judgement(
            option,
            Verdict.SUITABLE,
            "trial successful: the team decides on a permanent implant",
            evaluation.reasons,
            because,
        )
    if evaluation.outcome is Outcome.NOT_SUCCESSFUL:
        return Judgement(
            option,
            Verdict.NOT_SUITABLE,
            "the screening trial did not meet the success rule",
            evaluation.reasons,
            because,
        )
    if inputs.candidacy.grade is Grade.NOT_RECOMMENDED_NOW:
        return None  # a candidacy blocker decides: the candidacy judgement names it
    # complete but undetermined: the step follows the trial on record (docs/plan.md), never a new referral
    return Judgement(
        option,
        Verdict.UNDETERMINED,
        "screening trial complete; its result cannot be judged until the trial record is complete",
        evaluation.reasons,
        because,
        evaluation.missing,
    )


def _booked(inputs: Inputs, option: Option, state: State, because: tuple[Because, ...]) -> Judgement | None:
    """A trial on record but not started: a recommended candidate is not referred again; any other grade is
    judged by the candidacy, whose blockers and issues come first."""
    if inputs.candidacy.grade is not Grade.RECOMMENDED:
        return None
    start = inputs.ctx.case.scs.trial.start if inputs.ctx.case.scs.trial else None
    if state is State.PLANNED and start is not None:
        headline = f"screening trial booked for {start.isoformat()}"
    else:
        headline = "screening trial on record without a start date: record when it starts"
    return Judgement(option, Verdict.SUITABLE, headline, (), because)

"""Judgements for exercise, psychological, rehabilitation, manual and complementary care and surgery."""

from __future__ import annotations

from fbss.clinical.finding import Because, Missing
from fbss.clinical.planning.catalogue import Option
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.suitability.model import (
    EXERCISE_AFTER_SURGERY_WEEKS,
    NO_BENEFIT,
    Inputs,
    Judgement,
    Verdict,
    choice_missing,
)


def physical_therapy_suits(inputs: Inputs, option: Option) -> Judgement:
    """Exercise is first-line care; it waits 4 weeks after a recent operation."""
    weeks = _weeks_since_index_surgery(inputs.ctx)
    if weeks is not None and weeks < EXERCISE_AFTER_SURGERY_WEEKS:
        return Judgement(
            option,
            Verdict.DEFERRED,
            f"start {EXERCISE_AFTER_SURGERY_WEEKS}-6 weeks after surgery",
            ("Trials of rehabilitation after disc surgery started exercise 4-6 weeks after the operation.",),
            (
                Because(
                    f"surgeries[{inputs.ctx.case.index_surgery_position}].date",
                    weeks,
                    note="weeks since surgery",
                ),
            ),
            after=("surgical recovery",),
        )
    return Judgement(
        option,
        Verdict.SUITABLE,
        "first-line care",
        (
            "Exercise is first-line care for chronic low back pain (ACP 2017); NICE NG59 suggests a group programme.",
        ),
    )


def _weeks_since_index_surgery(ctx: PlanContext) -> float | None:
    surgery = ctx.case.index_surgery
    if surgery is None or surgery.date is None:
        return None
    return round((ctx.today - surgery.date).days / 7, 1)


def pain_psychology_suits(inputs: Inputs, option: Option) -> Judgement:
    """Psychological care suits everyone, alongside exercise."""
    ctx = inputs.ctx
    reasons = ["Part of a package with exercise (NICE NG59); CBT is a first-line option in ACP 2017."]
    because = []
    present = [name for name, value in ctx.case.psychosocial if value is True]
    if present:
        reasons.append(
            "Psychosocial factors are documented: " + ", ".join(p.replace("_", " ") for p in present) + "."
        )
        because += [Because(f"psychosocial.{name}", True) for name in present]
    because += ctx.cite("score.phq9", "score.gad7", "score.pcs")
    return Judgement(option, Verdict.SUITABLE, "alongside exercise", tuple(reasons), tuple(because))


def multidisciplinary_rehabilitation_suits(inputs: Inputs, option: Option) -> Judgement:
    """Now when earlier care failed or psychosocial obstacles exist (NG59); otherwise later. A programme that
    itself did not help is not offered again (like a drug tried without benefit)."""
    ctx = inputs.ctx
    programmes = [
        (i, t)
        for i, t in enumerate(ctx.case.prior_treatments)
        if t.kind in option.prior_kinds and t.response in NO_BENEFIT
    ]
    if programmes:
        return Judgement(
            option,
            Verdict.NOT_SUITABLE,
            "tried without benefit",
            (
                "NICE NG59 suggests a combined programme when earlier treatment has not helped, not repeating one "
                "that did not.",
            ),
            tuple(
                Because(f"prior_treatments[{i}].response", t.response.value)
                for i, t in programmes
                if t.response
            ),
        )
    unhelpful = [
        (i, t)
        for i, t in enumerate(ctx.case.prior_treatments)
        if t.response in NO_BENEFIT and t.kind not in option.prior_kinds
    ]
    obstacles = [name for name, value in ctx.case.psychosocial if value is True]
    because = [
        Because(f"prior_treatments[{i}].response", t.response.value) for i, t in unhelpful if t.response
    ]
    because += [Because(f"psychosocial.{name}", True) for name in obstacles]
    if unhelpful or obstacles:
        why = (
            "earlier treatment has not helped"
            if unhelpful
            else "psychological or social obstacles to recovery"
        )
        return Judgement(
            option,
            Verdict.SUITABLE,
            why,
            (f"NICE NG59 suggests a combined physical and psychological programme when {why}.",),
            tuple(because),
        )
    return Judgement(
        option,
        Verdict.DEFERRED,
        "if exercise and psychological care do not help",
        (
            "NICE NG59 keeps combined programmes for when earlier treatment has not helped or there are obstacles.",
        ),
        after=("plan.physical_therapy", "plan.pain_psychology"),
    )


def manual_therapy_suits(inputs: Inputs, option: Option) -> Judgement:
    """Massage or manipulation, only within an exercise package (NG59)."""
    return Judgement(
        option,
        Verdict.SUITABLE,
        "only within an exercise package",
        (
            "NICE NG59: manual therapy only as part of a package that includes exercise.",
            *(c for c in option.cautions if "NG59" not in c),
        ),
        after=("plan.physical_therapy",),
    )


ACUPUNCTURE_CONFLICT = "treatment.conflict.acupuncture"


def acupuncture_is_disputed(inputs: Inputs, option: Option) -> Judgement:
    """NG59 advises against acupuncture; ACP 2017 lists it: the clinician chooses."""
    return Judgement(
        option,
        Verdict.DISPUTED,
        "NICE NG59 advises against it; ACP 2017 lists it",
        (
            "NICE NG59: do not offer acupuncture for low back pain with or without sciatica.",
            "ACP 2017: acupuncture is a first-line option for chronic low back pain.",
            "Cochrane 2020: benefit over sham only in the immediate term (up to 7 days).",
        ),
        missing=(choice_missing(ACUPUNCTURE_CONFLICT),),
        conflict=ACUPUNCTURE_CONFLICT,
    )


def surgical_referral_suits(inputs: Inputs, option: Option) -> Judgement:
    """A spine surgeon's opinion when a cause amenable to surgery is found."""
    ctx = inputs.ctx
    needs = ctx.needs_surgical_evaluation
    because = ctx.cite("referral.surgical")
    if needs is True and not ctx.surgically_amenable_causes and ctx.red_flags_needing_a_surgeon:
        return Judgement(
            option,
            Verdict.SUITABLE,
            ctx.surgical_reason(),
            ("The red-flag step carries the referral and its urgency.",),
            because,
        )
    if needs is True:
        return Judgement(
            option,
            Verdict.SUITABLE,
            ctx.surgical_reason(),
            (
                "Reoperation may be considered for recurrent disc, stenosis or instability (Tronnier 2019); about 40% "
                "of second operations succeed and results fall with each further operation (Waddell 1979).",
            ),
            because,
        )
    if needs is False:
        return Judgement(option, Verdict.NOT_SUITABLE, "no cause amenable to surgery found", (), because)
    return Judgement(
        option,
        Verdict.UNDETERMINED,
        "the work-up has not yet settled whether a cause needs surgery",
        missing=(
            Missing("finding:referral.surgical", "whether a structural cause amenable to surgery is found"),
        ),
    )

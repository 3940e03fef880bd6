"""SCS candidacy by transparent rules of our own, each cited: NICE TA159, the determinants and psychosocial
factors of the European consensus (Thomson 2020, as prompts, never as a score), and the contraindications of
the SCS Practice Parameters. This is not the consensus e-health tool and does not claim to reproduce it.

Grade: blockers -> not recommended now; missing core inputs -> undetermined; issues -> consider once they are
addressed (or, for back-predominant pain, weighing the weaker evidence); otherwise recommended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from fbss.clinical.case import (
    PainRegion,
    PainReport,
    PsychEvaluationOutcome,
    TreatmentKind,
)
from fbss.clinical.finding import Because, Missing, Status
from fbss.clinical.planning import references as ref
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.scs.factors import (
    PSYCHOSOCIAL_FACTORS,
    absolute_contraindications,
    relative_contraindications,
    unrecorded_conditions,
)
from fbss.clinical.planning.scs.management import conventional_management_tried
from fbss.clinical.planning.scs.reason import Reason
from fbss.clinical.sources import (
    NICE_NG59,
    NICE_TA159,
    PRACTICE_PARAMETERS_2006,
    PROCESS_2007,
    PROMISE_2019,
    TRONNIER_2019,
)
from fbss.clinical.wording import counted, in_sentence, short_name


class Grade(StrEnum):
    RECOMMENDED = "recommended"
    CONSIDER = "consider"
    NOT_RECOMMENDED_NOW = "not_recommended_now"
    UNDETERMINED = "undetermined"


@dataclass
class Candidacy:
    supports: list[Reason] = field(default_factory=list)
    blockers: list[Reason] = field(default_factory=list)
    issues: list[Reason] = field(default_factory=list)
    unknowns: list[Missing] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)
    region: str | None = None

    @property
    def evidence_only(self) -> bool:
        """True when the only issues are about evidence strength (back-predominant or balanced pain)."""
        return bool(self.issues) and all(reason.evidence for reason in self.issues)

    @property
    def grade(self) -> Grade:
        if self.blockers:
            return Grade.NOT_RECOMMENDED_NOW
        if self.unknowns:
            return Grade.UNDETERMINED
        if self.issues:
            return Grade.CONSIDER
        return Grade.RECOMMENDED

    @property
    def because(self) -> tuple[Because, ...]:
        seen: dict[str, Because] = {}
        for reason in (*self.supports, *self.blockers, *self.issues):
            for item in reason.because:
                seen.setdefault(item.path, item)
        return tuple(seen.values())


def assess_candidacy(ctx: PlanContext) -> Candidacy:
    """Run every candidacy rule and collect supports, blockers, issues, unknowns and prompts."""
    result = Candidacy()
    for rule in (
        _no_open_red_flag,
        _red_flag_screen_complete,
        _no_cause_needing_surgery,
        _neuropathic_component,
        _pain_severe_and_lasting,
        _where_the_pain_is,
        conventional_management_tried,
        _contraindications,
        _psychological_evaluation,
        _psychosocial_factors,
        _other_prompts,
    ):
        rule(ctx, result)
    return result


def _no_open_red_flag(ctx: PlanContext, result: Candidacy) -> None:
    for flag in ctx.open_red_flags:
        result.blockers.append(
            Reason(
                f"A red flag is open: {in_sentence(short_name(flag.title))}",
                flag.sources[0],
                ctx.cite(flag.code),
                "the red flag is resolved",
            )
        )


def _red_flag_screen_complete(ctx: PlanContext, result: Candidacy) -> None:
    """Specific causes are excluded first (NICE NG59): unanswered red-flag questions hold the referral."""
    questions = ctx.red_flag_questions
    if questions:
        result.issues.append(
            Reason(
                f"Red-flag screen incomplete: {len(questions)} question(s) unanswered (see the medical review)",
                NICE_NG59,
                ctx.cite(*(f.code for f in ctx.undecided_red_flags)),
                "the red-flag questions answered",
            )
        )


def _neuropathic_component(ctx: PlanContext, result: Candidacy) -> None:
    neuropathic, because = ctx.has_neuropathic_component, ctx.phenotype_because
    if neuropathic is True:
        result.supports.append(Reason("Neuropathic pain component", NICE_TA159, because))
    elif neuropathic is False:
        result.blockers.append(
            Reason(
                "No neuropathic component: NICE TA159 covers pain of neuropathic origin",
                NICE_TA159,
                because,
                "a neuropathic component is found",
            )
        )
    else:
        result.unknowns.append(
            Missing("finding:phenotype.mechanism", "whether the pain is neuropathic decides SCS")
        )


def _pain_severe_and_lasting(ctx: PlanContext, result: Candidacy) -> None:
    """NICE TA159: >= 50 mm on a 0-100 mm VAS for >= 6 months (read as NRS >= policy.scs_min_pain_nrs)."""
    policy = ctx.policy
    reports = [(i, r) for i, r in enumerate(ctx.case.pain) if r.region in (PainRegion.LEG, PainRegion.BACK)]
    if ctx.predominance in ("leg", "back"):
        reports = [(i, r) for i, r in reports if r.region.value == ctx.predominance]
    rated = [(i, r, r.intensity) for i, r in reports if r.intensity is not None]
    timed = [(i, r.duration_months) for i, r in reports if r.duration_months is not None]
    if rated:
        i, report, nrs = max(rated, key=lambda item: item[2] or 0)
        because = (Because(f"pain[{i}].{_rating_field(report)}", nrs, note=f"{report.region.value} pain"),)
        _judge_rating(ctx, result, nrs or 0, because)
    elif (scored := _scored_pain(ctx)) is not None:
        _judge_rating(ctx, result, *scored)
    else:
        result.unknowns.append(
            Missing("pain", "a 0-10 rating of the leg or back pain (TA159: at least 50/100)")
        )
    if not timed:
        result.unknowns.append(Missing("pain", "how many months the pain has lasted (TA159: at least 6)"))
        return
    i, months = max(timed, key=lambda item: item[1] or 0)
    because = (Because(f"pain[{i}].duration_months", months),)
    if months is not None and months >= policy.scs_min_pain_months:
        result.supports.append(
            Reason(f"Pain for {counted(months, 'month')} (TA159: at least 6)", NICE_TA159, because)
        )
    else:
        result.blockers.append(
            Reason(
                f"Pain for {counted(months, 'month')}, under the {policy.scs_min_pain_months:g} months of TA159",
                NICE_TA159,
                because,
                f"pain persisting {policy.scs_min_pain_months:g} months despite conventional management",
            )
        )


def _scored_pain(ctx: PlanContext) -> tuple[int, tuple[Because, ...]] | None:
    """The pain rating from the NRS score findings, when the pain reports carry none."""
    codes = {"leg": ("score.nrs_leg",), "back": ("score.nrs_back",)}.get(
        ctx.predominance, ("score.nrs_leg", "score.nrs_back")
    )
    scores = [
        f for code in codes if (f := ctx.finding(code)) is not None and isinstance(f.value, (int, float))
    ]
    if not scores:
        return None
    best = max(scores, key=lambda f: float(f.value or 0))
    return int(float(best.value or 0)), ctx.cite(best.code)


def _judge_rating(ctx: PlanContext, result: Candidacy, nrs: int, because: tuple[Because, ...]) -> None:
    threshold = ctx.policy.scs_min_pain_nrs
    if nrs >= threshold:
        result.supports.append(Reason(f"Pain {nrs}/10 (TA159: at least 50/100)", NICE_TA159, because))
    else:
        result.blockers.append(
            Reason(
                f"Pain {nrs}/10 is below the TA159 threshold of 50/100, read as {threshold}/10",
                NICE_TA159,
                because,
                f"pain of at least {threshold}/10",
            )
        )


def _rating_field(report: PainReport) -> str:
    """The NRS field that PainReport.intensity used (average, else now, else worst)."""
    if report.nrs_average is not None:
        return "nrs_average"
    return "nrs_now" if report.nrs_now is not None else "nrs_worst"


def _where_the_pain_is(ctx: PlanContext, result: Candidacy) -> None:
    """Consensus determinant 'location and spread': the strong trials are in predominant leg pain."""
    predominance, because = ctx.predominance, ctx.cite("phenotype.predominance")
    result.region = predominance
    if predominance == "leg":
        result.supports.append(
            Reason("Leg-predominant pain, where PROCESS and North 2005 showed benefit", PROCESS_2007, because)
        )
    elif predominance == "back":
        result.issues.append(
            Reason(
                "Back-predominant pain: weaker evidence for conventional SCS (PROMISE 13.6% vs 4.6% responders; "
                "Cochrane 2023: little to no sustained benefit); 10 kHz SCS did better in SENZA-RCT (back and leg "
                "pain)",
                PROMISE_2019,
                because,
                "none: weigh the evidence with the patient",
                evidence=True,
            )
        )
    elif predominance == "balanced":
        result.issues.append(
            Reason(
                "Back and leg pain are similar: PROCESS enrolled leg-predominant pain; SENZA-RCT (back and leg "
                "pain) supports 10 kHz SCS",
                ref.SENZA_2015,
                because,
                "none: weigh the evidence with the patient",
                evidence=True,
            )
        )
    else:
        result.unknowns.append(
            Missing("finding:phenotype.predominance", "leg or back predominance (consensus)")
        )


def _no_cause_needing_surgery(ctx: PlanContext, result: Candidacy) -> None:
    """Consensus determinant 'anatomic abnormality': surgery first for a cause amenable to it (Tronnier 2019)."""
    needs = ctx.needs_surgical_evaluation
    because = ctx.cite("referral.surgical")
    if needs is True:
        result.blockers.append(
            Reason(
                f"Surgical evaluation first: {ctx.surgical_reason()}",
                TRONNIER_2019,
                because,
                "the spine surgeon advises against an operation, or the patient declines one",
            )
        )
    elif needs is False:
        result.supports.append(Reason("No cause amenable to surgery found", TRONNIER_2019, because))
    else:
        result.issues.append(
            Reason(
                "Not yet shown that no cause needs surgery (imaging review)",
                TRONNIER_2019,
                because,
                "the work-up excludes a cause amenable to surgery",
            )
        )


def _contraindications(ctx: PlanContext, result: Candidacy) -> None:
    for item in absolute_contraindications(ctx):
        result.blockers.append(item)
    for item in relative_contraindications(ctx):
        result.issues.append(item)
    unrecorded = unrecorded_conditions(ctx)
    if unrecorded:
        result.prompts.append(
            "Record the contraindication checks: " + ", ".join(n.replace("_", " ") for n in unrecorded)
        )


def _psychological_evaluation(ctx: PlanContext, result: Candidacy) -> None:
    evaluation = ctx.case.scs.psych_evaluation
    if evaluation is None:
        return
    because = (Because("scs.psych_evaluation.outcome", evaluation.outcome.value),)
    if evaluation.outcome is PsychEvaluationOutcome.NOT_SUITABLE:
        result.blockers.append(
            Reason(
                "Psychological evaluation: not suitable",
                PRACTICE_PARAMETERS_2006,
                because,
                "a new evaluation",
            )
        )
    elif evaluation.outcome is PsychEvaluationOutcome.TREAT_FIRST:
        result.issues.append(
            Reason(
                "Psychological evaluation: treat first",
                PRACTICE_PARAMETERS_2006,
                because,
                "psychological treatment completed",
            )
        )
    else:
        result.supports.append(Reason("Psychological evaluation: cleared", PRACTICE_PARAMETERS_2006, because))


def _psychosocial_factors(ctx: PlanContext, result: Candidacy) -> None:
    """The eight consensus psychosocial factors: present ones are issues to address; unrecorded ones prompts."""
    psychosocial = ctx.case.psychosocial
    unrecorded = []
    for name, label in PSYCHOSOCIAL_FACTORS.items():
        value = getattr(psychosocial, name)
        if value is True:
            result.issues.append(
                Reason(
                    f"Psychosocial factor: {label}",
                    ref.THOMSON_2020,
                    (Because(f"psychosocial.{name}", True),),
                    f"{label} addressed",
                )
            )
        elif value is None:
            unrecorded.append(label)
    if unrecorded:
        result.prompts.append("Document the psychosocial factors: " + "; ".join(unrecorded))


def _other_prompts(ctx: PlanContext, result: Candidacy) -> None:
    exam = ctx.case.exam
    if exam is not None and exam.nonorganic_signs:
        result.prompts.append(
            f"{exam.nonorganic_signs} non-organic sign(s) recorded: a predominance of non-organic signs is a "
            "relative contraindication (Practice Parameters); judge whether they predominate"
        )
    blocks = [
        t
        for t in ctx.case.prior_treatments
        if t.kind in (TreatmentKind.NERVE_BLOCK, TreatmentKind.EPIDURAL_STEROID_INJECTION)
    ]
    if blocks:
        responses = ", ".join(
            f"{t.kind.value.replace('_', ' ')}: {t.response.value if t.response else 'not recorded'}"
            for t in blocks
        )
        result.prompts.append(
            f"Response to earlier therapies targeting pain processing (consensus determinant): {responses}"
        )
    else:
        result.prompts.append(
            "Record the response to earlier therapies targeting pain processing, e.g. a nerve block (consensus determinant)"
        )


STATUS_BY_GRADE = {
    Grade.RECOMMENDED: Status.MET,
    Grade.CONSIDER: Status.MET,
    Grade.NOT_RECOMMENDED_NOW: Status.NOT_MET,
    Grade.UNDETERMINED: Status.UNKNOWN,
}

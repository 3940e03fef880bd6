"""SCS pathway findings: candidacy (with the evidence that fits where the pain is), the psychosocial prompts,
the trial and the decision to implant, and one summary of where the patient stands on the pathway."""

from __future__ import annotations

from fbss.clinical.case import ProcedureKind, TrialDecision
from fbss.clinical.finding import Because, Finding, Kind, Missing, Severity, Status
from fbss.clinical.planning import references as ref
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.scs.candidacy import STATUS_BY_GRADE, Candidacy, Grade
from fbss.clinical.planning.scs.factors import PSYCHOSOCIAL_FACTORS
from fbss.clinical.planning.scs.reason import Reason
from fbss.clinical.planning.scs.trial import Outcome, State, TrialEvaluation, evaluate_trial
from fbss.clinical.sources import (
    NICE_TA159,
    PRACTICE_PARAMETERS_2006,
    PROCESS_2007,
    PROMISE_2019,
    TRONNIER_2019,
    Source,
)
from fbss.clinical.wording import counted, in_sentence, short_name

OWN_RULES = (
    "These are this application's own transparent rules built from NICE TA159, the SCS Practice Parameters "
    "and the determinants of the European consensus (Thomson 2020); they are not the consensus e-health tool."
)


def candidacy_finding(ctx: PlanContext, candidacy: Candidacy) -> Finding:
    """The graded SCS recommendation with its reasons, prompts and what would change it."""
    grade = candidacy.grade
    return Finding(
        code="scs.candidacy",
        kind=Kind.SCS,
        title=_candidacy_title(ctx, candidacy),
        status=STATUS_BY_GRADE[grade],
        because=candidacy.because,
        missing=tuple(candidacy.unknowns),
        detail=_candidacy_detail(candidacy),
        action=_candidacy_action(ctx, candidacy),
        value=grade.value,
        sources=(NICE_TA159, PRACTICE_PARAMETERS_2006, ref.THOMSON_2020, TRONNIER_2019),
        data={
            "grade": grade.value,
            "supports": [r.to_dict() for r in candidacy.supports],
            "blockers": [r.to_dict() for r in candidacy.blockers],
            "issues": [r.to_dict() for r in candidacy.issues],
            "prompts": list(candidacy.prompts),
            "what_would_change": [r.change for r in (*candidacy.blockers, *candidacy.issues) if r.change],
            "rules": "own transparent rules; not the European consensus e-health tool",
        },
    )


def _candidacy_title(ctx: PlanContext, candidacy: Candidacy) -> str:
    grade = candidacy.grade
    if grade is Grade.RECOMMENDED:
        if ctx.case.scs.trial is not None or ctx.case.scs.implant is not None:
            return "Spinal cord stimulation: candidacy rules met"
        if ctx.case.scs.mdt_assessed:
            next_step = (
                "proceed to a screening trial" if ctx.policy.scs_trial_required else "trial or implant"
            )
            return f"Spinal cord stimulation recommended: {next_step}"
        return "Spinal cord stimulation recommended: refer to the SCS multidisciplinary team"
    if grade is Grade.CONSIDER:
        if candidacy.evidence_only:
            where = "back-predominant" if candidacy.region == "back" else "mixed back and leg"
            return f"Spinal cord stimulation: consider, weighing the weaker evidence for {where} pain"
        return "Spinal cord stimulation: consider once the named issues are addressed"
    if grade is Grade.NOT_RECOMMENDED_NOW:
        first = candidacy.blockers[0].text
        return f"Spinal cord stimulation not recommended now: {first[0].lower()}{first[1:]}"
    return "Spinal cord stimulation: cannot be judged yet (inputs missing)"


def _candidacy_detail(candidacy: Candidacy) -> str:
    parts = []
    for label, reasons in (
        ("For", candidacy.supports),
        ("Against", candidacy.blockers),
        ("To address", candidacy.issues),
    ):
        if reasons:
            parts.append(f"{label}: " + "; ".join(r.text for r in reasons) + ".")
    if candidacy.prompts:
        parts.append("To document: " + "; ".join(candidacy.prompts) + ".")
    parts.append(OWN_RULES)
    return " ".join(parts)


def _candidacy_action(ctx: PlanContext, candidacy: Candidacy) -> str | None:
    changes = [r.change for r in (*candidacy.blockers, *candidacy.issues) if r.change and not r.evidence]
    grade = candidacy.grade
    if grade is Grade.RECOMMENDED:
        return (
            None if ctx.case.scs.mdt_assessed else "Refer to the SCS multidisciplinary team for assessment."
        )
    if grade is Grade.UNDETERMINED:
        return "Record what is missing (see missing) and reassess."
    if changes:
        return "Would change with: " + "; ".join(changes) + "."
    if candidacy.evidence_only:
        return "Discuss the evidence with the patient at the multidisciplinary team."
    return None


def evidence_finding(ctx: PlanContext) -> Finding:
    """The SCS trial evidence that fits where the pain is; counter-evidence shown whenever back pain leads."""
    predominance = ctx.predominance
    if predominance == "leg":
        title = "SCS evidence for leg-predominant radicular pain after back surgery"
        detail = (
            "PROCESS: at least 50% leg-pain relief in 48% with SCS vs 9% with conventional medical management at "
            "6 months (34% vs 7% at 12 months; 37% vs 2% at 24 months, with 31% needing device revision). "
            "North 2005: SCS succeeded more often than reoperation (9/19 vs 3/26)."
        )
        sources = (PROCESS_2007, NICE_TA159, ref.PROCESS_2008, ref.NORTH_2005)
    else:
        title = "SCS evidence where back pain predominates or matches leg pain is weaker"
        detail = (
            "PROMISE (predominant back pain): at least 50% back-pain relief at 6 months in 13.6% with SCS plus "
            "medical management vs 4.6% with medical management. Cochrane 2023: SCS probably has little to no "
            "sustained benefit over placebo for low back pain (critics note excluded trial types). SENZA-RCT "
            "(back and leg pain): 10 kHz SCS responders at 3 months 84.5% vs 43.8% for back pain and 83.1% vs "
            "55.5% for leg pain, against traditional SCS. PROCESS (48% vs 9%) enrolled leg-predominant pain."
        )
        sources = (PROMISE_2019, ref.COCHRANE_SCS_2023, ref.SENZA_2015, PROCESS_2007)
    return Finding(
        code="scs.evidence",
        kind=Kind.SCS,
        title=title,
        status=Status.MET,
        because=ctx.cite("phenotype.predominance"),
        detail=detail,
        sources=sources,
        data={"predominance": predominance},
    )


def psychosocial_finding(ctx: PlanContext) -> Finding:
    """The eight consensus psychosocial factors as documented: present, absent or not recorded."""
    values = {name: getattr(ctx.case.psychosocial, name) for name in PSYCHOSOCIAL_FACTORS}
    present = [PSYCHOSOCIAL_FACTORS[n] for n, v in values.items() if v is True]
    unrecorded = [PSYCHOSOCIAL_FACTORS[n] for n, v in values.items() if v is None]
    if present:
        title, status = f"Psychosocial factors to address before SCS: {', '.join(present)}", Status.MET
    elif unrecorded:
        title, status = f"Psychosocial factors: {len(unrecorded)} of 8 not documented", Status.UNKNOWN
    else:
        title, status = "Psychosocial factors: none of the eight present", Status.NOT_MET
    return Finding(
        code="scs.psychosocial",
        kind=Kind.SCS,
        title=title,
        status=status,
        because=tuple(Because(f"psychosocial.{n}", v) for n, v in values.items() if v is not None),
        missing=tuple(
            Missing(f"psychosocial.{n}", f"{PSYCHOSOCIAL_FACTORS[n]}: not documented (a consensus prompt)")
            for n, v in values.items()
            if v is None
        )
        if status is Status.UNKNOWN
        else (),
        detail="The eight psychosocial factors of the European consensus, used here as prompts to document, "
        "not as a score.",
        sources=(ref.THOMSON_2020,),
        data={"factors": values, "present": present, "not_documented": unrecorded},
    )


def trial_findings(ctx: PlanContext) -> tuple[Finding, ...]:
    """The trial's length, its outcome against the success rule, and the decision after it."""
    trial = ctx.case.scs.trial
    if trial is None:
        return ()
    evaluation = evaluate_trial(trial, ctx.policy, ctx.today, ctx.predominance)
    found = [_outcome_finding(evaluation)]
    if evaluation.length_days is not None:
        found.insert(0, _length_finding(ctx, evaluation))
    if evaluation.state is State.COMPLETE:
        found.append(_decision_finding(ctx, evaluation))
    return tuple(found)


def _length_finding(ctx: PlanContext, evaluation: TrialEvaluation) -> Finding:
    policy, days = ctx.policy, evaluation.length_days
    window = f"{policy.scs_trial_min_days}-{policy.scs_trial_max_days} days"
    inside = evaluation.within_window is True
    return Finding(
        code="scs.trial.length",
        kind=Kind.SCS,
        title=f"SCS trial of {counted(days or 0, 'day')}: {'within' if inside else 'outside'} the {window} window",
        status=Status.MET if inside else Status.NOT_MET,
        severity=None if inside else Severity.INFO,
        because=(
            Because("scs.trial.start", _iso(ctx.case.scs.trial, "start")),
            Because("scs.trial.end", _iso(ctx.case.scs.trial, "end")),
        ),
        detail="Practice Parameters: a trial of three to eight days generally gives enough information while "
        "limiting infection risk; the window is a policy setting.",
        value=days,
        sources=(PRACTICE_PARAMETERS_2006,),
        data={"length_days": days, "window_days": [policy.scs_trial_min_days, policy.scs_trial_max_days]},
    )


def _iso(trial: object, name: str) -> str | None:
    value = getattr(trial, name, None)
    return value.isoformat() if value is not None else None


OUTCOME_TITLES = {
    Outcome.SUCCESS: "SCS trial met the success rule",
    Outcome.NOT_SUCCESSFUL: "SCS trial did not meet the success rule",
    Outcome.UNDETERMINED: "SCS trial result cannot be judged yet",
}


def _outcome_finding(evaluation: TrialEvaluation) -> Finding:
    title = OUTCOME_TITLES[evaluation.outcome]
    if evaluation.state is State.IN_PROGRESS:
        title = f"SCS trial in progress (interim: {evaluation.outcome.value.replace('_', ' ')})"
    elif evaluation.state is State.PLANNED:
        title = "SCS trial planned"
    status = {Outcome.SUCCESS: Status.MET, Outcome.NOT_SUCCESSFUL: Status.NOT_MET}.get(
        evaluation.outcome, Status.UNKNOWN
    )
    return Finding(
        code="scs.trial.outcome",
        kind=Kind.SCS,
        title=title,
        status=status,
        because=(Because("scs.trial.diary", evaluation.diary_days, note="diary days in the trial"),),
        missing=evaluation.missing,
        detail=(". ".join(evaluation.reasons) + ".") if evaluation.reasons else None,
        value=evaluation.outcome.value,
        sources=(PRACTICE_PARAMETERS_2006, ref.TRIAL_STIM_2020),
        data=evaluation.to_dict(),
    )


def _decision_finding(ctx: PlanContext, evaluation: TrialEvaluation) -> Finding:
    decision = ctx.case.scs.trial.decision if ctx.case.scs.trial else None
    outcome = evaluation.outcome
    because = (Because("scs.trial.decision", decision.value if decision else None),)
    severity: Severity | None = None
    if decision is TrialDecision.IMPLANT and outcome is Outcome.NOT_SUCCESSFUL:
        title = "Implant decided although the trial did not meet the success rule: record why"
        status, severity = Status.NOT_MET, Severity.WARNING
    elif decision is TrialDecision.IMPLANT and outcome is Outcome.UNDETERMINED:
        title = "Implant decided; the trial record is incomplete, so the success rule cannot be checked"
        status, severity = Status.UNKNOWN, Severity.INFO
    elif decision is not None:
        title = f"Decision after the trial: {decision.value.replace('_', ' ')}"
        status = Status.MET
    elif outcome is Outcome.SUCCESS:
        title = "Trial successful: the SCS team may offer a permanent implant"
        status = Status.MET
    elif outcome is Outcome.NOT_SUCCESSFUL:
        title = "Do not implant on this trial; repeat it only if it was technically inadequate"
        status = Status.NOT_MET
    else:
        title = "Decision to implant waits for a complete trial record"
        status = Status.UNKNOWN
    return Finding(
        code="scs.trial.decision",
        kind=Kind.SCS,
        title=title,
        status=status,
        severity=severity,
        because=because,
        # unknown only while the trial outcome is undetermined: what the outcome lacks decides it (docs/output.md)
        missing=evaluation.missing if status is Status.UNKNOWN else (),
        detail="Practice Parameters: implant after a successful trial; repeat a trial that was technically "
        "inadequate (poor overlap of pain and stimulation). The decision is the multidisciplinary team's.",
        value=decision.value if decision else None,
        sources=(PRACTICE_PARAMETERS_2006,),
        data={"decision": decision.value if decision else None, "trial_outcome": outcome.value},
    )


def pathway_finding(ctx: PlanContext, candidacy: Candidacy) -> Finding:
    """Where the patient stands on the SCS pathway, and the next step: an open red flag or a candidacy blocker
    comes before the trial or implant on record."""
    stage, next_step, missing = _stage(ctx, candidacy)
    first = _what_comes_first(ctx, candidacy, stage)
    if first is not None:
        next_step = f"{first.text}; then {next_step}" if stage == "implanted" else first.text
    because = (Because("finding:scs.candidacy", candidacy.grade.value), *(first.because if first else ()))
    sources: tuple[Source, ...] = (NICE_TA159, PRACTICE_PARAMETERS_2006, ref.TRIAL_STIM_2020)
    if first is not None and first.source not in sources:
        sources = (*sources, first.source)
    if stage == "undetermined":
        missing = tuple(candidacy.unknowns)
    return Finding(
        code="scs.pathway",
        kind=Kind.SCS,
        title=f"SCS pathway: {stage.replace('_', ' ')}. Next: {next_step}",
        status=Status.MET if stage not in ("undetermined",) else Status.UNKNOWN,
        because=because,
        missing=missing,
        detail=None
        if ctx.policy.scs_trial_required
        else "Local policy allows implant without a screening trial "
        "(TRIAL-STIM found no outcome benefit from trialling; payers may still require one).",
        value=stage,
        sources=sources,
        data={
            "stage": stage,
            "next": next_step,
            "trial_required": ctx.policy.scs_trial_required,
            "first": first.text if first else None,
        },
    )


# the stages with a trial or implant on record, and what a blocker holds back in each
ON_RECORD = {
    "trial_planned": "before the booked trial",
    "implant_planned": "before the booked implant",
    "trial_in_progress": "before the trial goes on to an implant",
    "trial_complete": "before an implant",
}
AFTER_A_LEAD = ("trial_in_progress", "trial_complete", "implanted")


def _what_comes_first(ctx: PlanContext, candidacy: Candidacy, stage: str) -> Reason | None:
    """What must come before the next step on record: an open red flag (urgent review first; no elective step
    while one is open), then a candidacy blocker (e.g. surgical evaluation first: fact sheet treatment-safety.md
    §0 rule 5, §7 Tronnier 2019; Practice Parameters contraindications, §1.6). None when nothing blocks."""
    if stage != "implanted" and stage not in ON_RECORD:
        return None  # before the pathway the candidacy finding itself names its blockers
    flags = ctx.open_red_flags
    if flags:
        names = ", ".join(in_sentence(short_name(f.title)) for f in flags)
        text = f"urgent review of the open red flag first ({names}: see the red-flag finding)"
        if "redflag.infection" in ctx.open_red_flag_codes and stage in AFTER_A_LEAD:
            # fact sheet diagnosis-instruments-codes.md §4, row 'Post-operative infection': a recent spinal
            # implant, SCS included, is a risk factor for post-operative spinal infection
            text += "; a recent SCS trial lead or implant is a risk factor for spinal infection"
        if stage in ON_RECORD:
            text += "; no further SCS step until the red flag is resolved"
        return Reason(
            text, flags[0].sources[0], ctx.cite(*ctx.open_red_flag_codes), "the red flag is resolved"
        )
    if stage == "implanted" or not candidacy.blockers:
        return None
    blocker = candidacy.blockers[0]
    text = f"{in_sentence(blocker.text)}, {ON_RECORD[stage]}"
    if blocker.change:
        text += f" (would change with: {blocker.change})"
    if len(candidacy.blockers) > 1:
        text += f"; {counted(len(candidacy.blockers) - 1, 'more blocker')} in the candidacy finding"
    return Reason(text, blocker.source, blocker.because, blocker.change)


def _stage(ctx: PlanContext, candidacy: Candidacy) -> tuple[str, str, tuple[Missing, ...]]:
    """The stage, its next step and, when the step is to complete the trial record, what is missing from it."""
    scs, grade = ctx.case.scs, candidacy.grade
    if scs.implant is not None:
        return "implanted", "follow-up, with the persistent device cautions", ()
    if scs.trial is not None:
        evaluation = evaluate_trial(scs.trial, ctx.policy, ctx.today, ctx.predominance)
        if evaluation.state is State.IN_PROGRESS:
            return "trial_in_progress", "complete the daily diary; review at the end of the trial", ()
        if evaluation.state is State.COMPLETE:
            if evaluation.outcome is Outcome.UNDETERMINED:
                return "trial_complete", "complete the trial record (see missing)", evaluation.missing
            return (
                "trial_complete",
                {
                    Outcome.SUCCESS: "the multidisciplinary team decides on a permanent implant",
                    Outcome.NOT_SUCCESSFUL: "no implant; review other options",
                }[evaluation.outcome],
                (),
            )
        return "trial_planned", "complete the prerequisites and agree antithrombotic holds", ()
    planned = {p.procedure for p in ctx.case.planned_procedures}
    if ProcedureKind.SCS_TRIAL in planned:
        return "trial_planned", "complete the prerequisites and agree antithrombotic holds", ()
    if ProcedureKind.SCS_IMPLANT in planned:
        return "implant_planned", "complete the prerequisites and agree antithrombotic holds", ()
    if grade in (Grade.RECOMMENDED, Grade.CONSIDER):
        trial = "a screening trial" if ctx.policy.scs_trial_required else "a trial or direct implant"
        first = (
            "address the named issues, then "
            if grade is Grade.CONSIDER and not candidacy.evidence_only
            else ""
        )
        return "candidacy_assessment", f"{first}multidisciplinary assessment and {trial}", ()
    if grade is Grade.NOT_RECOMMENDED_NOW:
        return "not_a_candidate_now", "see what would change it in the candidacy finding", ()
    return "undetermined", "record the missing inputs", ()

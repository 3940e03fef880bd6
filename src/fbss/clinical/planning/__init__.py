"""Treatment planning, safety checks and the SCS pathway: `plan(case, earlier, policy)` turns the upstream
findings into PLAN (ordered steps), TREATMENT (each catalogue option judged), SAFETY and SCS findings."""

from __future__ import annotations

from fbss.clinical.case import Case, ProcedureKind
from fbss.clinical.finding import Finding
from fbss.clinical.planning.builder import build_plan
from fbss.clinical.planning.catalogue import OptionId
from fbss.clinical.planning.conflicts import conflict_findings
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.proposals import Proposals
from fbss.clinical.planning.safety import checks
from fbss.clinical.planning.safety.renal import creatinine_clearance
from fbss.clinical.planning.safety.uses import GENERIC_NSAID
from fbss.clinical.planning.scs import assess_candidacy, scs_findings
from fbss.clinical.planning.scs.trial import Outcome, State, evaluate_trial
from fbss.clinical.planning.suitability import Judgement, Verdict, judge_all
from fbss.clinical.planning.treatments import treatment_findings
from fbss.clinical.policy import Policy

PROCEDURE_VERDICTS = (Verdict.SUITABLE, Verdict.CONSIDER)
DRUG_VERDICTS = (Verdict.SUITABLE, Verdict.DISPUTED)
PROPOSED_DRUGS: dict[OptionId, tuple[str, ...]] = {
    OptionId.GABAPENTIN: ("gabapentin",),
    OptionId.PREGABALIN: ("pregabalin",),
    OptionId.DULOXETINE: ("duloxetine",),
    OptionId.TRICYCLIC: ("amitriptyline", "nortriptyline"),
    OptionId.NSAID: (GENERIC_NSAID,),
}


def plan(case: Case, earlier: tuple[Finding, ...], policy: Policy) -> tuple[Finding, ...]:
    """The plan, the option judgements, guideline conflicts, safety checks and the SCS pathway for a case."""
    ctx = PlanContext(case, policy, earlier)
    clearance = creatinine_clearance(ctx)
    candidacy = assess_candidacy(ctx)
    judgements = judge_all(ctx, candidacy, clearance.value, clearance.missing)
    return (
        *build_plan(ctx, judgements, clearance.value),
        *treatment_findings(ctx, judgements),
        *conflict_findings(ctx, judgements),
        *checks(ctx, proposals(ctx, judgements), clearance),
        *scs_findings(ctx, candidacy),
    )


def proposals(ctx: PlanContext, judgements: tuple[Judgement, ...]) -> Proposals:
    """The procedures and drugs the plan puts forward, for the safety checks."""
    procedures: list[ProcedureKind] = []
    drugs: list[str] = []
    for judgement in judgements:
        option = judgement.option
        if judgement.verdict in PROCEDURE_VERDICTS and option.procedures:
            procedure = _next_procedure(ctx, option.id, option.procedures)
            if procedure is not None:
                procedures.append(procedure)
        if judgement.verdict in DRUG_VERDICTS:
            offered = judgement.offered_drugs
            drugs.extend(offered if offered is not None else PROPOSED_DRUGS.get(option.id, ()))
    return Proposals(tuple(procedures), tuple(drugs))


def _next_procedure(
    ctx: PlanContext, option: OptionId, kinds: tuple[ProcedureKind, ...]
) -> ProcedureKind | None:
    if option is not OptionId.SPINAL_CORD_STIMULATION:
        return kinds[0]
    if ctx.case.scs.implant is not None:
        return None
    trial = ctx.case.scs.trial
    if trial is not None:
        evaluation = evaluate_trial(trial, ctx.policy, ctx.today, ctx.predominance)
        if evaluation.state is State.COMPLETE and evaluation.outcome is Outcome.SUCCESS:
            return ProcedureKind.SCS_IMPLANT
    return ProcedureKind.SCS_TRIAL if ctx.policy.scs_trial_required else ProcedureKind.SCS_IMPLANT


__all__ = ["plan"]

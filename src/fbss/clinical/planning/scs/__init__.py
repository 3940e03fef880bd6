"""The SCS pathway end to end: candidacy, prerequisites, the screening trial, the decision to implant and
the persistent cautions and follow-up after an implant."""

from __future__ import annotations

from fbss.clinical.case import ProcedureKind
from fbss.clinical.finding import Finding
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.scs.candidacy import Candidacy, Grade, assess_candidacy
from fbss.clinical.planning.scs.followup import implant_findings
from fbss.clinical.planning.scs.pathway import (
    candidacy_finding,
    evidence_finding,
    pathway_finding,
    psychosocial_finding,
    trial_findings,
)
from fbss.clinical.planning.scs.prerequisites import prerequisite_findings

SCS_PROCEDURES = (ProcedureKind.SCS_TRIAL, ProcedureKind.SCS_IMPLANT)


def scs_findings(ctx: PlanContext, candidacy: Candidacy) -> tuple[Finding, ...]:
    """Every SCS finding for the case, summary first."""
    scs_planned = any(p.procedure in SCS_PROCEDURES for p in ctx.case.planned_procedures)
    on_pathway = scs_planned or ctx.case.scs.trial is not None or ctx.case.scs.implant is not None
    prerequisites = (
        prerequisite_findings(ctx)
        if on_pathway or candidacy.grade in (Grade.RECOMMENDED, Grade.CONSIDER)
        else ()
    )
    return (
        pathway_finding(ctx, candidacy),
        candidacy_finding(ctx, candidacy),
        evidence_finding(ctx),
        psychosocial_finding(ctx),
        *prerequisites,
        *trial_findings(ctx),
        *implant_findings(ctx),
    )


__all__ = ["Candidacy", "Grade", "assess_candidacy", "scs_findings"]

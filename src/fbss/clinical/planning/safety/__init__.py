"""Safety checks, each a SAFETY finding with severity and source: antithrombotics before procedures, renal
dosing, coagulation results, older-adult cautions, combinations, NSAID cautions and epidural steroid exposure."""

from __future__ import annotations

from fbss.clinical.drugs import DrugClass
from fbss.clinical.finding import Finding
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.proposals import Proposals
from fbss.clinical.planning.safety.anticoagulation import antithrombotic_checks
from fbss.clinical.planning.safety.coagulation_labs import coagulation_lab_checks
from fbss.clinical.planning.safety.combinations import combination_checks
from fbss.clinical.planning.safety.nsaids import nsaid_checks
from fbss.clinical.planning.safety.older_adults import older_adult_checks
from fbss.clinical.planning.safety.procedures import planned, proposed
from fbss.clinical.planning.safety.renal import Clearance, clearance_finding
from fbss.clinical.planning.safety.renal_doses import RENALLY_DOSED, renal_dose_findings
from fbss.clinical.planning.safety.steroids import steroid_checks
from fbss.clinical.planning.safety.uses import drug_uses


def checks(ctx: PlanContext, proposals: Proposals, clearance: Clearance) -> tuple[Finding, ...]:
    """Every safety check for the case's medicines and procedures and for what the plan proposes."""
    already = planned(ctx)
    targets = (*already, *proposed(proposals.procedures, already))
    uses = drug_uses(ctx, proposals.drugs)
    renal: tuple[Finding, ...] = ()
    crcl: float | None = None
    needing = [use for use in uses if use.name in RENALLY_DOSED or use.has(DrugClass.NSAID)]
    if needing:
        crcl = clearance.value
        current = any(not use.proposed for use in needing)
        renal = (
            clearance_finding(ctx, clearance, current),
            *renal_dose_findings(ctx, clearance, proposals.drugs),
        )
    return (
        *antithrombotic_checks(ctx, targets, clearance),
        *coagulation_lab_checks(ctx, targets),
        *renal,
        *older_adult_checks(ctx, uses, crcl),
        *combination_checks(ctx, uses),
        *nsaid_checks(ctx, uses, crcl),
        *steroid_checks(ctx, targets),
    )


__all__ = ["checks"]

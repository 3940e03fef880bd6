"""assess(case) -> Assessment: the one pure function every way in ends in."""

from __future__ import annotations

from fbss.clinical import criteria, instruments, outcomes, phenotype, redflags, workup
from fbss.clinical.assessment import Assessment, ordered
from fbss.clinical.case import Case
from fbss.clinical.finding import Finding
from fbss.clinical.knowledge import KNOWLEDGE_VERSION
from fbss.clinical.planning import plan
from fbss.clinical.policy import DEFAULT_POLICY, Policy


def assess(case: Case, policy: Policy = DEFAULT_POLICY) -> Assessment:
    """Assess one case. Deterministic: the date is the case's assessment date, nothing is read or written."""
    scored = instruments.histories(case)
    red_flags = redflags.screen(case, policy)
    diagnosis: tuple[Finding, ...] = (
        *instruments.score_findings(case, scored),
        *outcomes.changes(case, scored),
        *phenotype.classify(case, scored),
        *criteria.fbss_criteria(case, red_flags),
    )
    diagnosis = (*diagnosis, *workup.differential(case, (*red_flags, *diagnosis)))
    planning = plan(case, (*red_flags, *diagnosis), policy)
    return Assessment(
        knowledge_version=KNOWLEDGE_VERSION,
        assessment_date=case.assessment_date,
        case_id=case.case_id,
        findings=ordered(red_flags, (*diagnosis, *planning)),
    )

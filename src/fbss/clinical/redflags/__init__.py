"""The red-flag screen: one finding per serious condition, always present, always first in the output.

Each condition is its own module; `screen` runs them all. A condition's finding is met when the case raises
the suspicion (with severity, action and time frame), not met when the inputs rule it out, and unknown when
they do not decide it (`missing` names the unanswered questions). No other module may produce, replace or
soften a red-flag finding (enforced by `assessment.ordered`).
"""

from __future__ import annotations

from fbss.clinical.case import Case
from fbss.clinical.finding import Finding
from fbss.clinical.policy import DEFAULT_POLICY, Policy
from fbss.clinical.redflags.cauda_equina import cauda_equina_finding
from fbss.clinical.redflags.common import (
    CAUDA_EQUINA,
    FRACTURE,
    INFECTION,
    MALIGNANCY,
    NEUROLOGICAL_DEFICIT,
    SUICIDE_RISK,
    unanswered_questions,
)
from fbss.clinical.redflags.fracture import fracture_finding
from fbss.clinical.redflags.infection import infection_finding
from fbss.clinical.redflags.malignancy import malignancy_finding
from fbss.clinical.redflags.neurological import neurological_deficit_finding
from fbss.clinical.redflags.suicide import suicide_risk_finding

CODES = (CAUDA_EQUINA, INFECTION, FRACTURE, MALIGNANCY, NEUROLOGICAL_DEFICIT, SUICIDE_RISK)

__all__ = [
    "CAUDA_EQUINA",
    "CODES",
    "FRACTURE",
    "INFECTION",
    "MALIGNANCY",
    "NEUROLOGICAL_DEFICIT",
    "SUICIDE_RISK",
    "screen",
    "unanswered_questions",
]


def screen(case: Case, policy: Policy = DEFAULT_POLICY) -> tuple[Finding, ...]:
    """Every red-flag condition as a finding (met / not met / unknown), in a fixed order."""
    return (
        cauda_equina_finding(case),
        infection_finding(case),
        fracture_finding(case),
        malignancy_finding(case, policy),
        neurological_deficit_finding(case),
        suicide_risk_finding(case),
    )

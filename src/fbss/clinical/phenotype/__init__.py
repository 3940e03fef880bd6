"""Pain phenotype: the NeuPSIG grade of neuropathic pain, the pain mechanism and back- vs leg-predominance.

`classify(case)` returns three findings, always: `phenotype.neuropathic_grade`, `phenotype.mechanism` and
`phenotype.predominance` (codes and values in docs/phenotype.md and the finding contract).
"""

from __future__ import annotations

from fbss.clinical.case import Case
from fbss.clinical.finding import Finding
from fbss.clinical.instruments import Histories
from fbss.clinical.phenotype.mechanism import pain_mechanism
from fbss.clinical.phenotype.neuropathic import SCREENS, neuropathic_grade
from fbss.clinical.phenotype.predominance import predominance

__all__ = ["SCREENS", "classify", "neuropathic_grade", "pain_mechanism", "predominance"]


def classify(case: Case, scored: Histories | None = None) -> tuple[Finding, ...]:
    """The three phenotype findings: NeuPSIG grade, mechanism (muscle / nerve / mixed) and predominance.

    `scored`: the case's scored responses when the caller has them already (`instruments.histories(case)`).
    """
    grade = neuropathic_grade(case, scored)
    return grade, pain_mechanism(case, grade), predominance(case)

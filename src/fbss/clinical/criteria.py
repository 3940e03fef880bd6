"""FBSS / PSPS type 2 criteria (placeholder)."""

from __future__ import annotations

from fbss.clinical.case import Case
from fbss.clinical.finding import Finding


def fbss_criteria(case: Case, red_flags: tuple[Finding, ...]) -> tuple[Finding, ...]:
    return ()

"""Red-flag screen (placeholder until the screen lands)."""

from __future__ import annotations

from fbss.clinical.case import Case
from fbss.clinical.finding import Finding


def screen(case: Case) -> tuple[Finding, ...]:
    """Every red-flag condition as a finding (met / not met / unknown)."""
    return ()

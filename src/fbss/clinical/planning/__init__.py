"""Treatment planning, safety checks and the SCS pathway (placeholder)."""

from __future__ import annotations

from fbss.clinical.case import Case
from fbss.clinical.finding import Finding
from fbss.clinical.policy import Policy


def plan(case: Case, earlier: tuple[Finding, ...], policy: Policy) -> tuple[Finding, ...]:
    return ()

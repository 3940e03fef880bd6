"""Differential diagnosis and work-up (placeholder)."""

from __future__ import annotations

from fbss.clinical.case import Case
from fbss.clinical.finding import Finding


def differential(case: Case, earlier: tuple[Finding, ...]) -> tuple[Finding, ...]:
    return ()

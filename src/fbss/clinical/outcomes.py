"""Outcome change over time (placeholder)."""

from __future__ import annotations

from fbss.clinical.case import Case
from fbss.clinical.finding import Finding


def changes(case: Case) -> tuple[Finding, ...]:
    return ()

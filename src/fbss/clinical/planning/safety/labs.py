"""The latest laboratory result of a kind, with its place in the case."""

from __future__ import annotations

import datetime as dt

from fbss.clinical.case import Case, LabResult, LabTest


def latest_lab(case: Case, test: LabTest) -> tuple[int, LabResult] | None:
    """The most recent result of `test` (dated results win over undated ones; ties go to the later entry)."""
    found = [(i, lab) for i, lab in enumerate(case.labs) if lab.test is test]
    if not found:
        return None
    return max(found, key=lambda pair: (pair[1].date or dt.date.min, pair[0]))

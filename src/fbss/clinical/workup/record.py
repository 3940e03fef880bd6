"""Reading the record for the differential: surgeries, current test results, pain course, earlier findings.

A test counts as current when it was done on or after the latest operation (or is undated): imaging from
before the last operation does not show today's anatomy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from fbss.clinical.case import (
    Case,
    DiagnosticTest,
    LabResult,
    LabTest,
    PainCourse,
    PainRegion,
    Surgery,
    SurgeryType,
    TestFinding,
    TestFindingType,
    TestKind,
    TestStatus,
)
from fbss.clinical.dates import days_between
from fbss.clinical.finding import Finding, Status
from fbss.clinical.memo import cached_property
from fbss.clinical.workup.levels import adjacent_discs, discs_of_all

IMAGING = frozenset({TestKind.MRI, TestKind.MRI_GADOLINIUM, TestKind.CT})
XRAYS = frozenset({TestKind.XRAY, TestKind.XRAY_FLEXION_EXTENSION, TestKind.XRAY_WHOLE_SPINE})
MRIS = frozenset({TestKind.MRI, TestKind.MRI_GADOLINIUM})
INFLAMMATORY_LABS = frozenset({LabTest.CRP, LabTest.ESR, LabTest.WBC})


@dataclass(frozen=True, slots=True)
class Located:
    """One finding of one resulted test, with its JSON path in the case."""

    path: str
    test: DiagnosticTest
    finding: TestFinding


class Record:
    """The case as the differential reads it, plus the upstream findings it was given."""

    def __init__(self, case: Case, earlier: Iterable[Finding]) -> None:
        self.case = case
        self.earlier = {finding.code: finding for finding in earlier}

    # --- upstream findings ---------------------------------------------------------------------------------

    def upstream(self, code: str) -> Finding | None:
        return self.earlier.get(code)

    def is_met(self, code: str) -> bool:
        found = self.earlier.get(code)
        return found is not None and found.status is Status.MET

    def upstream_value(self, code: str) -> object:
        found = self.earlier.get(code)
        return None if found is None else found.value

    # --- surgeries -----------------------------------------------------------------------------------------

    @cached_property
    def last_surgery_date(self) -> dt.date | None:
        dates = [s.date for s in self.case.surgeries if s.date is not None]
        return max(dates) if dates else None

    def surgeries_of(self, kind: SurgeryType) -> list[tuple[int, Surgery]]:
        return [(i, s) for i, s in enumerate(self.case.surgeries) if s.type is kind]

    @cached_property
    def operated_discs(self) -> frozenset[int]:
        return discs_of_all(level for s in self.case.surgeries for level in s.levels)

    @cached_property
    def fused_discs(self) -> frozenset[int]:
        return discs_of_all(level for _, s in self.surgeries_of(SurgeryType.FUSION) for level in s.levels)

    @cached_property
    def discs_adjacent_to_fusion(self) -> frozenset[int]:
        return adjacent_discs(self.fused_discs) - self.operated_discs

    def days_since(self, day: dt.date) -> int:
        return days_between(day, self.case.assessment_date)

    # --- tests ---------------------------------------------------------------------------------------------

    def is_current(self, test: DiagnosticTest) -> bool:
        last = self.last_surgery_date
        return test.date is None or last is None or test.date >= last

    @cached_property
    def _current(self) -> list[tuple[int, DiagnosticTest]]:
        """Current resulted tests, in record order (read by most causes: worked out once per case)."""
        return [
            (i, test)
            for i, test in enumerate(self.case.tests)
            if test.status is TestStatus.RESULTED and self.is_current(test)
        ]

    def resulted(self, kinds: Collection[TestKind]) -> list[tuple[int, DiagnosticTest]]:
        """Current resulted tests of these kinds, in record order."""
        return [item for item in self._current if item[1].kind in kinds]

    def ordered(self, kinds: Collection[TestKind]) -> list[tuple[int, DiagnosticTest]]:
        return [
            (i, t)
            for i, t in enumerate(self.case.tests)
            if t.kind in kinds and t.status is TestStatus.ORDERED
        ]

    def stale(self, kinds: Collection[TestKind]) -> list[tuple[int, DiagnosticTest]]:
        """Resulted tests of these kinds done before the latest operation."""
        return [
            (i, t)
            for i, t in enumerate(self.case.tests)
            if t.kind in kinds and t.status is TestStatus.RESULTED and not self.is_current(t)
        ]

    def found(self, types: Collection[TestFindingType], kinds: Collection[TestKind]) -> list[Located]:
        """Findings of these types on current resulted tests of these kinds."""
        return [
            Located(f"tests[{i}].findings[{j}]", test, finding)
            for i, test in self.resulted(kinds)
            for j, finding in enumerate(test.findings)
            if finding.type in types
        ]

    def place(self, located: Located) -> str:
        """'operated', 'adjacent' (to a fusion), 'elsewhere' or 'unplaced' (no level recorded)."""
        level = located.finding.level
        if level is None:
            return "unplaced"
        discs = discs_of_all([level])
        if discs & self.operated_discs:
            return "operated"
        if discs & self.discs_adjacent_to_fusion:
            return "adjacent"
        return "elsewhere"

    def current_labs(self, tests: Iterable[LabTest]) -> list[tuple[int, LabResult]]:
        """Lab results of these tests taken on or after the latest operation (or undated)."""
        wanted, last = frozenset(tests), self.last_surgery_date
        return [
            (i, lab)
            for i, lab in enumerate(self.case.labs)
            if lab.test in wanted and (lab.date is None or last is None or lab.date >= last)
        ]

    # --- pain ----------------------------------------------------------------------------------------------

    def has_pain(self, region: PainRegion) -> bool:
        return any(p.region is region for p in self.case.pain)

    def pain_free_intervals(self) -> list[tuple[str, float]]:
        """(path, months) of every pain that returned after a pain-free interval of known length."""
        return [
            (f"pain[{i}].pain_free_interval_months", p.pain_free_interval_months)
            for i, p in enumerate(self.case.pain)
            if p.course is PainCourse.NEW_AFTER_INTERVAL and p.pain_free_interval_months is not None
        ]

    def unmeasured_intervals(self) -> list[str]:
        return [
            f"pain[{i}].pain_free_interval_months"
            for i, p in enumerate(self.case.pain)
            if p.course is PainCourse.NEW_AFTER_INTERVAL and p.pain_free_interval_months is None
        ]


def latest(tests: Sequence[tuple[int, DiagnosticTest]]) -> tuple[int, DiagnosticTest] | None:
    """The most recent of these tests (undated ones count as oldest; record order breaks ties)."""
    if not tests:
        return None
    return max(tests, key=lambda item: (item[1].date or dt.date.min, item[0]))

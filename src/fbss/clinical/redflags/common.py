"""What the red-flag rules share: finding codes, sources cited only here, and readers of the case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fbss.clinical.case import Case, DiagnosticTest, TestFindingType, TestKind, TestStatus
from fbss.clinical.finding import Because, Coding, Finding, Kind, Missing, Severity, Status
from fbss.clinical.frozen import quick_init
from fbss.clinical.sources import Source, Verification

CAUDA_EQUINA = "redflag.cauda_equina"
INFECTION = "redflag.infection"
FRACTURE = "redflag.fracture"
MALIGNANCY = "redflag.malignancy"
NEUROLOGICAL_DEFICIT = "redflag.neurological_deficit"
SUICIDE_RISK = "redflag.suicide_risk"

# --- sources used only by the red-flag screen --------------------------------------------------------------
ALI_2021 = Source(
    "ali-2021-crp",
    "Ali A, Manzoor K, Chang YM, et al. Role of C-reactive protein in effective utilization of emergent MRI "
    "for spinal infections. Emerg Radiol 2021;28(3):573-580 (CRP <= 10 mg/L: sensitivity 100%, NPV 100%; "
    "patients on antibiotics or with spinal surgery < 1 month excluded)",
    url="https://pubmed.ncbi.nlm.nih.gov/33449259/",
    doi="10.1007/s10140-020-01892-0",
)
ACR_SPINE_INFECTION = Source(
    "acr-spine-infection",
    "American College of Radiology Appropriateness Criteria: suspected spinal infection after recent "
    "intervention, MRI of the area without and with IV contrast 'usually appropriate'",
    url="https://acsearch.acr.org/",
    verification=Verification.SECONDARY,
    note="Seen in a secondary summary only; confirm the topic and variant in the ACR document",
)
NHSN_FEVER = Source(
    "cdc-nhsn-fever",
    "CDC National Healthcare Safety Network (NHSN) Patient Safety Component Manual, surveillance definitions: "
    "fever = temperature > 38.0 °C",
    url="https://www.cdc.gov/nhsn/",
    verification=Verification.SECONDARY,
    note="Threshold seen in reproductions of the NHSN criteria; check against the current manual",
)
RED_FLAGS_TABLE_2006 = Source(
    "red-flags-chiropr-osteopat-2006",
    "Red-flag table for low back pain, Chiropractic & Osteopathy 2006;14:8 (major or progressive motor "
    "weakness: urgent specialist referral)",
    doi="10.1186/1746-1340-14-8",
    verification=Verification.SECONDARY,
)
LOUZON_2016 = Source(
    "louzon-2016",
    "Louzon SA, Bossarte R, McCarthy JF, Katz IR. Does suicidal ideation as measured by the PHQ-9 predict "
    "suicide among VA patients? Psychiatr Serv 2016;67(5):517-522 (71.6% of suicides had answered "
    "'not at all' to item 9 on their most recent PHQ-9)",
    doi="10.1176/appi.ps.201500149",
)


# --- readers of the case -----------------------------------------------------------------------------------
@quick_init
@dataclass(frozen=True, slots=True)
class Answer:
    """One yes/no input: where it sits in the case, its value (None = not asked) and what it means."""

    path: str
    value: bool | None
    label: str

    @property
    def because(self) -> Because:
        return Because(self.path, self.value, self.label)


def screen_answers(case: Case, labels: dict[str, str]) -> tuple[Answer, ...]:
    """The patient's red-flag answers named in `labels` (field name -> what a yes means)."""
    return tuple(
        Answer(f"red_flags.{name}", getattr(case.red_flags, name), label) for name, label in labels.items()
    )


def positive(answers: Iterable[Answer]) -> tuple[Answer, ...]:
    return tuple(answer for answer in answers if answer.value is True)


def unanswered(answers: Iterable[Answer]) -> tuple[Answer, ...]:
    return tuple(answer for answer in answers if answer.value is None)


@dataclass(frozen=True, slots=True)
class TestHit:
    """A structured finding of a resulted test, with its JSON path."""

    path: str
    type: TestFindingType
    kind: TestKind
    date: dt.date | None

    @property
    def because(self) -> Because:
        when = self.date.isoformat() if self.date else "undated"
        return Because(self.path, self.type.value, f"{self.kind.value}, {when}")


def resulted_findings(case: Case, types: Iterable[TestFindingType]) -> tuple[TestHit, ...]:
    """Findings of the given types in resulted tests (ordered or cancelled tests say nothing yet)."""
    wanted = frozenset(types)
    return tuple(
        TestHit(f"tests[{i}].findings[{j}].type", finding.type, test.kind, test.date)
        for i, test in enumerate(case.tests)
        if test.status is TestStatus.RESULTED
        for j, finding in enumerate(test.findings)
        if finding.type in wanted
    )


@dataclass(frozen=True, slots=True)
class ClearImaging:
    """A resulted, dated imaging test after the index surgery that did not show a given finding."""

    path: str
    kind: TestKind
    date: dt.date

    @property
    def because(self) -> Because:
        return Because(self.path, self.kind.value, f"resulted {self.date.isoformat()}, finding absent")


def latest_clear_imaging(
    case: Case, absent: TestFindingType, kinds: frozenset[TestKind]
) -> ClearImaging | None:
    """The latest resulted imaging of `kinds`, on or after the index surgery, without an `absent` finding."""
    index = case.index_surgery
    since = index.date if index is not None else None
    if case.surgeries and since is None:
        return None  # cannot tell whether the imaging post-dates the surgery
    clear = [
        (test.date, i, test)
        for i, test in enumerate(case.tests)
        if _is_clear(test, absent, kinds) and test.date is not None and (since is None or test.date >= since)
    ]
    if not clear:
        return None
    date, i, test = max(clear, key=lambda item: (item[0], item[1]))
    return ClearImaging(f"tests[{i}]", test.kind, date)


def _is_clear(test: DiagnosticTest, absent: TestFindingType, kinds: frozenset[TestKind]) -> bool:
    return (
        test.kind in kinds
        and test.status is TestStatus.RESULTED
        and all(finding.type is not absent for finding in test.findings)
    )


def ask(answers: Iterable[Answer], why: str) -> tuple[Missing, ...]:
    """A `Missing` for each unanswered question, all for the same reason."""
    return tuple(Missing(answer.path, f"{answer.label}: not asked. {why}") for answer in answers)


def red_flag(
    code: str,
    title: str,
    status: Status,
    sources: tuple[Source, ...],
    *,
    severity: Severity | None = None,
    because: Iterable[Because] = (),
    missing: Iterable[Missing] = (),
    detail: str | None = None,
    action: str | None = None,
    timeframe: str | None = None,
    value: str | int | float | bool | None = None,
    codes: tuple[Coding, ...] = (),
    data: dict[str, Any] | None = None,
) -> Finding:
    """Build one red-flag finding; severity, action and time frame are kept only when the flag is met."""
    met = status is Status.MET
    return Finding(
        code=code,
        kind=Kind.RED_FLAG,
        title=title,
        status=status,
        sources=sources,
        severity=severity if met else None,
        because=tuple(because),
        missing=tuple(missing),
        detail=detail,
        action=action if met else None,
        timeframe=timeframe if met else None,
        value=value,
        codes=codes,
        data=data or {},
    )


def unanswered_questions(findings: Iterable[Finding]) -> tuple[tuple[str, Missing], ...]:
    """(red-flag code, question) for each red-flag question left unanswered by an undecided red flag: while
    any is open the red-flag screen is incomplete."""
    return tuple(
        (finding.code, gap)
        for finding in findings
        if finding.kind is Kind.RED_FLAG and finding.status is Status.UNKNOWN
        for gap in finding.missing
        if gap.path.startswith("red_flags.")
    )

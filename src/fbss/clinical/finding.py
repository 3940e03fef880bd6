"""The one shape of everything the clinical core concludes.

Every rule returns `Finding`s. Renderers (text, JSON, web pages, FHIR, CDS Hooks cards, PDF) know this shape
and never the rules behind it, so a new rule shows up everywhere at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from fbss.clinical.frozen import quick_init
from fbss.clinical.sources import Source


class Kind(StrEnum):
    """What part of the assessment a finding belongs to; also its place in the output order."""

    RED_FLAG = "red_flag"
    SAFETY = "safety"
    CRITERIA = "criteria"
    PHENOTYPE = "phenotype"
    SCORE = "score"
    OUTCOME = "outcome"
    DIFFERENTIAL = "differential"
    WORKUP = "workup"
    REFERRAL = "referral"
    PLAN = "plan"
    TREATMENT = "treatment"
    SCS = "scs"
    DATA_QUALITY = "data_quality"


KIND_ORDER: dict[Kind, int] = {kind: position for position, kind in enumerate(Kind)}


class Status(StrEnum):
    """Whether the finding's statement (its title) holds for this case."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"  # the inputs do not decide it; `missing` says what would
    NOT_APPLICABLE = "not_applicable"


class Severity(StrEnum):
    """How soon someone must act. Ordered from most to least urgent."""

    EMERGENCY = "emergency"  # act now: same hour, emergency department or emergency imaging
    URGENT = "urgent"  # act within hours to a day or two
    WARNING = "warning"  # act before the next step of care (a procedure, a prescription)
    INFO = "info"


SEVERITY_ORDER: dict[Severity | None, int] = {
    Severity.EMERGENCY: 0,
    Severity.URGENT: 1,
    Severity.WARNING: 2,
    Severity.INFO: 3,
    None: 4,
}

Scalar = str | int | float | bool | None
_NOT_IN_CODE = re.compile(r"[^a-z0-9]+")


def code_part(name: str) -> str:
    """A free-text name (e.g. a medication as recorded) as one snake_case part of a finding code."""
    return _NOT_IN_CODE.sub("_", name.lower()).strip("_") or "unnamed"


@quick_init
@dataclass(frozen=True, slots=True)
class Because:
    """One input a rule used: where it sits in the case (a JSON path) and the value it had."""

    path: str
    value: Scalar | tuple[Scalar, ...] = None
    note: str | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class Missing:
    """One input that would decide or sharpen the finding, and why it matters."""

    path: str
    reason: str


@quick_init
@dataclass(frozen=True, slots=True)
class Coding:
    """A code from a standard terminology (ICD-10-CM, ICD-11 MMS, SNOMED CT, LOINC, RxNorm)."""

    system: str
    code: str
    display: str


@quick_init
@dataclass(frozen=True, slots=True)
class Finding:
    """One conclusion of the clinical core, with its reasons, its gaps and its sources."""

    code: str
    kind: Kind
    title: str
    status: Status
    sources: tuple[Source, ...]
    severity: Severity | None = None
    because: tuple[Because, ...] = ()
    missing: tuple[Missing, ...] = ()
    detail: str | None = None
    action: str | None = None
    timeframe: str | None = None
    value: Scalar = None
    codes: tuple[Coding, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.sources:
            raise ValueError(f"finding {self.code} names no source")

    @property
    def is_open_red_flag(self) -> bool:
        return self.kind is Kind.RED_FLAG and self.status is Status.MET

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape of a finding (documented in docs/output.md)."""
        # Empty lists are written directly: most findings have no codes or gaps, and an empty comprehension
        # still costs a function call (this runs for every finding of every assessment written out).
        return {
            "code": self.code,
            "kind": self.kind.value,
            "title": self.title,
            "status": self.status.value,
            "severity": self.severity.value if self.severity else None,
            "value": self.value,
            "detail": self.detail,
            "action": self.action,
            "timeframe": self.timeframe,
            "because": [
                {
                    "path": b.path,
                    "value": list(b.value) if isinstance(b.value, tuple) else b.value,
                    "note": b.note,
                }
                for b in self.because
            ]
            if self.because
            else [],
            "missing": [{"path": m.path, "reason": m.reason} for m in self.missing] if self.missing else [],
            "codes": [{"system": c.system, "code": c.code, "display": c.display} for c in self.codes]
            if self.codes
            else [],
            "sources": [source.id for source in self.sources],
            "data": self.data,
        }

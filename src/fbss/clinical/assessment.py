"""The Assessment: the ordered findings of one case, with the knowledge version they came from."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import Any

from fbss.clinical.finding import KIND_ORDER, SEVERITY_ORDER, Finding, Kind, Severity, Status
from fbss.clinical.sources import Source


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the core concluded about one case. Red flags always come first."""

    knowledge_version: str
    assessment_date: date
    case_id: str | None
    findings: tuple[Finding, ...]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def of_kind(self, kind: Kind) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.kind is kind)

    def get(self, code: str) -> Finding | None:
        """The first finding with this code, if any."""
        return next((finding for finding in self.findings if finding.code == code), None)

    @property
    def open_red_flags(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.is_open_red_flag)

    @property
    def highest_severity(self) -> Severity | None:
        severities = [f.severity for f in self.findings if f.severity and f.status is Status.MET]
        return min(severities, key=SEVERITY_ORDER.__getitem__) if severities else None

    @property
    def sources(self) -> dict[str, Source]:
        used: dict[str, Source] = {}
        for finding in self.findings:
            for source in finding.sources:
                used.setdefault(source.id, source)
        return used

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON document (shape documented in docs/output.md)."""
        return {
            "knowledge_version": self.knowledge_version,
            "case_id": self.case_id,
            "assessment_date": self.assessment_date.isoformat(),
            "summary": self.summary(),
            "findings": [finding.to_dict() for finding in self.findings],
            "sources": {source_id: source.to_dict() for source_id, source in sorted(self.sources.items())},
        }

    def summary(self) -> dict[str, Any]:
        """A few headline facts, each also present as a finding."""
        highest = self.highest_severity
        tally = Counter(finding.kind for finding in self.findings)
        return {
            "open_red_flags": [finding.code for finding in self.open_red_flags],
            "highest_severity": highest.value if highest else None,
            "counts": {kind.value: tally[kind] for kind in Kind if tally[kind]},
        }


def ordered(red_flags: Iterable[Finding], others: Iterable[Finding]) -> tuple[Finding, ...]:
    """Red flags first (open ones by urgency), then the rest grouped by kind in a fixed order.

    Red-flag findings come only from `red_flags`: a finding of kind RED_FLAG among `others` is an error,
    so no other rule can add, replace, remove or soften one.
    """
    flags = sorted(red_flags, key=_red_flag_rank)
    if any(finding.kind is not Kind.RED_FLAG for finding in flags):
        raise ValueError("only red-flag findings may be passed as red flags")
    # Grouping by kind in one pass keeps each kind's findings in the order given, as a stable sort would.
    by_kind: dict[Kind, list[Finding]] = {kind: [] for kind in KIND_ORDER}
    for finding in others:
        by_kind[finding.kind].append(finding)
    if by_kind[Kind.RED_FLAG]:
        raise ValueError("red-flag findings must come from the red-flag screen")
    return (*flags, *chain.from_iterable(by_kind.values()))


def _red_flag_rank(finding: Finding) -> tuple[int, int]:
    status_rank = {Status.MET: 0, Status.UNKNOWN: 1, Status.NOT_MET: 2, Status.NOT_APPLICABLE: 3}
    return status_rank[finding.status], SEVERITY_ORDER[finding.severity]

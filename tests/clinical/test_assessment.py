"""Assessment ordering: red flags first, and only the red-flag screen can produce them."""

import pytest

from fbss.clinical.assessment import ordered
from fbss.clinical.finding import Finding, Kind, Severity, Status
from fbss.clinical.sources import NICE_NG59


def finding(code: str, kind: Kind, status: Status = Status.MET, severity: Severity | None = None) -> Finding:
    return Finding(code=code, kind=kind, title=code, status=status, severity=severity, sources=(NICE_NG59,))


def test_red_flags_come_first_most_urgent_first() -> None:
    flags = [
        finding("rf.fracture", Kind.RED_FLAG, severity=Severity.URGENT),
        finding("rf.none", Kind.RED_FLAG, status=Status.NOT_MET),
        finding("rf.ces", Kind.RED_FLAG, severity=Severity.EMERGENCY),
    ]
    others = [finding("plan.pt", Kind.PLAN), finding("score.phq9", Kind.SCORE)]
    codes = [f.code for f in ordered(flags, others)]
    assert codes == ["rf.ces", "rf.fracture", "rf.none", "score.phq9", "plan.pt"]


def test_no_other_rule_can_contribute_a_red_flag() -> None:
    with pytest.raises(ValueError, match="red-flag screen"):
        ordered([], [finding("sneaky", Kind.RED_FLAG)])


def test_a_finding_must_name_a_source() -> None:
    with pytest.raises(ValueError, match="names no source"):
        Finding(code="x", kind=Kind.SCORE, title="x", status=Status.MET, sources=())

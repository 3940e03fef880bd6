"""Assessment ordering: red flags first, and only the red-flag screen can produce them."""

import re
from typing import Any

import pytest

from fbss.clinical.assess import assess
from fbss.clinical.assessment import ordered
from fbss.clinical.finding import Finding, Kind, Severity, Status
from fbss.clinical.sources import NICE_NG59
from fbss.demo import generate_cases


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


# --- the output contract over many synthetic cases (docs/output.md) -------------------------------------------


def _documents() -> list[dict[str, Any]]:
    return [assess(case).to_dict() for case in generate_cases(150, seed=23)]


def test_every_unknown_finding_names_what_would_decide_it() -> None:
    undecided = {
        f["code"]
        for doc in _documents()
        for f in doc["findings"]
        if f["status"] == "unknown" and not f["missing"]
    }
    assert undecided == set()


def test_every_finding_code_is_snake_case() -> None:
    codes = {f["code"] for doc in _documents() for f in doc["findings"]}
    assert {code for code in codes if not re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", code)} == set()


def test_no_finding_repeats_a_missing_input() -> None:
    for doc in _documents():
        for f in doc["findings"]:
            entries = [(m["path"], m["reason"]) for m in f["missing"]]
            assert len(entries) == len(set(entries)), f["code"]


def test_booleans_in_notes_are_written_as_words() -> None:
    for doc in _documents():
        for f in doc["findings"]:
            for because in f["because"]:
                note = because["note"] or ""
                assert ": True" not in note, (f["code"], note)
                assert ": False" not in note, (f["code"], note)

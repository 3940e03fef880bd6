"""Platelet count and INR against the usual adult reference limits (StatPearls: platelets below 150 x10^9/L is
thrombocytopenia; Mayo Clinic: an INR of 1.1 or below is normal), before pain procedures and SCS."""

from __future__ import annotations

from typing import Any

import pytest

from fbss.clinical.case import ProcedureKind
from fbss.clinical.finding import Status
from fbss.clinical.planning.safety.coagulation_labs import (
    INR_UPPER_LIMIT,
    PLATELETS_LOWER_LIMIT,
    coagulation_lab_checks,
    results_outside_reference,
)
from fbss.clinical.planning.safety.procedures import ProcedureTarget
from fbss.clinical.planning.scs.factors import relative_contraindications
from fbss.clinical.planning.scs.prerequisites import prerequisite_findings

from .factories import context, make_case

ESI = (
    ProcedureTarget(ProcedureKind.ESI_INTERLAMINAR, "interlaminar epidural steroid injection", position=0),
)


def lab(test: str, value: float) -> dict[str, Any]:
    return {"test": test, "value": value, "date": "2026-10-01"}


def test_the_published_limits() -> None:
    assert PLATELETS_LOWER_LIMIT == 150
    assert INR_UPPER_LIMIT == 1.1


@pytest.mark.parametrize(("value", "outside"), [(149, True), (150, False), (45, True), (400, False)])
def test_platelets_below_150_are_outside(value: float, outside: bool) -> None:
    found = results_outside_reference(context(make_case(labs=[lab("platelets", value)])))
    assert bool(found) is outside


@pytest.mark.parametrize(("value", "outside"), [(1.1, False), (1.2, True), (1.8, True), (0.9, False)])
def test_inr_above_1_1_is_outside_without_an_anticoagulant(value: float, outside: bool) -> None:
    found = results_outside_reference(context(make_case(labs=[lab("inr", value)])))
    assert bool(found) is outside


def test_inr_on_warfarin_is_left_to_the_hold_findings() -> None:
    case = make_case(labs=[lab("inr", 2.5)], medications=[{"name": "warfarin"}])
    assert results_outside_reference(context(case)) == ()


def test_the_latest_result_counts() -> None:
    labs = [lab("platelets", 45), {"test": "platelets", "value": 210, "date": "2026-10-20"}]
    assert results_outside_reference(context(make_case(labs=labs))) == ()


def test_a_safety_finding_names_the_result_and_the_procedure() -> None:
    (finding,) = coagulation_lab_checks(context(make_case(labs=[lab("inr", 1.8)])), ESI)
    assert finding.code == "safety.coagulation_results"
    assert finding.status is Status.MET
    assert "INR 1.8" in finding.title
    assert "interlaminar epidural steroid injection" in (finding.detail or "")
    assert [s.id for s in finding.sources] == [
        "mayo-prothrombin-time",
        "asra-pain-2018",
        "neuromod-practice-parameters-2006",
    ]


def test_no_procedure_or_no_result_outside_gives_no_finding() -> None:
    assert coagulation_lab_checks(context(make_case(labs=[lab("inr", 1.8)])), ()) == ()
    assert coagulation_lab_checks(context(make_case(labs=[lab("inr", 1.0)])), ESI) == ()


def test_low_platelets_leave_the_scs_coagulation_prerequisite_undecided() -> None:
    case = make_case(labs=[lab("platelets", 45)], conditions={"coagulopathy": False})
    (coagulation,) = [f for f in prerequisite_findings(context(case)) if f.code.endswith(".coagulation")]
    assert coagulation.status is Status.UNKNOWN
    assert "platelet count 45" in coagulation.title
    assert [m.path for m in coagulation.missing] == ["conditions.coagulopathy"]


def test_low_platelets_are_a_reason_to_address_before_scs() -> None:
    reasons = relative_contraindications(context(make_case(labs=[lab("platelets", 45)])))
    assert any("not excluded: platelet count 45" in r.text for r in reasons)
    assert relative_contraindications(context(make_case(labs=[lab("platelets", 250)]))) == []

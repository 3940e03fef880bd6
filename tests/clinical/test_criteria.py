"""FBSS / PSPS type 2 criteria: timing, location, exclusions and the ICD-11 course, with their codes."""

from __future__ import annotations

from typing import Any

import pytest

from fbss.clinical import codes, redflags
from fbss.clinical.case import Case
from fbss.clinical.criteria import (
    CHRONIC_AFTER_MONTHS,
    EXCLUSIONS,
    FBSS,
    ICD11_COURSE,
    LOCATION,
    TIMING,
    fbss_criteria,
)
from fbss.clinical.finding import Finding, Kind, Status

LUMBAR = {"type": "discectomy", "date": "2026-01-10", "levels": ["L5-S1"], "index": True}
RULED_OUT = {
    "fever": False,
    "wound_problems": False,
    "night_sweats": False,
    "history_of_cancer": False,
    "unexplained_weight_loss": False,
    "non_mechanical_night_pain": False,
}
NORMAL_CRP = [{"test": "crp", "value": 3, "date": "2026-10-01"}]
BACK_NEW = {"region": "back", "nrs_average": 5, "course": "new"}
LEG_S1 = {"region": "leg", "side": "left", "dermatomes": ["S1"], "nrs_average": 7, "course": "persisted"}


def make_case(**fields: Any) -> Case:
    base: dict[str, Any] = {
        "assessment_date": "2026-11-01",
        "surgeries": [LUMBAR],
        "red_flags": RULED_OUT,
        "labs": NORMAL_CRP,
        "pain": [BACK_NEW],
    }
    return Case.model_validate({**base, **fields})


def criteria(case: Case) -> dict[str, Finding]:
    return {finding.code: finding for finding in fbss_criteria(case, redflags.screen(case))}


def overall(case: Case) -> Finding:
    return criteria(case)[FBSS]


def paths(items: Any) -> set[str]:
    return {item.path for item in items}


def code_set(finding: Finding) -> set[str]:
    return {coding.code for coding in finding.codes}


def test_one_overall_finding_first_then_one_per_part() -> None:
    findings = fbss_criteria(make_case(), redflags.screen(make_case()))
    assert [finding.code for finding in findings] == [FBSS, TIMING, LOCATION, EXCLUSIONS, ICD11_COURSE]
    assert all(finding.kind is Kind.CRITERIA for finding in findings)


def test_typical_case_meets_the_criteria_with_its_codes() -> None:
    finding = overall(make_case())
    assert finding.status is Status.MET
    assert code_set(finding) == {"M96.1", "MG30.21", "27151001", "202725007"}
    assert {source.id for source in finding.sources} >= {"icd11-mg30.21", "treede-2019", "christelis-2021"}


def test_codes_match_the_verified_code_lists() -> None:
    assert (codes.POSTLAMINECTOMY_SYNDROME_ICD10CM.system, codes.POSTLAMINECTOMY_SYNDROME_ICD10CM.code) == (
        "http://hl7.org/fhir/sid/icd-10-cm",
        "M96.1",
    )
    assert codes.CHRONIC_POSTSURGICAL_PAIN_ICD11.code == "MG30.21"
    assert codes.CHRONIC_POSTSURGICAL_PAIN_ICD11.display == "Chronic postsurgical pain"
    assert codes.CHRONIC_POSTTRAUMATIC_PAIN_ICD11.code == "MG30.20"  # not the other way round
    assert codes.POST_LAMINECTOMY_SYNDROME_SCT.code == "27151001"
    assert codes.LUMBAR_POST_LAMINECTOMY_SYNDROME_SCT.code == "202725007"
    assert codes.POST_LAMINECTOMY_SYNDROME_SCT.system == "http://snomed.info/sct"


def test_cervical_index_surgery_gets_the_cervical_concept_not_the_lumbar_one() -> None:
    surgery = {"type": "discectomy", "date": "2025-06-01", "levels": ["C5-C6"]}
    pain = {"region": "other", "site": "neck", "course": "new", "in_surgical_area": True}
    finding = overall(make_case(surgeries=[surgery], pain=[pain]))
    assert finding.status is Status.MET
    assert "202723000" in code_set(finding)
    assert "202725007" not in code_set(finding)


# --- timing: at least 3 months since the index surgery --------------------------------------------------------


def test_three_months_is_the_published_threshold() -> None:
    assert CHRONIC_AFTER_MONTHS == 3


def test_exactly_three_calendar_months_after_surgery_is_enough() -> None:
    case = make_case(assessment_date="2026-04-10", labs=[{"test": "crp", "value": 3, "date": "2026-04-01"}])
    assert criteria(case)[TIMING].status is Status.MET
    assert overall(case).status is Status.MET


def test_one_day_short_of_three_months_is_too_early_and_not_met() -> None:
    case = make_case(assessment_date="2026-04-09", labs=[{"test": "crp", "value": 3, "date": "2026-04-01"}])
    timing = criteria(case)[TIMING]
    assert timing.status is Status.NOT_MET
    finding = overall(case)
    assert finding.status is Status.NOT_MET
    assert finding.data["too_early"] is True
    assert finding.data["decidable_from"] == "2026-04-10"
    assert "Too early" in (finding.detail or "")
    assert "does not mean" in (finding.detail or "")


def test_too_early_wins_even_when_other_parts_are_undecided() -> None:
    case = make_case(assessment_date="2026-02-01", red_flags={}, labs=[])
    assert overall(case).status is Status.NOT_MET


def test_undated_index_surgery_is_not_yet_decidable() -> None:
    finding = overall(make_case(surgeries=[{"type": "fusion", "levels": ["L4-L5"]}]))
    assert finding.status is Status.UNKNOWN
    assert "surgeries[0].date" in paths(finding.missing)


def test_no_surgery_recorded_is_not_yet_decidable_and_zero_operations_is_not_met() -> None:
    unrecorded = overall(make_case(surgeries=[]))
    assert unrecorded.status is Status.UNKNOWN
    assert "surgeries" in paths(unrecorded.missing)
    none = criteria(make_case(surgeries=[], operation_count=0))
    assert none[TIMING].status is Status.NOT_MET
    assert none[FBSS].status is Status.NOT_MET
    assert "type 1" in (none[FBSS].detail or "")


# --- location -------------------------------------------------------------------------------------------------


def test_back_pain_after_lumbar_surgery_is_in_the_surgical_field() -> None:
    assert criteria(make_case())[LOCATION].status is Status.MET


def test_leg_pain_in_a_root_of_the_operated_level_counts() -> None:
    case = make_case(pain=[{**LEG_S1, "course": "new"}])
    assert overall(case).status is Status.MET
    assert "S1" in overall(case).data["pains"][0]["area_basis"]


def test_leg_pain_in_a_dermatome_outside_the_operated_roots_does_not_count() -> None:
    case = make_case(pain=[{**LEG_S1, "dermatomes": ["L3"]}])
    assert criteria(case)[LOCATION].status is Status.NOT_MET
    finding = overall(case)
    assert finding.status is Status.NOT_MET
    assert "another cause" in (finding.detail or "")


def test_leg_pain_without_dermatomes_is_not_yet_decidable() -> None:
    case = make_case(pain=[{"region": "leg", "nrs_average": 6, "course": "new"}])
    finding = overall(case)
    assert finding.status is Status.UNKNOWN
    assert {"pain[0].dermatomes", "pain[0].in_surgical_area"} <= paths(finding.missing)


def test_clinician_judgement_overrides_the_dermatome_rule() -> None:
    yes = make_case(pain=[{**LEG_S1, "dermatomes": ["L3"], "in_surgical_area": True}])
    assert overall(yes).status is Status.MET
    no = make_case(pain=[{**BACK_NEW, "in_surgical_area": False}])
    assert overall(no).status is Status.NOT_MET


def test_back_pain_after_cervical_surgery_needs_the_clinicians_judgement() -> None:
    case = make_case(surgeries=[{"type": "fusion", "date": "2025-06-01", "levels": ["C5-C6"]}])
    assert "pain[0].in_surgical_area" in paths(overall(case).missing)


def test_a_pain_report_of_zero_everywhere_is_no_pain() -> None:
    case = make_case(pain=[{"region": "back", "nrs_now": 0, "nrs_average": 0, "course": "new"}])
    finding = overall(case)
    assert finding.status is Status.UNKNOWN
    assert paths(finding.missing) == {"pain"}


# --- pain that returned after a pain-free interval ---------------------------------------------------------------


def test_pain_that_returned_must_itself_have_lasted_three_months() -> None:
    short = {**BACK_NEW, "course": "new_after_interval", "pain_free_interval_months": 7, "duration_months": 2}
    finding = overall(make_case(pain=[short]))
    assert finding.status is Status.NOT_MET
    assert "too early" in (finding.detail or "")
    long_enough = {**short, "duration_months": 3}
    assert overall(make_case(pain=[long_enough])).status is Status.MET


def test_returned_pain_duration_is_derived_from_the_pain_free_interval() -> None:
    # surgery 2026-01-10, assessed 2026-11-01: 9 whole months; 7 pain-free leaves 2
    returned = {**BACK_NEW, "course": "new_after_interval", "pain_free_interval_months": 7}
    finding = overall(make_case(pain=[returned]))
    assert finding.status is Status.NOT_MET
    assert finding.data["pains"][0]["months_after_surgery"] == 2


def test_returned_pain_of_unknown_length_asks_for_its_duration() -> None:
    returned = {**BACK_NEW, "course": "new_after_interval"}
    assert "pain[0].duration_months" in paths(overall(make_case(pain=[returned])).missing)


def test_pain_of_unknown_course_and_duration_asks_for_them() -> None:
    finding = overall(make_case(pain=[{"region": "back", "nrs_average": 5}]))
    assert finding.status is Status.UNKNOWN
    assert "pain[0].course" in paths(finding.missing)


# --- exclusions: infection and malignancy -----------------------------------------------------------------------


def test_unscreened_infection_makes_the_criteria_not_yet_decidable() -> None:
    case = make_case(labs=[])
    finding = overall(case)
    assert finding.status is Status.UNKNOWN
    assert criteria(case)[EXCLUSIONS].status is Status.UNKNOWN
    assert any("To exclude infection" in missing.reason for missing in finding.missing)


def test_unasked_cancer_history_makes_the_criteria_not_yet_decidable() -> None:
    case = make_case(red_flags={**RULED_OUT, "history_of_cancer": None})
    finding = overall(case)
    assert finding.status is Status.UNKNOWN
    assert "red_flags.history_of_cancer" in paths(finding.missing)


def test_open_infection_red_flag_blocks_the_criteria() -> None:
    case = make_case(red_flags={**RULED_OUT, "fever": True})
    parts = criteria(case)
    assert parts[EXCLUSIONS].status is Status.NOT_MET
    assert parts[FBSS].status is Status.UNKNOWN
    assert "Suspected infection" in (parts[FBSS].detail or "")


def test_criteria_without_a_red_flag_screen_are_not_yet_decidable() -> None:
    findings = {finding.code: finding for finding in fbss_criteria(make_case(), ())}
    assert findings[FBSS].status is Status.UNKNOWN
    assert findings[EXCLUSIONS].data["unscreened"] == ["infection", "malignancy"]


# --- which definition: persisting pain (PSPS-T2) vs developed or increased (ICD-11) ---------------------------------


def test_persisting_pain_meets_psps_type_2_but_not_icd11_so_mg30_21_is_withheld() -> None:
    case = make_case(pain=[{**BACK_NEW, "course": "persisted"}])
    parts = criteria(case)
    assert parts[FBSS].status is Status.MET
    assert parts[ICD11_COURSE].status is Status.NOT_MET
    assert "MG30.21" not in code_set(parts[FBSS])
    assert {"M96.1", "27151001", "202725007"} <= code_set(parts[FBSS])
    assert "does not apply" in (parts[FBSS].detail or "")


@pytest.mark.parametrize("course", ["worsened", "new", "new_after_interval"])
def test_pain_that_developed_or_increased_after_surgery_meets_icd11(course: str) -> None:
    pain = {**BACK_NEW, "course": course, "duration_months": 6}
    parts = criteria(make_case(pain=[pain]))
    assert parts[ICD11_COURSE].status is Status.MET
    assert "MG30.21" in code_set(parts[FBSS])


def test_each_part_names_the_definition_it_follows() -> None:
    parts = criteria(make_case())
    assert "ICD-11" in parts[TIMING].data["definition"]
    assert "PSPS type 2" in parts[FBSS].data["definitions"]["course"]
    assert parts[FBSS].data["parts"][ICD11_COURSE] == "met"


def test_criteria_findings_serialise_to_json_shape() -> None:
    document = overall(make_case()).to_dict()
    assert document["kind"] == "criteria"
    assert {coding["system"] for coding in document["codes"]} == {
        "http://hl7.org/fhir/sid/icd-10-cm",
        "http://id.who.int/icd/release/11/mms",
        "http://snomed.info/sct",
    }

"""Work-up items, their state and purpose, the surgical referral, and the differential inside `assess`."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fbss.clinical import case as case_model
from fbss.clinical import phenotype, redflags, workup
from fbss.clinical.assess import assess
from fbss.clinical.case import Case
from fbss.clinical.finding import Finding, Kind, Severity, Status
from fbss.clinical.workup.cause import Cause
from fbss.clinical.workup.levels import adjacent_discs, discs_of, discs_of_all, includes_sacrum, segment_name
from fbss.clinical.workup.orders import ITEMS
from fbss.clinical.workup.referral import surgical_referral

TODAY = "2025-06-01"
DISCECTOMY = {"type": "microdiscectomy", "date": "2023-01-10", "levels": ["L4-L5"], "instrumented": False}
FULL_EXAM = {"sensory": [], "motor": [], "reflexes": [], "straight_leg_raise": [], "trigger_points": []}


def make_case(**parts: Any) -> Case:
    parts.setdefault("surgeries", [DISCECTOMY])
    parts.setdefault(
        "pain",
        [
            {"region": "back", "nrs_average": 4, "course": "persisted"},
            {"region": "leg", "side": "left", "dermatomes": ["L5"], "nrs_average": 7, "course": "worsened"},
        ],
    )
    return Case.model_validate({"assessment_date": TODAY, **parts})


def result(kind: str, *findings: dict[str, Any], date: str = "2025-05-01", **more: Any) -> dict[str, Any]:
    return {"kind": kind, "date": date, "findings": list(findings), **more}


def items(case: Case, with_upstream: bool = True) -> dict[str, Finding]:
    earlier = (*redflags.screen(case), *phenotype.classify(case)) if with_upstream else ()
    return {f.code: f for f in workup.differential(case, earlier) if f.kind is Kind.WORKUP}


def item(case: Case, name: str) -> Finding:
    return items(case)[f"workup.{name}"]


# --- levels ----------------------------------------------------------------------------------------------


def test_a_segment_is_its_disc_space_and_a_vertebra_touches_two() -> None:
    assert discs_of("L4-L5") == discs_of("L5-L4")
    assert len(discs_of("L3-L5")) == 2
    assert discs_of("L5") == discs_of_all(["L4-L5", "L5-S1"])
    assert discs_of("S3") == frozenset()


def test_the_segments_next_to_a_fusion_stop_at_the_sacrum() -> None:
    assert [segment_name(d) for d in sorted(adjacent_discs(discs_of("L4-L5")))] == ["L3-L4", "L5-S1"]
    assert [segment_name(d) for d in sorted(adjacent_discs(discs_of_all(["L4-L5", "L5-S1"])))] == ["L3-L4"]


def test_a_fusion_to_s1_reaches_the_sacrum() -> None:
    assert includes_sacrum(["L4-S1"])
    assert not includes_sacrum(["L3-L4"])


# --- items and their state -----------------------------------------------------------------------------------


def test_every_item_appears_once_in_a_fixed_order_with_contract_data() -> None:
    found = items(make_case())
    assert list(found) == [f"workup.{name}" for name in ITEMS]
    assert {"medical_review", "physical_exam", "labs", *(k.value for k in case_model.TestKind)} == set(ITEMS)
    for finding in found.values():
        assert finding.data["state"] in ("needed", "ordered", "done", "not_needed")
        assert isinstance(finding.data["for"], list)
        assert (finding.status is Status.MET) == (finding.data["state"] in ("needed", "ordered"))
        assert finding.detail


def test_an_open_order_shows_as_ordered() -> None:
    found = item(make_case(tests=[{"kind": "mri", "status": "ordered"}]), "mri")
    assert (found.data["state"], found.status) == ("ordered", Status.MET)
    assert "stenosis" in found.data["for"]


def test_a_current_result_shows_as_done_with_the_causes_it_informs() -> None:
    found = item(make_case(tests=[result("mri")]), "mri")
    assert (found.data["state"], found.status) == ("done", Status.NOT_MET)
    assert {"stenosis", "arachnoiditis"} <= set(found.data["for"])


def test_imaging_from_before_the_latest_operation_does_not_count_as_done() -> None:
    found = item(make_case(tests=[result("mri", date="2022-11-01")]), "mri")
    assert found.data["state"] != "done"
    assert any(b.note == "before the latest operation" for b in found.because)


def test_plain_mri_is_folded_into_gadolinium_mri_when_both_are_wanted() -> None:
    found = items(make_case())
    assert found["workup.mri"].data["state"] == "not_needed"
    assert found["workup.mri"].data["covered_by"] == "mri_gadolinium"
    gadolinium = found["workup.mri_gadolinium"]
    assert gadolinium.data["state"] == "needed"
    assert {"recurrent_disc", "epidural_fibrosis", "stenosis", "arachnoiditis"} <= set(gadolinium.data["for"])


def test_a_gadolinium_study_counts_as_the_plain_mri_too() -> None:
    assert item(make_case(tests=[result("mri_gadolinium")]), "mri").data["state"] == "done"


def test_the_medical_review_is_needed_while_history_is_missing_and_names_the_gaps() -> None:
    undated = {"type": "fusion", "levels": ["L4-L5"]}
    found = item(make_case(surgeries=[undated]), "medical_review")
    assert found.data["state"] == "needed"
    missing = {gap.path for gap in found.missing}
    assert {"surgeries[0].date", "surgeries[0].instrumented"} <= missing
    assert "pseudarthrosis" in found.data["for"]
    assert "phenotype.neuropathic_grade" not in found.data["informs"]


ALL_RED_FLAG_QUESTIONS_NO = {
    "saddle_anaesthesia": False,
    "bladder_dysfunction": False,
    "bowel_dysfunction": False,
    "sexual_dysfunction": False,
    "bilateral_leg_symptoms": False,
    "fever": False,
    "wound_problems": False,
    "night_sweats": False,
    "history_of_cancer": False,
    "unexplained_weight_loss": False,
    "non_mechanical_night_pain": False,
    "recent_significant_trauma": False,
    "prolonged_corticosteroid_use": False,
    "contusion_or_abrasion": False,
    "new_leg_weakness": False,
    "progressive_weakness": False,
}


def test_a_complete_history_with_the_red_flag_questions_answered_makes_the_medical_review_done() -> None:
    found = item(make_case(red_flags=ALL_RED_FLAG_QUESTIONS_NO), "medical_review")
    assert found.data["state"] == "done"
    assert found.data["red_flag_questions"] == []


def test_unanswered_red_flag_questions_make_the_medical_review_needed_and_list_them() -> None:
    found = item(make_case(), "medical_review")
    assert (found.status, found.data["state"]) == (Status.MET, "needed")
    assert "red_flags.saddle_anaesthesia" in found.data["red_flag_questions"]
    assert "red_flags.history_of_cancer" in {gap.path for gap in found.missing}
    assert "red-flag questions unanswered" in found.title
    assert found.detail is not None
    assert "history of cancer" in found.detail


def test_only_the_questions_of_undecided_red_flags_are_asked_for() -> None:
    answered = {**ALL_RED_FLAG_QUESTIONS_NO}
    del answered["night_sweats"]
    found = item(make_case(red_flags=answered), "medical_review")
    assert "red_flags.night_sweats" in found.data["red_flag_questions"]
    assert "red_flags.saddle_anaesthesia" not in found.data["red_flag_questions"]


def test_labs_say_which_tests_are_done_and_which_are_not_recorded() -> None:
    crp_esr = [
        {"test": "crp", "value": 3, "date": "2025-05-20"},
        {"test": "esr", "value": 10, "date": "2025-05-20"},
    ]
    found = item(make_case(labs=crp_esr), "labs")
    assert (found.data["done"], found.data["not_recorded"]) == (["CRP", "ESR"], ["white cell count"])
    assert found.title.endswith("CRP and ESR done, white cell count not recorded")


def test_the_physical_exam_is_needed_when_parts_are_missing_and_serves_phenotype_and_causes() -> None:
    found = item(make_case(), "physical_exam")
    assert found.data["state"] == "needed"
    assert "myofascial" in found.data["for"]
    assert "phenotype.neuropathic_grade" in found.data["informs"]


def test_a_complete_exam_with_sij_tests_is_done() -> None:
    found = item(make_case(exam={**FULL_EXAM, "sij_provocation_positive": 0}), "physical_exam")
    assert found.data["state"] == "done"


def test_infection_work_up_is_left_to_the_met_red_flag_and_referenced() -> None:
    case = make_case(tests=[result("mri_gadolinium", {"type": "discitis", "level": "L4-L5"})])
    labs = item(case, "labs")
    assert labs.data["deferred_to"] == "redflag.infection"
    assert "infection" not in labs.data["for"]
    assert labs.action is None


def test_bloods_are_wanted_while_infection_is_undecided() -> None:
    labs = item(make_case(), "labs")
    assert (labs.data["state"], labs.data["for"]) == ("needed", ["infection"])


def test_current_bloods_make_the_labs_done() -> None:
    labs = item(make_case(labs=[{"test": "crp", "value": 40, "date": "2025-05-20"}]), "labs")
    assert labs.data["state"] == "done"


@pytest.mark.parametrize(
    ("operation", "on", "expected"),
    [
        ("microdiscectomy", "2025-05-25", "only pre-existing changes"),
        ("microdiscectomy", "2025-05-14", "from 3 weeks"),
        ("microdiscectomy", "2025-03-01", "the window to study a new lesion"),
        ("laminectomy", "2024-09-15", "hard to interpret"),
        ("microdiscectomy", "2024-09-15", None),
        ("laminectomy", "2023-01-10", None),
    ],
)
def test_emg_timing_limits_after_surgery_are_labelled_secondary(
    operation: str, on: str, expected: str | None
) -> None:
    surgery = {"type": operation, "date": on, "levels": ["L4-L5"], "instrumented": False}
    note = item(make_case(surgeries=[surgery]), "emg_ncs").data.get("timing_note")
    if expected is None:
        assert note is None
    else:
        assert note is not None
        assert expected in note
        assert note.startswith("[secondary source]")


@pytest.mark.parametrize(
    ("operation", "on", "study", "expected", "absent"),
    [
        # fact sheet diagnosis §5.4 (Spine Secrets [S]): read at the date of the study, not the assessment date
        ("microdiscectomy", "2025-01-20", "2025-01-30", "only pre-existing changes", "hard to interpret"),
        ("microdiscectomy", "2025-01-20", "2025-02-05", "from 3 weeks", "pre-existing"),
        ("laminectomy", "2024-09-15", "2024-11-01", "the window to study a new lesion", "hard to interpret"),
        ("laminectomy", "2024-09-01", "2025-05-01", "hard to interpret", "window"),
    ],
)
def test_emg_timing_of_a_study_done_is_read_at_the_date_it_was_done(
    operation: str, on: str, study: str, expected: str, absent: str
) -> None:
    surgery = {"type": operation, "date": on, "levels": ["L4-L5"], "instrumented": False}
    emg = result("emg_ncs", {"type": "radiculopathy_active", "root": "L5", "side": "left"}, date=study)
    note = item(make_case(surgeries=[surgery], tests=[emg]), "emg_ncs").data.get("timing_note")
    assert note is not None
    assert note.startswith("[secondary source]")
    assert study in note
    assert expected in note
    assert absent not in note


def test_an_emg_too_early_after_surgery_adds_the_limits_for_a_repeat_now() -> None:
    surgery = {"type": "microdiscectomy", "date": "2025-04-01", "levels": ["L4-L5"], "instrumented": False}
    emg = result("emg_ncs", {"type": "radiculopathy_active", "root": "L5", "side": "left"}, date="2025-04-11")
    note = item(make_case(surgeries=[surgery], tests=[emg]), "emg_ncs").data["timing_note"]
    assert "day 10 after surgery" in note
    assert "only pre-existing changes" in note
    assert "repeat study now (day 61)" in note
    assert "the window to study a new lesion" in note


def test_an_emg_with_no_timing_limit_at_its_date_has_no_note() -> None:
    surgery = {"type": "microdiscectomy", "date": "2024-01-10", "levels": ["L4-L5"], "instrumented": False}
    emg = result("emg_ncs", date="2024-09-01")
    assert "timing_note" not in item(make_case(surgeries=[surgery], tests=[emg]), "emg_ncs").data


def test_a_repeat_block_is_wanted_even_after_a_first_one() -> None:
    first = {
        "kind": "diagnostic_block",
        "date": "2025-05-01",
        "block": {"target": "medial_branch", "relief_percent": 85},
    }
    pain = [
        {"region": "back", "nrs_average": 8, "course": "new"},
        {"region": "leg", "nrs_average": 2, "course": "new"},
    ]
    found = item(make_case(pain=pain, tests=[first]), "diagnostic_block")
    assert (found.data["state"], found.data["for"]) == ("needed", ["facet_joint"])


# --- surgical referral ---------------------------------------------------------------------------------------


def verdict(name: str, status: Status, amenable: bool | None) -> Cause:
    cause = Cause(name, structural=True, settled_by=("mri",), surgically_amenable=amenable)
    cause.status = status
    return cause


def test_a_concordant_recurrent_disc_leads_to_a_surgical_referral() -> None:
    mri = result(
        "mri_gadolinium",
        {"type": "disc_herniation", "level": "L4-L5", "enhancement": "none", "concordant": True},
    )
    earlier = (*redflags.screen(make_case()), *phenotype.classify(make_case()))
    found = {f.code: f for f in workup.differential(make_case(tests=[mri]), earlier)}["referral.surgical"]
    assert (found.status, found.severity) == (Status.MET, Severity.WARNING)
    assert found.data["causes"] == ["recurrent_disc"]
    assert found.action is not None
    assert found.detail is not None
    assert "40%" in found.detail


def test_referral_stays_open_while_a_structural_cause_is_undecided() -> None:
    found = surgical_referral([verdict("stenosis", Status.UNKNOWN, None)], [])
    assert (found.status, found.data["undecided"]) == (Status.UNKNOWN, ["stenosis"])
    assert [gap.path for gap in found.missing] == ["finding:differential.stenosis"]


def test_a_finding_whose_concordance_is_unrecorded_keeps_the_referral_open() -> None:
    found = surgical_referral([verdict("recurrent_disc", Status.MET, None)], [])
    assert found.status is Status.UNKNOWN


def test_no_referral_when_every_structural_cause_is_excluded_or_not_amenable() -> None:
    causes = [verdict("stenosis", Status.NOT_MET, None), verdict("recurrent_disc", Status.MET, False)]
    assert surgical_referral(causes, []).status is Status.NOT_MET


def test_non_surgical_causes_never_trigger_a_referral() -> None:
    assert surgical_referral([verdict("epidural_fibrosis", Status.MET, True)], []).status is Status.NOT_MET


def test_instability_means_surgery_before_scs() -> None:
    found = surgical_referral([verdict("instability", Status.MET, True)], [])
    assert found.data["surgery_before_scs"] is True


def open_flag(code: str, severity: Severity) -> Finding:
    """A met red-flag finding as the screen would give it."""
    case = make_case(
        red_flags={"new_leg_weakness": True, "progressive_weakness": True}
        if code == "redflag.neurological_deficit"
        else {"saddle_anaesthesia": True, "bladder_dysfunction": True, "cauda_equina_symptom_onset": "new"}
    )
    found = next(f for f in redflags.screen(case) if f.code == code)
    assert (found.status, found.severity) == (Status.MET, severity)
    return found


def test_compression_with_an_open_deficit_red_flag_means_surgery_before_scs_and_names_the_flag() -> None:
    causes = [verdict("stenosis", Status.MET, True)]
    with_flag = surgical_referral(causes, [open_flag("redflag.neurological_deficit", Severity.URGENT)])
    assert (with_flag.data["surgery_before_scs"], with_flag.data["red_flags"]) == (
        True,
        ["redflag.neurological_deficit"],
    )
    assert with_flag.severity is Severity.URGENT  # the red flag's urgency
    assert surgical_referral(causes, []).data["surgery_before_scs"] is False


@pytest.mark.parametrize(
    ("code", "severity"),
    [("redflag.cauda_equina", Severity.EMERGENCY), ("redflag.neurological_deficit", Severity.URGENT)],
)
def test_an_open_cauda_equina_or_deficit_flag_makes_the_referral_met_with_its_urgency(
    code: str, severity: Severity
) -> None:
    excluded = [verdict("stenosis", Status.NOT_MET, None), verdict("recurrent_disc", Status.NOT_MET, None)]
    found = surgical_referral(excluded, [open_flag(code, severity)])
    assert (found.status, found.severity) == (Status.MET, severity)
    assert found.data["causes"] == []
    assert found.data["red_flags"] == [code]
    assert found.title.startswith("Refer for a surgical opinion now")
    assert any(b.path == f"finding:{code}" for b in found.because)


def test_other_open_red_flags_do_not_make_a_surgical_referral() -> None:
    infection = next(
        f for f in redflags.screen(make_case(red_flags={"fever": True})) if f.code == "redflag.infection"
    )
    assert (
        surgical_referral([verdict("stenosis", Status.NOT_MET, None)], [infection]).status is Status.NOT_MET
    )


def test_a_fusion_too_early_to_judge_is_no_ground_for_referral() -> None:
    waiting = verdict("pseudarthrosis", Status.UNKNOWN, None)
    waiting.evidence = "too_early"
    waiting.data["judge_from"] = "2026-01-01"
    found = surgical_referral([waiting, verdict("stenosis", Status.NOT_MET, None)], [])
    assert found.status is Status.NOT_MET
    assert found.data["too_early_to_judge"] == {"pseudarthrosis": "2026-01-01"}


# --- inside assess -------------------------------------------------------------------------------------------


def test_assess_carries_every_differential_work_up_and_referral_finding_as_json() -> None:
    assessment = assess(
        make_case(tests=[result("mri", {"type": "foraminal_stenosis", "level": "L4-L5", "concordant": True})])
    )
    codes = [f.code for f in assessment.findings]
    assert sum(code.startswith("differential.") for code in codes) == 13
    assert sum(code.startswith("workup.") for code in codes) == len(ITEMS)
    referral = assessment.get("referral.surgical")
    assert referral is not None
    assert referral.status is Status.MET
    document = json.loads(json.dumps(assessment.to_dict()))
    assert any(f["code"] == "differential.stenosis" for f in document["findings"])
    assert "mattar-2012" in document["sources"]

"""Differential diagnosis: each cause of persisting pain after spine surgery judged from the record."""

from __future__ import annotations

from typing import Any

import pytest

from fbss.clinical import phenotype, redflags, workup
from fbss.clinical.case import Case
from fbss.clinical.finding import Finding, Status
from fbss.clinical.sources import Verification
from fbss.clinical.workup import CAUSES
from fbss.clinical.workup.compressive import RECURRENCE_INTERVAL_ABOVE_MONTHS
from fbss.clinical.workup.fusion import PSEUDARTHROSIS_JUDGED_AT_MONTHS
from fbss.clinical.workup.generators import (
    FACET_BLOCK_POSITIVE_ABOVE_PERCENT,
    SIJ_BLOCK_LOWEST_CRITERION_PERCENT,
    SIJ_BLOCK_POSITIVE_PERCENT,
    SIJ_PROVOCATION_POSITIVE_AT_LEAST,
    SINGLE_FACET_BLOCK_FALSE_POSITIVE_PERCENT,
)
from fbss.clinical.workup.scar import HEURISTIC_INTERVAL_MONTHS
from fbss.clinical.workup.sources import LILIANG_2011, MANCHIKANTI_2001, MATTAR_2012, POLLY_2016

TODAY = "2025-06-01"
DISCECTOMY = {"type": "microdiscectomy", "date": "2023-01-10", "levels": ["L4-L5"], "instrumented": False}


def fusion(
    date: str = "2023-01-10", levels: tuple[str, ...] = ("L4-L5",), instrumented: bool | None = True
) -> dict[str, Any]:
    return {"type": "fusion", "date": date, "levels": list(levels), "instrumented": instrumented}


def make_case(**parts: Any) -> Case:
    parts.setdefault("surgeries", [DISCECTOMY])
    parts.setdefault("pain", [back(), leg()])
    return Case.model_validate({"assessment_date": TODAY, **parts})


def back(nrs: int = 4, **more: Any) -> dict[str, Any]:
    return {"region": "back", "nrs_average": nrs, **more}


def leg(nrs: int = 7, **more: Any) -> dict[str, Any]:
    return {"region": "leg", "side": "left", "dermatomes": ["L5"], "nrs_average": nrs, **more}


def result(kind: str, *findings: dict[str, Any], date: str = "2025-05-01", **more: Any) -> dict[str, Any]:
    return {"kind": kind, "date": date, "findings": list(findings), **more}


def finding(kind: str, level: str | None = "L4-L5", **more: Any) -> dict[str, Any]:
    return {"type": kind, "level": level, **more}


def block(target: str, relief: float | None, confirmed: bool | None = None) -> dict[str, Any]:
    details = {"target": target, "relief_percent": relief, "confirmed_by_second_block": confirmed}
    return {"kind": "diagnostic_block", "date": "2025-05-01", "block": details}


def judged(case: Case, with_upstream: bool = True) -> dict[str, Finding]:
    earlier = (*redflags.screen(case), *phenotype.classify(case)) if with_upstream else ()
    return {f.code: f for f in workup.differential(case, earlier)}


def cause(case: Case, name: str) -> Finding:
    return judged(case)[f"differential.{name}"]


def paths(found: Finding) -> set[str]:
    return {gap.path for gap in found.missing}


def noted(found: Finding) -> list[str]:
    return [f"{b.path} {b.value} {b.note}" for b in found.because]


# --- published numbers ---------------------------------------------------------------------------------------


def test_thresholds_are_the_published_ones_with_their_sources() -> None:
    assert RECURRENCE_INTERVAL_ABOVE_MONTHS == 6
    assert "more than 6 months" in MATTAR_2012.citation
    assert PSEUDARTHROSIS_JUDGED_AT_MONTHS == 12
    assert SINGLE_FACET_BLOCK_FALSE_POSITIVE_PERCENT == 24
    assert "24%" in MANCHIKANTI_2001.citation
    assert FACET_BLOCK_POSITIVE_ABOVE_PERCENT == 50
    assert (SIJ_PROVOCATION_POSITIVE_AT_LEAST, SIJ_BLOCK_POSITIVE_PERCENT) == (3, 75)
    assert ">= 3 positive provocation tests" in LILIANG_2011.citation
    assert "75% relief" in LILIANG_2011.citation
    assert SIJ_BLOCK_LOWEST_CRITERION_PERCENT == 50
    assert "50% block threshold" in POLLY_2016.citation
    assert HEURISTIC_INTERVAL_MONTHS == (1, 6)


def test_every_cause_is_judged_once_with_the_contract_data() -> None:
    found = judged(make_case())
    codes = [code for code in found if code.startswith("differential.")]
    assert codes == [f"differential.{name}" for name in CAUSES]
    for code in codes:
        data = found[code].data
        assert {"structural", "surgically_amenable", "settled_by"} <= set(data)
        assert isinstance(data["structural"], bool)
        assert data["surgically_amenable"] in (True, False, None)
        assert all(isinstance(item, str) for item in data["settled_by"])
        assert found[code].status in (Status.MET, Status.NOT_MET, Status.UNKNOWN)


# --- recurrent or residual disc ------------------------------------------------------------------------------


@pytest.mark.parametrize("enhancement", ["none", "peripheral"])
def test_non_enhancing_or_rim_enhancing_material_on_gadolinium_mri_is_recurrent_disc(
    enhancement: str,
) -> None:
    mri = result(
        "mri_gadolinium", finding("disc_herniation", enhancement=enhancement, root="L5", concordant=True)
    )
    found = cause(make_case(tests=[mri]), "recurrent_disc")
    assert (found.status, found.value) == (Status.MET, "confirmed")
    assert found.data["surgically_amenable"] is True
    assert found.data["needs"] == []


def test_homogeneously_enhancing_tissue_is_scar_not_disc() -> None:
    mri = result("mri_gadolinium", finding("disc_herniation", enhancement="homogeneous"))
    found = judged(make_case(tests=[mri]))
    assert found["differential.recurrent_disc"].status is Status.NOT_MET
    assert found["differential.epidural_fibrosis"].status is Status.MET


def test_a_herniation_on_plain_mri_is_suggested_and_asks_for_gadolinium() -> None:
    found = cause(
        make_case(tests=[result("mri", finding("disc_herniation", concordant=True))]), "recurrent_disc"
    )
    assert (found.status, found.value) == (Status.MET, "suggested")
    assert found.data["needs"] == ["mri_gadolinium"]


def test_leg_pain_back_after_more_than_six_pain_free_months_points_to_recurrence() -> None:
    returned = leg(course="new_after_interval", pain_free_interval_months=9)
    found = cause(make_case(pain=[back(), returned]), "recurrent_disc")
    assert (found.status, found.value) == (Status.MET, "suggested")
    assert "mattar-2012" in [s.id for s in found.sources]
    assert found.data["needs"] == ["mri_gadolinium"]
    assert found.data["surgically_amenable"] is None


def test_six_pain_free_months_or_fewer_do_not_define_recurrence() -> None:
    returned = leg(course="new_after_interval", pain_free_interval_months=6)
    found = cause(make_case(pain=[back(), returned]), "recurrent_disc")
    assert found.status is Status.UNKNOWN
    assert any("short of the recurrence definition" in line for line in noted(found))


def test_an_unmeasured_pain_free_interval_is_asked_for() -> None:
    found = cause(make_case(pain=[back(), leg(course="new_after_interval")]), "recurrent_disc")
    assert "pain[1].pain_free_interval_months" in paths(found)


def test_current_imaging_without_disc_material_counts_against_recurrence_despite_history() -> None:
    returned = leg(course="new_after_interval", pain_free_interval_months=12)
    found = cause(make_case(pain=[back(), returned], tests=[result("mri_gadolinium")]), "recurrent_disc")
    assert found.status is Status.NOT_MET


def test_imaging_from_before_the_last_operation_is_not_read() -> None:
    old = result("mri", finding("disc_herniation"), date="2022-12-01")
    assert cause(make_case(tests=[old]), "recurrent_disc").status is Status.UNKNOWN


def test_a_herniation_without_a_recorded_concordance_leaves_surgery_open() -> None:
    mri = result("mri_gadolinium", finding("disc_herniation", enhancement="none"))
    found = cause(make_case(tests=[mri]), "recurrent_disc")
    assert found.data["surgically_amenable"] is None
    assert "tests[0].findings[0].concordant" in paths(found)


def test_a_herniation_at_an_unoperated_level_is_another_cause_not_a_recurrence() -> None:
    mri = result("mri", finding("disc_herniation", level="L2-L3"))
    found = judged(make_case(tests=[mri]))
    assert found["differential.recurrent_disc"].status is Status.NOT_MET
    assert found["differential.other"].status is Status.MET


# --- stenosis ------------------------------------------------------------------------------------------------


def test_concordant_foraminal_stenosis_is_a_surgically_amenable_cause() -> None:
    mri = result("mri", finding("foraminal_stenosis", root="L5", concordant=True))
    found = cause(make_case(tests=[mri]), "stenosis")
    assert (found.status, found.data["surgically_amenable"]) == (Status.MET, True)


def test_stenosis_not_concordant_with_symptoms_is_not_a_reason_to_reoperate() -> None:
    mri = result("mri", finding("central_stenosis", concordant=False))
    found = cause(make_case(tests=[mri]), "stenosis")
    assert (found.status, found.data["surgically_amenable"]) == (Status.MET, False)


def test_stenosis_next_to_a_fusion_is_adjacent_segment_disease() -> None:
    mri = result("mri", finding("central_stenosis", level="L3-L4", concordant=True))
    found = judged(make_case(surgeries=[fusion()], tests=[mri]))
    assert found["differential.stenosis"].status is Status.NOT_MET
    assert found["differential.adjacent_segment_disease"].status is Status.MET


def test_leg_pain_without_imaging_asks_for_mri() -> None:
    found = cause(make_case(), "stenosis")
    assert (found.status, found.data["needs"]) == (Status.UNKNOWN, ["mri"])


# --- pseudarthrosis and hardware -----------------------------------------------------------------------------


def test_pseudarthrosis_does_not_apply_without_a_fusion() -> None:
    found = cause(make_case(), "pseudarthrosis")
    assert (found.status, found.value) == (Status.NOT_MET, "not_applicable")


def test_before_twelve_months_fusion_is_not_yet_judged() -> None:
    found = cause(make_case(surgeries=[fusion(date="2024-10-01")]), "pseudarthrosis")
    assert found.status is Status.UNKNOWN
    assert found.data["judge_from"] == "2025-10-01"
    assert found.data["needs"] == []


def test_non_union_on_ct_before_twelve_months_is_too_early_to_call_pseudarthrosis() -> None:
    ct = result("ct", finding("pseudarthrosis"), date="2025-05-01")
    case = make_case(surgeries=[fusion(date="2024-11-01")], tests=[ct])
    found = cause(case, "pseudarthrosis")
    assert (found.status, found.value) == (Status.UNKNOWN, "too_early")
    assert found.codes == ()
    assert any("delayed union possible" in gap.reason and "2025-11-01" in gap.reason for gap in found.missing)
    referral = judged(case)["referral.surgical"]
    assert "pseudarthrosis" not in referral.data["causes"]
    assert "pseudarthrosis" not in referral.data["undecided"]
    assert referral.data["too_early_to_judge"] == {"pseudarthrosis": "2025-11-01"}


def test_every_undecided_cause_says_what_would_settle_it() -> None:
    for case in (make_case(), make_case(pain=[back()]), make_case(surgeries=[fusion(date="2024-11-01")])):
        for code, found in judged(case).items():
            if found.status is Status.UNKNOWN:
                assert found.missing, code


def test_from_twelve_months_with_pain_thin_slice_ct_is_wanted() -> None:
    found = cause(make_case(surgeries=[fusion()]), "pseudarthrosis")
    assert found.data["needs"] == ["ct"]


def test_pseudarthrosis_on_ct_is_shown_and_amenable_with_its_code() -> None:
    ct = result("ct", finding("pseudarthrosis"))
    found = cause(make_case(surgeries=[fusion()], tests=[ct]), "pseudarthrosis")
    assert (found.status, found.value, found.data["surgically_amenable"]) == (Status.MET, "confirmed", True)
    assert [c.code for c in found.codes] == ["M96.0"]
    assert found.detail is not None
    assert "infection" in found.detail


def test_pseudarthrosis_on_static_radiographs_is_only_suggested() -> None:
    xray = result("xray", finding("pseudarthrosis"))
    found = cause(make_case(surgeries=[fusion()], tests=[xray]), "pseudarthrosis")
    assert (found.value, found.data["needs"]) == ("suggested", ["ct"])
    assert found.detail is not None
    assert "two thirds" in found.detail


def test_a_solid_fusion_on_ct_before_twelve_months_does_not_exclude_pseudarthrosis() -> None:
    early_ct = result("ct", date="2023-07-01")
    assert cause(make_case(surgeries=[fusion()], tests=[early_ct]), "pseudarthrosis").status is Status.UNKNOWN
    late_ct = result("ct", date="2024-03-01")
    assert cause(make_case(surgeries=[fusion()], tests=[late_ct]), "pseudarthrosis").status is Status.NOT_MET


def test_hardware_failure_does_not_apply_without_hardware() -> None:
    found = cause(make_case(surgeries=[fusion(instrumented=False)]), "hardware_failure")
    assert (found.status, found.value) == (Status.NOT_MET, "not_applicable")


def test_unrecorded_hardware_is_asked_for() -> None:
    found = cause(make_case(surgeries=[fusion(instrumented=None)]), "hardware_failure")
    assert found.status is Status.UNKNOWN
    assert "surgeries[0].instrumented" in paths(found)


def test_screw_loosening_on_ct_is_shown_and_amenable() -> None:
    ct = result("ct", finding("hardware_loosening"))
    found = cause(make_case(surgeries=[fusion()], tests=[ct]), "hardware_failure")
    assert (found.status, found.value, found.data["surgically_amenable"]) == (Status.MET, "confirmed", True)


def test_breakage_on_radiographs_asks_for_ct() -> None:
    xray = result("xray", finding("hardware_breakage"))
    found = cause(make_case(surgeries=[fusion()], tests=[xray]), "hardware_failure")
    assert (found.value, found.data["needs"]) == ("suggested", ["ct"])


# --- instability and adjacent segment disease ---------------------------------------------------------------


def test_abnormal_motion_on_flexion_extension_is_instability() -> None:
    xray = result("xray_flexion_extension", finding("instability", translation_mm=5))
    found = cause(make_case(tests=[xray]), "instability")
    assert (found.status, found.data["surgically_amenable"]) == (Status.MET, True)


def test_normal_flexion_extension_films_count_against_instability() -> None:
    assert cause(make_case(tests=[result("xray_flexion_extension")]), "instability").status is Status.NOT_MET


def test_a_slip_on_static_imaging_only_raises_the_question() -> None:
    found = cause(make_case(tests=[result("mri", finding("spondylolisthesis"))]), "instability")
    assert (found.status, found.data["needs"]) == (Status.UNKNOWN, ["xray_flexion_extension"])


def test_degeneration_next_to_a_fusion_is_adjacent_segment_disease() -> None:
    mri = result("mri", finding("adjacent_segment_degeneration", level="L3-L4", concordant=True))
    found = cause(make_case(surgeries=[fusion()], tests=[mri]), "adjacent_segment_disease")
    assert (found.status, found.data["surgically_amenable"]) == (Status.MET, True)
    assert found.data["adjacent_segments"] == ["L3-L4", "L5-S1"]


def test_adjacent_segment_disease_needs_a_fusion() -> None:
    found = cause(make_case(), "adjacent_segment_disease")
    assert (found.status, found.value) == (Status.NOT_MET, "not_applicable")


def test_after_fusion_with_pain_standing_films_and_mri_are_wanted() -> None:
    found = cause(make_case(surgeries=[fusion()]), "adjacent_segment_disease")
    assert found.data["needs"] == ["xray_flexion_extension", "mri"]


# --- scar and arachnoiditis ----------------------------------------------------------------------------------


def test_enhancing_scar_is_shown_but_never_called_the_proven_cause() -> None:
    mri = result("mri_gadolinium", finding("epidural_fibrosis", root="L5"))
    found = cause(make_case(tests=[mri]), "epidural_fibrosis")
    assert (found.status, found.value, found.data["surgically_amenable"]) == (Status.MET, "confirmed", False)
    assert found.detail is not None
    assert "cannot be told from ordinary scar" in found.detail


def test_fibrosis_reported_without_contrast_asks_for_gadolinium() -> None:
    found = cause(make_case(tests=[result("mri", finding("epidural_fibrosis"))]), "epidural_fibrosis")
    assert (found.value, found.data["needs"]) == ("suggested", ["mri_gadolinium"])


def test_a_one_to_six_month_pain_free_interval_is_shown_as_a_labelled_heuristic_only() -> None:
    returned = leg(course="new_after_interval", pain_free_interval_months=3)
    found = cause(make_case(pain=[back(), returned]), "epidural_fibrosis")
    assert found.status is Status.UNKNOWN
    assert any("heuristic only" in line for line in noted(found))
    heuristic = next(s for s in found.sources if s.id == "pain-free-interval-heuristic")
    assert heuristic.verification is Verification.SECONDARY


def test_clumped_roots_on_mri_are_arachnoiditis_with_its_codes() -> None:
    found = cause(make_case(tests=[result("mri", finding("arachnoiditis"))]), "arachnoiditis")
    assert (found.status, found.data["surgically_amenable"]) == (Status.MET, False)
    assert {c.code for c in found.codes} == {"8217007", "8E40.3"}


def test_a_current_mri_without_arachnoiditis_counts_against_it() -> None:
    found = cause(make_case(tests=[result("mri")]), "arachnoiditis")
    assert (found.status, found.codes) == (Status.NOT_MET, ())


# --- facet and sacroiliac joints -----------------------------------------------------------------------------


def test_a_positive_medial_branch_block_confirmed_by_a_second_is_facet_pain() -> None:
    found = cause(make_case(tests=[block("medial_branch", 80, confirmed=True)]), "facet_joint")
    assert (found.status, found.value) == (Status.MET, "confirmed")


def test_a_single_positive_block_warns_of_the_false_positive_rate_and_asks_for_another() -> None:
    found = cause(make_case(tests=[block("medial_branch", 80)]), "facet_joint")
    assert (found.status, found.value, found.data["needs"]) == (Status.MET, "suggested", ["diagnostic_block"])
    assert found.detail is not None
    assert "24%" in found.detail


def test_a_confirming_block_that_fails_shows_the_first_was_falsely_positive() -> None:
    found = cause(make_case(tests=[block("medial_branch", 90, confirmed=False)]), "facet_joint")
    assert found.status is Status.NOT_MET


@pytest.mark.parametrize("relief", [40, 50])
def test_fifty_percent_relief_or_less_counts_against_facet_pain(relief: int) -> None:
    assert cause(make_case(tests=[block("medial_branch", relief)]), "facet_joint").status is Status.NOT_MET


def test_a_block_is_considered_for_back_predominant_pain_only() -> None:
    back_predominant = cause(make_case(pain=[back(8), leg(nrs=3)]), "facet_joint")
    leg_predominant = cause(make_case(pain=[back(3), leg(nrs=8)]), "facet_joint")
    assert back_predominant.data["needs"] == ["diagnostic_block"]
    assert leg_predominant.data["needs"] == []


def test_a_seventy_five_percent_sij_block_confirmed_by_a_second_is_sij_pain() -> None:
    found = cause(make_case(tests=[block("sacroiliac_joint", 80, confirmed=True)]), "sacroiliac_joint")
    assert (found.status, found.value) == (Status.MET, "confirmed")


def test_sij_relief_between_fifty_and_seventy_five_percent_is_equivocal() -> None:
    found = cause(make_case(tests=[block("sacroiliac_joint", 60)]), "sacroiliac_joint")
    assert (found.status, found.data["needs"]) == (Status.UNKNOWN, ["diagnostic_block"])
    assert found.detail is not None
    assert "Polly 2016" in found.detail
    # the relief is recorded: what is missing is the confirming second block
    assert paths(found) == {"tests[0].block.confirmed_by_second_block"}


@pytest.mark.parametrize("relief", [60, 74])
def test_an_equivocal_sij_block_keeps_what_the_provocation_tests_suggest(relief: int) -> None:
    # fact sheet diagnosis §5.2, SIJ row: provocation tests plus a block; dual blocks used (Liliang 2011)
    selected = make_case(exam={"sij_provocation_positive": 3}, tests=[block("sacroiliac_joint", relief)])
    found = cause(selected, "sacroiliac_joint")
    assert (found.status, found.value, found.data["needs"]) == (Status.MET, "suggested", ["diagnostic_block"])
    assert paths(found) == {"tests[0].block.confirmed_by_second_block"}
    assert any(line.startswith("exam.sij_provocation_positive 3") for line in noted(found))


def test_an_equivocal_sij_block_confirmed_by_a_second_is_suggested_not_shown() -> None:
    found = cause(make_case(tests=[block("sacroiliac_joint", 60, confirmed=True)]), "sacroiliac_joint")
    assert (found.status, found.value, found.missing) == (Status.MET, "suggested", ())


def test_an_equivocal_sij_block_not_reproduced_counts_against() -> None:
    selected = make_case(
        exam={"sij_provocation_positive": 4}, tests=[block("sacroiliac_joint", 60, confirmed=False)]
    )
    assert cause(selected, "sacroiliac_joint").status is Status.NOT_MET


def test_sij_block_below_fifty_percent_counts_against() -> None:
    assert (
        cause(make_case(tests=[block("sacroiliac_joint", 30)]), "sacroiliac_joint").status is Status.NOT_MET
    )


def test_three_positive_provocation_tests_point_to_the_sij_and_ask_for_a_block() -> None:
    found = cause(make_case(exam={"sij_provocation_positive": 3}), "sacroiliac_joint")
    assert (found.status, found.value, found.data["needs"]) == (Status.MET, "suggested", ["diagnostic_block"])


def test_fewer_provocation_tests_do_not_select_for_a_block() -> None:
    found = cause(make_case(exam={"sij_provocation_positive": 2}), "sacroiliac_joint")
    assert (found.status, found.data["needs"]) == (Status.UNKNOWN, [])


def test_back_pain_after_fusion_to_the_sacrum_asks_for_provocation_tests() -> None:
    found = cause(make_case(surgeries=[fusion(levels=("L5-S1",))]), "sacroiliac_joint")
    assert found.data["needs"] == ["physical_exam"]
    assert "exam.sij_provocation_positive" in paths(found)
    assert any("sacrum" in line for line in noted(found))


# --- myofascial ------------------------------------------------------------------------------------------


ACTIVE_TRIGGER_POINT = {
    "muscle": "quadratus lumborum",
    "taut_band": True,
    "hypersensitive_spot": True,
    "referred_pain": True,
    "reproduces_familiar_pain": True,
}


def test_myofascial_pain_is_read_from_the_phenotype_finding() -> None:
    found = cause(make_case(exam={"trigger_points": [ACTIVE_TRIGGER_POINT]}), "myofascial")
    assert (found.status, found.value) == (Status.MET, "confirmed")
    assert found.because[0].path == "finding:phenotype.mechanism"


def test_an_exam_without_trigger_points_counts_against_myofascial_pain() -> None:
    assert cause(make_case(exam={"trigger_points": []}), "myofascial").status is Status.NOT_MET


def test_without_a_trigger_point_exam_it_is_asked_for() -> None:
    found = cause(make_case(), "myofascial")
    assert (found.status, found.data["needs"]) == (Status.UNKNOWN, ["physical_exam"])


def test_without_the_phenotype_finding_myofascial_pain_stays_open() -> None:
    found = judged(make_case(), with_upstream=False)["differential.myofascial"]
    assert "finding:phenotype.mechanism" in paths(found)


# --- infection and other causes ------------------------------------------------------------------------------


def test_infection_defers_to_the_red_flag_when_the_screen_found_it() -> None:
    case = make_case(tests=[result("mri_gadolinium", finding("discitis"))])
    found = judged(case)
    flag = next(f for f in redflags.screen(case) if f.code == "redflag.infection")
    assert flag.status is Status.MET
    infection = found["differential.infection"]
    assert (infection.status, infection.value) == (Status.MET, "deferred")
    assert infection.data["deferred_to"] == "redflag.infection"
    assert (infection.action, infection.severity, infection.data["needs"]) == (None, None, [])


def test_infection_excluded_by_the_red_flag_screen_counts_against_it() -> None:
    case = make_case(
        red_flags={"fever": False, "wound_problems": False, "night_sweats": False},
        labs=[{"test": "crp", "value": 3, "date": "2025-05-20"}],
    )
    assert cause(case, "infection").status is Status.NOT_MET


def test_undecided_infection_without_current_bloods_asks_for_them() -> None:
    found = cause(make_case(), "infection")
    assert (found.status, found.data["needs"]) == (Status.UNKNOWN, ["labs"])


def test_sagittal_imbalance_is_another_structural_cause() -> None:
    films = result("xray_whole_spine", finding("sagittal_imbalance", level=None))
    found = cause(make_case(surgeries=[fusion()], tests=[films]), "other")
    assert (found.status, found.data["structural"]) == (Status.MET, True)


def test_after_fusion_a_whole_spine_film_is_wanted_for_sagittal_balance() -> None:
    assert "xray_whole_spine" in cause(make_case(surgeries=[fusion()]), "other").data["needs"]


def test_a_neuropathy_on_emg_is_a_non_structural_mimic() -> None:
    emg = result("emg_ncs", finding("peripheral_neuropathy", level=None))
    found = cause(make_case(tests=[emg]), "other")
    assert (found.status, found.data["structural"]) == (Status.MET, False)


def test_a_suspicious_lesion_names_the_red_flag_that_handles_it() -> None:
    found = cause(make_case(tests=[result("mri", finding("suspicious_lesion", level="L2"))]), "other")
    assert found.data["red_flags"] == ["redflag.malignancy"]


def test_emg_is_wanted_when_imaging_has_not_confirmed_a_possible_root_lesion() -> None:
    normal_mri = result("mri")
    found = cause(make_case(tests=[normal_mri]), "other")
    assert "emg_ncs" in found.data["needs"]
    assert "emg_ncs" not in cause(make_case(), "other").data["needs"]

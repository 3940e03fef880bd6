"""The red-flag screen: every trigger and every non-trigger, with the published numbers."""

from __future__ import annotations

from typing import Any

import pytest

from fbss.clinical import redflags
from fbss.clinical.assessment import ordered
from fbss.clinical.case import Case
from fbss.clinical.finding import Finding, Kind, Severity, Status
from fbss.clinical.policy import Policy
from fbss.clinical.redflags import infection
from fbss.clinical.redflags.cauda_equina import MRI_WITHIN_HOURS, PVR_MORE_LIKELY_ML
from fbss.clinical.redflags.fracture import (
    OLDER_MEN_OVER_YEARS,
    OLDER_WOMEN_OVER_YEARS,
    POST_TEST_PROBABILITY_PERCENT,
)
from fbss.clinical.redflags.malignancy import HISTORY_OF_CANCER_POST_TEST_PERCENT
from fbss.clinical.redflags.neurological import MAJOR_WEAKNESS_MAX_MRC
from fbss.clinical.redflags.suicide import SUICIDES_WITH_NEGATIVE_ITEM_9_PERCENT
from fbss.clinical.sources import DOWNIE_2013, GIRFT_CES, THELANDER_1992

SURGERY = {"type": "fusion", "date": "2026-01-10", "levels": ["L4-L5", "L5-S1"], "index": True}
CES_NO = {
    "saddle_anaesthesia": False,
    "bladder_dysfunction": False,
    "bowel_dysfunction": False,
    "sexual_dysfunction": False,
    "bilateral_leg_symptoms": False,
}
INFECTION_NO = {"fever": False, "wound_problems": False, "night_sweats": False}


def make_case(**fields: Any) -> Case:
    return Case.model_validate({"assessment_date": "2026-11-01", **fields})


def flag(case: Case, code: str) -> Finding:
    found = [finding for finding in redflags.screen(case) if finding.code == code]
    assert len(found) == 1
    return found[0]


def paths(items: Any) -> set[str]:
    return {item.path for item in items}


def phq9(item9: int | None, date: str | None = None, others: int = 0) -> dict[str, Any]:
    answers: dict[str, int | None] = {str(n): others for n in range(1, 9)}
    answers["9"] = item9
    return {"instrument": "phq9", "date": date, "answers": answers}


# --- the screen as a whole ----------------------------------------------------------------------------------


def test_every_condition_has_exactly_one_finding_even_for_an_empty_case() -> None:
    findings = redflags.screen(make_case())
    assert [finding.code for finding in findings] == list(redflags.CODES)
    assert redflags.CODES == (
        "redflag.cauda_equina",
        "redflag.infection",
        "redflag.fracture",
        "redflag.malignancy",
        "redflag.neurological_deficit",
        "redflag.suicide_risk",
    )
    assert all(finding.kind is Kind.RED_FLAG for finding in findings)
    assert all(finding.status is Status.UNKNOWN and finding.missing for finding in findings)


def test_only_met_flags_carry_severity_action_and_time_frame() -> None:
    case = make_case(red_flags={**CES_NO, "bladder_dysfunction": True, "cauda_equina_symptom_onset": "new"})
    for finding in redflags.screen(case):
        if finding.status is Status.MET:
            assert finding.severity
            assert finding.action
            assert finding.timeframe
        else:
            assert finding.severity is None
            assert finding.action is None
            assert finding.timeframe is None


def test_red_flags_come_first_and_open_ones_lead() -> None:
    case = make_case(red_flags={**CES_NO, "bladder_dysfunction": True, "cauda_equina_symptom_onset": "new"})
    other = Finding("criteria.fbss", Kind.CRITERIA, "x", Status.MET, sources=(DOWNIE_2013,))
    result = ordered(redflags.screen(case), (other,))
    assert result[0].code == "redflag.cauda_equina"
    assert result[-1] is other
    assert all(finding.kind is Kind.RED_FLAG for finding in result[:6])


# --- cauda equina syndrome ----------------------------------------------------------------------------------


@pytest.mark.parametrize("symptom", sorted(set(CES_NO) - {"bowel_dysfunction"}))
def test_each_new_ces_symptom_is_an_emergency(symptom: str) -> None:
    case = make_case(red_flags={**CES_NO, symptom: True, "cauda_equina_symptom_onset": "new"})
    finding = flag(case, redflags.CAUDA_EQUINA)
    assert finding.status is Status.MET
    assert finding.severity is Severity.EMERGENCY
    assert f"red_flags.{symptom}" in paths(finding.because)


def test_suspected_ces_needs_emergency_mri_within_four_hours_and_the_scan_must_not_delay_it() -> None:
    case = make_case(
        red_flags={**CES_NO, "saddle_anaesthesia": True, "cauda_equina_symptom_onset": "worsening"}
    )
    finding = flag(case, redflags.CAUDA_EQUINA)
    assert MRI_WITHIN_HOURS == 4
    assert finding.data["mri_within_hours"] == 4
    assert "within 4 hours" in (finding.timeframe or "")
    assert "must not delay the MRI" in (finding.action or "")
    assert "lumbosacral spine" in (finding.action or "")
    assert GIRFT_CES in finding.sources
    assert {coding.code for coding in finding.codes} == {"G83.4", "8B40", "192970008"}


def test_ces_feature_with_unrecorded_onset_is_treated_as_suspected_ces() -> None:
    case = make_case(red_flags={**CES_NO, "bladder_dysfunction": True})
    finding = flag(case, redflags.CAUDA_EQUINA)
    assert finding.status is Status.MET
    assert paths(finding.missing) == {"red_flags.cauda_equina_symptom_onset"}


def test_longstanding_stable_ces_features_are_not_an_emergency() -> None:
    case = make_case(
        red_flags={**CES_NO, "sexual_dysfunction": True, "cauda_equina_symptom_onset": "longstanding_stable"}
    )
    finding = flag(case, redflags.CAUDA_EQUINA)
    assert finding.status is Status.NOT_MET
    assert "14 days" in (finding.detail or "")


def test_all_ces_questions_answered_no_rules_it_out() -> None:
    finding = flag(make_case(red_flags=CES_NO), redflags.CAUDA_EQUINA)
    assert finding.status is Status.NOT_MET
    assert not finding.missing


def test_unasked_ces_questions_leave_it_unknown_and_are_named() -> None:
    finding = flag(make_case(red_flags={"bladder_dysfunction": False}), redflags.CAUDA_EQUINA)
    assert finding.status is Status.UNKNOWN
    assert paths(finding.missing) == {
        "red_flags.saddle_anaesthesia",
        "red_flags.bowel_dysfunction",
        "red_flags.sexual_dysfunction",
        "red_flags.bilateral_leg_symptoms",
    }


def test_bowel_disturbance_alone_asks_whether_it_is_only_constipation() -> None:
    case = make_case(
        red_flags={**CES_NO, "bowel_dysfunction": True, "cauda_equina_symptom_onset": "new"},
        medications=[{"name": "codeine"}],
    )
    finding = flag(case, redflags.CAUDA_EQUINA)
    assert finding.status is Status.UNKNOWN
    assert finding.severity is None
    (missing,) = finding.missing
    assert missing.path == "red_flags.bowel_constipation_only"
    assert "constipation" in missing.reason
    assert "codeine" in missing.reason


def test_isolated_constipation_is_not_a_ces_indication() -> None:
    red = {
        **CES_NO,
        "bowel_dysfunction": True,
        "bowel_constipation_only": True,
        "cauda_equina_symptom_onset": "new",
    }
    finding = flag(make_case(red_flags=red), redflags.CAUDA_EQUINA)
    assert finding.status is Status.NOT_MET
    assert "red_flags.bowel_constipation_only" in paths(finding.because)


def test_new_bowel_disturbance_that_is_not_only_constipation_is_an_emergency() -> None:
    red = {
        **CES_NO,
        "bowel_dysfunction": True,
        "bowel_constipation_only": False,
        "cauda_equina_symptom_onset": "new",
    }
    assert flag(make_case(red_flags=red), redflags.CAUDA_EQUINA).severity is Severity.EMERGENCY


def test_bowel_disturbance_with_another_feature_is_an_emergency() -> None:
    red = {
        **CES_NO,
        "bowel_dysfunction": True,
        "saddle_anaesthesia": True,
        "cauda_equina_symptom_onset": "new",
    }
    assert flag(make_case(red_flags=red), redflags.CAUDA_EQUINA).severity is Severity.EMERGENCY


def test_post_void_residual_of_200_ml_counts_as_a_ces_sign() -> None:
    assert PVR_MORE_LIKELY_ML == 200
    case = make_case(red_flags=CES_NO, exam={"post_void_residual_ml": 200})
    finding = flag(case, redflags.CAUDA_EQUINA)
    assert finding.status is Status.MET
    assert "exam.post_void_residual_ml" in finding.data["features"]


def test_post_void_residual_below_200_ml_does_not_exclude_ces() -> None:
    case = make_case(
        red_flags={**CES_NO, "bladder_dysfunction": True, "cauda_equina_symptom_onset": "new"},
        exam={"post_void_residual_ml": 150},
    )
    finding = flag(case, redflags.CAUDA_EQUINA)
    assert finding.status is Status.MET
    assert "does not exclude" in (finding.detail or "")
    quiet = flag(make_case(red_flags=CES_NO, exam={"post_void_residual_ml": 199}), redflags.CAUDA_EQUINA)
    assert quiet.status is Status.NOT_MET


@pytest.mark.parametrize(
    "exam",
    [
        {"saddle_sensation_reduced": True},
        {"anal_tone_reduced": True},
        {"sensory": [{"side": "bilateral", "kind": "reduced_pinprick", "saddle": True}]},
        {"motor": [{"side": "left", "mrc_grade": 4}, {"side": "right", "mrc_grade": 4}]},
        {"motor": [{"side": "bilateral", "mrc_grade": 4}]},
    ],
)
def test_examination_signs_count_as_ces_features(exam: dict[str, Any]) -> None:
    finding = flag(make_case(red_flags=CES_NO, exam=exam), redflags.CAUDA_EQUINA)
    assert finding.status is Status.MET
    assert finding.severity is Severity.EMERGENCY


def test_unilateral_motor_deficit_is_not_a_ces_feature() -> None:
    case = make_case(red_flags=CES_NO, exam={"motor": [{"side": "left", "mrc_grade": 4}]})
    assert flag(case, redflags.CAUDA_EQUINA).status is Status.NOT_MET


# --- infection -----------------------------------------------------------------------------------------------


def infection_case(labs: list[dict[str, Any]] | None = None, **fields: Any) -> Case:
    red = {**INFECTION_NO, **fields.pop("red_flags", {})}
    return make_case(surgeries=[SURGERY], red_flags=red, labs=labs or [], **fields)


def crp(value: float, date: str, unit: str | None = None) -> dict[str, Any]:
    return {"test": "crp", "value": value, "date": date, **({"unit": unit} if unit else {})}


def test_published_crp_course_numbers() -> None:
    assert infection.CRP_UPPER_NORMAL_MG_L == 10
    assert infection.CRP_PEAK_BY_DAY == 3
    assert infection.CRP_NORMALISED_BY_DAY == 14
    assert infection.CRP_EXCLUDES_FROM_MONTHS == 1
    assert infection.FEVER_ABOVE_C == 38.0
    finding = flag(infection_case(), redflags.INFECTION)
    assert THELANDER_1992 in finding.sources
    assert {"ali-2021-crp", "yusuf-2019"} <= {source.id for source in finding.sources}


@pytest.mark.parametrize("finding_type", ["discitis", "epidural_abscess"])
def test_infection_on_imaging_is_urgent(finding_type: str) -> None:
    case = infection_case(
        tests=[{"kind": "mri_gadolinium", "date": "2026-10-20", "findings": [{"type": finding_type}]}]
    )
    finding = flag(case, redflags.INFECTION)
    assert finding.status is Status.MET
    assert finding.severity is Severity.URGENT
    assert "without and with IV contrast" in (finding.action or "")
    assert "tests[0].findings[0].type" in paths(finding.because)


def test_an_ordered_test_is_not_a_result() -> None:
    case = infection_case(
        tests=[{"kind": "mri", "status": "ordered", "findings": [{"type": "discitis"}]}],
        labs=[crp(3, "2026-10-01")],
    )
    assert flag(case, redflags.INFECTION).status is Status.NOT_MET


def test_temperature_above_38_is_fever_and_38_is_not() -> None:
    hot = flag(infection_case(exam={"temperature_c": 38.1}, labs=[crp(3, "2026-10-01")]), redflags.INFECTION)
    assert hot.status is Status.MET
    assert "exam.temperature_c" in hot.data["triggers"]
    warm = flag(infection_case(exam={"temperature_c": 38.0}, labs=[crp(3, "2026-10-01")]), redflags.INFECTION)
    assert warm.status is Status.NOT_MET


@pytest.mark.parametrize(
    "fields",
    [
        {"red_flags": {"fever": True}},
        {"red_flags": {"wound_problems": True}},
        {"exam": {"wound": "discharge"}},
        {"exam": {"wound": "erythema"}},
        {"exam": {"wound": "dehiscence"}},
    ],
)
def test_each_clinical_feature_of_infection_raises_the_flag(fields: dict[str, Any]) -> None:
    finding = flag(infection_case(labs=[crp(3, "2026-10-01")], **fields), redflags.INFECTION)
    assert finding.status is Status.MET
    assert finding.severity is Severity.URGENT


def test_night_sweats_raise_the_flag_unless_a_normal_crp_a_month_after_surgery_outweighs_them() -> None:
    alone = flag(infection_case(red_flags={"night_sweats": True}), redflags.INFECTION)
    assert (alone.status, alone.severity) == (Status.MET, Severity.URGENT)
    early = flag(
        infection_case(red_flags={"night_sweats": True}, labs=[crp(4, "2026-02-01")]), redflags.INFECTION
    )
    assert early.status is Status.MET  # day 22: a normal CRP cannot exclude yet
    outweighed = flag(
        infection_case(red_flags={"night_sweats": True}, labs=[crp(4, "2026-10-01")]), redflags.INFECTION
    )
    assert outweighed.status is Status.NOT_MET
    assert "Night sweats reported" in (outweighed.detail or "")


def test_fever_is_never_outweighed_by_a_normal_crp() -> None:
    case = infection_case(red_flags={"fever": True}, labs=[crp(4, "2026-10-01")])
    assert flag(case, redflags.INFECTION).status is Status.MET


def test_raised_crp_in_the_first_14_days_is_expected_not_a_flag() -> None:
    peak = flag(infection_case(labs=[crp(120, "2026-01-13")]), redflags.INFECTION)  # day 3
    assert peak.status is Status.UNKNOWN
    assert "labs" in paths(peak.missing)
    day_14 = flag(infection_case(labs=[crp(40, "2026-01-24")]), redflags.INFECTION)
    assert day_14.status is Status.UNKNOWN


def test_crp_still_raised_after_day_14_raises_the_flag() -> None:
    finding = flag(infection_case(labs=[crp(40, "2026-01-25")]), redflags.INFECTION)  # day 15
    assert finding.status is Status.MET
    assert finding.data["crp_day_after_surgery"] == 15
    assert "5-14 days" in (finding.detail or "")


def test_second_crp_rise_after_the_peak_raises_the_flag() -> None:
    labs = [crp(80, "2026-01-13"), crp(95, "2026-01-16")]  # day 3, day 6
    assert flag(infection_case(labs=labs), redflags.INFECTION).status is Status.MET


def test_crp_failing_to_fall_after_the_peak_raises_the_flag() -> None:
    labs = [crp(60, "2026-01-14"), crp(60, "2026-01-17")]  # day 4, day 7
    finding = flag(infection_case(labs=labs), redflags.INFECTION)
    assert finding.status is Status.MET
    assert {"labs[0].value", "labs[1].value"} <= set(finding.data["triggers"])


def test_crp_that_has_not_halved_over_two_half_lives_fails_to_fall_as_expected() -> None:
    # Mok 2008 (Spine 33:415, PMID 18277874): after the peak CRP halves about every 2.6 days; the project reads
    # "failure to decrease as expected" as not even halved over at least two half-lives (5.2 days).
    assert infection.CRP_HALF_LIFE_DAYS == 2.6
    assert infection.CRP_FAILED_FALL_HALF_LIVES == 2
    slow = [crp(60, "2026-01-15"), crp(31, "2026-01-21")]  # day 5, day 11: 6 days, not halved
    finding = flag(infection_case(labs=slow), redflags.INFECTION)
    assert finding.status is Status.MET
    earlier = next(b for b in finding.because if b.path == "labs[0].value")
    assert "about 12 mg/L" in (earlier.note or "")  # 60 x 0.5 ** (6 / 2.6) = 12.1
    halved = [crp(60, "2026-01-15"), crp(30, "2026-01-21")]  # halved exactly: not a failure to fall
    assert flag(infection_case(labs=halved), redflags.INFECTION).status is Status.UNKNOWN
    too_soon = [crp(60, "2026-01-15"), crp(40, "2026-01-20")]  # 5 days: under two half-lives, not judged
    assert flag(infection_case(labs=too_soon), redflags.INFECTION).status is Status.UNKNOWN


def test_crp_falling_after_the_peak_is_the_normal_course() -> None:
    labs = [crp(90, "2026-01-13"), crp(30, "2026-01-17")]  # day 3, day 7
    assert flag(infection_case(labs=labs), redflags.INFECTION).status is Status.UNKNOWN


def test_crp_rising_towards_the_day_2_to_3_peak_is_normal() -> None:
    labs = [crp(40, "2026-01-11"), crp(80, "2026-01-12")]  # day 1, day 2
    assert flag(infection_case(labs=labs), redflags.INFECTION).status is Status.UNKNOWN


def test_normal_crp_a_month_after_surgery_with_no_features_excludes_infection() -> None:
    finding = flag(infection_case(labs=[crp(10, "2026-02-10")]), redflags.INFECTION)  # 10 mg/L, 1 month
    assert finding.status is Status.NOT_MET
    assert "NPV 100%" in (finding.detail or "")
    assert "antibiotics" in (finding.detail or "")


def test_crp_just_above_10_mg_per_l_months_after_surgery_is_raised() -> None:
    assert flag(infection_case(labs=[crp(10.5, "2026-10-01")]), redflags.INFECTION).status is Status.MET


def test_crp_in_mg_per_dl_is_read_in_mg_per_l() -> None:
    finding = flag(infection_case(labs=[crp(1.5, "2026-10-01", unit="mg/dL")]), redflags.INFECTION)
    assert finding.status is Status.MET
    assert finding.data["crp_latest_mg_l"] == pytest.approx(15.0)


def test_normal_crp_within_a_month_of_surgery_cannot_exclude_infection() -> None:
    finding = flag(infection_case(labs=[crp(6, "2026-02-09")]), redflags.INFECTION)  # day 30, < 1 month
    assert finding.status is Status.UNKNOWN
    assert any("1 month" in missing.reason for missing in finding.missing)


def test_crp_before_the_latest_surgery_does_not_count() -> None:
    finding = flag(infection_case(labs=[crp(3, "2025-12-01")]), redflags.INFECTION)
    assert finding.status is Status.UNKNOWN
    assert "labs" in paths(finding.missing)


def test_without_any_spinal_surgery_a_raised_crp_is_a_flag_and_a_normal_one_excludes() -> None:
    raised = make_case(red_flags=INFECTION_NO, labs=[crp(25, "2026-10-01")])
    assert flag(raised, redflags.INFECTION).status is Status.MET
    normal = make_case(red_flags=INFECTION_NO, labs=[crp(4, "2026-10-01")])
    assert flag(normal, redflags.INFECTION).status is Status.NOT_MET


def test_no_crp_leaves_infection_unknown_and_asks_for_one() -> None:
    finding = flag(infection_case(), redflags.INFECTION)
    assert finding.status is Status.UNKNOWN
    assert paths(finding.missing) == {"labs"}


def test_undated_index_surgery_leaves_crp_unread() -> None:
    case = make_case(
        surgeries=[{"type": "discectomy", "levels": ["L5-S1"]}],
        red_flags=INFECTION_NO,
        labs=[crp(4, "2026-10-01")],
    )
    finding = flag(case, redflags.INFECTION)
    assert finding.status is Status.UNKNOWN
    assert "surgeries[0].date" in paths(finding.missing)


def test_unasked_fever_wound_and_sweats_are_named() -> None:
    case = make_case(surgeries=[SURGERY], labs=[crp(4, "2026-10-01")])
    finding = flag(case, redflags.INFECTION)
    assert finding.status is Status.UNKNOWN
    assert paths(finding.missing) == {"red_flags.fever", "red_flags.wound_problems", "red_flags.night_sweats"}


def test_risk_factors_alone_do_not_raise_the_flag_but_are_reported() -> None:
    case = infection_case(
        labs=[crp(4, "2026-10-01")],
        red_flags={"diabetes": True, "immunosuppression": True, "recent_spinal_injection_or_implant": True},
    )
    finding = flag(case, redflags.INFECTION)
    assert finding.status is Status.NOT_MET
    assert set(finding.data["risk_factors"]) >= {"diabetes", "immunosuppression"}


def test_raised_esr_is_shown_but_does_not_decide() -> None:
    labs = [crp(4, "2026-10-01"), {"test": "esr", "value": 60, "date": "2026-10-01"}]
    finding = flag(infection_case(labs=labs), redflags.INFECTION)
    assert finding.status is Status.NOT_MET
    assert "labs[1].value" in paths(finding.because)


# --- fracture ------------------------------------------------------------------------------------------------

FRACTURE_NO = {
    "prolonged_corticosteroid_use": False,
    "recent_significant_trauma": False,
    "contusion_or_abrasion": False,
}


def test_downie_age_thresholds_are_65_for_men_and_75_for_women() -> None:
    assert (OLDER_MEN_OVER_YEARS, OLDER_WOMEN_OVER_YEARS) == (65, 75)
    assert POST_TEST_PROBABILITY_PERCENT == {
        "older age": 9,
        "prolonged corticosteroid use": 33,
        "severe trauma": 11,
        "contusion or abrasion": 62,
        "several red flags": 90,
    }


@pytest.mark.parametrize(
    ("age", "sex", "older"),
    [
        (65, "male", False),
        (66, "male", True),
        (75, "female", False),
        (76, "female", True),
        (76, "other", True),
        (60, None, False),
    ],
)
def test_older_age_by_sex_is_noted_but_alone_does_not_raise_the_flag(
    age: int, sex: str | None, older: bool
) -> None:
    finding = flag(make_case(age_years=age, sex=sex, red_flags=FRACTURE_NO), redflags.FRACTURE)
    assert finding.status is Status.NOT_MET
    assert finding.data["older_age"] is older
    assert ("older age is present" in (finding.detail or "").lower()) is older


@pytest.mark.parametrize(
    ("age", "sex", "status"),
    [
        (65, "male", Status.MET),  # steroids alone raise it; age adds nothing here
        (66, "male", Status.MET),
        (76, "female", Status.MET),
    ],
)
def test_older_age_counts_with_another_flag(age: int, sex: str, status: Status) -> None:
    red = {**FRACTURE_NO, "prolonged_corticosteroid_use": True}
    finding = flag(make_case(age_years=age, sex=sex, red_flags=red), redflags.FRACTURE)
    assert finding.status is status
    assert ("older age" in finding.data["red_flags"]) is (age > {"male": 65, "female": 75}[sex])


def test_older_age_alone_does_not_raise_the_flag_and_says_why() -> None:
    finding = flag(make_case(age_years=80, sex="female", red_flags=FRACTURE_NO), redflags.FRACTURE)
    assert (finding.status, finding.severity) == (Status.NOT_MET, None)
    assert f"{POST_TEST_PROBABILITY_PERCENT['older age']}%" in (finding.detail or "")
    assert "IFOMPT" in (finding.detail or "")


def test_undecided_age_between_thresholds_matters_only_with_unanswered_questions() -> None:
    answered = flag(make_case(age_years=70, sex="other", red_flags=FRACTURE_NO), redflags.FRACTURE)
    unasked = flag(make_case(age_years=70, sex="other"), redflags.FRACTURE)
    assert answered.status is Status.NOT_MET
    assert unasked.status is Status.UNKNOWN
    assert "sex" in paths(unasked.missing)


@pytest.mark.parametrize("answer", sorted(FRACTURE_NO))
def test_corticosteroids_trauma_or_contusion_is_urgent(answer: str) -> None:
    case = make_case(age_years=40, sex="male", red_flags={**FRACTURE_NO, answer: True})
    finding = flag(case, redflags.FRACTURE)
    assert finding.status is Status.MET
    assert finding.severity is Severity.URGENT
    assert DOWNIE_2013 in finding.sources


def test_several_fracture_flags_raise_the_probability_most() -> None:
    case = make_case(
        age_years=70, sex="male", red_flags={**FRACTURE_NO, "prolonged_corticosteroid_use": True}
    )
    finding = flag(case, redflags.FRACTURE)
    assert finding.severity is Severity.URGENT
    assert "90%" in (finding.detail or "")


def test_fracture_on_imaging_is_urgent() -> None:
    case = make_case(tests=[{"kind": "ct", "date": "2026-10-01", "findings": [{"type": "fracture"}]}])
    finding = flag(case, redflags.FRACTURE)
    assert (finding.status, finding.severity) == (Status.MET, Severity.URGENT)


def test_imaging_after_surgery_clears_older_age_but_not_trauma() -> None:
    clear = {"kind": "xray", "date": "2026-06-01", "findings": []}
    old = make_case(age_years=70, sex="male", surgeries=[SURGERY], red_flags=FRACTURE_NO, tests=[clear])
    assert flag(old, redflags.FRACTURE).status is Status.NOT_MET
    hurt = make_case(
        age_years=70,
        sex="male",
        surgeries=[SURGERY],
        red_flags={**FRACTURE_NO, "recent_significant_trauma": True},
        tests=[clear],
    )
    assert flag(hurt, redflags.FRACTURE).status is Status.MET


def test_unasked_corticosteroid_question_mentions_a_listed_steroid() -> None:
    case = make_case(age_years=40, sex="male", medications=[{"name": "prednisolone", "route": "oral"}])
    finding = flag(case, redflags.FRACTURE)
    assert finding.status is Status.UNKNOWN
    reasons = {missing.path: missing.reason for missing in finding.missing}
    assert "prednisolone" in reasons["red_flags.prolonged_corticosteroid_use"]


def test_osteoporosis_is_context_not_a_trigger() -> None:
    case = make_case(age_years=40, sex="female", red_flags={**FRACTURE_NO, "osteoporosis": True})
    finding = flag(case, redflags.FRACTURE)
    assert finding.status is Status.NOT_MET
    assert "red_flags.osteoporosis" in paths(finding.because)


# --- malignancy ----------------------------------------------------------------------------------------------


def test_history_of_cancer_is_urgent_with_the_published_post_test_probabilities() -> None:
    finding = flag(make_case(red_flags={"history_of_cancer": True}), redflags.MALIGNANCY)
    assert (finding.status, finding.severity) == (Status.MET, Severity.URGENT)
    assert HISTORY_OF_CANCER_POST_TEST_PERCENT == {"primary care": 7, "emergency department": 33}
    assert "7%" in (finding.detail or "")
    assert "33%" in (finding.detail or "")
    assert "metastatic spinal cord compression" in (finding.action or "")


def test_suspicious_lesion_on_imaging_is_urgent() -> None:
    case = make_case(
        tests=[{"kind": "mri", "date": "2026-10-01", "findings": [{"type": "suspicious_lesion"}]}]
    )
    assert flag(case, redflags.MALIGNANCY).severity is Severity.URGENT


def test_no_history_of_cancer_rules_malignancy_out() -> None:
    red = {"history_of_cancer": False, "unexplained_weight_loss": False, "non_mechanical_night_pain": False}
    finding = flag(make_case(age_years=70, red_flags=red), redflags.MALIGNANCY)
    assert finding.status is Status.NOT_MET
    assert "age_years" in paths(finding.because)  # over 50: shown, weak alone


def test_weight_loss_alone_is_weak_but_leaves_malignancy_unexcluded() -> None:
    case = make_case(red_flags={"history_of_cancer": False, "unexplained_weight_loss": True})
    finding = flag(case, redflags.MALIGNANCY)
    assert finding.status is Status.UNKNOWN
    assert finding.severity is None
    assert "red_flags.unexplained_weight_loss" in paths(finding.missing)


def test_recent_mri_without_a_lesion_clears_weak_flags_and_cancer_history() -> None:
    mri = {"kind": "mri", "date": "2026-10-20", "findings": [{"type": "epidural_fibrosis"}]}
    red = {"history_of_cancer": True, "unexplained_weight_loss": True}
    finding = flag(make_case(surgeries=[SURGERY], red_flags=red, tests=[mri]), redflags.MALIGNANCY)
    assert finding.status is Status.NOT_MET
    assert "tests[0]" in paths(finding.because)


def test_older_mri_does_not_close_cancer_history_with_weight_loss_or_night_pain() -> None:
    mri = {"kind": "mri", "date": "2026-08-01", "findings": []}
    for feature in ("unexplained_weight_loss", "non_mechanical_night_pain"):
        red = {"history_of_cancer": True, feature: True}
        finding = flag(make_case(surgeries=[SURGERY], red_flags=red, tests=[mri]), redflags.MALIGNANCY)
        assert (finding.status, finding.severity) == (Status.MET, Severity.URGENT)
        assert "re-image now" in (finding.action or "").lower()
        assert finding.data["imaging_max_age_days"] == Policy().malignancy_imaging_max_age_days == 30


def test_the_imaging_window_is_a_policy_setting() -> None:
    mri = {"kind": "mri", "date": "2026-08-01", "findings": []}
    case = make_case(
        surgeries=[SURGERY],
        red_flags={"history_of_cancer": True, "unexplained_weight_loss": True},
        tests=[mri],
    )
    wide = next(
        f
        for f in redflags.screen(case, Policy(malignancy_imaging_max_age_days=120))
        if f.code == redflags.MALIGNANCY
    )
    assert wide.status is Status.NOT_MET


def test_cancer_history_alone_is_cleared_by_any_imaging_after_surgery_with_a_caution() -> None:
    mri = {"kind": "mri", "date": "2026-08-01", "findings": []}
    finding = flag(
        make_case(surgeries=[SURGERY], red_flags={"history_of_cancer": True}, tests=[mri]),
        redflags.MALIGNANCY,
    )
    assert finding.status is Status.NOT_MET
    assert "re-image if the symptoms change" in (finding.detail or "").lower()


def test_weak_flags_with_only_older_imaging_stay_undecided() -> None:
    mri = {"kind": "mri", "date": "2026-08-01", "findings": []}
    red = {"history_of_cancer": False, "non_mechanical_night_pain": True}
    finding = flag(make_case(surgeries=[SURGERY], red_flags=red, tests=[mri]), redflags.MALIGNANCY)
    assert finding.status is Status.UNKNOWN
    assert "red_flags.non_mechanical_night_pain" in paths(finding.missing)


def test_imaging_before_the_index_surgery_does_not_clear_cancer_history() -> None:
    mri = {"kind": "mri", "date": "2025-08-01", "findings": []}
    case = make_case(surgeries=[SURGERY], red_flags={"history_of_cancer": True}, tests=[mri])
    assert flag(case, redflags.MALIGNANCY).status is Status.MET


def test_unasked_cancer_history_leaves_malignancy_unknown() -> None:
    finding = flag(make_case(red_flags={"unexplained_weight_loss": False}), redflags.MALIGNANCY)
    assert finding.status is Status.UNKNOWN
    assert "red_flags.history_of_cancer" in paths(finding.missing)


# --- neurological deficit -----------------------------------------------------------------------------------

WEAKNESS_NO = {"new_leg_weakness": False, "progressive_weakness": False}


def motor(**fields: Any) -> dict[str, Any]:
    return {"side": "left", "root": "L5", "mrc_grade": 4, "new": False, "progressive": False, **fields}


@pytest.mark.parametrize("deficit", [motor(new=True), motor(progressive=True), motor(mrc_grade=3, new=None)])
def test_new_progressive_or_major_deficit_is_urgent(deficit: dict[str, Any]) -> None:
    finding = flag(make_case(red_flags=WEAKNESS_NO, exam={"motor": [deficit]}), redflags.NEUROLOGICAL_DEFICIT)
    assert (finding.status, finding.severity) == (Status.MET, Severity.URGENT)
    assert "MRI" in (finding.action or "")
    assert not any(char.isdigit() for char in finding.timeframe or "")  # the time target is unverified


def test_mrc_4_stable_deficit_is_not_a_red_flag() -> None:
    assert MAJOR_WEAKNESS_MAX_MRC == 3
    finding = flag(make_case(red_flags=WEAKNESS_NO, exam={"motor": [motor()]}), redflags.NEUROLOGICAL_DEFICIT)
    assert finding.status is Status.NOT_MET


def test_major_deficit_documented_as_stable_is_a_warning() -> None:
    case = make_case(red_flags=WEAKNESS_NO, exam={"motor": [motor(mrc_grade=2)]})
    assert flag(case, redflags.NEUROLOGICAL_DEFICIT).severity is Severity.WARNING


@pytest.mark.parametrize("answer", sorted(WEAKNESS_NO))
def test_reported_new_or_progressive_weakness_is_urgent(answer: str) -> None:
    case = make_case(red_flags={**WEAKNESS_NO, answer: True}, exam={"motor": []})
    assert flag(case, redflags.NEUROLOGICAL_DEFICIT).severity is Severity.URGENT


def test_bilateral_deficit_is_treated_as_cauda_equina() -> None:
    exam = {"motor": [motor(new=True), motor(side="right", new=True)]}
    case = make_case(red_flags={**WEAKNESS_NO, **CES_NO}, exam=exam)
    neuro = flag(case, redflags.NEUROLOGICAL_DEFICIT)
    assert neuro.severity is Severity.EMERGENCY
    assert neuro.data["treat_as_cauda_equina"] is True
    assert "4 hours" in (neuro.timeframe or "")
    assert flag(case, redflags.CAUDA_EQUINA).status is Status.MET


def test_deficit_with_sphincter_signs_is_treated_as_cauda_equina() -> None:
    case = make_case(red_flags=WEAKNESS_NO, exam={"motor": [motor(new=True)], "anal_tone_reduced": True})
    assert flag(case, redflags.NEUROLOGICAL_DEFICIT).severity is Severity.EMERGENCY


def test_no_motor_examination_leaves_the_deficit_unknown() -> None:
    finding = flag(make_case(red_flags=WEAKNESS_NO), redflags.NEUROLOGICAL_DEFICIT)
    assert finding.status is Status.UNKNOWN
    assert paths(finding.missing) == {"exam.motor"}


def test_deficit_of_unknown_course_asks_whether_it_is_new_or_progressing() -> None:
    exam = {"motor": [motor(new=None, progressive=None)]}
    finding = flag(make_case(red_flags=WEAKNESS_NO, exam=exam), redflags.NEUROLOGICAL_DEFICIT)
    assert finding.status is Status.UNKNOWN
    assert paths(finding.missing) == {"exam.motor[0].new", "exam.motor[0].progressive"}


def test_normal_motor_examination_and_no_reported_weakness_rules_it_out() -> None:
    case = make_case(red_flags=WEAKNESS_NO, exam={"motor": []})
    assert flag(case, redflags.NEUROLOGICAL_DEFICIT).status is Status.NOT_MET


# --- suicide risk (PHQ-9 item 9) -----------------------------------------------------------------------------


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_any_item_9_answer_above_not_at_all_is_met_whatever_the_total(item9: int) -> None:
    finding = flag(make_case(instruments=[phq9(item9, "2026-11-01")]), redflags.SUICIDE_RISK)
    assert (finding.status, finding.severity) == (Status.MET, Severity.URGENT)
    assert finding.value == item9
    assert finding.timeframe == "Same session as the questionnaire"
    assert "instruments[0].answers.9" in paths(finding.because)


def test_item_9_of_zero_is_not_met_but_does_not_rule_out_risk() -> None:
    assert SUICIDES_WITH_NEGATIVE_ITEM_9_PERCENT == 71.6
    finding = flag(make_case(instruments=[phq9(0, "2026-11-01", others=3)]), redflags.SUICIDE_RISK)
    assert finding.status is Status.NOT_MET
    assert "71.6%" in (finding.detail or "")
    assert "louzon-2016" in {source.id for source in finding.sources}


def test_unanswered_item_9_is_unknown() -> None:
    finding = flag(make_case(instruments=[phq9(None, "2026-11-01")]), redflags.SUICIDE_RISK)
    assert finding.status is Status.UNKNOWN
    assert paths(finding.missing) == {"instruments[0].answers.9"}


def test_only_the_latest_phq9_decides() -> None:
    newer_negative = make_case(instruments=[phq9(2, "2026-06-01"), phq9(0, "2026-10-01")])
    finding = flag(newer_negative, redflags.SUICIDE_RISK)
    assert finding.status is Status.NOT_MET
    assert "2026-06-01" in (finding.detail or "")  # the earlier positive answer is shown
    newer_positive = make_case(instruments=[phq9(1, "2026-10-01"), phq9(0, "2026-06-01")])
    assert flag(newer_positive, redflags.SUICIDE_RISK).status is Status.MET


def test_undated_phq9_counts_as_taken_on_the_assessment_date() -> None:
    case = make_case(instruments=[phq9(1), phq9(0, "2026-10-01")])
    assert flag(case, redflags.SUICIDE_RISK).status is Status.MET


def test_an_undated_negative_phq9_cannot_close_a_dated_positive_item_9() -> None:
    # The order of the two is unknown, so the positive answer (Kroenke 2001, item 9) is not overruled: unknown,
    # asking for the undated one's date and saying the positive answer stands until then.
    case = make_case(instruments=[phq9(2, "2026-10-01"), phq9(0)])
    finding = flag(case, redflags.SUICIDE_RISK)
    assert finding.status is Status.UNKNOWN
    assert paths(finding.missing) == {"instruments[1].date"}
    assert "instruments[0].answers.9" in paths(finding.because)
    assert "assess the risk" in finding.missing[0].reason


def test_findings_serialise_to_json_shape() -> None:
    case = make_case(instruments=[phq9(1, "2026-11-01")], red_flags={"history_of_cancer": True})
    for finding in redflags.screen(case):
        document = finding.to_dict()
        assert document["kind"] == "red_flag"
        assert document["sources"]

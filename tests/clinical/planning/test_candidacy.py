"""SCS candidacy: own transparent rules from TA159, the Practice Parameters and the consensus determinants."""

import pytest

from fbss.clinical.finding import Missing, Status
from fbss.clinical.planning.scs.candidacy import Grade, assess_candidacy
from fbss.clinical.policy import Policy

from .factories import LEG_PAIN, NO_SURGICAL_CAUSE, RADICULAR, context, make_case, phenotype, upstream

TRIED = [{"kind": "physical_therapy", "response": "no_help"}, {"kind": "medication", "response": "no_help"}]
FIRST_LINE_TRIED = [{"name": "pregabalin", "status": "stopped", "response": "no_help"}]
CANDIDATE = {"pain": LEG_PAIN, "prior_treatments": TRIED, "medications": FIRST_LINE_TRIED}


def grade(earlier: tuple = (*RADICULAR, *NO_SURGICAL_CAUSE), **fields: object) -> Grade:  # type: ignore[type-arg]
    return assess_candidacy(context(make_case(**{**CANDIDATE, **fields}), earlier)).grade


def test_leg_predominant_neuropathic_refractory_pain_is_recommended() -> None:
    assert grade() is Grade.RECOMMENDED


def test_without_a_neuropathic_component_it_is_not_recommended() -> None:
    assert grade((*phenotype("muscle", "unlikely", "leg"), *NO_SURGICAL_CAUSE)) is Grade.NOT_RECOMMENDED_NOW


def test_pain_below_5_or_under_6_months_is_not_recommended() -> None:
    assert (
        grade(pain=[{"region": "leg", "nrs_average": 4, "duration_months": 24}]) is Grade.NOT_RECOMMENDED_NOW
    )
    assert (
        grade(pain=[{"region": "leg", "nrs_average": 7, "duration_months": 5}]) is Grade.NOT_RECOMMENDED_NOW
    )


def test_a_cause_amenable_to_surgery_comes_first() -> None:
    earlier = (*RADICULAR, upstream("referral.surgical", data={"causes": ["recurrent_disc"]}))
    result = assess_candidacy(context(make_case(**CANDIDATE), earlier))
    assert result.grade is Grade.NOT_RECOMMENDED_NOW
    assert result.blockers[0].text.startswith("Surgical evaluation first")


def test_absolute_contraindications_block() -> None:
    assert grade(conditions={"needs_diathermy": True}) is Grade.NOT_RECOMMENDED_NOW
    assert grade(conditions={"coagulopathy": True}) is Grade.NOT_RECOMMENDED_NOW
    assert grade(red_flags={"immunosuppression": True}) is Grade.NOT_RECOMMENDED_NOW


def test_relative_contraindications_and_psychosocial_factors_mean_consider() -> None:
    assert grade(conditions={"pregnancy": True}) is Grade.CONSIDER
    assert grade(psychosocial={"psychological_distress": True}) is Grade.CONSIDER
    assert grade(medications=[*FIRST_LINE_TRIED, {"name": "apixaban"}]) is Grade.CONSIDER


def test_back_predominant_pain_is_consider_for_the_weaker_evidence() -> None:
    back = [{"region": "back", "nrs_average": 7, "duration_months": 24}, {"region": "leg", "nrs_average": 4}]
    case = make_case(**{**CANDIDATE, "pain": back})
    result = assess_candidacy(context(case, (*phenotype("mixed", "probable", "back"), *NO_SURGICAL_CAUSE)))
    assert result.grade is Grade.CONSIDER
    assert result.evidence_only
    assert "PROMISE 13.6% vs 4.6%" in result.issues[0].text


def test_untried_conventional_management_means_consider() -> None:
    assert grade(prior_treatments=[]) is Grade.CONSIDER


def test_an_undetermined_phenotype_leaves_candidacy_undetermined() -> None:
    assert grade(NO_SURGICAL_CAUSE) is Grade.UNDETERMINED


def test_an_open_red_flag_blocks() -> None:
    flag = upstream("redflag.infection", status=Status.MET, title="Suspected spinal infection")
    assert grade((*RADICULAR, *NO_SURGICAL_CAUSE, flag)) is Grade.NOT_RECOMMENDED_NOW


def test_psychological_evaluation_outcomes() -> None:
    assert grade(scs={"psych_evaluation": {"outcome": "not_suitable"}}) is Grade.NOT_RECOMMENDED_NOW
    assert grade(scs={"psych_evaluation": {"outcome": "treat_first"}}) is Grade.CONSIDER


def test_the_nrs_threshold_is_policy() -> None:
    case = make_case(**{**CANDIDATE, "pain": [{"region": "leg", "nrs_average": 5, "duration_months": 12}]})
    earlier = (*RADICULAR, *NO_SURGICAL_CAUSE)
    assert assess_candidacy(context(case, earlier)).grade is Grade.RECOMMENDED
    assert (
        assess_candidacy(context(case, earlier, Policy(scs_min_pain_nrs=6))).grade
        is Grade.NOT_RECOMMENDED_NOW
    )


def test_the_nrs_score_finding_stands_in_when_pain_reports_carry_no_rating() -> None:
    case = make_case(
        pain=[{"region": "leg", "duration_months": 12}], prior_treatments=TRIED, medications=FIRST_LINE_TRIED
    )
    earlier = (*RADICULAR, *NO_SURGICAL_CAUSE, upstream("score.nrs_leg", 8))
    result = assess_candidacy(context(case, earlier))
    assert result.grade is Grade.RECOMMENDED
    assert any(b.path == "finding:score.nrs_leg" for b in result.because)


# --- conventional medical management (NICE TA159; for neuropathic pain, NICE CG173's first line) -------------


def issues(**fields: object) -> list[str]:
    case = make_case(**{**CANDIDATE, **fields})
    return [r.text for r in assess_candidacy(context(case, (*RADICULAR, *NO_SURGICAL_CAUSE))).issues]


def test_paracetamol_and_opioids_alone_are_not_conventional_management_of_neuropathic_pain() -> None:
    meds = [
        {"name": "paracetamol", "response": "no_help"},
        {"name": "codeine", "status": "stopped", "response": "no_help"},
    ]
    assert grade(medications=meds) is Grade.CONSIDER
    assert any("NICE CG173 first-line drug" in text for text in issues(medications=meds))


@pytest.mark.parametrize(
    "medication",
    [
        {"name": "amitriptyline", "status": "stopped"},  # stopped: not tolerated or not effective
        {"name": "duloxetine", "response": "partial"},  # taken, not enough relief
        {"name": "gabapentin", "response": "no_help"},
        {"name": "pregabalin", "status": "stopped", "response": "worse"},
    ],
)
def test_one_first_line_drug_tried_without_enough_relief_counts(medication: dict[str, object]) -> None:
    assert grade(medications=[medication]) is Grade.RECOMMENDED


def test_a_first_line_drug_that_helps_or_whose_response_is_unrecorded_does_not_count_yet() -> None:
    assert grade(medications=[{"name": "gabapentin", "response": "helped"}]) is Grade.CONSIDER
    case = make_case(**{**CANDIDATE, "medications": [{"name": "gabapentin"}]})
    result = assess_candidacy(context(case, (*RADICULAR, *NO_SURGICAL_CAUSE)))
    assert result.grade is Grade.CONSIDER
    assert any("medications[0].response" in prompt for prompt in result.prompts)


def test_without_a_neuropathic_component_any_pain_medicine_counts_as_tried() -> None:
    earlier = (*phenotype("undetermined", "unknown", "leg"), *NO_SURGICAL_CAUSE)
    case = make_case(**{**CANDIDATE, "medications": [{"name": "codeine", "response": "no_help"}]})
    result = assess_candidacy(context(case, earlier))
    assert not any("first-line" in r.text for r in result.issues)


def test_unanswered_red_flag_questions_are_an_issue_to_address_first() -> None:
    undecided = upstream(
        "redflag.cauda_equina",
        status=Status.UNKNOWN,
        missing=(Missing("red_flags.saddle_anaesthesia", "saddle anaesthesia: not asked"),),
    )
    case = make_case(**CANDIDATE)
    result = assess_candidacy(context(case, (*RADICULAR, *NO_SURGICAL_CAUSE, undecided)))
    assert result.grade is Grade.CONSIDER
    assert result.issues[0].text.startswith("Red-flag screen incomplete")

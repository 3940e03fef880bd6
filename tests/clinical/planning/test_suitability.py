"""Each option judged from the upstream findings; absent upstream findings read as undetermined."""

from fbss.clinical.finding import Missing, Status
from fbss.clinical.planning.catalogue import OptionId
from fbss.clinical.planning.scs import assess_candidacy
from fbss.clinical.planning.suitability import Judgement, Verdict, judge_all

from .factories import (
    LEG_PAIN,
    MYOFASCIAL_BACK,
    NO_SURGICAL_CAUSE,
    RADICULAR,
    TRIAL_WITHOUT_ANALGESIC_COUNTS,
    context,
    make_case,
    upstream,
)


def judged(earlier: tuple = (), crcl: float | None = None, **fields: object) -> dict[OptionId, Judgement]:  # type: ignore[type-arg]
    ctx = context(make_case(**fields), earlier)
    return {j.option.id: j for j in judge_all(ctx, assess_candidacy(ctx), crcl)}


def verdicts(earlier: tuple = (), crcl: float | None = None, **fields: object) -> dict[OptionId, Verdict]:  # type: ignore[type-arg]
    return {option: j.verdict for option, j in judged(earlier, crcl, **fields).items()}


def test_without_upstream_findings_phenotype_options_are_undetermined() -> None:
    found = verdicts()
    for option in (
        OptionId.GABAPENTIN,
        OptionId.DULOXETINE,
        OptionId.NSAID,
        OptionId.EPIDURAL_STEROID_INJECTION,
    ):
        assert found[option] is Verdict.UNDETERMINED
    assert found[OptionId.PHYSICAL_THERAPY] is Verdict.SUITABLE
    assert found[OptionId.PAIN_PSYCHOLOGY] is Verdict.SUITABLE
    assert found[OptionId.ACUPUNCTURE] is Verdict.DISPUTED


def test_radicular_pain() -> None:
    found = verdicts(RADICULAR, crcl=80, pain=LEG_PAIN)
    assert found[OptionId.EPIDURAL_STEROID_INJECTION] is Verdict.SUITABLE
    assert found[OptionId.GABAPENTIN] is Verdict.DISPUTED
    assert found[OptionId.PREGABALIN] is Verdict.DISPUTED
    assert found[OptionId.DULOXETINE] is Verdict.SUITABLE
    assert found[OptionId.TRICYCLIC] is Verdict.SUITABLE
    assert found[OptionId.NSAID] is Verdict.NOT_SUITABLE


def test_myofascial_back_pain() -> None:
    points = {
        "trigger_points": [
            {
                "muscle": "quadratus lumborum",
                "taut_band": True,
                "hypersensitive_spot": True,
                "referred_pain": True,
            }
        ]
    }
    found = verdicts(MYOFASCIAL_BACK, crcl=80, exam=points)
    assert found[OptionId.TRIGGER_POINT_INJECTION] is Verdict.SUITABLE
    assert found[OptionId.NSAID] is Verdict.SUITABLE
    assert found[OptionId.GABAPENTIN] is Verdict.NOT_SUITABLE
    assert found[OptionId.TRICYCLIC] is Verdict.NOT_SUITABLE
    assert found[OptionId.DULOXETINE] is Verdict.DISPUTED
    assert found[OptionId.EPIDURAL_STEROID_INJECTION] is Verdict.NOT_SUITABLE


def test_trigger_points_not_examined_or_absent() -> None:
    assert verdicts(MYOFASCIAL_BACK)[OptionId.TRIGGER_POINT_INJECTION] is Verdict.UNDETERMINED
    assert (
        verdicts(MYOFASCIAL_BACK, exam={"trigger_points": []})[OptionId.TRIGGER_POINT_INJECTION]
        is Verdict.NOT_SUITABLE
    )


def test_surgical_referral_follows_the_referral_finding() -> None:
    referral = upstream("referral.surgical", data={"causes": ["stenosis"]})
    assert verdicts((referral,))[OptionId.SURGICAL_REFERRAL] is Verdict.SUITABLE
    assert verdicts(NO_SURGICAL_CAUSE)[OptionId.SURGICAL_REFERRAL] is Verdict.NOT_SUITABLE
    unknown = upstream("referral.surgical", status=Status.UNKNOWN)
    assert verdicts((unknown,))[OptionId.SURGICAL_REFERRAL] is Verdict.UNDETERMINED


def test_duloxetine_avoided_below_crcl_30_and_with_liver_disease() -> None:
    assert verdicts(RADICULAR, crcl=25, pain=LEG_PAIN)[OptionId.DULOXETINE] is Verdict.NOT_SUITABLE
    liver = verdicts(RADICULAR, pain=LEG_PAIN, conditions={"substantial_alcohol_use": True})
    assert liver[OptionId.DULOXETINE] is Verdict.NOT_SUITABLE


def test_a_drug_tried_without_benefit_is_not_offered_again() -> None:
    found = verdicts(
        RADICULAR,
        pain=LEG_PAIN,
        medications=[{"name": "gabapentin", "status": "stopped", "response": "no_help"}],
    )
    assert found[OptionId.GABAPENTIN] is Verdict.NOT_SUITABLE
    assert found[OptionId.PREGABALIN] is Verdict.DISPUTED


def test_nsaids_at_65_or_over_with_crcl_below_30() -> None:
    assert verdicts(MYOFASCIAL_BACK, crcl=25, age_years=70)[OptionId.NSAID] is Verdict.NOT_SUITABLE


def test_multidisciplinary_rehabilitation_when_care_failed_or_psychosocial_obstacles() -> None:
    assert verdicts()[OptionId.MULTIDISCIPLINARY_REHABILITATION] is Verdict.DEFERRED
    assert (
        verdicts(psychosocial={"dysfunctional_coping": True})[OptionId.MULTIDISCIPLINARY_REHABILITATION]
        is Verdict.SUITABLE
    )
    failed = verdicts(prior_treatments=[{"kind": "physical_therapy", "response": "no_help"}])
    assert failed[OptionId.MULTIDISCIPLINARY_REHABILITATION] is Verdict.SUITABLE


def test_a_rehabilitation_programme_that_did_not_help_is_not_offered_again_for_its_own_failure() -> None:
    programme = {"kind": "multidisciplinary_rehabilitation", "response": "no_help"}
    alone = judged(prior_treatments=[programme])[OptionId.MULTIDISCIPLINARY_REHABILITATION]
    assert (alone.verdict, alone.headline) == (Verdict.NOT_SUITABLE, "tried without benefit")
    assert [b.path for b in alone.because] == ["prior_treatments[0].response"]
    physio = {"kind": "physical_therapy", "response": "no_help"}
    with_physio = judged(prior_treatments=[programme, physio])[OptionId.MULTIDISCIPLINARY_REHABILITATION]
    assert with_physio.verdict is Verdict.NOT_SUITABLE


def test_duloxetine_cannot_be_judged_while_the_creatinine_clearance_is_unknown() -> None:
    found = judge_all(
        context(make_case(pain=LEG_PAIN), RADICULAR),
        assess_candidacy(context(make_case(pain=LEG_PAIN), RADICULAR)),
        None,
        (Missing("weight_kg", "needed for Cockcroft-Gault"),),
    )
    duloxetine = next(j for j in found if j.option.id is OptionId.DULOXETINE)
    assert duloxetine.verdict is Verdict.UNDETERMINED
    assert [m.path for m in duloxetine.missing] == ["weight_kg"]
    assert "30 mL/min" in duloxetine.headline


def test_at_65_or_over_amitriptyline_is_not_offered_and_nortriptyline_carries_its_caution() -> None:
    older = judged(RADICULAR, crcl=80, pain=LEG_PAIN, age_years=70)[OptionId.TRICYCLIC]
    assert older.verdict is Verdict.SUITABLE
    assert older.offered_drugs == ("nortriptyline",)
    assert "amitriptyline" not in older.name
    assert "caution" in older.name
    assert "beers-2023" in {source.id for source in older.option.sources}
    younger = judged(RADICULAR, crcl=80, pain=LEG_PAIN, age_years=64)[OptionId.TRICYCLIC]
    assert younger.offered_drugs is None
    assert younger.name.startswith("amitriptyline")


def choice(conflict: str, guideline: str) -> dict[str, object]:
    return {"conflict": conflict, "guideline": guideline, "reason": "neuropathic pain with signs"}


def test_a_recorded_guideline_choice_decides_the_disputed_options_it_governs() -> None:
    code = "treatment.conflict.gabapentinoids_sciatica"
    cg173 = judged(RADICULAR, crcl=80, pain=LEG_PAIN, guideline_choices=[choice(code, "nice-cg173")])
    assert cg173[OptionId.GABAPENTIN].verdict is cg173[OptionId.PREGABALIN].verdict is Verdict.SUITABLE
    assert not any(m.path == "guideline_choices" for m in cg173[OptionId.PREGABALIN].missing)
    assert "clinician chose nice-cg173" in cg173[OptionId.PREGABALIN].headline
    ng59 = judged(RADICULAR, crcl=80, pain=LEG_PAIN, guideline_choices=[choice(code, "nice-ng59")])
    assert ng59[OptionId.PREGABALIN].verdict is Verdict.NOT_SUITABLE


def test_a_choice_may_name_the_option_it_governs_and_acupuncture_has_a_conflict_code() -> None:
    plain = judged()[OptionId.ACUPUNCTURE]
    assert (plain.verdict, plain.conflict) == (Verdict.DISPUTED, "treatment.conflict.acupuncture")
    acp = judged(guideline_choices=[choice("treatment.acupuncture", "acp-2017")])[OptionId.ACUPUNCTURE]
    assert acp.verdict is Verdict.SUITABLE
    ng59 = judged(guideline_choices=[choice("treatment.conflict.acupuncture", "nice-ng59-non-drug")])
    assert ng59[OptionId.ACUPUNCTURE].verdict is Verdict.NOT_SUITABLE


def test_a_choice_of_a_guideline_outside_the_conflict_is_not_applied_and_says_so() -> None:
    found = judged(guideline_choices=[choice("treatment.conflict.acupuncture", "nice-cg173")])
    acupuncture = found[OptionId.ACUPUNCTURE]
    assert acupuncture.verdict is Verdict.DISPUTED
    assert any("not a side" in m.reason for m in acupuncture.missing)


def test_a_choice_never_overrides_a_safety_reason() -> None:
    code = "treatment.conflict.antidepressants_sciatica"
    found = judged(RADICULAR, crcl=20, pain=LEG_PAIN, guideline_choices=[choice(code, "nice-cg173")])
    assert found[OptionId.DULOXETINE].verdict is Verdict.NOT_SUITABLE


def test_exercise_waits_until_four_weeks_after_surgery() -> None:
    recent = verdicts(surgeries=[{"type": "discectomy", "date": "2026-10-20", "index": True}])
    assert recent[OptionId.PHYSICAL_THERAPY] is Verdict.DEFERRED


def _esi(*prior: dict[str, object]) -> Judgement:
    treatments = [{"kind": "epidural_steroid_injection", **p} for p in prior]
    return judged(RADICULAR, pain=LEG_PAIN, prior_treatments=treatments)[OptionId.EPIDURAL_STEROID_INJECTION]


def test_earlier_injections_this_year_are_named_with_the_trials_success_mark() -> None:
    """Manchikanti 2012: success was at least 50% relief; practice: 3-4 a year per region, with reassessment."""
    below = _esi(
        *({"start": day, "relief_percent": 30} for day in ("2026-02-01", "2026-05-01", "2026-08-01"))
    )
    assert below.verdict is Verdict.SUITABLE
    assert "reassess" in below.headline
    assert any(
        "3 earlier injections in the last 12 months, none with 50% relief or more (best 30%" in r
        for r in below.reasons
    )
    at_mark = _esi({"start": "2026-05-01", "relief_percent": 50})
    assert any(r.startswith("1 earlier injection in the last 12 months: reassess") for r in at_mark.reasons)


def test_injections_more_than_a_year_ago_are_not_counted() -> None:
    judged_esi = _esi({"start": "2025-10-01", "relief_percent": 20})
    assert judged_esi.headline == "radicular leg pain"


# Leg-predominant pain after physiotherapy and a neuropathic drug that did not help: recommended for SCS.
SCS_CANDIDATE: dict[str, object] = {
    "pain": LEG_PAIN,
    "prior_treatments": [
        {"kind": "physical_therapy", "response": "no_help"},
        {"kind": "medication", "response": "no_help"},
    ],
    "medications": [{"name": "pregabalin", "status": "stopped", "response": "no_help"}],
}


def test_a_complete_trial_without_a_verdict_is_never_sent_back_for_a_screening_trial() -> None:
    # D43. docs/plan.md: once a trial is on record the SCS step follows the trial; an undetermined outcome
    # (no analgesic counts: treatment-safety.md §1.4) leaves the step undetermined, naming what is missing.
    trial = TRIAL_WITHOUT_ANALGESIC_COUNTS
    fields = SCS_CANDIDATE
    before = judged((*RADICULAR, *NO_SURGICAL_CAUSE), **fields)[OptionId.SPINAL_CORD_STIMULATION]
    assert before.verdict is Verdict.SUITABLE
    assert "screening trial" in before.headline
    scs = judged((*RADICULAR, *NO_SURGICAL_CAUSE), scs={"trial": trial}, **fields)[
        OptionId.SPINAL_CORD_STIMULATION
    ]
    assert scs.verdict is Verdict.UNDETERMINED
    assert "refer for assessment" not in scs.headline
    assert "trial record" in scs.headline
    assert {m.path for m in scs.missing} == {"scs.trial.baseline_analgesic_doses", "scs.trial.diary"}


def test_a_booked_trial_is_not_referred_again_and_an_undated_one_asks_for_its_start() -> None:
    # docs/plan.md: once a trial is on record the SCS step follows it; a recommended candidate with a booked
    # trial is shown the booking, not a new referral for a screening trial.
    fields = SCS_CANDIDATE
    upstream_findings = (*RADICULAR, *NO_SURGICAL_CAUSE)
    booked = judged(upstream_findings, scs={"trial": {"start": "2027-06-01"}}, **fields)[
        OptionId.SPINAL_CORD_STIMULATION
    ]
    assert booked.verdict is Verdict.SUITABLE
    assert booked.headline == "screening trial booked for 2027-06-01"
    undated = judged(upstream_findings, scs={"trial": {}}, **fields)[OptionId.SPINAL_CORD_STIMULATION]
    assert undated.verdict is Verdict.SUITABLE
    assert "without a start date" in undated.headline
    assert "refer for assessment" not in undated.headline

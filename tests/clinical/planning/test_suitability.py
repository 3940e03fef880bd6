"""Each option judged from the upstream findings; absent upstream findings read as undetermined."""

from fbss.clinical.finding import Status
from fbss.clinical.planning.catalogue import OptionId
from fbss.clinical.planning.scs import assess_candidacy
from fbss.clinical.planning.suitability import Verdict, judge_all

from .factories import LEG_PAIN, MYOFASCIAL_BACK, NO_SURGICAL_CAUSE, RADICULAR, context, make_case, upstream


def verdicts(earlier: tuple = (), crcl: float | None = None, **fields: object) -> dict[OptionId, Verdict]:  # type: ignore[type-arg]
    ctx = context(make_case(**fields), earlier)
    return {j.option.id: j.verdict for j in judge_all(ctx, assess_candidacy(ctx), crcl)}


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
    found = verdicts(RADICULAR, pain=LEG_PAIN)
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
    found = verdicts(MYOFASCIAL_BACK, exam=points)
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


def test_exercise_waits_until_four_weeks_after_surgery() -> None:
    recent = verdicts(surgeries=[{"type": "discectomy", "date": "2026-10-20", "index": True}])
    assert recent[OptionId.PHYSICAL_THERAPY] is Verdict.DEFERRED

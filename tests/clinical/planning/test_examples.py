"""The example cases in examples/plan-*.yaml, end to end through assess(): plan order, SCS appropriateness,
hold times and dose bands as the sources give them."""

from pathlib import Path

import pytest
import yaml

from fbss.clinical.assess import assess
from fbss.clinical.assessment import Assessment
from fbss.clinical.case import Case
from fbss.clinical.finding import Finding, Severity, Status

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def assessed(name: str) -> Assessment:
    return assess(Case.model_validate(yaml.safe_load((EXAMPLES / name).read_text())))


def get(assessment: Assessment, code: str) -> Finding:
    finding = assessment.get(code)
    assert finding is not None, f"{code} missing"
    return finding


def plan_codes(assessment: Assessment) -> list[str]:
    return [f.code for f in assessment.findings if f.kind.value == "plan"]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("plan-*.yaml")), ids=lambda p: p.name)
def test_every_plan_example_assesses_with_sourced_findings(path: Path) -> None:
    assessment = assessed(path.name)
    assert assessment.get("scs.pathway") is not None
    assert all(f.sources for f in assessment.findings)


def test_scs_candidate_is_recommended_after_conservative_care() -> None:
    a = assessed("plan-scs-candidate-leg.yaml")
    assert get(a, "scs.candidacy").value == "recommended"
    order = plan_codes(a)
    assert order.index("plan.physical_therapy") < order.index("plan.epidural_steroid_injection")
    assert order.index("plan.epidural_steroid_injection") < order.index("plan.spinal_cord_stimulation")
    assert get(a, "treatment.gabapentin").value == "disputed"
    assert get(a, "treatment.pregabalin").value == "not_suitable"
    assert "48% with SCS vs 9%" in (get(a, "scs.evidence").detail or "")


def test_apixaban_and_clopidogrel_before_an_scs_trial() -> None:
    a = assessed("plan-apixaban-clopidogrel-scs-trial.yaml")
    apixaban = get(a, "safety.antithrombotic.apixaban.scs_trial")
    assert apixaban.data["held_long_enough"] is False
    assert apixaban.data["stopped_days_before"] == 2
    assert apixaban.data["reported_hold"] == {"low": 3, "high": 5, "unit": "days"}
    assert apixaban.data["hold"] is None
    clopidogrel = get(a, "safety.antithrombotic.clopidogrel.scs_trial")
    assert clopidogrel.data["reported_hold"]["high"] == 7
    assert get(a, "scs.prerequisite.coagulation").status is Status.NOT_MET
    assert get(a, "scs.candidacy").value == "consider"
    assert get(a, "scs.pathway").value == "trial_planned"


def test_crcl_25_on_gabapentin() -> None:
    a = assessed("plan-renal-gabapentin-crcl25.yaml")
    assert get(a, "safety.renal_function").value == 25.0
    dose = get(a, "safety.renal_dose.gabapentin")
    assert (dose.data["band"], dose.data["max_mg_per_day"], dose.data["suggested_mg_per_day"]) == (
        ">15-29",
        700,
        700,
    )
    assert dose.data["current_mg_per_day"] == 1800
    assert get(a, "treatment.duloxetine").value == "not_suitable"
    for code in (
        "safety.older_adult.opioid_gabapentinoid",
        "safety.older_adult.cns_active",
        "safety.older_adult.antiepileptic_falls",
        "safety.opioid_gabapentinoid",
    ):
        assert get(a, code).status is Status.MET


def test_myofascial_pain_with_nsaid_cautions() -> None:
    a = assessed("plan-myofascial-nsaid-cautions.yaml")
    assert get(a, "treatment.trigger_point_injection").value == "suitable"
    assert "plan.trigger_point_injection" in plan_codes(a)
    for code in (
        "safety.nsaid.renal",
        "safety.nsaid.gastrointestinal",
        "safety.nsaid.cardiovascular",
        "safety.older_adult.nsaid.naproxen",
        "treatment.conflict.duloxetine_low_back_pain",
        "treatment.guidance.low_back_pain_medicines",
    ):
        assert get(a, code).status is Status.MET
    assert get(a, "safety.antithrombotic.naproxen.trigger_point_injection").status is Status.NOT_MET


def test_radicular_esi_with_warfarin_held_too_briefly() -> None:
    a = assessed("plan-radicular-esi-warfarin.yaml")
    warfarin = get(a, "safety.antithrombotic.warfarin.esi_transforaminal")
    assert warfarin.value == "5 days"
    assert warfarin.data["held_long_enough"] is False
    assert warfarin.data["effective_category"] == "high"
    assert get(a, "safety.antithrombotic.aspirin.esi_transforaminal").status is Status.UNKNOWN
    assert get(a, "safety.epidural_steroid.cumulative").data["steroid_mg_recorded"] == 200
    assert get(a, "safety.epidural_steroid.fda_warning").severity is Severity.WARNING
    assert get(a, "safety.serotonergic.duloxetine.tramadol").status is Status.MET
    assert get(a, "treatment.conflict.gabapentinoids_sciatica").status is Status.MET


def test_surgery_comes_first_for_a_recurrent_disc() -> None:
    a = assessed("plan-surgery-first.yaml")
    order = plan_codes(a)
    assert order.index("plan.surgical_evaluation") < order.index("plan.physical_therapy")
    assert "plan.spinal_cord_stimulation" not in order
    candidacy = get(a, "scs.candidacy")
    assert candidacy.value == "not_recommended_now"
    assert candidacy.data["blockers"][0]["text"].startswith("Surgical evaluation first")


def test_red_flag_holds_every_elective_step() -> None:
    a = assessed("plan-red-flag-hold.yaml")
    steps = [
        f
        for f in a.findings
        if f.kind.value == "plan" and f.code not in ("plan.not_offered", "plan.undecided")
    ]
    assert steps[0].code == "plan.red_flag.cauda_equina"
    assert not steps[0].data["held"]
    assert all(f.data["held"] for f in steps[1:])


def test_back_predominant_pain_with_psychosocial_factors() -> None:
    a = assessed("plan-back-predominant-psychosocial.yaml")
    assert get(a, "scs.candidacy").value == "consider"
    assert "13.6%" in (get(a, "scs.evidence").detail or "")
    assert get(a, "scs.psychosocial").data["present"] == ["dysfunctional coping", "psychological distress"]
    assert get(a, "treatment.multidisciplinary_rehabilitation").value == "suitable"


def test_trial_success_and_failure() -> None:
    success = assessed("plan-scs-trial-success.yaml")
    outcome = get(success, "scs.trial.outcome")
    assert outcome.value == "success"
    assert outcome.data["relief"][0]["relief_percent"] == 62.5
    assert get(success, "scs.trial.length").value == 7
    assert "permanent implant" in get(success, "scs.trial.decision").title
    failed = assessed("plan-scs-trial-failed.yaml")
    assert get(failed, "scs.trial.outcome").data["relief"][0]["relief_percent"] == 29.2
    assert get(failed, "scs.trial.decision").severity is Severity.WARNING
    assert get(failed, "treatment.spinal_cord_stimulation").value == "not_suitable"


def test_implanted_stimulator_cautions() -> None:
    a = assessed("plan-scs-implanted.yaml")
    assert get(a, "scs.implant.cautions").data["persistent"] is True
    assert get(a, "scs.followup").status is Status.UNKNOWN
    assert get(a, "scs.pathway").value == "implanted"


def test_older_adult_on_amitriptyline_and_cyclobenzaprine() -> None:
    a = assessed("plan-older-adult-tricyclic.yaml")
    assert get(a, "safety.older_adult.tricyclic.amitriptyline").severity is Severity.WARNING
    assert get(a, "safety.older_adult.muscle_relaxant.cyclobenzaprine").severity is Severity.WARNING
    assert get(a, "safety.renal_function").value == 51.1


def test_low_platelets_before_an_esi_are_shown_never_cleared() -> None:
    a = assessed("plan-low-platelets-esi.yaml")
    found = get(a, "safety.coagulation_results")
    assert found.status is Status.MET
    assert found.severity is Severity.WARNING
    assert found.data["results"] == ["platelet count 92 x10^9/L (below the adult lower limit of 150)"]
    assert found.data["procedures"] == ["interlaminar epidural steroid injection"]
    assert "INR" not in found.title

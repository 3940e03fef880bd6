"""The plan: red flags first, surgery before neuromodulation, conservative then interventional care."""

from fbss.clinical.finding import Missing, Severity, Status
from fbss.clinical.planning import plan
from fbss.clinical.planning.builder import build_plan
from fbss.clinical.planning.scs import assess_candidacy
from fbss.clinical.planning.suitability import judge_all
from fbss.clinical.policy import DEFAULT_POLICY

from .factories import LEG_PAIN, MYOFASCIAL_BACK, NO_SURGICAL_CAUSE, RADICULAR, context, make_case, upstream

TRIED = [{"kind": "physical_therapy", "response": "no_help"}, {"kind": "medication", "response": "no_help"}]


def steps(earlier: tuple = (), **fields: object):  # type: ignore[no-untyped-def,type-arg]
    ctx = context(make_case(**fields), earlier)
    return build_plan(ctx, judge_all(ctx, assess_candidacy(ctx), None))


def codes(found) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.code for f in found]


def test_every_step_names_its_order_and_role() -> None:
    found = steps((*RADICULAR, *NO_SURGICAL_CAUSE), pain=LEG_PAIN, prior_treatments=TRIED)
    numbered = [f for f in found if f.code not in ("plan.not_offered", "plan.undecided")]
    assert [f.data["order"] for f in numbered] == list(range(1, len(numbered) + 1))
    assert all(f.data["role"] for f in numbered)
    assert all({"order", "role", "option", "held"} <= set(f.data) for f in found)


def test_conservative_then_interventions_then_scs() -> None:
    order = codes(steps((*RADICULAR, *NO_SURGICAL_CAUSE), pain=LEG_PAIN, prior_treatments=TRIED))
    assert (
        order.index("plan.physical_therapy")
        < order.index("plan.pain_psychology")
        < order.index("plan.medicines")
    )
    assert order.index("plan.medicines") < order.index("plan.epidural_steroid_injection")
    assert order.index("plan.epidural_steroid_injection") < order.index("plan.spinal_cord_stimulation")


def test_an_open_red_flag_comes_first_and_holds_elective_steps() -> None:
    flag = upstream(
        "redflag.cauda_equina",
        status=Status.MET,
        severity=Severity.EMERGENCY,
        title="Suspected cauda equina syndrome",
        action="Emergency MRI now",
    )
    found = steps((flag, *RADICULAR), pain=LEG_PAIN)
    first = found[0]
    assert first.code == "plan.red_flag.cauda_equina"
    assert (first.data["order"], first.data["held"], first.severity) == (1, False, Severity.EMERGENCY)
    assert first.action == "Emergency MRI now"
    elective = [
        f for f in found[1:] if f.data.get("order") and f.code not in ("plan.not_offered", "plan.undecided")
    ]
    assert elective
    assert all(f.data["held"] and f.data["held_by"] == ["redflag.cauda_equina"] for f in elective)
    assert all("on hold" in f.title for f in elective)


def test_a_surgically_amenable_cause_puts_surgical_evaluation_before_neuromodulation() -> None:
    referral = upstream("referral.surgical", data={"causes": ["recurrent_disc"]})
    differential = upstream(
        "differential.recurrent_disc", data={"structural": True, "surgically_amenable": True}
    )
    found = steps((*RADICULAR, referral, differential), pain=LEG_PAIN, prior_treatments=TRIED)
    order = codes(found)
    assert order.index("plan.surgical_evaluation") < order.index("plan.physical_therapy")
    assert "plan.spinal_cord_stimulation" not in order
    not_offered = next(f for f in found if f.code == "plan.not_offered")
    assert "spinal_cord_stimulation" in [o["option"] for o in not_offered.data["options"]]


def test_trigger_point_injection_for_myofascial_pain() -> None:
    points = {
        "trigger_points": [
            {
                "muscle": "gluteus medius",
                "taut_band": True,
                "hypersensitive_spot": True,
                "referred_pain": True,
            }
        ]
    }
    order = codes(steps(MYOFASCIAL_BACK, exam=points, pain=[{"region": "back", "nrs_average": 6}]))
    assert "plan.trigger_point_injection" in order
    assert "plan.epidural_steroid_injection" not in order


def test_unsuitable_and_undecided_options_are_listed_with_reasons() -> None:
    found = {f.code: f for f in steps()}
    undecided = found["plan.undecided"]
    assert any(o["option"] == "gabapentin" for o in undecided.data["options"])
    assert undecided.missing


def test_plan_returns_every_kind() -> None:
    case = make_case(
        pain=LEG_PAIN,
        prior_treatments=TRIED,
        medications=[{"name": "apixaban"}],
        planned_procedures=[{"procedure": "scs_trial"}],
    )
    found = plan(case, (*RADICULAR, *NO_SURGICAL_CAUSE), DEFAULT_POLICY)
    kinds = {f.kind.value for f in found}
    assert kinds == {"plan", "treatment", "safety", "scs"}
    assert all(f.code.split(".")[0] in ("plan", "treatment", "safety", "scs") for f in found)


def suicide_flag() -> object:
    return upstream(
        "redflag.suicide_risk", status=Status.MET, severity=Severity.URGENT, title="Suicide risk flagged"
    )


def test_with_only_suicide_risk_open_psychological_care_goes_ahead_and_the_rest_waits() -> None:
    found = {f.code: f for f in steps((suicide_flag(), *RADICULAR), pain=LEG_PAIN)}
    first = min((f for f in found.values() if f.data.get("order")), key=lambda f: f.data["order"])
    assert first.code == "plan.red_flag.suicide_risk"
    assert found["plan.pain_psychology"].data["held"] is False
    assert found["plan.physical_therapy"].data["held_by"] == ["redflag.suicide_risk"]
    assert found["plan.epidural_steroid_injection"].data["held"] is True


def test_psychological_care_waits_when_another_red_flag_is_open_too() -> None:
    ces = upstream("redflag.cauda_equina", status=Status.MET, severity=Severity.EMERGENCY, title="CES")
    found = {f.code: f for f in steps((suicide_flag(), ces, *RADICULAR), pain=LEG_PAIN)}
    assert found["plan.pain_psychology"].data["held"] is True


def test_an_incomplete_red_flag_screen_holds_interventions_but_not_conservative_care() -> None:
    undecided = upstream(
        "redflag.malignancy",
        status=Status.UNKNOWN,
        missing=(Missing("red_flags.history_of_cancer", "history of cancer: not asked"),),
    )
    found = {
        f.code: f
        for f in steps((undecided, *RADICULAR, *NO_SURGICAL_CAUSE), pain=LEG_PAIN, prior_treatments=TRIED)
    }
    for code in ("plan.epidural_steroid_injection", "plan.spinal_cord_stimulation"):
        assert found[code].data["held_by"] == ["workup.medical_review"], code
        assert "the red-flag screen is incomplete" in found[code].title
    for code in ("plan.physical_therapy", "plan.pain_psychology", "plan.medicines"):
        assert found[code].data["held"] is False, code


def test_an_undecided_flag_without_unanswered_questions_holds_nothing() -> None:
    undecided = upstream(
        "redflag.infection", status=Status.UNKNOWN, missing=(Missing("labs", "a CRP a month after surgery"),)
    )
    found = {f.code: f for f in steps((undecided, *RADICULAR, *NO_SURGICAL_CAUSE), pain=LEG_PAIN)}
    assert found["plan.epidural_steroid_injection"].data["held"] is False


def test_a_referral_for_an_open_red_flag_alone_is_the_red_flag_step_not_a_second_step() -> None:
    flag = upstream(
        "redflag.neurological_deficit", status=Status.MET, severity=Severity.URGENT, title="Deficit"
    )
    referral = upstream(
        "referral.surgical", data={"causes": [], "red_flags": ["redflag.neurological_deficit"]}
    )
    found = {f.code: f for f in steps((flag, referral, *RADICULAR), pain=LEG_PAIN)}
    assert "plan.surgical_evaluation" not in found
    assert "plan.red_flag.neurological_deficit" in found
    not_offered = found.get("plan.not_offered")
    assert not_offered is None or "surgical_referral" not in [
        o["option"] for o in not_offered.data["options"]
    ]


def test_the_medicines_step_names_one_drug_without_one_of_and_lists_with_or() -> None:
    older = {f.code: f for f in steps((*RADICULAR,), pain=LEG_PAIN, age_years=70)}
    title = older["plan.medicines"].title
    assert "amitriptyline" not in title.split("for the neuropathic pain")[0]
    assert "nortriptyline (with caution at age 70)" in title


def test_undecided_options_name_each_missing_input_once() -> None:
    undecided = {f.code: f for f in steps()}["plan.undecided"]
    assert len(undecided.missing) == len(set(undecided.missing))


# --- current medicines Beers 2023 says to avoid (treatment-safety.md §3.4) -------------------------------------

BACK_PAIN = [{"region": "back", "nrs_average": 7, "duration_months": 24}]


def medicines_step(age: int, creatinine: float, drug: str = "ibuprofen"):  # type: ignore[no-untyped-def]
    case = make_case(
        age_years=age,
        sex="female",
        weight_kg=60,
        pain=BACK_PAIN,
        labs=[{"test": "creatinine", "value": creatinine, "unit": "mg/dL", "date": "2026-10-20"}],
        medications=[{"name": drug, "dose_mg_per_day": 1200, "status": "active"}],
    )
    found = {f.code: f for f in plan(case, (*MYOFASCIAL_BACK, *NO_SURGICAL_CAUSE), DEFAULT_POLICY)}
    return found.get("plan.medicines"), found


def test_a_current_nsaid_below_crcl_30_at_65_or_over_is_reviewed_and_stopped_in_the_plan() -> None:
    # Beers 2023 (treatment-safety.md §3.4): avoid all NSAIDs if CrCl < 30; CrCl here is 25 (Cockcroft-Gault)
    step, found = medicines_step(72, 1.93)
    assert found["treatment.nsaid"].status is Status.NOT_MET
    assert step is not None
    assert step.status is Status.MET
    assert "already taking ibuprofen" in step.title
    assert "stop" in step.title
    assert "continue, adjust or switch" not in step.title
    assert "beers-2023" in [s.id for s in step.sources]
    assert {b.path for b in step.because} >= {"medications[0]", "age_years", "finding:safety.renal_function"}


def test_a_current_nsaid_with_kidney_function_above_30_is_not_told_to_stop() -> None:
    step, _ = medicines_step(72, 0.8)
    assert step is not None
    assert "already taking ibuprofen: continue, adjust or switch" in step.title


def test_the_beers_nsaid_rule_applies_from_65_only() -> None:
    step, found = medicines_step(50, 2.5)  # Cockcroft-Gault about 25.5 mL/min
    assert found["safety.renal_function"].data["crcl_ml_min"] < 30
    assert step is None or "stop" not in step.title


def test_current_ketorolac_at_65_or_over_is_reviewed_whatever_the_kidney_function() -> None:
    step, _ = medicines_step(70, 0.8, "ketorolac")
    assert step is not None
    assert "already taking ketorolac: Beers 2023 advises avoiding indomethacin and ketorolac" in step.title

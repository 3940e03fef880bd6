"""Guideline conflicts shown with both positions, no default; a recorded choice is shown with its reason."""

from fbss.clinical.finding import Severity
from fbss.clinical.planning.conflicts import conflict_findings
from fbss.clinical.planning.scs import assess_candidacy
from fbss.clinical.planning.suitability import judge_all
from fbss.clinical.policy import DEFAULT_POLICY, Policy

from .factories import LEG_PAIN, MYOFASCIAL_BACK, RADICULAR, context, make_case


def conflicts(earlier: tuple, policy: Policy = DEFAULT_POLICY, **fields: object):  # type: ignore[no-untyped-def,type-arg]
    ctx = context(make_case(**fields), earlier, policy)
    return {f.code: f for f in conflict_findings(ctx, judge_all(ctx, assess_candidacy(ctx), None))}


def test_gabapentinoids_for_sciatica_show_ng59_cg173_and_precise() -> None:
    found = conflicts(RADICULAR, pain=LEG_PAIN)
    conflict = found["treatment.conflict.gabapentinoids_sciatica"]
    guidelines = [p["guideline"] for p in conflict.data["positions"]]
    assert guidelines == ["nice-ng59-sciatica-2020", "nice-cg173", "precise-2017"]
    assert conflict.data["default"] is None
    assert conflict.data["choice"] is None
    assert conflict.missing[0].path == "guideline_choices"
    assert "indirect" in (conflict.detail or "")


def test_a_recorded_choice_is_shown_with_its_reason() -> None:
    choice = {
        "conflict": "treatment.conflict.gabapentinoids_sciatica",
        "guideline": "nice-cg173",
        "reason": "post-surgical neuropathic pain, patient preference",
        "chosen_by": "Dr A",
        "date": "2026-10-30",
    }
    conflict = conflicts(RADICULAR, pain=LEG_PAIN, guideline_choices=[choice])[
        "treatment.conflict.gabapentinoids_sciatica"
    ]
    assert conflict.data["choice"]["guideline"] == "nice-cg173"
    assert "clinician chose nice-cg173" in conflict.title
    assert conflict.severity is Severity.INFO


def test_a_site_preference_is_noted_but_the_conflict_still_shows() -> None:
    found = conflicts(RADICULAR, Policy(preferred_guidelines=("nice-cg173",)), pain=LEG_PAIN)
    assert found["treatment.conflict.gabapentinoids_sciatica"].data["site_preference"] == ["nice-cg173"]


def test_antidepressants_for_sciatica_say_ng59_makes_no_recommendation() -> None:
    conflict = conflicts(RADICULAR, pain=LEG_PAIN)["treatment.conflict.antidepressants_sciatica"]
    says = {p["guideline"]: p["says"] for p in conflict.data["positions"]}
    assert "No recommendation" in says["nice-ng59-research-antidepressants"]
    assert "second-line" in says["acp-2017"]


def test_back_pain_without_a_neuropathic_component_gets_ng59_low_back_pain_advice() -> None:
    found = conflicts(MYOFASCIAL_BACK, medications=[{"name": "duloxetine"}])
    assert "treatment.guidance.low_back_pain_medicines" in found
    assert "treatment.conflict.duloxetine_low_back_pain" in found
    assert "treatment.conflict.gabapentinoids_sciatica" not in found

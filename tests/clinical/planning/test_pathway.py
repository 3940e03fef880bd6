"""The SCS pathway findings: candidacy wording, evidence for where the pain is, the trial decision, the stage."""

from fbss.clinical.finding import Severity, Status
from fbss.clinical.planning.scs import assess_candidacy, scs_findings

from .factories import LEG_PAIN, NO_SURGICAL_CAUSE, RADICULAR, context, make_case, phenotype

TRIED = [{"kind": "physical_therapy", "response": "no_help"}, {"kind": "medication", "response": "no_help"}]
FIRST_LINE_TRIED = [{"name": "pregabalin", "status": "stopped", "response": "no_help"}]


def findings(earlier: tuple = (*RADICULAR, *NO_SURGICAL_CAUSE), **fields: object):  # type: ignore[no-untyped-def,type-arg]
    tried = {"pain": LEG_PAIN, "prior_treatments": TRIED, "medications": FIRST_LINE_TRIED}
    ctx = context(make_case(**{**tried, **fields}), earlier)
    return {f.code: f for f in scs_findings(ctx, assess_candidacy(ctx))}


def test_the_candidacy_says_it_is_not_the_e_health_tool() -> None:
    candidacy = findings()["scs.candidacy"]
    assert candidacy.value == "recommended"
    assert "not the consensus e-health tool" in (candidacy.detail or "")
    assert candidacy.data["rules"].startswith("own transparent rules")


def test_back_predominant_pain_shows_promise_and_cochrane() -> None:
    back = [{"region": "back", "nrs_average": 7, "duration_months": 24}, {"region": "leg", "nrs_average": 3}]
    found = findings((*phenotype("mixed", "probable", "back"), *NO_SURGICAL_CAUSE), pain=back)
    evidence = found["scs.evidence"]
    assert {s.id for s in evidence.sources} >= {"promise-2019", "cochrane-scs-lbp-2023", "senza-rct-2015"}
    assert "13.6%" in (evidence.detail or "")
    assert "weaker evidence" in found["scs.candidacy"].title


def test_prerequisites_appear_for_candidates() -> None:
    assert "scs.prerequisite.psychological_evaluation" in findings()
    not_candidate = findings((*phenotype("muscle", "unlikely", "leg"), *NO_SURGICAL_CAUSE))
    assert "scs.prerequisite.psychological_evaluation" not in not_candidate


def test_a_failed_trial_with_an_implant_decision_is_flagged() -> None:
    trial = {
        "start": "2026-10-01",
        "end": "2026-10-06",
        "baseline_nrs_leg": 8,
        "baseline_active_minutes": 60,
        "baseline_analgesic_doses": 3,
        "patient_satisfied": False,
        "decision": "implant",
        "diary": [{"date": "2026-10-02", "nrs_leg": 6, "active_minutes": 60, "analgesic_doses": 3}],
    }
    found = findings(scs={"trial": trial})
    decision = found["scs.trial.decision"]
    assert (decision.status, decision.severity) == (Status.NOT_MET, Severity.WARNING)
    assert found["scs.pathway"].value == "trial_complete"
    assert found["scs.trial.length"].value == 5


def test_pathway_stages() -> None:
    assert findings()["scs.pathway"].value == "candidacy_assessment"
    assert findings(planned_procedures=[{"procedure": "scs_trial"}])["scs.pathway"].value == "trial_planned"
    assert findings(scs={"implant": {"date": "2026-06-01"}})["scs.pathway"].value == "implanted"
    assert (
        findings((*phenotype("muscle", "unlikely", "leg"), *NO_SURGICAL_CAUSE))["scs.pathway"].value
        == "not_a_candidate_now"
    )


def test_psychosocial_factors_are_prompts_listed_by_name() -> None:
    found = findings(psychosocial={"psychological_distress": True})
    assert found["scs.psychosocial"].data["present"] == ["psychological distress"]

"""The SCS pathway findings: candidacy wording, evidence for where the pain is, the trial decision, the stage."""

from fbss.clinical.finding import Severity, Status
from fbss.clinical.planning.scs import assess_candidacy, scs_findings

from .factories import (
    LEG_PAIN,
    NO_SURGICAL_CAUSE,
    RADICULAR,
    TRIAL_WITHOUT_ANALGESIC_COUNTS,
    context,
    make_case,
    phenotype,
    upstream,
)

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


INFECTION = upstream(
    "redflag.infection",
    status=Status.MET,
    severity=Severity.URGENT,
    title="Suspected spinal infection (surgical site infection, discitis or epidural abscess)",
)
SURGICAL_CAUSE = (
    upstream("referral.surgical", status=Status.MET, data={"causes": ["recurrent_disc"]}),
    upstream("differential.recurrent_disc", "confirmed"),
)
TRIAL_UNDER_WAY = {
    "start": "2026-10-28",
    "baseline_nrs_leg": 8,
    "diary": [{"date": "2026-10-29", "nrs_leg": 3, "analgesic_doses": 2}],
}


def test_an_open_red_flag_comes_before_the_trial_under_way() -> None:
    # D41. Fact sheet diagnosis-instruments-codes.md §4, 'Post-operative infection': a recent implant incl. SCS is
    # a risk factor; urgent spinal team review. No elective step while a red flag is open.
    pathway = findings((*RADICULAR, *NO_SURGICAL_CAUSE, INFECTION), scs={"trial": TRIAL_UNDER_WAY})[
        "scs.pathway"
    ]
    assert pathway.value == "trial_in_progress"
    assert "urgent review of the open red flag first (suspected spinal infection" in pathway.title
    assert "risk factor for spinal infection" in pathway.title
    assert "diary" not in pathway.data["next"]
    assert "finding:redflag.infection" in {b.path for b in pathway.because}


def test_a_red_flag_before_an_implant_keeps_the_follow_up_after_it() -> None:
    pathway = findings((*RADICULAR, *NO_SURGICAL_CAUSE, INFECTION), scs={"implant": {"date": "2026-10-01"}})[
        "scs.pathway"
    ]
    assert pathway.data["next"].startswith("urgent review of the open red flag first")
    assert pathway.data["next"].endswith("then follow-up, with the persistent device cautions")


def test_a_booked_trial_waits_for_the_surgical_evaluation_the_candidacy_asks_for() -> None:
    # D41. treatment-safety.md §0 rule 5 and §7 (Tronnier 2019): surgery before SCS for a cause amenable to it.
    found = findings((*RADICULAR, *SURGICAL_CAUSE), planned_procedures=[{"procedure": "scs_trial"}])
    pathway = found["scs.pathway"]
    assert found["scs.candidacy"].value == "not_recommended_now"
    assert pathway.value == "trial_planned"
    assert pathway.data["next"].startswith("surgical evaluation first")
    assert "before the booked trial" in pathway.data["next"]
    assert "prerequisites" not in pathway.data["next"]
    assert "tronnier-2019" in {s.id for s in pathway.sources}


def test_without_a_blocker_the_booked_trial_goes_on_to_its_prerequisites() -> None:
    pathway = findings(planned_procedures=[{"procedure": "scs_trial"}])["scs.pathway"]
    assert pathway.data["next"] == "complete the prerequisites and agree antithrombotic holds"
    assert pathway.data["first"] is None


def test_an_incomplete_trial_record_says_what_is_missing_in_the_decision_and_the_pathway() -> None:
    # D44. docs/output.md: an unknown finding lists what is missing. Practice Parameters / TRIAL-STIM success
    # rule needs analgesic use (treatment-safety.md §1.4): both the baseline and the diary counts are named.
    trial = TRIAL_WITHOUT_ANALGESIC_COUNTS
    found = findings(scs={"trial": trial})
    decision = found["scs.trial.decision"]
    assert decision.status is Status.UNKNOWN
    assert {m.path for m in decision.missing} == {"scs.trial.baseline_analgesic_doses", "scs.trial.diary"}
    assert "daily analgesic doses in the diary" in {m.reason for m in decision.missing}
    assert found["scs.pathway"].missing == decision.missing

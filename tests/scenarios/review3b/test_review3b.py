"""Third outside clinical review, area B: work-up and differential, surgical referral, plan safety and SCS.

Held-out scenarios written from the fact sheets (shared/clinical/*.md) before the software's output was read: each
case's header comment names the guideline or fact-sheet row it tests. EXPECTED holds what the source says the
assessment must conclude. Where the software disagrees and the source is clear, the check is wrapped in
`Defect(n, ...)` (numbered from 40) and the scenario is marked xfail(strict=True, raises=DefectShown) through
DEFECTS, as in tests/scenarios/test_scenarios.py: every other check of that scenario must still hold, and a fixed
defect turns the test red until its mark is removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from ..checks import (
    MET,
    NOT_MET,
    UNKNOWN,
    Check,
    Coded,
    DataIs,
    Doc,
    Is,
    IsNot,
    Missing,
    NeverSays,
    NoElectiveStepWhileRedFlagOpen,
    Says,
    SomeFindingSays,
    ValueNear,
    findings,
    offered,
    one,
    text_of,
)
from ..suite import (
    assessed,
    case_names,
    scenario_params,
    verify_all,
    with_defect_checks,
)

CASES = Path(__file__).resolve().parent / "cases"


def assessment(name: str) -> Doc:
    """The assessment document (docs/output.md) of one scenario case."""
    return assessed(CASES / f"{name}.yaml")


@dataclass(frozen=True)
class NotOffered(Check):
    """No plan step matching `code` is offered now (met and not on hold)."""

    code: str

    def verify(self, doc: Doc) -> None:
        steps = offered(doc, self.code)
        assert not steps, f"offered now: {steps}"


@dataclass(frozen=True)
class SaysWhatIsMissing(Check):
    """An unknown finding lists what would decide it (docs/output.md: `missing` is non-empty when unknown)."""

    code: str

    def verify(self, doc: Doc) -> None:
        f = one(doc, self.code)
        assert f["status"] != UNKNOWN or f["missing"], f"{f['code']} is unknown with nothing missing"


@dataclass(frozen=True)
class PlanStepNames(Check):
    """A plan step that acts (not the closing lists) names `word`: a current medicine the plan must address."""

    word: str

    def verify(self, doc: Doc) -> None:
        steps = [
            f
            for f in findings(doc, "plan.*")
            if f["code"] not in ("plan.not_offered", "plan.undecided") and f["status"] == MET
        ]
        assert any(self.word in text_of(f) for f in steps), f"no plan step names {self.word!r}"


EXPECTED: dict[str, tuple[Check, ...]] = {
    # ------------------------------------------------------------------ red flag with an SCS trial under way
    "r3b-rf-infection-trial-in-progress": (
        Is("redflag.infection", (MET,), severity=("urgent", "emergency")),
        NoElectiveStepWhileRedFlagOpen(),
        IsNot("scs.prerequisite.infection", (MET,)),
        Says("redflag.infection", ("contrast|gadolinium",)),
        # the pathway's next step must not be "complete the diary" while the trial lead may be infected
        Says("scs.pathway", ("red flag|infection",)),
    ),
    # ------------------------------------------------------------------ structural cause and SCS interest
    "r3b-recurrent-disc-scs-trial-planned": (
        Is("differential.recurrent_disc", (MET,), values=("confirmed",)),
        Is("referral.surgical", (MET,)),
        Says("referral.surgical", ("40%",)),
        Is("scs.candidacy", values=("not_recommended_now",)),
        NotOffered("plan.spinal_cord_stimulation"),
        # the booked trial: the pathway must put the surgical evaluation first, as the candidacy does
        Says("scs.pathway", ("surg",)),
    ),
    "r3b-adjacent-segment-l3l4": (
        Is("differential.adjacent_segment_disease", (MET,)),
        Is("referral.surgical", (MET,)),
        Is("scs.candidacy", values=("not_recommended_now",)),
    ),
    "r3b-arachnoiditis-scs-leg": (
        Is("differential.arachnoiditis", (MET,)),
        Is("referral.surgical", (NOT_MET,)),
        Is("scs.candidacy", values=("recommended", "consider")),
    ),
    "r3b-stenosis-not-concordant": (
        Is("referral.surgical", (NOT_MET,)),
        Is("scs.candidacy", values=("recommended",)),
    ),
    "r3b-gd-mri-ordered-plain-disc": (
        Is("workup.mri_gadolinium", (MET,)),
        DataIs("workup.mri_gadolinium", "state", "ordered"),
        Is("differential.recurrent_disc", values=("suggested", "none")),
        IsNot("referral.surgical", (NOT_MET,)),
        IsNot("scs.candidacy", values=("recommended",)),
    ),
    # ------------------------------------------------------------------ pseudarthrosis: the 12-month edge, revisions
    "r3b-pseudarthrosis-exactly-12mo": (
        Is("differential.pseudarthrosis", (MET,), values=("confirmed",)),
        Coded("differential.pseudarthrosis", includes=("M96.0",)),
        Says("differential.pseudarthrosis", ("infection",)),
        Is("referral.surgical", (MET,)),
    ),
    "r3b-pseudarthrosis-12mo-less-a-day": (
        Is("differential.pseudarthrosis", (UNKNOWN,)),
        Coded("differential.pseudarthrosis", excludes=("M96.0",)),
        Says("differential.pseudarthrosis", ("2026-11-02",)),
        IsNot("referral.surgical", (MET,)),
    ),
    "r3b-ct-predates-revision": (
        Is("differential.pseudarthrosis", (UNKNOWN,)),
        Coded("differential.pseudarthrosis", excludes=("M96.0",)),
        IsNot("referral.surgical", (MET,)),
        Is("workup.xray", (MET,)),
    ),
    # ------------------------------------------------------------------ blocks, instability, hardware, infection
    "r3b-facet-single-block": (
        IsNot("differential.facet_joint", values=("confirmed",)),
        Is("workup.diagnostic_block", (MET,)),
        Says("differential.facet_joint", ("24%",)),
        Is("scs.candidacy", values=("not_recommended_now",)),
    ),
    "r3b-sij-block-74-after-fusion": (
        IsNot("differential.sacroiliac_joint", values=("confirmed", "against")),
        # 3 positive provocation tests alone give 'suggested'; a 74% block must not lower that to 'not yet assessed'
        Is("differential.sacroiliac_joint", (MET,), values=("suggested",)),
        Missing("differential.sacroiliac_joint", "confirmed_by_second_block"),
        Is("workup.diagnostic_block", (MET,)),
        Says("differential.sacroiliac_joint", ("sacrum",)),
    ),
    "r3b-slip-static-only": (
        Is("differential.instability", (UNKNOWN,)),
        Is("workup.xray_flexion_extension", (MET,)),
        DataIs("workup.xray_flexion_extension", "state", "needed"),
    ),
    "r3b-fusion-instrumented-unknown": (
        Is("differential.hardware_failure", (UNKNOWN,)),
        Missing("differential.hardware_failure", "instrumented"),
        Is("workup.medical_review", (MET,)),
        Missing("workup.medical_review", "instrumented"),
    ),
    "r3b-discitis-mri-flags-negative": (
        IsNot("differential.infection", (NOT_MET,)),
        IsNot("criteria.fbss", (MET,)),
        IsNot("scs.prerequisite.infection", (MET,)),
        SomeFindingSays("*infection", "biopsy"),
        # Cosnard 1995: post-operative change (2 months - 2 years) can mimic discitis; normal CRP on day 141
        SomeFindingSays("*infection", "mimic"),
    ),
    "r3b-emg-8mo-laminectomy": (
        Is("workup.emg_ncs", (MET,)),
        Says("workup.emg_ncs", ("hard to interpret", "secondary")),
    ),
    "r3b-emg-day-10-after-surgery": (
        Is("workup.emg_ncs", (NOT_MET,)),
        DataIs("workup.emg_ncs", "state", "done"),
        # the note for a study already done must describe when it was done (day 10), not the assessment date
        Says("workup.emg_ncs", ("10-14 days|pre-existing",)),
    ),
    # ------------------------------------------------------------------ SCS trial and prerequisites
    "r3b-trial-no-analgesic-data-implant": (
        Is("scs.trial.outcome", (UNKNOWN,)),
        Missing("scs.trial.outcome", "analgesic"),
        IsNot("scs.trial.decision", (MET,)),
        NeverSays("plan.spinal_cord_stimulation", "refer for assessment and a screening trial"),
        SaysWhatIsMissing("scs.trial.decision"),
    ),
    "r3b-trial-9-days": (
        IsNot("scs.trial.length", (MET,)),
        Says("scs.trial.length", ("3-8|3 to 8|three to eight",)),
        Is("scs.trial.outcome", (MET,)),
    ),
    "r3b-psych-treat-first-trial-booked": (
        Is("scs.prerequisite.psychological_evaluation", (NOT_MET,)),
        IsNot("scs.candidacy", values=("recommended",)),
        Says("scs.candidacy", ("psycholog",)),
    ),
    # ------------------------------------------------------------------ medicines and antithrombotic holds
    "r3b-apixaban-renal-esi": (
        ValueNear("safety.renal_function", 25.3, 0.3),
        Is("safety.renal_dose.gabapentin", (MET,)),
        DataIs("safety.renal_dose.gabapentin", "max_mg_per_day", 700),
        Is("safety.antithrombotic.apixaban.esi_transforaminal", (MET,)),
        Says("safety.antithrombotic.apixaban.esi_transforaminal", ("3-5 days", "unconfirmed", "prescriber")),
        DataIs("safety.antithrombotic.apixaban.esi_transforaminal", "hold", None),
        DataIs("safety.antithrombotic.apixaban.esi_transforaminal", "effective_category", "high"),
    ),
    "r3b-dabigatran-no-weight-scs": (
        Is("safety.renal_function", (UNKNOWN,)),
        Missing("safety.renal_function", "weight_kg"),
        Is("safety.antithrombotic.dabigatran.scs_trial", (MET,)),
        Says("safety.antithrombotic.dabigatran.scs_trial", ("renal",)),
        Missing("safety.antithrombotic.dabigatran.scs_trial", "weight_kg"),
    ),
    "r3b-aspirin-prevention-unknown-scs": (
        Is("safety.antithrombotic.aspirin.scs_trial", (UNKNOWN,)),
        Missing("safety.antithrombotic.aspirin.scs_trial", "prevention"),
        Says("safety.antithrombotic.aspirin.scs_trial", ("6 days", "shared")),
    ),
    "r3b-warfarin-stopped-4-days-esi": (
        Is("safety.antithrombotic.warfarin.esi_transforaminal", (MET,)),
        DataIs("safety.antithrombotic.warfarin.esi_transforaminal", "held_long_enough", False),
        Says("safety.antithrombotic.warfarin.esi_transforaminal", ("5 days", "inr")),
    ),
    "r3b-older-nsaid-crcl25-myofascial": (
        ValueNear("safety.renal_function", 25.0, 0.3),
        Is("treatment.nsaid", (NOT_MET,)),
        Is("safety.older_adult.nsaid.*", (MET,)),
        Is("safety.nsaid.renal", (MET,)),
        # the patient takes ibuprofen that Beers 2023 says to avoid: some plan step must address it
        PlanStepNames("ibuprofen"),
    ),
}

# Scenarios that show a defect today (numbered from 40; see the review report).
DEFECTS: dict[str, str] = {}  # D40-D46 fixed (docs/clinical-review.md)


@pytest.mark.parametrize("name", scenario_params(EXPECTED, DEFECTS))
def test_scenario_concludes_what_the_guideline_says(name: str) -> None:
    verify_all(EXPECTED[name], assessment(name))


def test_every_case_file_has_an_expectation() -> None:
    assert case_names(CASES) == set(EXPECTED)
    assert set(DEFECTS) <= set(EXPECTED)


def test_only_scenarios_with_a_defect_check_are_marked() -> None:
    assert with_defect_checks(EXPECTED) == set(DEFECTS)
